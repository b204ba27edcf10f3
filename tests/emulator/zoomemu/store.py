"""The account store: the emulated Zoom account, in no API's terms.

Users (profile, settings, status, login type, secrets, password hash), assistant relations, the
queued faults, the call log, the rate-limit windows, the state file and seeding. Values are kept in
a neutral form: status, login type and user type are names (``"pending"``, ``"sso"``, ``"pro"``),
never an API's numbers, and the profile and settings use the collection's field names. Each
front-end (today ``v1``; a ``v2`` next) converts requests to store calls and store records to its
own wire format, and maps the store's exceptions to its own error codes.

Every method expects ``Store.lock`` to be held by the caller (one lock for the whole account).
"""

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque

STATUSES = ("active", "inactive", "pending")
LOGIN_TYPES = ("facebook", "google", "api", "zoom", "sso")
USER_TYPES = ("basic", "pro", "corp", "unassigned", "none")   # the last two exist in v2 only
# How each way of creating a user makes it: login type, status, and whether it gets token/zak/zpk.
CREATE_METHODS = {
    "create": ("zoom", "pending", True),        # an invitation
    "autocreate": ("zoom", "active", True),
    "custcreate": ("api", "active", False),
    "ssocreate": ("sso", "active", True),
}
DEFAULT_CREATE_METHOD = "autocreate"            # seeded users without a method: active Zoom users

SETTINGS_BOOLEANS = (
    "disable_chat", "enable_e2e_encryption", "enable_silent_mode", "disable_group_hd", "disable_recording",
    "enable_cmr", "enable_record_speaker_view", "enable_record_gallery_view", "enable_record_audio_file",
    "enable_auto_recording", "enable_cloud_auto_recording", "enable_webinar", "enable_large", "disable_feedback",
    "disable_jbh_reminder", "enable_breakout_room", "enable_polling", "enable_annotation", "enable_share_dual_camera",
    "enable_far_end_camera_control", "disable_private_chat", "enable_enter_exit_chime",
    "disable_cancel_meeting_notification", "enable_remote_support", "enable_file_transfer",
    "enable_virtual_background", "enable_attention_tracking", "enable_waiting_room", "enable_use_pmi",
    "enable_closed_caption", "enable_co_host", "enable_auto_saving_chats", "enable_phone_participants_password",
    "enable_auto_delete_cmr",
)
# Defaults of a new user (the v1 seed's example responses; enable_auto_delete_cmr is documented false).
SETTINGS_DEFAULTS = dict.fromkeys(SETTINGS_BOOLEANS, False)
SETTINGS_DEFAULTS.update(enable_silent_mode=True, disable_jbh_reminder=True, enable_breakout_room=True,
                         meeting_capacity=0, webinar_capacity=0, large_capacity=0, option_enter_exit_chime_type=0,
                         auto_delete_cmr_days=30)
# pmi is not here: every user gets a unique one (given or random).
# group_id is the user's group as v1 sees it (one); more_group_ids the other groups a v2 user is a member of
# (v2 adds memberships: POST /groups/{groupId}/members), which v1 never shows.
PROFILE_DEFAULTS = {"first_name": "", "last_name": "", "type": "basic", "dept": "", "timezone": "",
                    "vanity_name": "", "host_key": "", "track_id": "", "group_id": "", "imgroup_id": "",
                    "cms_user_id": "", "more_group_ids": ()}
PROFILE_FIELDS = frozenset(PROFILE_DEFAULTS) | {"pmi"}
SETTINGS_FIELDS = frozenset(SETTINGS_DEFAULTS)

API_PW_ITERATIONS = 20000   # passwords set through an API (autocreate, updatepassword)
SEED_PW_ITERATIONS = 1      # seeded passwords: test data, must be fast

# A vanity name (personal meeting room name): 5 to 40 letters, digits or dots, starting with a letter.
RE_VANITY = re.compile(r"[A-Za-z][A-Za-z0-9.]{4,39}")   # used with fullmatch
RE_EMAIL_PART = re.compile(r"[^@\s]+")  # one side of an email address: no @, no white space
MAX_EMAIL_LENGTH = 254      # RFC 5321 path limit

STATE_FORMAT = "zoom-emulator-state"
STATE_VERSION = 2


# --------------------------------------------------------------------------------------
# What a store call can refuse (each front-end maps these to its own codes and messages)
# --------------------------------------------------------------------------------------

class StoreError(Exception):
    """A store operation refused; ``subject`` is the email, id, pmi or name concerned."""

    def __init__(self, subject):
        super().__init__(subject)
        self.subject = subject


