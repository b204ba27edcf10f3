"""The v1 front-end: Zoom's v1 User API (``POST /v1/user/...``, form fields, errors in the body).

Everything v1-specific lives here and nowhere else in the emulator: the endpoint paths and their
fields, form parsing and validation, the v1 error codes and messages, the v1 numbers of status,
login type and user type, the JSON and XML rendering of v1 records, the v1 rate-limit rule and what
each fault does to a v1 answer. State is the account store's (``store.py``): this module converts
requests to store calls and store users to v1 records, and maps the store's exceptions to v1 codes.
It also gives the control API its record format (``state_record``, ``seed_spec``): the v1 field
names the test harness and seed files use.
"""

import hmac
import json
import math
import re
import time
import zoneinfo
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape as xml_escape

from .store import (
    CREATE_METHODS, RE_VANITY, SETTINGS_BOOLEANS, SETTINGS_FIELDS, STATE_FORMAT, STATE_VERSION, EmailTaken,
    OwnAssistant, PmiTaken, SeedError, StoreError, UnknownUser, VanityTaken, hash_password, now_iso,
)

PREFIX = "/v1"
DEFAULT_API_KEY = "emulator-key"
DEFAULT_API_SECRET = "emulator-secret"

# --------------------------------------------------------------------------------------
# Field tables (from the v1 OpenAPI document; tests check them against the spec file)
# --------------------------------------------------------------------------------------

BOOL_FIELDS = SETTINGS_BOOLEANS     # v1's form names are the store's setting names
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

# Order of the keys of a user record as answered by reads.
PUBLIC_KEYS = (
    ("email", "id", "account_id", "created_at", "first_name", "last_name", "pic_url", "type")
    + BOOL_FIELDS
    + ("verified", "pmi", "vanity_name", "vanity_url", "meeting_capacity", "webinar_capacity", "large_capacity",
       "option_enter_exit_chime_type", "auto_delete_cmr_days", "dept", "timezone", "host_key", "track_id", "group_id",
       "imgroup_id", "cms_user_id", "lastClientVersion", "lastLoginTime", "status", "login_type", "token", "zak",
       "zpk")
)

# v1's numbers for the store's names.
STATUS_CODES = {"active": 0, "inactive": 1, "pending": 2}
STATUS_BY_CODE = {v: k for k, v in STATUS_CODES.items()}
LOGIN_TYPE_CODES = {"facebook": 0, "google": 1, "api": 99, "zoom": 100, "sso": 101}
LOGIN_TYPE_BY_CODE = {v: k for k, v in LOGIN_TYPE_CODES.items()}
LOGIN_TYPES = tuple(LOGIN_TYPE_BY_CODE)     # 0, 1, 99, 100, 101
TYPE_CODES = {"basic": 1, "pro": 2, "corp": 3}
TYPE_BY_CODE = {v: k for k, v in TYPE_CODES.items()}

ZPK_LIFETIME = 7200
WEBINAR_CAPACITIES = (0, 100, 500, 1000, 3000, 5000, 10000)
LARGE_CAPACITIES = (0, 100, 200, 300, 500)

RE_PMI = re.compile(r"[1-9][0-9]{9}")
RE_HOST_KEY = re.compile(r"[0-9]{6}")
RE_EMAIL_PART = re.compile(r"[^@\s]+")  # one side of an email address: no @, no white space
RE_UINT = re.compile(r"[0-9]+")
# Every pattern is used with fullmatch (never match/search with "$", which accepts a trailing newline).

MAX_EMAIL_LENGTH = 254      # RFC 5321 path limit
MAX_INT = 2 ** 31 - 1       # v1 stored 32-bit ints; larger numbers are invalid values, not server errors
RE_TZ_NAME = re.compile(r"UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2}")

RATE_LIMIT_ALL = 10
RATE_LIMITED_LISTS = frozenset({"/user/list", "/user/scheduleforhost/list"})
FAULT_KINDS = ("http_500", "http_503", "rate_limit", "drop", "drop_after", "delay", "bad_json")

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


# What each refusal of the store is in v1: code and message.
STORE_ERRORS = {
    UnknownUser: (1001, "User not exist: %s."),
    EmailTaken: (1005, "User already exists: %s."),
    OwnAssistant: (1013, "A host cannot be their own assistant: %s."),
    PmiTaken: (1014, "Personal meeting ID already in use: %s."),
    VanityTaken: (1015, "Vanity name already in use: %s."),
}


