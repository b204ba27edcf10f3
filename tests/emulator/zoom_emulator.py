"""Stateful emulator of the Zoom v1 User API (``/v1/user/...``).

Zoom shut the v1 API down in 2020; this server is the only thing the
``zoomops.zoom`` v1 modules can run against.  Standard library only.

Start::

    python3 zoom_emulator.py [--host 127.0.0.1] [--port 0] [--api-key KEY --api-secret SECRET]
                             [--state-file FILE] [--rate-limit] [--seed FILE]

The first line printed on stdout is the base URL (``http://HOST:PORT/v1``).
See docs/emulator.md for the behaviour, the error codes and the control API.
"""

import argparse
import base64
import hashlib
import hmac
import json
import math
import os
import queue
import re
import secrets
import select
import selectors
import signal
import socket
import socketserver
import sys
import threading
import time
import zoneinfo
from collections import deque
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, unquote
from xml.sax.saxutils import escape as xml_escape

DEFAULT_API_KEY = "emulator-key"
DEFAULT_API_SECRET = "emulator-secret"

# --------------------------------------------------------------------------------------
# Field tables (from the v1 OpenAPI document; tests check them against the spec file)
# --------------------------------------------------------------------------------------

BOOL_FIELDS = (
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
INT_FIELDS = ("type", "pmi", "meeting_capacity", "webinar_capacity", "large_capacity", "option_enter_exit_chime_type",
              "auto_delete_cmr_days")
STRING_FIELDS = ("first_name", "last_name", "track_id", "dept", "timezone", "vanity_name", "host_key", "group_id",
                 "imgroup_id", "cms_user_id")

# Fields /user/update can set (besides id), in the spec's order.
UPDATE_FIELDS = (
    "type", "first_name", "last_name", "disable_chat", "enable_e2e_encryption", "enable_silent_mode",
    "disable_group_hd", "disable_recording", "enable_cmr", "enable_record_speaker_view",
    "enable_record_gallery_view", "enable_record_audio_file", "enable_auto_recording",
    "enable_cloud_auto_recording", "track_id", "meeting_capacity", "enable_webinar", "webinar_capacity",
    "enable_large", "large_capacity", "disable_feedback", "disable_jbh_reminder", "enable_breakout_room",
    "enable_polling", "enable_annotation", "enable_share_dual_camera", "enable_far_end_camera_control",
    "disable_private_chat", "enable_enter_exit_chime", "option_enter_exit_chime_type",
    "disable_cancel_meeting_notification", "enable_remote_support", "enable_file_transfer",
    "enable_virtual_background", "enable_attention_tracking", "enable_waiting_room", "enable_use_pmi",
    "enable_closed_caption", "enable_co_host", "enable_auto_saving_chats", "enable_phone_participants_password",
    "enable_auto_delete_cmr", "auto_delete_cmr_days", "pmi", "dept", "timezone", "vanity_name", "host_key",
    "group_id", "imgroup_id", "cms_user_id",
)
# Settings accepted by create / custcreate / autocreate (besides email, type and autocreate's password).
CREATE_SETTINGS = (
    "first_name", "last_name", "disable_chat", "enable_e2e_encryption", "enable_silent_mode", "disable_group_hd",
    "disable_recording", "enable_cmr", "enable_auto_recording", "enable_cloud_auto_recording", "track_id",
    "meeting_capacity", "enable_webinar", "webinar_capacity", "enable_large", "large_capacity", "disable_feedback",
    "disable_jbh_reminder", "enable_breakout_room", "enable_polling", "enable_annotation",
    "enable_share_dual_camera", "enable_far_end_camera_control", "disable_private_chat", "enable_enter_exit_chime",
    "option_enter_exit_chime_type", "disable_cancel_meeting_notification", "enable_remote_support",
    "enable_file_transfer", "enable_virtual_background", "enable_attention_tracking", "enable_waiting_room",
    "enable_closed_caption", "enable_co_host", "enable_auto_saving_chats", "enable_phone_participants_password",
    "enable_auto_delete_cmr", "auto_delete_cmr_days", "dept", "group_id", "imgroup_id",
)
SSO_SETTINGS = ("first_name", "last_name", "meeting_capacity", "enable_webinar", "webinar_capacity", "enable_large",
                "large_capacity", "pmi", "group_id", "imgroup_id")

# Defaults of a new user (the seed's example responses; enable_auto_delete_cmr follows the documented default false).
DEFAULTS = {name: False for name in BOOL_FIELDS}
DEFAULTS.update(enable_silent_mode=True, disable_jbh_reminder=True, enable_breakout_room=True)
DEFAULTS.update(type=1, meeting_capacity=0, webinar_capacity=0, large_capacity=0, option_enter_exit_chime_type=0,
                auto_delete_cmr_days=30)
DEFAULTS.update({name: "" for name in STRING_FIELDS})

# Order of the keys of a user record as answered by reads.
PUBLIC_KEYS = (
    ("email", "id", "account_id", "created_at", "first_name", "last_name", "pic_url", "type")
    + BOOL_FIELDS
    + ("verified", "pmi", "vanity_name", "vanity_url", "meeting_capacity", "webinar_capacity", "large_capacity",
       "option_enter_exit_chime_type", "auto_delete_cmr_days", "dept", "timezone", "host_key", "track_id", "group_id",
       "imgroup_id", "cms_user_id", "lastClientVersion", "lastLoginTime", "status", "login_type", "token", "zak",
       "zpk")
)

STATUS_ACTIVE, STATUS_INACTIVE, STATUS_PENDING = 0, 1, 2
STATUS_NAMES = {STATUS_ACTIVE: "active", STATUS_INACTIVE: "inactive", STATUS_PENDING: "pending"}
STATUS_BY_NAME = {v: k for k, v in STATUS_NAMES.items()}
LOGIN_TYPES = (0, 1, 99, 100, 101)
CREATE_METHODS = {  # method -> (login_type, status, has secrets)
    "create": (100, STATUS_PENDING, True),
    "autocreate": (100, STATUS_ACTIVE, True),
    "custcreate": (99, STATUS_ACTIVE, False),
    "ssocreate": (101, STATUS_ACTIVE, True),
}
ZPK_LIFETIME = 7200
WEBINAR_CAPACITIES = (0, 100, 500, 1000, 3000, 5000, 10000)
LARGE_CAPACITIES = (0, 100, 200, 300, 500)

RE_PMI = re.compile(r"[1-9][0-9]{9}")
RE_HOST_KEY = re.compile(r"[0-9]{6}")
RE_VANITY = re.compile(r"[A-Za-z][A-Za-z0-9.]{4,39}")
RE_EMAIL_PART = re.compile(r"[^@\s]+")  # one side of an email address: no @, no white space
RE_UINT = re.compile(r"[0-9]+")
# Every pattern is used with fullmatch (never match/search with "$", which accepts a trailing newline).

MAX_EMAIL_LENGTH = 254      # RFC 5321 path limit
MAX_INT = 2 ** 31 - 1       # v1 stored 32-bit ints; larger numbers are invalid values, not server errors
RE_TZ_NAME = re.compile(r"UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2}")

API_PW_ITERATIONS = 20000   # API passwords (autocreate, updatepassword)
SEED_PW_ITERATIONS = 1      # seeded passwords: test data, must be fast

RATE_LIMIT_ALL = 10
RATE_LIMITED_LISTS = frozenset({"/user/list", "/user/scheduleforhost/list"})
FAULT_KINDS = ("http_500", "http_503", "rate_limit", "drop", "drop_after", "delay", "bad_json")
MAX_FAULT_COUNT = 1_000_000
MAX_FAULT_SECONDS = 300

MSG_RATE = "Sorry, the maximum number of api requests are already reached. Please try later."

_TIMEZONES = None


def timezones():
    global _TIMEZONES
    if _TIMEZONES is None:
        try:
            _TIMEZONES = frozenset(zoneinfo.available_timezones())
        except Exception:  # pragma: no cover - broken tz installation
            _TIMEZONES = frozenset()
    return _TIMEZONES


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(code, message)
        self.code = code
        self.message = message


def missing(name):
    return ApiError(300, "Missing required field: %s." % name)


def invalid(name, reason):
    return ApiError(301, "Invalid value for %s: %s." % (name, reason))


def now_iso(ts=None):
    ts = time.time() if ts is None else ts
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % (int(ts * 1000) % 1000)


def new_id():
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode("ascii").rstrip("=")


def new_token():
    return secrets.token_urlsafe(32)


def new_zak():
    return "eyJ" + secrets.token_urlsafe(48)


def new_zpk():
    return secrets.token_urlsafe(40)


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------

def parse_bool(name, value):
    v = value.lower()
    if v in ("true", "1"):
        return True
    if v in ("false", "0"):
        return False
    raise invalid(name, "must be true or false")


def convert_field(name, value):
    """Validate a request value (a string) for a user field; answer the stored value."""
    if name in BOOL_FIELDS_SET:
        return parse_bool(name, value)
    if name == "type":
        if value not in ("1", "2", "3"):
            raise invalid(name, "must be 1, 2 or 3")
        return int(value)
    if name == "pmi":
        if not RE_PMI.fullmatch(value):
            raise invalid(name, "must be 10 digits, not starting with 0")
        return int(value)
    if name == "meeting_capacity":
        return checked_int(name, value, minimum=0, maximum=MAX_INT, reason="must be an integer between 0 and %d" % MAX_INT)
    if name == "webinar_capacity":
        return checked_int(name, value, allowed=WEBINAR_CAPACITIES,
                           reason="must be one of 0, 100, 500, 1000, 3000, 5000, 10000")
    if name == "large_capacity":
        return checked_int(name, value, allowed=LARGE_CAPACITIES, reason="must be one of 0, 100, 200, 300, 500")
    if name == "option_enter_exit_chime_type":
        if value not in ("0", "1"):
            raise invalid(name, "must be 0 or 1")
        return int(value)
    if name == "auto_delete_cmr_days":
        return checked_int(name, value, minimum=1, maximum=365, reason="must be an integer between 1 and 365")
    if name == "timezone":
        zones = timezones()
        # without a tz database (no tzdata, no /usr/share/zoneinfo) accept names that look like zone ids
        if value and (value not in zones if zones else not RE_TZ_NAME.fullmatch(value)):
            raise invalid(name, "unknown timezone")
        return value
    if name == "vanity_name":
        if value and not RE_VANITY.fullmatch(value):
            raise invalid(name, "must start with a letter and have 5 to 40 letters, digits or dots")
        return value
    if name == "host_key":
        if not RE_HOST_KEY.fullmatch(value):
            raise invalid(name, "must be 6 digits")
        return value
    return value


BOOL_FIELDS_SET = frozenset(BOOL_FIELDS)


def is_email(value):
    """One @, no white space, a dot inside the domain, at most 254 characters.

    Linear time (no backtracking pattern over the domain): the same set as ``[^@\\s]+@[^@\\s]+\\.[^@\\s]+``.
    """
    if len(value) > MAX_EMAIL_LENGTH:
        return False
    local, at, domain = value.partition("@")
    return bool(at) and bool(RE_EMAIL_PART.fullmatch(local)) and bool(RE_EMAIL_PART.fullmatch(domain)) and \
        "." in domain[1:-1]


def check_email(name, value):
    if not is_email(value):
        raise invalid(name, "not a valid email address")
    return value


def required(f, name):
    value = f.get(name, "")
    if value == "":
        raise missing(name)
    return value


def bounded_int(text, maximum=MAX_INT):
    """The int of a string of plain digits that is at most ``maximum``, else None.

    The length is checked before ``int()``: thousands of digits would cost time or hit Python's
    int conversion limit (a ValueError, which would have been an HTTP 500).
    """
    if not RE_UINT.fullmatch(text) or len(text.lstrip("0")) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def checked_int(name, value, allowed=None, minimum=0, maximum=MAX_INT, reason=""):
    """Validate an integer request value (plain digits, no sign or spaces) against bounds or a set."""
    number = bounded_int(value, maximum)
    if number is None or number < minimum or (allowed is not None and number not in allowed):
        raise invalid(name, reason)
    return number


def optional_int(f, name, default, allowed=None, minimum=0, maximum=MAX_INT, reason=""):
    value = f.get(name, "")
    if value == "":
        return default
    return checked_int(name, value, allowed, minimum, maximum, reason)


# --------------------------------------------------------------------------------------
# Password hashing
# --------------------------------------------------------------------------------------

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
# State
# --------------------------------------------------------------------------------------

class User:
    __slots__ = ("pub", "pw_hash", "pw_at", "zpk_at", "assistants")

    def __init__(self, pub):
        self.pub = pub            # the record answered by reads (JSON-ready)
        self.pw_hash = ""
        self.pw_at = None
        self.zpk_at = time.time()
        self.assistants = []      # ids of the host's assistants, in the order they were added


class State:
    def __init__(self, api_key, api_secret, rate_limit=False):
        self.lock = threading.Lock()
        self.api_key = api_key
        self.api_secret = api_secret
        self.rate_limit = rate_limit
        self.account_id = new_id()
        self.reset()

    def reset(self):
        self.users = {}        # id -> User, in creation order
        self.by_email = {}     # lower(email) -> id
        self.by_pmi = {}       # pmi -> id
        self.by_vanity = {}    # lower(vanity_name) -> id
        self.by_zpk = {}       # zpk -> id
        self.calls = []
        self.faults = []
        self.win_all = deque()
        self.win_ep = {}

    # ---- indexes -------------------------------------------------------------------
    def new_pmi(self):
        while True:
            pmi = secrets.randbelow(9_000_000_000) + 1_000_000_000
            if pmi not in self.by_pmi:
                return pmi

    def new_user_id(self):
        while True:
            uid = new_id()
            if uid not in self.users:
                return uid

    def add(self, user):
        p = user.pub
        uid = p["id"]
        self.users[uid] = user
        self.by_email[p["email"].lower()] = uid
        self.by_pmi[p["pmi"]] = uid
        if p["vanity_name"]:
            self.by_vanity[p["vanity_name"].lower()] = uid
        if p["zpk"]:
            self.by_zpk[p["zpk"]] = uid

    def remove(self, user):
        p = user.pub
        uid = p["id"]
        del self.users[uid]
        self.by_email.pop(p["email"].lower(), None)
        if self.by_pmi.get(p["pmi"]) == uid:
            del self.by_pmi[p["pmi"]]
        if p["vanity_name"] and self.by_vanity.get(p["vanity_name"].lower()) == uid:
            del self.by_vanity[p["vanity_name"].lower()]
        if p["zpk"] and self.by_zpk.get(p["zpk"]) == uid:
            del self.by_zpk[p["zpk"]]
        for other in self.users.values():
            if uid in other.assistants:
                other.assistants.remove(uid)

    def make_user(self, email, login_type, status, secrets_on, values):
        pub = dict(DEFAULTS)
        pub.update(values)
        uid = values.get("id") or self.new_user_id()
        pub.update(
            email=email, id=uid, account_id=self.account_id, created_at=values.get("created_at") or now_iso(),
            pic_url=values.get("pic_url", ""), verified=values.get("verified", 0 if status == STATUS_PENDING else 1),
            pmi=values.get("pmi") or self.new_pmi(), lastClientVersion=values.get("lastClientVersion", ""),
            lastLoginTime=values.get("lastLoginTime", ""), status=status, login_type=login_type,
            token=values.get("token", new_token() if secrets_on else ""),
            zak=values.get("zak", new_zak() if secrets_on else ""),
            zpk=values.get("zpk", new_zpk() if secrets_on else ""),
        )
        pub["vanity_url"] = vanity_url(pub["vanity_name"])
        return User({k: pub[k] for k in PUBLIC_KEYS})

    # ---- lookups -------------------------------------------------------------------
    def get_by_email(self, email):
        uid = self.by_email.get(email.lower())
        return self.users[uid] if uid else None

    def find(self, f, id_name="id", email_name="email"):
        """Find a user by id (wins) or email; raise 300/1001."""
        uid = f.get(id_name, "")
        if uid:
            user = self.users.get(uid)
            if user is None:
                raise ApiError(1001, "User not exist: %s." % uid)
            return user
        email = f.get(email_name, "")
        if not email:
            raise missing("%s or %s" % (id_name, email_name))
        user = self.get_by_email(email)
        if user is None:
            raise ApiError(1001, "User not exist: %s." % email)
        return user

    def find_id(self, f):
        uid = required(f, "id")
        user = self.users.get(uid)
        if user is None:
            raise ApiError(1001, "User not exist: %s." % uid)
        return user

    # ---- rate limiting / faults ----------------------------------------------------
    def rate_ok(self, endpoint, now):
        w = self.win_all
        while w and now - w[0] >= 1.0:
            w.popleft()
        if len(w) >= RATE_LIMIT_ALL:
            return False
        if endpoint in RATE_LIMITED_LISTS:
            d = self.win_ep.setdefault(endpoint, deque())
            while d and now - d[0] >= 1.0:
                d.popleft()
            if d:
                return False
            d.append(now)
        w.append(now)
        return True

    def take_fault(self, endpoint):
        for fault in self.faults:
            if fault["endpoint"] in (endpoint, "*"):
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # ---- views ---------------------------------------------------------------------
    def state_view(self, user):
        rec = dict(user.pub)
        host_key = rec.pop("host_key")
        rec["host_key_set"] = bool(host_key)
        rec["status"] = STATUS_NAMES[rec["status"]]
        rec["assistants"] = [self.users[a].pub["email"] for a in user.assistants if a in self.users]
        rec["password_set"] = bool(user.pw_hash)
        rec["password_updated_at"] = user.pw_at
        return rec

    # ---- persistence ---------------------------------------------------------------
    def dump(self):
        users = []
        for user in self.users.values():
            pub = dict(user.pub)
            pub["host_key"] = obfuscate(pub["host_key"])
            users.append({"pub": pub, "pw_hash": user.pw_hash, "pw_at": user.pw_at, "zpk_at": user.zpk_at,
                          "assistants": list(user.assistants)})
        return {"format": "zoom-v1-emulator-state", "version": 1, "account_id": self.account_id, "users": users}

    def load(self, data):
        self.reset()
        self.account_id = data.get("account_id") or self.account_id
        for item in data.get("users", []):
            pub = dict(DEFAULTS)
            pub.update(item["pub"])
            pub["host_key"] = deobfuscate(pub.get("host_key", ""))
            pub["vanity_url"] = vanity_url(pub.get("vanity_name", ""))
            user = User({k: pub.get(k, "") for k in PUBLIC_KEYS})
            user.pw_hash = item.get("pw_hash", "")
            user.pw_at = item.get("pw_at")
            user.zpk_at = item.get("zpk_at", time.time())
            user.assistants = list(item.get("assistants", []))
            self.add(user)
        for user in self.users.values():  # drop dangling relations of a hand-edited file
            user.assistants = [a for a in user.assistants if a in self.users and a != user.pub["id"]]


def vanity_url(name):
    return "https://zoom.us/my/%s" % name if name else ""


# --------------------------------------------------------------------------------------
# Endpoints (all run with State.lock held)
# --------------------------------------------------------------------------------------

def collect(f, names):
    """Validate the given fields of a request; answer {name: stored value}."""
    values = {}
    for name in names:
        if name in f:
            values[name] = convert_field(name, f[name])
    return values


def check_unique(st, values, uid=None):
    pmi = values.get("pmi")
    if pmi is not None and st.by_pmi.get(pmi, uid) != uid:
        raise ApiError(1014, "Personal meeting ID already in use: %s." % pmi)
    vanity = values.get("vanity_name")
    if vanity and st.by_vanity.get(vanity.lower(), uid) != uid:
        raise ApiError(1015, "Vanity name already in use: %s." % vanity)


def not_pending(user):
    if user.pub["status"] == STATUS_PENDING:
        raise ApiError(1011, "User has not accepted the invitation: %s." % user.pub["email"])


def _create(st, f, method, settings, ctx):
    email = required(f, "email")
    required(f, "type")
    if method == "autocreate":
        required(f, "password")
    check_email("email", email)
    values = collect(f, ("type",) + settings)
    if st.get_by_email(email) is not None:
        raise ApiError(1005, "User already exists: %s." % email)
    check_unique(st, values)
    login_type, status, secrets_on = CREATE_METHODS[method]
    if method == "ssocreate" and values["type"] != 1:
        # v1: "If it is not a basic user, will generate a Personal Vanity URL using user name (no domain)"
        local = email.split("@", 1)[0]
        if RE_VANITY.fullmatch(local) and local.lower() not in st.by_vanity:
            values["vanity_name"] = local
    user = st.make_user(email, login_type, status, secrets_on, values)
    if method == "autocreate":
        user.pw_hash = ctx["pw_hash"]
        user.pw_at = now_iso()
    st.add(user)
    return user.pub


def ep_create(st, f, ctx):
    return _create(st, f, "create", CREATE_SETTINGS, ctx)


def ep_autocreate(st, f, ctx):
    return _create(st, f, "autocreate", CREATE_SETTINGS, ctx)


def ep_custcreate(st, f, ctx):
    return _create(st, f, "custcreate", CREATE_SETTINGS, ctx)


def ep_ssocreate(st, f, ctx):
    return _create(st, f, "ssocreate", SSO_SETTINGS, ctx)


def ep_get(st, f, ctx):
    user = st.find_id(f)
    if user.pub["status"] == STATUS_PENDING:
        raise ApiError(1001, "User not exist: %s." % f["id"])
    return user.pub


def ep_getbyemail(st, f, ctx):
    email = check_email("email", required(f, "email"))
    login_type = optional_int(f, "login_type", None, allowed=LOGIN_TYPES, reason="must be one of 0, 1, 99, 100, 101")
    user = st.get_by_email(email)
    if user is None or user.pub["status"] == STATUS_PENDING or \
            (login_type is not None and login_type != user.pub["login_type"]):
        raise ApiError(1001, "User not exist: %s." % email)
    return user.pub


def ep_checkemail(st, f, ctx):
    email = check_email("email", required(f, "email"))
    return {"existed_email": st.get_by_email(email) is not None}


def _page(st, f, statuses):
    page_size = optional_int(f, "page_size", 30, minimum=1, maximum=300, reason="must be an integer between 1 and 300")
    page_number = optional_int(f, "page_number", 1, minimum=1,
                               reason="must be an integer between 1 and %d" % MAX_INT)
    users = [u.pub for u in st.users.values() if u.pub["status"] in statuses]
    total = len(users)
    start = (page_number - 1) * page_size
    return {"page_count": math.ceil(total / page_size), "total_records": total, "page_number": page_number,
            "page_size": page_size, "users": users[start:start + page_size]}


def ep_list(st, f, ctx):
    return _page(st, f, (STATUS_ACTIVE, STATUS_INACTIVE))


def ep_pending(st, f, ctx):
    return _page(st, f, (STATUS_PENDING,))


def ep_update(st, f, ctx):
    uid = required(f, "id")
    values = collect(f, UPDATE_FIELDS)
    user = st.find_id(f)
    not_pending(user)
    check_unique(st, values, uid)
    p = user.pub
    if "pmi" in values and values["pmi"] != p["pmi"]:
        if st.by_pmi.get(p["pmi"]) == uid:
            del st.by_pmi[p["pmi"]]
        st.by_pmi[values["pmi"]] = uid
    if "vanity_name" in values:
        old = p["vanity_name"].lower()
        if old and st.by_vanity.get(old) == uid:
            del st.by_vanity[old]
        if values["vanity_name"]:
            st.by_vanity[values["vanity_name"].lower()] = uid
        p["vanity_url"] = vanity_url(values["vanity_name"])
    p.update(values)
    return {"id": uid, "updated_at": now_iso()}


def ep_updatepassword(st, f, ctx):
    uid = required(f, "id")
    required(f, "password")
    user = st.find_id(f)
    not_pending(user)
    user.pw_hash = ctx["pw_hash"]
    user.pw_at = now_iso()
    return {"id": uid, "updated_at": user.pw_at}


def _set_status(st, f, status, key):
    uid = required(f, "id")
    user = st.find_id(f)
    not_pending(user)
    user.pub["status"] = status
    return {"id": uid, key: now_iso()}


def ep_activate(st, f, ctx):
    return _set_status(st, f, STATUS_ACTIVE, "activated_at")


def ep_deactivate(st, f, ctx):
    return _set_status(st, f, STATUS_INACTIVE, "deactivated_at")


def ep_delete(st, f, ctx):
    uid = required(f, "id")
    kind = optional_int(f, "type", 0, allowed=(0, 1), reason="must be 0 or 1")
    user = st.find_id(f)
    if (user.pub["status"] == STATUS_PENDING) != (kind == 1):
        raise ApiError(1001, "User not exist: %s." % uid)
    st.remove(user)
    return {"id": uid, "account_id": st.account_id, "deleted_at": now_iso()}


def ep_permanentdelete(st, f, ctx):
    user = st.find(f)
    st.remove(user)
    return {"id": user.pub["id"], "email": user.pub["email"], "deleted_at": now_iso()}


def ep_assistant_set(st, f, ctx):
    assistant_email = required(f, "assistant_email")
    if not f.get("id") and not f.get("host_email"):
        raise missing("id or host_email")
    check_email("assistant_email", assistant_email)
    host = st.find(f, "id", "host_email")
    assistant = st.get_by_email(assistant_email)
    if assistant is None:
        raise ApiError(1010, "User not in this account: %s." % assistant_email)
    if assistant is host:
        raise ApiError(1013, "A host cannot be their own assistant: %s." % host.pub["email"])
    for user in (host, assistant):
        not_pending(user)
    for user in (host, assistant):
        if user.pub["status"] != STATUS_ACTIVE:
            raise ApiError(1012, "User is not active: %s." % user.pub["email"])
    if assistant.pub["id"] not in host.assistants:
        host.assistants.append(assistant.pub["id"])
    return {"id": host.pub["id"], "host_email": host.pub["email"], "updated_at": now_iso()}


def ep_assistant_delete(st, f, ctx):
    host = st.find(f, "id", "host_email")
    host.assistants.clear()
    return {"id": host.pub["id"], "host_email": host.pub["email"], "updated_at": now_iso()}


def ep_scheduleforhost_list(st, f, ctx):
    host = st.find(f, "id", "host_email")
    users = []
    for aid in host.assistants:
        a = st.users[aid].pub
        users.append({"id": a["id"], "email": a["email"], "first_name": a["first_name"], "last_name": a["last_name"]})
    return {"total_records": len(users), "users": users}


def ep_checkzpk(st, f, ctx):
    zpk = required(f, "zpk")
    uid = st.by_zpk.get(zpk)
    if uid is None:
        raise ApiError(1020, "Invalid zpk.")
    user = st.users[uid]
    return {"expire_in": max(0, int(user.zpk_at + ZPK_LIFETIME - time.time()))}


def ep_revoketoken(st, f, ctx):
    user = st.find(f)
    not_pending(user)
    user.pub["token"] = new_token()
    user.pub["zak"] = new_zak()
    return {"id": user.pub["id"], "email": user.pub["email"], "updated_at": now_iso()}


ENDPOINTS = {
    "/user/create": ep_create,
    "/user/autocreate": ep_autocreate,
    "/user/custcreate": ep_custcreate,
    "/user/ssocreate": ep_ssocreate,
    "/user/get": ep_get,
    "/user/getbyemail": ep_getbyemail,
    "/user/checkemail": ep_checkemail,
    "/user/list": ep_list,
    "/user/pending": ep_pending,
    "/user/update": ep_update,
    "/user/updatepassword": ep_updatepassword,
    "/user/activate": ep_activate,
    "/user/deactivate": ep_deactivate,
    "/user/delete": ep_delete,
    "/user/permanentdelete": ep_permanentdelete,
    "/user/assistant/set": ep_assistant_set,
    "/user/assistant/delete": ep_assistant_delete,
    "/user/scheduleforhost/list": ep_scheduleforhost_list,
    "/user/checkzpk": ep_checkzpk,
    "/user/revoketoken": ep_revoketoken,
}
PASSWORD_ENDPOINTS = ("/user/autocreate", "/user/updatepassword")


# --------------------------------------------------------------------------------------
# Seeding (POST /_emulator/seed and --seed FILE)
# --------------------------------------------------------------------------------------

SEED_EXTRA_KEYS = frozenset({
    "email", "id", "status", "login_type", "create_method", "password", "token", "zak", "zpk", "assistants",
    "created_at", "pic_url", "verified", "lastClientVersion", "lastLoginTime",
    # read-only / derived keys of a record (accepted so that /_emulator/state output can be fed back; ignored)
    "account_id", "vanity_url", "password_set", "password_updated_at", "host_key_set",
})
SEED_KEYS = frozenset(UPDATE_FIELDS) | SEED_EXTRA_KEYS


class SeedError(Exception):
    pass


def seed_str(name, value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise SeedError("bad value for %s: must be a string, a number or a boolean" % name)


def seed_users(st, items):
    """Create users from seed items (all or nothing). Runs with State.lock held."""
    if not isinstance(items, list):
        raise SeedError("'users' must be a list")
    created = []
    emails = {}
    pmis = {}
    vanities = {}
    ids = set()
    pw_cache = {}
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise SeedError("users[%d] is not an object" % n)
        unknown = sorted(set(item) - SEED_KEYS)
        if unknown:
            raise SeedError("users[%d]: unknown keys: %s" % (n, ", ".join(unknown)))
        try:
            email = check_email("email", seed_str("email", item.get("email", "")))
            values = {name: convert_field(name, seed_str(name, item[name])) for name in UPDATE_FIELDS if name in item}
        except ApiError as exc:
            raise SeedError("users[%d]: %s" % (n, exc.message))
        except SeedError as exc:
            raise SeedError("users[%d]: %s" % (n, exc))
        method = item.get("create_method", "")
        if method and method not in CREATE_METHODS:
            raise SeedError("users[%d]: create_method must be one of %s" % (n, ", ".join(CREATE_METHODS)))
        login_type, status, secrets_on = CREATE_METHODS[method] if method else (100, STATUS_ACTIVE, True)
        if "status" in item:
            s = item["status"]
            if s in STATUS_BY_NAME:
                status = STATUS_BY_NAME[s]
            elif isinstance(s, int) and not isinstance(s, bool) and s in STATUS_NAMES:
                status = s
            else:
                raise SeedError("users[%d]: status must be active, inactive or pending" % n)
        if "login_type" in item:
            lt = item["login_type"]
            if isinstance(lt, str) and bounded_int(lt) is not None:
                lt = int(lt)
            if isinstance(lt, bool) or lt not in LOGIN_TYPES:
                raise SeedError("users[%d]: login_type must be one of 0, 1, 99, 100, 101" % n)
            login_type = lt
        for key in ("id", "token", "zak", "zpk", "created_at", "pic_url", "lastClientVersion", "lastLoginTime",
                    "password"):
            if key in item:
                if not isinstance(item[key], str):
                    raise SeedError("users[%d]: %s must be a string" % (n, key))
                if key != "password":
                    values[key] = item[key]
        if "verified" in item:
            if item["verified"] not in (0, 1) or isinstance(item["verified"], bool):
                raise SeedError("users[%d]: verified must be 0 or 1" % n)
            values["verified"] = item["verified"]
        low = email.lower()
        if low in st.by_email or low in emails:
            raise SeedError("users[%d]: User already exists: %s." % (n, email))
        uid = values.get("id")
        if uid is not None and (not uid or uid in st.users or uid in ids):
            raise SeedError("users[%d]: id already in use or empty: %s" % (n, uid))
        if "pmi" in values:
            if values["pmi"] in st.by_pmi or values["pmi"] in pmis:
                raise SeedError("users[%d]: Personal meeting ID already in use: %s." % (n, values["pmi"]))
        if values.get("vanity_name"):
            vl = values["vanity_name"].lower()
            if vl in st.by_vanity or vl in vanities:
                raise SeedError("users[%d]: Vanity name already in use: %s." % (n, values["vanity_name"]))
        if "assistants" in item:
            if not isinstance(item["assistants"], list) or not all(isinstance(a, str) for a in item["assistants"]):
                raise SeedError("users[%d]: assistants must be a list of emails" % n)
        if uid is None:
            while True:
                uid = st.new_user_id()
                if uid not in ids:
                    break
            values["id"] = uid
        if "pmi" not in values:
            while True:
                pmi = st.new_pmi()
                if pmi not in pmis:
                    break
            values["pmi"] = pmi
        user = st.make_user(email, login_type, status, secrets_on, values)
        password = item.get("password")
        if password:
            if password not in pw_cache:
                pw_cache[password] = hash_password(password, SEED_PW_ITERATIONS)
            user.pw_hash = pw_cache[password]
            user.pw_at = now_iso()
        emails[low] = user
        ids.add(uid)
        pmis[user.pub["pmi"]] = uid
        if user.pub["vanity_name"]:
            vanities[user.pub["vanity_name"].lower()] = uid
        created.append((user, item.get("assistants", [])))
    # resolve assistants before committing anything
    for n, (user, assistants) in enumerate(created):
        for a_email in assistants:
            other = emails.get(a_email.lower()) or st.get_by_email(a_email)
            if other is None:
                raise SeedError("users[%d]: User not in this account: %s." % (n, a_email))
            if other is user:
                raise SeedError("users[%d]: A host cannot be their own assistant: %s." % (n, a_email))
            if other.pub["id"] not in user.assistants:
                user.assistants.append(other.pub["id"])
    for user, dummy in created:
        st.add(user)
    return {"created": len(created), "users": [{"id": u.pub["id"], "email": u.pub["email"]} for u, dummy in created]}


# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------

def to_xml(value, tag="response"):
    if isinstance(value, dict):
        inner = "".join(to_xml(v, k) for k, v in value.items())
    elif isinstance(value, list):
        item_tag = tag[:-1] if tag.endswith("s") and len(tag) > 1 else "item"
        inner = "".join(to_xml(v, item_tag) for v in value)
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    elif value is None:
        inner = ""
    else:
        inner = xml_text(str(value))
    return "<%s>%s</%s>" % (tag, inner, tag)


# Characters XML 1.0 cannot carry at all (not even as references): C0 controls but tab, LF, CR;
# surrogates; U+FFFE and U+FFFF.
RE_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    """Escape text for an XML element; drop the characters XML 1.0 does not allow, keep CR as a reference."""
    return xml_escape(RE_NOT_XML.sub("", text), {"\r": "&#13;"})


def reason(status):
    """The standard reason phrase of an HTTP status (never "OK" for an error)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


MAX_BODY = 64 * 1024 * 1024     # request body limit, after de-chunking
MAX_CHUNK_LINE = 1024           # a chunk-size line with its extensions
MAX_TRAILER_LINES = 64
RE_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")   # hex digits only: no sign, no "0x", no spaces
RE_LENGTH = re.compile(r"[0-9]{1,20}")

# Connection handling (see Server): a fixed pool of workers serves requests; idle keep-alive
# connections wait in one selector and cost no thread.
WORKERS = 32
MAX_CONNECTIONS = 1024
IDLE_TIMEOUT = 60.0       # an idle keep-alive connection is closed after this many seconds
REQUEST_TIMEOUT = 30.0    # a request (once begun) must make progress within this many seconds
KEEPALIVE_LINGER = 0.05   # a worker waits this long for the next request on its connection
STANDARD_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")

# Control API: path -> allowed methods (anything else on a known path is HTTP 405 with Allow).
CONTROL_ROUTES = {
    "/calls": ("GET", "DELETE"), "/reset": ("POST",), "/state": ("GET",), "/seed": ("POST",),
    "/faults": ("GET", "POST", "DELETE"), "/health": ("GET",),
}


class BodyError(Exception):
    """A request body that cannot be read: answered with ``status`` and the connection closed."""

    def __init__(self, status, message):
        super().__init__(status, message)
        self.status = status
        self.message = message


def control_methods(path):
    """The methods a control path accepts, or None for an unknown path."""
    if path in CONTROL_ROUTES:
        return CONTROL_ROUTES[path]
    if path.startswith("/users/") and path.count("/") == 3:
        return ("POST",)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ZoomV1Emulator/1.0"
    sys_version = ""
    timeout = REQUEST_TIMEOUT  # socket timeout while a request is read or answered
    st = None  # set by make_server

    def __init__(self, request, client_address, server):
        # The Server drives the connection one request at a time (serve_one), not handle().
        self.request = request
        self.client_address = client_address
        self.server = server
        self.close_connection = True
        self.setup()

    def setup(self):
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    # Never log: the request line may carry secrets in its query string.
    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        pass

    def send_error(self, code, message=None, explain=None):
        # used by BaseHTTPRequestHandler for malformed requests; answer without echoing the request line
        self.close_connection = True
        self.respond(int(code), {"error": {"code": int(code), "message": reason(code) + "."}})

    # ---- connection driving (called by Server's workers) ------------------------------
    def serve_one(self):
        """Answer one request; True when the connection stays open for another one."""
        self.handle_one_request()
        return not self.close_connection

    def next_request_ready(self, wait):
        """True when the next request's bytes are buffered or arrive within ``wait`` seconds."""
        sock = self.connection
        try:
            if wait_readable(sock, wait):
                return True
            # bytes a pipelining client sent with the last request sit in rfile's buffer, not the socket
            sock.setblocking(False)
            try:
                return bool(self.rfile.peek(1))
            finally:
                sock.settimeout(self.timeout)
        except (OSError, ValueError):
            return True  # let the next read meet the error and close the connection

    # ---- plumbing ------------------------------------------------------------------
    def respond(self, status, payload, xml=False, raw=None, content_type=None, headers=()):
        if raw is not None:
            body = raw
            ctype = content_type or "text/html; charset=utf-8"
        elif xml:
            body = ('<?xml version="1.0" encoding="UTF-8"?>' + to_xml(payload)).encode("utf-8")
            ctype = "application/xml; charset=utf-8"
        else:
            body = json.dumps(payload).encode("utf-8")
            ctype = "application/json; charset=utf-8"
        head = "HTTP/1.1 %d %s\r\nServer: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n" % (
            status, reason(status), self.server_version, ctype, len(body))
        for name, value in headers:
            head += "%s: %s\r\n" % (name, value)
        if self.close_connection:
            head += "Connection: close\r\n"
        if getattr(self, "command", None) == "HEAD":
            body = b""  # an answer to HEAD has headers only
        try:
            self.wfile.write(head.encode("latin-1") + b"\r\n" + body)
        except OSError:
            self.close_connection = True

    def read_body(self):
        """The request body (at most MAX_BODY bytes); BodyError when it is malformed or too large."""
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            if coding.strip().lower() != "chunked":
                raise BodyError(501, "Unsupported transfer coding.")
            return self.read_chunked()
        text = self.headers.get("Content-Length")
        if text is None:
            return b""
        if not RE_LENGTH.fullmatch(text.strip()):
            raise BodyError(400, "Bad Content-Length.")
        length = int(text)
        if length > MAX_BODY:
            raise BodyError(413, "Request body too large.")
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            raise BodyError(400, "Request body shorter than its Content-Length.")
        return body

    def read_chunked(self):
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(MAX_CHUNK_LINE + 1)
            if len(line) > MAX_CHUNK_LINE or not line.endswith(b"\n"):
                raise BodyError(400, "Bad chunk size line.")
            size_text = line.rstrip(b"\r\n").split(b";", 1)[0].rstrip(b" \t")
            if not RE_CHUNK_SIZE.fullmatch(size_text):
                raise BodyError(400, "Bad chunk size.")
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                raise BodyError(413, "Request body too large.")
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise BodyError(400, "Bad chunk.")
            chunks.append(chunk)
        for dummy in range(MAX_TRAILER_LINES):
            line = self.rfile.readline(MAX_CHUNK_LINE + 1)
            if line in (b"\r\n", b"\n"):
                return b"".join(chunks)
            if not line.endswith(b"\n"):
                break
        raise BodyError(400, "Bad chunked trailer.")

    def drop(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # Every standard method is dispatched, so that a method an endpoint does not take is HTTP 405
    # with an Allow header; a method token that is no HTTP method at all stays 501 (Not Implemented).
    def __getattr__(self, name):
        if name.startswith("do_") and name[3:] in STANDARD_METHODS:
            return lambda: self.dispatch(name[3:])
        raise AttributeError(name)

    def not_allowed(self, method, allowed, entry=None):
        if entry is not None:
            entry["error"] = 405
            with self.st.lock:
                self.st.calls.append(entry)
        self.respond(405, {"error": {"code": 405, "message": "Method not allowed: %s." % method}},
                     headers=[("Allow", ", ".join(allowed))])

    def dispatch(self, method):
        try:
            body = self.read_body()
        except BodyError as exc:
            self.close_connection = True
            self.respond(exc.status, {"error": {"code": exc.status, "message": exc.message}})
            return
        except (ValueError, OSError):
            self.close_connection = True
            self.respond(400, {"error": {"code": 400, "message": "Bad request body."}})
            return
        path, dummy, query = self.path.partition("?")
        try:
            if path == "/v1" or path.startswith("/v1/"):
                self.api(method, path[3:].rstrip("/") or "/", query, body)
            elif path.startswith("/_emulator/"):
                self.control(method, path[len("/_emulator"):].rstrip("/"), body)
            else:
                self.respond(404, {"error": {"code": 404, "message": "Endpoint not found: %s." % path}})
        except Exception as exc:  # never leak values: only the exception type
            sys.stderr.write("zoom_emulator: internal error %s on %s %s\n" % (type(exc).__name__, method, path))
            self.close_connection = True
            self.respond(500, {"error": {"code": 500, "message": "Internal emulator error."}})

    # ---- /v1 -----------------------------------------------------------------------
    def api(self, method, endpoint, query, body):
        st = self.st
        fields = dict(parse_qsl(query, keep_blank_values=True))
        ctype = self.headers.get("Content-Type", "")
        if body and "multipart/" not in ctype and "json" not in ctype:
            fields.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        entry = {"endpoint": endpoint,
                 "fields": sorted(k for k in fields if k not in ("api_key", "api_secret", "data_type"))}
        xml = fields.get("data_type", "").upper() == "XML"
        handler = ENDPOINTS.get(endpoint)
        if handler is None:
            entry["error"] = 404
            with st.lock:
                st.calls.append(entry)
            self.respond(404, {"error": {"code": 404, "message": "Endpoint not found: /v1%s." % endpoint}})
            return
        if method != "POST":
            self.not_allowed(method, ("POST",), entry)
            return
        with st.lock:
            fault = st.take_fault(endpoint)
            kind = fault["kind"] if fault else None
            if kind:
                entry["fault"] = kind
            if kind in ("drop", "http_500", "http_503", "rate_limit", "bad_json"):
                if kind == "rate_limit":
                    entry["error"] = 403
                st.calls.append(entry)
        if kind == "drop":
            self.drop()
            return
        if kind in ("http_500", "http_503"):
            code = 500 if kind == "http_500" else 503
            self.respond(code, {"error": {"code": code, "message": reason(code) + "."}})
            return
        if kind == "rate_limit":
            self.respond(200, {"error": {"code": 403, "message": MSG_RATE}}, xml)
            return
        if kind == "bad_json":
            self.respond(200, None, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>")
            return
        if kind == "delay":
            time.sleep(fault["seconds"])  # bounded by parse_fault
        ctx = {}
        if endpoint in PASSWORD_ENDPOINTS and fields.get("password") and \
                fields.get("api_key") == st.api_key and fields.get("api_secret") == st.api_secret:
            ctx["pw_hash"] = hash_password(fields["password"])  # outside the lock: it is slow on purpose
        with st.lock:
            try:
                if st.rate_limit and not st.rate_ok(endpoint, time.monotonic()):
                    raise ApiError(403, MSG_RATE)
                key = fields.get("api_key", "")
                secret = fields.get("api_secret", "")
                if not key or not secret or not hmac.compare_digest(key.encode(), st.api_key.encode()):
                    raise ApiError(200, "Invalid api key or secret.")
                if not hmac.compare_digest(secret.encode(), st.api_secret.encode()):
                    raise ApiError(102, "You app key and secret doesn't match.")
                result = handler(st, fields, ctx)
            except ApiError as exc:
                entry["error"] = exc.code
                result = {"error": {"code": exc.code, "message": exc.message}}
            st.calls.append(entry)
            if kind == "drop_after":
                payload = None
            elif xml:
                payload = ('<?xml version="1.0" encoding="UTF-8"?>' + to_xml(result)).encode("utf-8")
            else:
                payload = json.dumps(result).encode("utf-8")
        if kind == "drop_after":
            self.drop()
            return
        if xml:
            self.respond(200, None, raw=payload, content_type="application/xml; charset=utf-8")
        else:
            self.respond(200, None, raw=payload, content_type="application/json; charset=utf-8")

    # ---- /_emulator ----------------------------------------------------------------
    def control(self, method, path, body):
        st = self.st
        allowed = control_methods(path)
        if allowed is None:
            self.respond(404, {"error": "unknown control endpoint: %s %s" % (method, "/_emulator" + path)})
            return
        if method not in allowed:
            self.not_allowed(method, allowed)
            return
        data = None
        if method == "POST" and body.strip():
            try:
                data = json.loads(body, parse_constant=reject_constant)
            except (ValueError, RecursionError):
                self.respond(400, {"error": "request body is not JSON"})
                return
        if path == "/calls" and method == "GET":
            with st.lock:
                payload = json.dumps(st.calls).encode()
            self.respond(200, None, raw=payload, content_type="application/json")
        elif path == "/calls" and method == "DELETE":
            with st.lock:
                st.calls = []
            self.respond(200, {"cleared": True})
        elif path == "/reset" and method == "POST":
            with st.lock:
                st.reset()
            self.respond(200, {"reset": True})
        elif path == "/state" and method == "GET":
            with st.lock:
                payload = json.dumps({"account_id": st.account_id,
                                      "users": [st.state_view(u) for u in st.users.values()]}).encode()
            self.respond(200, None, raw=payload, content_type="application/json")
        elif path == "/seed" and method == "POST":
            if not isinstance(data, dict) or set(data) - {"users"} or "users" not in data:
                self.respond(400, {"error": "body must be {\"users\": [...]}"})
                return
            try:
                with st.lock:
                    result = seed_users(st, data["users"])
            except SeedError as exc:
                self.respond(400, {"error": str(exc)})
                return
            self.respond(200, result)
        elif path == "/faults" and method == "POST":
            try:
                fault = parse_fault(data)
            except ValueError as exc:
                self.respond(400, {"error": str(exc)})
                return
            with st.lock:
                st.faults.append(fault)
            self.respond(200, {"queued": fault})
        elif path == "/faults" and method == "DELETE":
            with st.lock:
                st.faults = []
            self.respond(200, {"cleared": True})
        elif path == "/faults" and method == "GET":
            with st.lock:
                payload = json.dumps(st.faults).encode()
            self.respond(200, None, raw=payload, content_type="application/json")
        elif path == "/health" and method == "GET":
            self.respond(200, dict({"ok": True}, **self.server.load()))
        elif path.startswith("/users/") and method == "POST" and path.count("/") == 3:
            raw_email, action = path.split("/")[2:]
            email = unquote(raw_email)
            if action == "accept":
                with st.lock:
                    user = st.get_by_email(email)
                    if user is None or user.pub["status"] != STATUS_PENDING:
                        user = None
                    else:
                        user.pub["status"] = STATUS_ACTIVE
                        user.pub["verified"] = 1
                if user is None:
                    self.respond(404, {"error": "no pending user %s" % email})
                else:
                    self.respond(200, {"id": user.pub["id"], "email": user.pub["email"], "status": "active"})
            elif action == "check_password":
                if not isinstance(data, dict) or not isinstance(data.get("password"), str):
                    self.respond(400, {"error": "body must be {\"password\": \"...\"}"})
                    return
                with st.lock:
                    user = st.get_by_email(email)
                    stored = user.pw_hash if user else None
                if user is None:
                    self.respond(404, {"error": "no user %s" % email})
                else:
                    self.respond(200, {"match": verify_password(data["password"], stored)})
            else:
                self.respond(404, {"error": "unknown control endpoint"})
        else:
            self.respond(404, {"error": "unknown control endpoint: %s %s" % (method, "/_emulator" + path)})


def parse_fault(data):
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    unknown = set(data) - {"endpoint", "kind", "count", "seconds"}
    if unknown:
        raise ValueError("unknown keys: %s" % ", ".join(sorted(unknown)))
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        raise ValueError("endpoint must be a string such as /user/update or *")
    if endpoint.startswith("/v1/"):
        endpoint = endpoint[3:]
    if endpoint != "*" and not endpoint.startswith("/"):
        endpoint = "/" + endpoint
    kind = data.get("kind")
    if kind not in FAULT_KINDS:
        raise ValueError("kind must be one of %s" % ", ".join(FAULT_KINDS))
    count = data.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FAULT_COUNT:
        raise ValueError("count must be an integer between 1 and %d" % MAX_FAULT_COUNT)
    seconds = data.get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or \
            not 0 <= seconds <= MAX_FAULT_SECONDS:
        raise ValueError("seconds must be a number between 0 and %d" % MAX_FAULT_SECONDS)
    return {"endpoint": endpoint, "kind": kind, "count": count, "seconds": float(seconds)}


def reject_constant(name):
    """json.loads hook: NaN and Infinity are not JSON numbers."""
    raise ValueError("not a JSON number: %s" % name)


def wait_readable(sock, seconds):
    """True when ``sock`` has data (or EOF) within ``seconds``; poll() has no limit on descriptor numbers."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(seconds * 1000))
    return bool(select.select([sock], [], [], seconds)[0])


def descriptor_budget():
    """How many connections the process can hold open (raise the soft descriptor limit where allowed)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = MAX_CONNECTIONS + 64
        if soft != resource.RLIM_INFINITY and soft < wanted and (hard == resource.RLIM_INFINITY or hard >= wanted):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        return MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else max(16, min(MAX_CONNECTIONS, soft - 64))
    except (ImportError, ValueError, OSError):
        return MAX_CONNECTIONS


class Server(socketserver.TCPServer):
    """HTTP server with bounded concurrency.

    One thread (serve_forever) accepts connections and watches the idle ones with a selector; a fixed
    pool of WORKERS threads answers requests. A readable connection goes to a worker, which answers
    the request (and the next ones while they follow within KEEPALIVE_LINGER), then hands the
    connection back. So idle or closing connections cost no thread, at most MAX_CONNECTIONS are open
    (beyond it the longest-idle one is closed), and an idle one is closed after IDLE_TIMEOUT.
    """

    allow_reuse_address = True
    request_queue_size = 1024   # listen backlog (the kernel may cap it)
    workers = WORKERS
    idle_timeout = IDLE_TIMEOUT

    def __init__(self, address, handler_class):
        super().__init__(address, handler_class)
        self.max_connections = descriptor_budget()
        self._jobs = queue.SimpleQueue()      # handlers with a request to answer
        self._returned = deque()              # handlers whose connection goes back to the selector
        self._idle = {}                       # socket -> handler, longest idle first
        self._open = 0                        # connections accepted and not closed yet
        self._open_lock = threading.Lock()
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._threads = [threading.Thread(target=self._work, daemon=True) for dummy in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def load(self):
        """Figures for /_emulator/health: open connections, the bound, workers and threads."""
        return {"connections": self._open, "max_connections": self.max_connections, "workers": self.workers,
                "threads": threading.active_count()}

    # ---- the selector thread -----------------------------------------------------------
    def serve_forever(self, poll_interval=0.5):
        selector = selectors.DefaultSelector()
        selector.register(self.socket, selectors.EVENT_READ, "listen")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self.socket.setblocking(False)
        next_sweep = time.monotonic() + 1.0
        try:
            while not self._stop.is_set():
                for key, dummy in selector.select(poll_interval):
                    if key.data == "listen":
                        self._accept(selector)
                    elif key.data == "wake":
                        self._drain_wake()
                    elif self._idle.pop(key.fileobj, None) is not None:  # not closed earlier in this batch
                        selector.unregister(key.fileobj)
                        self._jobs.put(key.data)
                while self._returned:
                    handler = self._returned.popleft()
                    self._park(selector, handler)
                now = time.monotonic()
                if now >= next_sweep:
                    next_sweep = now + 1.0
                    self._close_idle(selector, now - self.idle_timeout)
        finally:
            for handler in list(self._idle.values()):
                self._close(handler)
            self._idle.clear()
            selector.close()
            self._stopped.set()

    def _accept(self, selector):
        for dummy in range(256):  # a bounded batch, so that the loop stays responsive
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of descriptors, aborted connection: free the longest-idle one
                if not self._close_idle(selector, None, limit=1):
                    time.sleep(0.01)
                return
            if self._open >= self.max_connections and not self._close_idle(selector, None, limit=1):
                sock.close()  # everything open is busy: refuse rather than grow
                continue
            try:
                handler = self.RequestHandlerClass(sock, address, self)
            except OSError:
                sock.close()
                continue
            with self._open_lock:
                self._open += 1
            self._park(selector, handler)

    def _park(self, selector, handler):
        handler.idle_since = time.monotonic()
        try:
            selector.register(handler.connection, selectors.EVENT_READ, handler)
        except (OSError, ValueError):
            self._close(handler)
            return
        self._idle[handler.connection] = handler

    def _close_idle(self, selector, older_than, limit=None):
        """Close idle connections (the longest idle first); how many were closed."""
        closed = 0
        for sock, handler in list(self._idle.items()):
            if (limit is not None and closed >= limit) or (older_than is not None and handler.idle_since > older_than):
                break
            selector.unregister(sock)
            del self._idle[sock]
            self._close(handler)
            closed += 1
        return closed

    def _drain_wake(self):
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    # ---- workers -------------------------------------------------------------------------
    def _work(self):
        while True:
            handler = self._jobs.get()
            if handler is None:
                return
            try:
                while handler.serve_one() and not self._stop.is_set():
                    if not handler.next_request_ready(KEEPALIVE_LINGER):
                        self._returned.append(handler)
                        self._wake()
                        break
                else:
                    self._close(handler)
            except Exception as exc:  # a client gone mid-request and the like: drop the connection
                self.handle_error(handler.request, handler.client_address, exc)
                self._close(handler)

    def _wake(self):
        try:
            self._wake_w.send(b"\0")
        except (BlockingIOError, InterruptedError):
            pass  # the selector has wake-ups pending already
        except OSError:
            pass  # closing down

    def _close(self, handler):
        try:
            handler.finish()
        except (OSError, ValueError):
            pass
        self.shutdown_request(handler.connection)
        with self._open_lock:
            self._open -= 1

    def handle_error(self, request, client_address, exc=None):
        # keep stderr quiet (and free of request data) on client disconnects and the like
        exc = exc or sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            sys.stderr.write("zoom_emulator: connection error %s\n" % type(exc).__name__)

    # ---- stopping ------------------------------------------------------------------------
    def shutdown(self):
        self._stop.set()
        self._wake()
        self._stopped.wait()

    def server_close(self):
        super().server_close()
        for dummy in self._threads:
            self._jobs.put(None)
        self._wake_r.close()
        self._wake_w.close()


class Server6(Server):
    address_family = socket.AF_INET6


def make_server(host, port, state):
    handler = type("BoundHandler", (Handler,), {"st": state})
    return (Server6 if ":" in host else Server)((host, port), handler)


def write_state_file(state, path):
    with state.lock:
        data = state.dump()
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def build_parser():
    parser = argparse.ArgumentParser(
        description="Zoom v1 User API emulator. The first line on stdout is the base URL (http://HOST:PORT/v1); "
                    "SIGTERM or SIGINT stops it. See docs/emulator.md.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on, IPv4 or IPv6 such as ::1 (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default: 0)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY,
                        help="the account's API key that requests must send (default: %(default)s)")
    parser.add_argument("--api-secret", default=DEFAULT_API_SECRET,
                        help="the account's API secret that requests must send (default: %(default)s)")
    parser.add_argument("--state-file", metavar="FILE",
                        help="load the account from FILE at start if it exists; write it there (atomically) on "
                             "SIGTERM/SIGINT")
    parser.add_argument("--rate-limit", action="store_true",
                        help="enforce v1's rate limits: 10 requests/s overall, 1 request/s on each */list endpoint")
    parser.add_argument("--seed", metavar="FILE",
                        help="JSON file in the format of POST /_emulator/seed ({\"users\": [...]}), applied at start "
                             "after the state file")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)

    state = State(args.api_key, args.api_secret, args.rate_limit)
    timezones()  # warm the cache before the first request
    if args.state_file and os.path.exists(args.state_file):
        try:
            with open(args.state_file, encoding="utf-8") as fh:
                state.load(json.load(fh))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            sys.stderr.write("zoom_emulator: cannot load state file %s: %s\n" % (args.state_file, type(exc).__name__))
            return 2
    if args.seed:
        try:
            with open(args.seed, encoding="utf-8") as fh:
                data = json.load(fh)
            with state.lock:
                seed_users(state, data["users"] if isinstance(data, dict) else data)
        except (OSError, ValueError, KeyError, TypeError, SeedError) as exc:
            sys.stderr.write("zoom_emulator: cannot seed from %s: %s\n" % (args.seed, exc))
            return 2

    try:
        server = make_server(args.host, args.port, state)
    except OSError as exc:
        sys.stderr.write("zoom_emulator: cannot listen on %s:%s: %s\n" % (args.host, args.port, exc.strerror or exc))
        return 2
    host, port = server.server_address[:2]
    if ":" in host:
        host = "[%s]" % host
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    sys.stdout.write("http://%s:%d/v1\n" % (host, port))
    sys.stdout.flush()
    while not stop.wait(0.1):
        pass
    server.shutdown()
    server.server_close()
    if args.state_file:
        try:
            write_state_file(state, args.state_file)
        except OSError as exc:
            sys.stderr.write("zoom_emulator: cannot write state file %s: %s\n" % (args.state_file, exc.strerror or exc))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