class UnknownUser(StoreError):
    """No user of the account has that id or email."""


class EmailTaken(StoreError):
    """A user of the account (any status) has that email already."""


class PmiTaken(StoreError):
    """Another user has that personal meeting ID."""


class VanityTaken(StoreError):
    """Another user has that vanity name (case-insensitive)."""


class OwnAssistant(StoreError):
    """A host cannot be their own assistant."""


class SeedError(Exception):
    """A seed batch refused (nothing of it is applied)."""


def is_email(value):
    """One @, no white space, a dot inside the domain, at most 254 characters (what every front-end accepts).

    Linear time (no backtracking pattern over the domain): the same set as ``[^@\\s]+@[^@\\s]+\\.[^@\\s]+``.
    """
    if not isinstance(value, str) or len(value) > MAX_EMAIL_LENGTH:
        return False
    local, at, domain = value.partition("@")
    return bool(at) and bool(RE_EMAIL_PART.fullmatch(local)) and bool(RE_EMAIL_PART.fullmatch(domain)) and \
        "." in domain[1:-1]


# --------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------

def new_id():
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode("ascii").rstrip("=")


def new_token():
    return secrets.token_urlsafe(32)


def new_zak():
    return "eyJ" + secrets.token_urlsafe(48)


def new_zpk():
    return secrets.token_urlsafe(40)


def now_iso(ts=None):
    ts = time.time() if ts is None else ts
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % (int(ts * 1000) % 1000)


def hash_password(password, iterations=API_PW_ITERATIONS, salt=None):
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "pbkdf2_sha256$%d$%s$%s" % (iterations, salt.hex(), digest.hex())


def verify_password(password, stored):
    if not stored:
        return False
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        calc = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(calc.hex(), digest)


_OBF_KEY = b"zoom-v1-emulator-state"


def obfuscate(value):
    """Keep host keys out of the state file in clear text (obfuscation, not encryption)."""
    if not value:
        return ""
    raw = value.encode("utf-8")
    return "obf:" + base64.b64encode(bytes(b ^ _OBF_KEY[i % len(_OBF_KEY)] for i, b in enumerate(raw))).decode()


def deobfuscate(value):
    if not value or not value.startswith("obf:"):
        return value or ""
    raw = base64.b64decode(value[4:])
    return bytes(b ^ _OBF_KEY[i % len(_OBF_KEY)] for i, b in enumerate(raw)).decode("utf-8")


# --------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------

class User:
    """One user of the account, in neutral terms (names, not numbers)."""

    __slots__ = ("id", "email", "status", "login_type", "created_at", "profile", "settings", "pic_url", "verified",
                 "last_client_version", "last_login_time", "token", "zak", "zpk", "zpk_at", "pw_hash", "pw_at",
                 "assistants")

    def __init__(self, uid, email, status, login_type, profile, settings):
        self.id = uid
        self.email = email              # as first given; matched case-insensitively
        self.status = status            # one of STATUSES
        self.login_type = login_type    # one of LOGIN_TYPES
        self.created_at = now_iso()
        self.profile = profile          # PROFILE_FIELDS -> value; "type" is one of USER_TYPES
        self.settings = settings        # SETTINGS_FIELDS -> bool or int
        self.pic_url = ""
        self.verified = status != "pending"
        self.last_client_version = ""
        self.last_login_time = ""
        self.token = self.zak = self.zpk = ""
        self.zpk_at = time.time()
        self.pw_hash = ""
        self.pw_at = None
        self.assistants = []            # ids of the host's assistants, in the order they were added

    @property
    def vanity_url(self):
        name = self.profile["vanity_name"]
        return "https://zoom.us/my/%s" % name if name else ""