def api_error(exc):
    """The v1 error of a store refusal."""
    code, message = STORE_ERRORS[type(exc)]
    return ApiError(code, message % exc.subject)


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
    """Validate a request value (a string) for a user field; answer the v1 value (``type`` as its number)."""
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


def collect(f, names):
    """Validate the given fields of a request; answer {name: v1 value}."""
    values = {}
    for name in names:
        if name in f:
            values[name] = convert_field(name, f[name])
    return values


def to_store(values):
    """Split v1 field values into the store's (profile, settings), the user type as its name."""
    profile = {}
    settings = {}
    for name, value in values.items():
        if name in SETTINGS_FIELDS:
            settings[name] = value
        elif name == "type":
            profile[name] = TYPE_BY_CODE[value]
        else:
            profile[name] = value
    return profile, settings


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------

def render(st, user):
    """The v1 record of a store user (the keys in PUBLIC_KEYS order)."""
    p = user.profile
    s = user.settings
    rec = {"email": user.email, "id": user.id, "account_id": st.account_id, "created_at": user.created_at,
           "first_name": p["first_name"], "last_name": p["last_name"], "pic_url": user.pic_url,
           "type": TYPE_CODES[p["type"]]}
    for name in BOOL_FIELDS:
        rec[name] = s[name]
    rec.update(verified=1 if user.verified else 0, pmi=p["pmi"], vanity_name=p["vanity_name"],
               vanity_url=user.vanity_url, meeting_capacity=s["meeting_capacity"],
               webinar_capacity=s["webinar_capacity"], large_capacity=s["large_capacity"],
               option_enter_exit_chime_type=s["option_enter_exit_chime_type"],
               auto_delete_cmr_days=s["auto_delete_cmr_days"], dept=p["dept"], timezone=p["timezone"],
               host_key=p["host_key"], track_id=p["track_id"], group_id=p["group_id"], imgroup_id=p["imgroup_id"],
               cms_user_id=p["cms_user_id"], lastClientVersion=user.last_client_version,
               lastLoginTime=user.last_login_time, status=STATUS_CODES[user.status],
               login_type=LOGIN_TYPE_CODES[user.login_type], token=user.token, zak=user.zak, zpk=user.zpk)
    return rec


def state_record(st, user):
    """A user as ``/_emulator/state`` shows it: the v1 record, status as a name, no host key or password."""
    rec = render(st, user)
    host_key = rec.pop("host_key")
    rec["host_key_set"] = bool(host_key)
    rec["status"] = user.status
    rec["assistants"] = [a.email for a in st.assistants_of(user)]
    rec["password_set"] = bool(user.pw_hash)
    rec["password_updated_at"] = user.pw_at
    return rec


# Seed items (POST /_emulator/seed, --seed FILE): v1 field names and values, validated as the API does.
SEED_EXTRA_KEYS = frozenset({
    "email", "id", "status", "login_type", "create_method", "password", "token", "zak", "zpk", "assistants",
    "created_at", "pic_url", "verified", "lastClientVersion", "lastLoginTime",
    # read-only / derived keys of a record (accepted so that /_emulator/state output can be fed back; ignored)
    "account_id", "vanity_url", "password_set", "password_updated_at", "host_key_set",
})
SEED_KEYS = frozenset(UPDATE_FIELDS) | SEED_EXTRA_KEYS
SEED_STRINGS = {"id": "id", "token": "token", "zak": "zak", "zpk": "zpk", "created_at": "created_at",
                "pic_url": "pic_url", "lastClientVersion": "last_client_version",
                "lastLoginTime": "last_login_time", "password": "password"}