class Store:
    """The account: users and their indexes, faults, call log, rate windows."""

    def __init__(self):
        self.lock = threading.Lock()
        self.account_id = new_id()
        self.reset()

    def reset(self):
        """Empty the account, the call log, the faults and the rate windows."""
        self.users = {}        # id -> User, in creation order
        self.membership_version = 0
        self._listing_cache = {}
        self.by_email = {}     # lower(email) -> id
        self.by_pmi = {}       # pmi -> id
        self.by_vanity = {}    # lower(vanity_name) -> id
        self.by_zpk = {}       # zpk -> id
        self.calls = []
        self.faults = []
        self.windows = {}      # rate window key -> deque of admission times
        # OAuth (v2): access tokens by their SHA-256 (never the token) -> {"expires", "scopes", "revoked"}
        self.access_tokens = {}
        self.client_scopes = None   # scopes of tokens issued from now on; None = the front-end's default
        self.token_requests = 0
        self.page_tokens = {}       # opaque page token -> (query it is bound to, offset, expiry time)

    # ---- reads ---------------------------------------------------------------------
    def get(self, uid):
        return self.users.get(uid)

    def get_by_email(self, email):
        uid = self.by_email.get(email.lower())
        return self.users[uid] if uid else None

    def get_by_zpk(self, zpk):
        uid = self.by_zpk.get(zpk)
        return self.users[uid] if uid else None

    def users_with_status(self, statuses):
        """The users whose status is one of ``statuses``, in creation order. Kept until a user is added, removed or
        changes status (``changed_membership``): listing a large account asks for it once per page."""
        key = (tuple(statuses), self.membership_version, len(self.users))
        cached = self._listing_cache.get(key)
        if cached is None:
            cached = [user for user in self.users.values() if user.status in statuses]
            self._listing_cache = {key: cached}
        return cached

    def changed_membership(self):
        """Forget the listings: a user was added or removed, or changed status."""
        self.membership_version += 1
        self._listing_cache = {}

    def assistants_of(self, host):
        return [self.users[aid] for aid in host.assistants if aid in self.users]

    def vanity_free(self, name):
        return name.lower() not in self.by_vanity

    # ---- making users ----------------------------------------------------------------
    def new_pmi(self, taken=()):
        while True:
            pmi = secrets.randbelow(9_000_000_000) + 1_000_000_000
            if pmi not in self.by_pmi and pmi not in taken:
                return pmi

    def new_user_id(self, taken=()):
        while True:
            uid = new_id()
            if uid not in self.users and uid not in taken:
                return uid

    def build_user(self, email, method, profile=None, settings=None, uid=None, status=None, login_type=None):
        """A new User (not yet in the account) made the way ``method`` makes one; defaults filled in."""
        method_login_type, method_status, has_secrets = CREATE_METHODS[method]
        full_profile = dict(PROFILE_DEFAULTS)
        full_profile.update(profile or {})
        if full_profile.get("pmi") is None:
            full_profile["pmi"] = self.new_pmi()
        full_settings = dict(SETTINGS_DEFAULTS)
        full_settings.update(settings or {})
        user = User(uid or self.new_user_id(), email, status or method_status, login_type or method_login_type,
                    full_profile, full_settings)
        if has_secrets:
            user.token, user.zak, user.zpk = new_token(), new_zak(), new_zpk()
        return user

    def create_user(self, email, method, profile=None, settings=None, pw_hash=""):
        """Add a user made by ``method`` (one of CREATE_METHODS); EmailTaken, PmiTaken, VanityTaken."""
        if self.get_by_email(email) is not None:
            raise EmailTaken(email)
        profile = dict(profile or {})
        self.check_unique(profile)
        if method == "ssocreate" and profile.get("type", "basic") != "basic":
            # Zoom names a non-basic SSO user's personal room after the email's local part, when it is free
            local = email.split("@", 1)[0]
            if RE_VANITY.fullmatch(local) and self.vanity_free(local):
                profile["vanity_name"] = local
        user = self.build_user(email, method, profile, settings)
        if pw_hash:
            user.pw_hash, user.pw_at = pw_hash, now_iso()
        self.add(user)
        return user

    def add(self, user):
        self.changed_membership()
        uid = user.id
        self.users[uid] = user
        self.by_email[user.email.lower()] = uid
        self.by_pmi[user.profile["pmi"]] = uid
        if user.profile["vanity_name"]:
            self.by_vanity[user.profile["vanity_name"].lower()] = uid
        if user.zpk:
            self.by_zpk[user.zpk] = uid

    # ---- changing users ------------------------------------------------------------
    def check_unique(self, profile, uid=None):
        """PmiTaken / VanityTaken when another user than ``uid`` holds the pmi or vanity name."""
        pmi = profile.get("pmi")
        if pmi is not None and self.by_pmi.get(pmi, uid) != uid:
            raise PmiTaken(pmi)
        vanity = profile.get("vanity_name")
        if vanity and self.by_vanity.get(vanity.lower(), uid) != uid:
            raise VanityTaken(vanity)

    def update_user(self, user, profile=None, settings=None):
        """Change profile fields and settings (only those given); PmiTaken, VanityTaken."""
        profile = profile or {}
        uid = user.id
        self.check_unique(profile, uid)
        old = user.profile
        if "pmi" in profile and profile["pmi"] != old["pmi"]:
            if self.by_pmi.get(old["pmi"]) == uid:
                del self.by_pmi[old["pmi"]]
            self.by_pmi[profile["pmi"]] = uid
        if "vanity_name" in profile:
            previous = old["vanity_name"].lower()
            if previous and self.by_vanity.get(previous) == uid:
                del self.by_vanity[previous]
            if profile["vanity_name"]:
                self.by_vanity[profile["vanity_name"].lower()] = uid
        old.update(profile)
        user.settings.update(settings or {})

    def set_status(self, user, status):
        if status not in STATUSES:
            raise ValueError("unknown status: %s" % status)
        self.changed_membership()
        user.status = status

    def accept_invitation(self, user):
        """A pending user accepts the invitation: active and verified."""
        self.changed_membership()
        user.status = "active"
        user.verified = True

    def set_password(self, user, pw_hash):
        user.pw_hash = pw_hash
        user.pw_at = now_iso()
        return user.pw_at

    def rotate_tokens(self, user):
        """New token and zak (the zpk is kept)."""
        user.token = new_token()
        user.zak = new_zak()

    def remove(self, user):
        """Delete a user and every assistant relation it is part of."""
        self.changed_membership()
        uid = user.id
        del self.users[uid]
        self.by_email.pop(user.email.lower(), None)
        pmi = user.profile["pmi"]
        if self.by_pmi.get(pmi) == uid:
            del self.by_pmi[pmi]
        vanity = user.profile["vanity_name"].lower()
        if vanity and self.by_vanity.get(vanity) == uid:
            del self.by_vanity[vanity]
        if user.zpk and self.by_zpk.get(user.zpk) == uid:
            del self.by_zpk[user.zpk]
        for other in self.users.values():
            if uid in other.assistants:
                other.assistants.remove(uid)

    def add_assistant(self, host, assistant):
        """Give ``host`` one more assistant (no change when it is one already); OwnAssistant."""
        if assistant is host:
            raise OwnAssistant(host.email)
        if assistant.id not in host.assistants:
            host.assistants.append(assistant.id)

    def remove_assistant(self, host, assistant):
        if assistant.id in host.assistants:
            host.assistants.remove(assistant.id)

    def clear_assistants(self, host):
        host.assistants.clear()

    # ---- call log, faults, rate windows --------------------------------------------------
    def log_call(self, entry):
        """Record one API call: names only (endpoint, field names, error code, fault), never values."""
        self.calls.append(entry)

    def queue_fault(self, fault):
        """``fault``: {"endpoint": key or "*", "kind", "count", "seconds"}; a front-end applies it."""
        self.faults.append(fault)

    def take_fault(self, endpoint, kinds=None):
        """The first queued fault for ``endpoint`` (or "*") of one of ``kinds`` (None = any), counted down;
        None when there is none. A front-end passes the kinds it applies, so that it never uses up a fault
        meant for another API."""
        for fault in self.faults:
            if fault["endpoint"] in (endpoint, "*") and (kinds is None or fault["kind"] in kinds):
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def admit(self, limits, now):
        """Sliding-window rate limiting: ``limits`` is [(window key, at most N, per seconds)].

        True (and the request counted in every window) when each window has room; False (and
        nothing counted) otherwise. A front-end chooses the windows: its API's rate rules.
        """
        windows = []
        for key, most, period in limits:
            window = self.windows.setdefault(key, deque())
            while window and now - window[0] >= period:
                window.popleft()
            if len(window) >= most:
                return False
            windows.append(window)
        for window in windows:
            window.append(now)
        return True

    # ---- persistence ---------------------------------------------------------------
    def dump(self):
        """The account as JSON-ready data for the state file (host keys obfuscated, password hashes)."""
        users = []
        for user in self.users.values():
            profile = dict(user.profile, host_key=obfuscate(user.profile["host_key"]))
            users.append({"id": user.id, "email": user.email, "status": user.status, "login_type": user.login_type,
                          "created_at": user.created_at, "profile": profile, "settings": dict(user.settings),
                          "pic_url": user.pic_url, "verified": user.verified,
                          "last_client_version": user.last_client_version, "last_login_time": user.last_login_time,
                          "token": user.token, "zak": user.zak, "zpk": user.zpk, "zpk_at": user.zpk_at,
                          "pw_hash": user.pw_hash, "pw_at": user.pw_at, "assistants": list(user.assistants)})
        return {"format": STATE_FORMAT, "version": STATE_VERSION, "account_id": self.account_id, "users": users}

    def load(self, data):
        """Replace the account by a dump(); ValueError when ``data`` is no state of this format."""
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT or data.get("version") != STATE_VERSION:
            raise ValueError("not a %s version %d file" % (STATE_FORMAT, STATE_VERSION))
        self.reset()
        self.account_id = data.get("account_id") or self.account_id
        for item in data["users"]:
            profile = dict(PROFILE_DEFAULTS)
            profile.update(item["profile"])
            profile["host_key"] = deobfuscate(profile.get("host_key", ""))
            profile["more_group_ids"] = tuple(profile["more_group_ids"])   # a JSON list in the file
            settings = dict(SETTINGS_DEFAULTS)
            settings.update(item["settings"])
            if item["status"] not in STATUSES or item["login_type"] not in LOGIN_TYPES or \
                    profile["type"] not in USER_TYPES:
                raise ValueError("bad status, login type or user type")
            user = User(item["id"], item["email"], item["status"], item["login_type"], profile, settings)
            for name in ("created_at", "pic_url", "verified", "last_client_version", "last_login_time", "token",
                         "zak", "zpk", "zpk_at", "pw_hash", "pw_at"):
                if name in item:
                    setattr(user, name, item[name])
            user.assistants = list(item.get("assistants", []))
            self.add(user)
        for user in self.users.values():  # drop dangling relations of a hand-edited file
            user.assistants = [a for a in user.assistants if a in self.users and a != user.id]

    # ---- seeding -------------------------------------------------------------------
    def seed_batch(self):
        return SeedBatch(self)


class SeedBatch:
    """Users added all or nothing: ``add()`` each (checked against the account and the batch), then ``commit()``.

    A seed spec is a dict: ``email``; optional ``method`` (CREATE_METHODS), ``status``, ``login_type``,
    ``profile``, ``settings``, ``id``, ``token``, ``zak``, ``zpk``, ``created_at``, ``pic_url``,
    ``verified``, ``last_client_version``, ``last_login_time``, ``password`` and ``assistants`` (emails,
    resolved at commit against the account and the batch).
    """

    OVERRIDES = ("token", "zak", "zpk", "created_at", "pic_url", "verified", "last_client_version",
                 "last_login_time")

    def __init__(self, store):
        self.store = store
        self.created = []           # (index, User, assistant emails)
        self.emails = {}
        self.ids = set()
        self.pmis = set()
        self.vanities = set()
        self.pw_cache = {}

    def add(self, n, spec):
        st = self.store
        email = spec["email"]
        low = email.lower()
        if low in st.by_email or low in self.emails:
            raise SeedError("users[%d]: User already exists: %s." % (n, email))
        uid = spec.get("id")
        if uid is not None and (not uid or uid in st.users or uid in self.ids):
            raise SeedError("users[%d]: id already in use or empty: %s" % (n, uid))
        profile = dict(spec.get("profile", {}))
        if "pmi" in profile:
            if profile["pmi"] in st.by_pmi or profile["pmi"] in self.pmis:
                raise SeedError("users[%d]: Personal meeting ID already in use: %s." % (n, profile["pmi"]))
        else:
            profile["pmi"] = st.new_pmi(self.pmis)
        if profile.get("vanity_name"):
            if profile["vanity_name"].lower() in st.by_vanity or profile["vanity_name"].lower() in self.vanities:
                raise SeedError("users[%d]: Vanity name already in use: %s." % (n, profile["vanity_name"]))
        user = st.build_user(email, spec.get("method") or DEFAULT_CREATE_METHOD, profile, spec.get("settings"),
                             uid=uid or st.new_user_id(self.ids), status=spec.get("status"),
                             login_type=spec.get("login_type"))
        for name in self.OVERRIDES:
            if name in spec:
                setattr(user, name, spec[name])
        password = spec.get("password")
        if password:
            if password not in self.pw_cache:
                self.pw_cache[password] = hash_password(password, SEED_PW_ITERATIONS)
            st.set_password(user, self.pw_cache[password])
        self.emails[low] = user
        self.ids.add(user.id)
        self.pmis.add(user.profile["pmi"])
        if user.profile["vanity_name"]:
            self.vanities.add(user.profile["vanity_name"].lower())
        self.created.append((n, user, spec.get("assistants", [])))

    def commit(self):
        """Resolve the assistants, then add every user; the created users in order."""
        st = self.store
        for n, user, assistants in self.created:
            for a_email in assistants:
                other = self.emails.get(a_email.lower()) or st.get_by_email(a_email)
                if other is None:
                    raise SeedError("users[%d]: User not in this account: %s." % (n, a_email))
                if other is user:
                    raise SeedError("users[%d]: A host cannot be their own assistant: %s." % (n, a_email))
                if other.id not in user.assistants:
                    user.assistants.append(other.id)
        for dummy, user, dummy2 in self.created:
            st.add(user)
        return [user for dummy, user, dummy2 in self.created]