def seed_str(name, value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise SeedError("bad value for %s: must be a string, a number or a boolean" % name)


def seed_spec(n, item):
    """The store's seed spec of seed item number ``n``; SeedError naming the item."""
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
    profile, settings = to_store(values)
    spec = {"email": email, "profile": profile, "settings": settings}
    method = item.get("create_method", "")
    if method:
        if method not in CREATE_METHODS:
            raise SeedError("users[%d]: create_method must be one of %s" % (n, ", ".join(CREATE_METHODS)))
        spec["method"] = method
    if "status" in item:
        s = item["status"]
        if isinstance(s, str) and s in STATUS_CODES:
            spec["status"] = s
        elif isinstance(s, int) and not isinstance(s, bool) and s in STATUS_BY_CODE:
            spec["status"] = STATUS_BY_CODE[s]
        else:
            raise SeedError("users[%d]: status must be active, inactive or pending" % n)
    if "login_type" in item:
        lt = item["login_type"]
        if isinstance(lt, str) and bounded_int(lt) is not None:
            lt = int(lt)
        if isinstance(lt, bool) or lt not in LOGIN_TYPES:
            raise SeedError("users[%d]: login_type must be one of 0, 1, 99, 100, 101" % n)
        spec["login_type"] = LOGIN_TYPE_BY_CODE[lt]
    for key, name in SEED_STRINGS.items():
        if key in item:
            if not isinstance(item[key], str):
                raise SeedError("users[%d]: %s must be a string" % (n, key))
            spec[name] = item[key]
    if "verified" in item:
        if item["verified"] not in (0, 1) or isinstance(item["verified"], bool):
            raise SeedError("users[%d]: verified must be 0 or 1" % n)
        spec["verified"] = item["verified"] == 1
    if "assistants" in item:
        if not isinstance(item["assistants"], list) or not all(isinstance(a, str) for a in item["assistants"]):
            raise SeedError("users[%d]: assistants must be a list of emails" % n)
        spec["assistants"] = item["assistants"]
    return spec


# State files of the emulator before the account store: v1 records ("pub") with their secrets.
LEGACY_STATE_FORMAT = "zoom-v1-emulator-state"
LEGACY_USER_KEYS = {"created_at": "created_at", "pic_url": "pic_url", "lastClientVersion": "last_client_version",
                    "lastLoginTime": "last_login_time", "token": "token", "zak": "zak", "zpk": "zpk"}


def upgrade_state(data):
    """A legacy state file's data in the store's state format (host keys stay obfuscated)."""
    users = []
    for item in data.get("users", []):
        pub = item["pub"]
        profile, settings = to_store({name: pub[name] for name in UPDATE_FIELDS if name in pub})
        user = {"id": pub["id"], "email": pub["email"], "status": STATUS_BY_CODE[pub["status"]],
                "login_type": LOGIN_TYPE_BY_CODE[pub["login_type"]], "profile": profile, "settings": settings,
                "verified": pub.get("verified", 1) == 1, "assistants": list(item.get("assistants", []))}
        user.update((name, pub[key]) for key, name in LEGACY_USER_KEYS.items() if key in pub)
        user.update((key, item[key]) for key in ("pw_hash", "pw_at", "zpk_at") if key in item)
        users.append(user)
    return {"format": STATE_FORMAT, "version": STATE_VERSION, "account_id": data.get("account_id"), "users": users}


# --------------------------------------------------------------------------------------
# Endpoints (all run with the store's lock held)
# --------------------------------------------------------------------------------------

def find(st, f, id_name="id", email_name="email"):
    """Find a user by id (wins) or email; raise 300/1001."""
    uid = f.get(id_name, "")
    if uid:
        user = st.get(uid)
        if user is None:
            raise ApiError(1001, "User not exist: %s." % uid)
        return user
    email = f.get(email_name, "")
    if not email:
        raise missing("%s or %s" % (id_name, email_name))
    user = st.get_by_email(email)
    if user is None:
        raise ApiError(1001, "User not exist: %s." % email)
    return user


def find_id(st, f):
    uid = required(f, "id")
    user = st.get(uid)
    if user is None:
        raise ApiError(1001, "User not exist: %s." % uid)
    return user


def not_pending(user):
    if user.status == "pending":
        raise ApiError(1011, "User has not accepted the invitation: %s." % user.email)


def _create(st, f, method, settings, ctx):
    email = required(f, "email")
    required(f, "type")
    if method == "autocreate":
        required(f, "password")
    check_email("email", email)
    profile, values = to_store(collect(f, ("type",) + settings))
    user = st.create_user(email, method, profile, values, ctx["pw_hash"] if method == "autocreate" else "")
    return render(st, user)


def ep_create(st, f, ctx):
    return _create(st, f, "create", CREATE_SETTINGS, ctx)


def ep_autocreate(st, f, ctx):
    return _create(st, f, "autocreate", CREATE_SETTINGS, ctx)


def ep_custcreate(st, f, ctx):
    return _create(st, f, "custcreate", CREATE_SETTINGS, ctx)


def ep_ssocreate(st, f, ctx):
    return _create(st, f, "ssocreate", SSO_SETTINGS, ctx)


def ep_get(st, f, ctx):
    user = find_id(st, f)
    if user.status == "pending":
        raise ApiError(1001, "User not exist: %s." % f["id"])
    return render(st, user)


def ep_getbyemail(st, f, ctx):
    email = check_email("email", required(f, "email"))
    login_type = optional_int(f, "login_type", None, allowed=LOGIN_TYPES, reason="must be one of 0, 1, 99, 100, 101")
    user = st.get_by_email(email)
    if user is None or user.status == "pending" or \
            (login_type is not None and login_type != LOGIN_TYPE_CODES[user.login_type]):
        raise ApiError(1001, "User not exist: %s." % email)
    return render(st, user)


def ep_checkemail(st, f, ctx):
    email = check_email("email", required(f, "email"))
    return {"existed_email": st.get_by_email(email) is not None}


def _page(st, f, statuses):
    page_size = optional_int(f, "page_size", 30, minimum=1, maximum=300, reason="must be an integer between 1 and 300")
    page_number = optional_int(f, "page_number", 1, minimum=1,
                               reason="must be an integer between 1 and %d" % MAX_INT)
    users = st.users_with_status(statuses)
    total = len(users)
    start = (page_number - 1) * page_size
    return {"page_count": math.ceil(total / page_size), "total_records": total, "page_number": page_number,
            "page_size": page_size, "users": [render(st, user) for user in users[start:start + page_size]]}


def ep_list(st, f, ctx):
    return _page(st, f, ("active", "inactive"))


def ep_pending(st, f, ctx):
    return _page(st, f, ("pending",))


def ep_update(st, f, ctx):
    uid = required(f, "id")
    values = collect(f, UPDATE_FIELDS)
    user = find_id(st, f)
    not_pending(user)
    profile, settings = to_store(values)
    st.update_user(user, profile, settings)
    return {"id": uid, "updated_at": now_iso()}


def ep_updatepassword(st, f, ctx):
    uid = required(f, "id")
    required(f, "password")
    user = find_id(st, f)
    not_pending(user)
    return {"id": uid, "updated_at": st.set_password(user, ctx["pw_hash"])}


def _set_status(st, f, status, key):
    uid = required(f, "id")
    user = find_id(st, f)
    not_pending(user)
    st.set_status(user, status)
    return {"id": uid, key: now_iso()}


def ep_activate(st, f, ctx):
    return _set_status(st, f, "active", "activated_at")


def ep_deactivate(st, f, ctx):
    return _set_status(st, f, "inactive", "deactivated_at")


def ep_delete(st, f, ctx):
    uid = required(f, "id")
    kind = optional_int(f, "type", 0, allowed=(0, 1), reason="must be 0 or 1")
    user = find_id(st, f)
    if (user.status == "pending") != (kind == 1):
        raise ApiError(1001, "User not exist: %s." % uid)
    st.remove(user)
    return {"id": uid, "account_id": st.account_id, "deleted_at": now_iso()}


def ep_permanentdelete(st, f, ctx):
    user = find(st, f)
    st.remove(user)
    return {"id": user.id, "email": user.email, "deleted_at": now_iso()}


def ep_assistant_set(st, f, ctx):
    assistant_email = required(f, "assistant_email")
    if not f.get("id") and not f.get("host_email"):
        raise missing("id or host_email")
    check_email("assistant_email", assistant_email)
    host = find(st, f, "id", "host_email")
    assistant = st.get_by_email(assistant_email)
    if assistant is None:
        raise ApiError(1010, "User not in this account: %s." % assistant_email)
    if assistant is host:
        raise api_error(OwnAssistant(host.email))
    for user in (host, assistant):
        not_pending(user)
    for user in (host, assistant):
        if user.status != "active":
            raise ApiError(1012, "User is not active: %s." % user.email)
    st.add_assistant(host, assistant)
    return {"id": host.id, "host_email": host.email, "updated_at": now_iso()}


def ep_assistant_delete(st, f, ctx):
    host = find(st, f, "id", "host_email")
    st.clear_assistants(host)
    return {"id": host.id, "host_email": host.email, "updated_at": now_iso()}


def ep_scheduleforhost_list(st, f, ctx):
    host = find(st, f, "id", "host_email")
    users = [{"id": a.id, "email": a.email, "first_name": a.profile["first_name"], "last_name": a.profile["last_name"]}
             for a in st.assistants_of(host)]
    return {"total_records": len(users), "users": users}


def ep_checkzpk(st, f, ctx):
    zpk = required(f, "zpk")
    user = st.get_by_zpk(zpk)
    if user is None:
        raise ApiError(1020, "Invalid zpk.")
    return {"expire_in": max(0, int(user.zpk_at + ZPK_LIFETIME - time.time()))}


def ep_revoketoken(st, f, ctx):
    user = find(st, f)
    not_pending(user)
    st.rotate_tokens(user)
    return {"id": user.id, "email": user.email, "updated_at": now_iso()}


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


def rate_windows(endpoint):
    """v1's rate rule as store windows: 10 requests/s overall, 1 request/s on each */list endpoint."""
    windows = [("v1", RATE_LIMIT_ALL, 1.0)]
    if endpoint in RATE_LIMITED_LISTS:
        windows.append(("v1" + endpoint, 1, 1.0))
    return windows


# --------------------------------------------------------------------------------------
# Rendering
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


XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


def encode(result, xml):
    """The body and content type of a v1 answer (``data_type=XML`` or JSON)."""
    if xml:
        return ('<?xml version="1.0" encoding="UTF-8"?>' + to_xml(result)).encode("utf-8"), XML_TYPE
    return json.dumps(result).encode("utf-8"), JSON_TYPE


# --------------------------------------------------------------------------------------
# The front-end
# --------------------------------------------------------------------------------------

class V1FrontEnd:
    """Answers ``/v1/...`` requests from the store; the server hands each request to ``handle``."""

    prefix = PREFIX
    fault_kinds = FAULT_KINDS

    def __init__(self, store, api_key=DEFAULT_API_KEY, api_secret=DEFAULT_API_SECRET, rate_limit=False):
        self.store = store
        self.api_key = api_key
        self.api_secret = api_secret
        self.rate_limit = rate_limit

    # the control API's record format
    def state_record(self, user):
        return state_record(self.store, user)

    def seed_spec(self, n, item):
        return seed_spec(n, item)

    def handle(self, conn, method, endpoint, query, body):
        """Answer one request to ``/v1<endpoint>`` on ``conn`` (the server's connection handler)."""
        st = self.store
        fields = dict(parse_qsl(query, keep_blank_values=True))
        ctype = conn.headers.get("Content-Type", "")
        if body and "multipart/" not in ctype and "json" not in ctype:
            fields.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        entry = {"endpoint": endpoint,
                 "fields": sorted(k for k in fields if k not in ("api_key", "api_secret", "data_type"))}
        xml = fields.get("data_type", "").upper() == "XML"
        handler = ENDPOINTS.get(endpoint)
        if handler is None:
            entry["error"] = 404
            with st.lock:
                st.log_call(entry)
            conn.respond(404, {"error": {"code": 404, "message": "Endpoint not found: /v1%s." % endpoint}})
            return
        if method != "POST":
            entry["error"] = 405
            with st.lock:
                st.log_call(entry)
            conn.not_allowed(method, ("POST",))
            return
        with st.lock:
            fault = st.take_fault(endpoint)
            kind = fault["kind"] if fault else None
            if kind:
                entry["fault"] = kind
            if kind in ("drop", "http_500", "http_503", "rate_limit", "bad_json"):
                if kind == "rate_limit":
                    entry["error"] = 403
                st.log_call(entry)
        if kind == "drop":
            conn.drop()
            return
        if kind in ("http_500", "http_503"):
            code = 500 if kind == "http_500" else 503
            conn.respond(code, {"error": {"code": code, "message": conn.reason(code) + "."}})
            return
        if kind == "rate_limit":
            payload, content_type = encode({"error": {"code": 403, "message": MSG_RATE}}, xml)
            conn.respond(200, None, raw=payload, content_type=content_type)
            return
        if kind == "bad_json":
            conn.respond(200, None, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>")
            return
        if kind == "delay":
            time.sleep(fault["seconds"])  # bounded by the control API
        ctx = {}
        if endpoint in PASSWORD_ENDPOINTS and fields.get("password") and \
                fields.get("api_key") == self.api_key and fields.get("api_secret") == self.api_secret:
            ctx["pw_hash"] = hash_password(fields["password"])  # outside the lock: it is slow on purpose
        with st.lock:
            try:
                if self.rate_limit and not st.admit(rate_windows(endpoint), time.monotonic()):
                    raise ApiError(403, MSG_RATE)
                key = fields.get("api_key", "")
                secret = fields.get("api_secret", "")
                if not key or not secret or not hmac.compare_digest(key.encode(), self.api_key.encode()):
                    raise ApiError(200, "Invalid api key or secret.")
                if not hmac.compare_digest(secret.encode(), self.api_secret.encode()):
                    raise ApiError(102, "You app key and secret doesn't match.")
                try:
                    result = handler(st, fields, ctx)
                except StoreError as exc:
                    raise api_error(exc)
            except ApiError as exc:
                entry["error"] = exc.code
                result = {"error": {"code": exc.code, "message": exc.message}}
            st.log_call(entry)
            if kind != "drop_after":
                payload, content_type = encode(result, xml)
        if kind == "drop_after":
            conn.drop()
            return
        conn.respond(200, None, raw=payload, content_type=content_type)
