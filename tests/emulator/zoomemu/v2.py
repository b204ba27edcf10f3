"""The v2 front-end: Zoom's REST API v2 for users (``/v2/users...``, JSON, bearer tokens) and its OAuth
token endpoint (``POST /oauth/token``, Server-to-Server OAuth).

Everything v2-specific lives here: the REST routes and their path templates, JSON parsing and
validation, v2's HTTP statuses, error codes and messages, v2's numbers for user and login types,
the nested v2 settings (converted from and to the store's settings, which keep the collection's
v1-era names: ``disable_chat`` is ``in_meeting.chat`` inverted), the records, bearer-token checks,
scopes, opaque page tokens, the v2 rate rule (429 with ``Retry-After`` and ``X-RateLimit-*``
headers) and what each fault does to a v2 answer. The facts and their sources are in
``../shared/spec/v2-mapping.md`` of the project (copied in docs/docsite/rst/emulator.rst, "API v2").
"""

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
import time
from email.utils import formatdate
from urllib.parse import parse_qsl, unquote

from .store import (
    RE_VANITY, EmailTaken, OwnAssistant, PmiTaken, StoreError, UnknownUser, VanityTaken, hash_password, is_email,
)

PREFIX = "/v2"
OAUTH_PREFIX = "/oauth"
DEFAULT_ACCOUNT_ID = "emulator-account"
DEFAULT_CLIENT_ID = "emulator-client"
DEFAULT_CLIENT_SECRET = "emulator-client-secret"
DEFAULT_TOKEN_TTL = 3600
# Scopes a token carries unless the control API restricts them (classic admin scopes cover every call).
DEFAULT_SCOPES = ("user:read:admin", "user:write:admin", "group:read:admin", "group:write:admin")
PAGE_TOKEN_TTL = 15 * 60         # Zoom: a next_page_token expires after 15 minutes
DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 300              # the spec says 2000; clients and docs long used 300: the emulator enforces 300
MAX_ASSISTANTS_PER_CALL = 30
MAX_KEPT = 10000                 # access or page tokens kept before expired ones are forgotten

FAULT_KINDS = ("http_500", "http_503", "rate_limit", "drop", "drop_after", "delay", "bad_json",
               "rate_limit_no_retry_after", "rate_limit_http_date", "rate_limit_iso_date", "rate_limit_daily",
               "rate_limit_daily_bare", "empty_body")

# v2's numbers for the store's names.
V2_USER_TYPES = {"basic": 1, "pro": 2, "corp": 3, "unassigned": 4, "none": 99}
V2_USER_TYPE_NAMES = {1: "basic", 2: "pro", 4: "unassigned", 99: "none"}     # 3 (on-prem) cannot be set
V2_LOGIN_TYPES = {"facebook": 0, "google": 1, "api": 99, "zoom": 100, "sso": 101}
CREATE_ACTIONS = {"create": "create", "autoCreate": "autocreate", "custCreate": "custcreate",
                  "ssoCreate": "ssocreate"}

# v2 settings path -> (store setting, inverted). The two "combined" v2 fields are below.
SETTINGS_MAP = {
    ("in_meeting", "chat"): ("disable_chat", True),
    ("in_meeting", "e2e_encryption"): ("enable_e2e_encryption", False),
    ("in_meeting", "attendee_on_hold"): ("enable_silent_mode", False),
    ("in_meeting", "group_hd"): ("disable_group_hd", True),
    ("recording", "local_recording"): ("disable_recording", True),
    ("recording", "cloud_recording"): ("enable_cmr", False),
    ("recording", "record_speaker_view"): ("enable_record_speaker_view", False),
    ("recording", "record_gallery_view"): ("enable_record_gallery_view", False),
    ("recording", "record_audio_file"): ("enable_record_audio_file", False),
    ("feature", "webinar"): ("enable_webinar", False),
    ("feature", "large_meeting"): ("enable_large", False),
    ("in_meeting", "feedback"): ("disable_feedback", True),
    ("email_notification", "jbh_reminder"): ("disable_jbh_reminder", True),
    ("in_meeting", "breakout_room"): ("enable_breakout_room", False),
    ("in_meeting", "polling"): ("enable_polling", False),
    ("in_meeting", "annotation"): ("enable_annotation", False),
    ("in_meeting", "share_dual_camera"): ("enable_share_dual_camera", False),
    ("in_meeting", "far_end_camera_control"): ("enable_far_end_camera_control", False),
    ("in_meeting", "private_chat"): ("disable_private_chat", True),
    ("email_notification", "cancel_meeting_reminder"): ("disable_cancel_meeting_notification", True),
    ("in_meeting", "remote_support"): ("enable_remote_support", False),
    ("in_meeting", "file_transfer"): ("enable_file_transfer", False),
    ("in_meeting", "virtual_background"): ("enable_virtual_background", False),
    ("in_meeting", "waiting_room"): ("enable_waiting_room", False),
    ("schedule_meeting", "use_pmi_for_instant_meetings"): ("enable_use_pmi", False),
    ("in_meeting", "closed_caption"): ("enable_closed_caption", False),
    ("in_meeting", "co_host"): ("enable_co_host", False),
    ("in_meeting", "auto_saving_chat"): ("enable_auto_saving_chats", False),
    ("schedule_meeting", "pstn_password_protected"): ("enable_phone_participants_password", False),
    ("recording", "auto_delete_cmr"): ("enable_auto_delete_cmr", False),
}
# v2 integer settings -> (store setting, allowed values or None for 0..MAX_INT)
SETTINGS_INTS = {
    ("feature", "meeting_capacity"): ("meeting_capacity", None),
    ("feature", "webinar_capacity"): ("webinar_capacity", (100, 500, 501, 1000, 1001, 3000, 5000, 10000)),
    ("feature", "large_meeting_capacity"): ("large_capacity", (500, 1000)),
    ("recording", "auto_delete_cmr_days"): ("auto_delete_cmr_days", (30, 60, 90, 120)),
}
AUTO_RECORDING = ("recording", "auto_recording")        # local | cloud | none
ENTRY_EXIT_CHIME = ("in_meeting", "entry_exit_chime")   # host | all | none
SETTINGS_GROUPS = ("email_notification", "feature", "in_meeting", "recording", "schedule_meeting")
MAX_INT = 2 ** 31 - 1

RE_PMI = re.compile(r"[1-9][0-9]{9}")
RE_HOST_KEY = re.compile(r"[0-9]{6,10}")
PROFILE_STRINGS = {"first_name": 64, "last_name": 64, "dept": 255, "timezone": 64, "cms_user_id": 255,
                   "group_id": 64}

MSG_RATE_QPS = "You have reached the maximum per-second rate limit for this API. Try again later."
MSG_RATE_DAILY = ("You have exceeded the daily rate limit (%d) of %s API requests permitted for this particular "
                  "account. You may resume these requests at GMT 00:00:00.")
# v2 rate categories (the spec's labels) and Pro-plan per-second limits (--rate-limit)
QPS_LIMITS = {"Light": 30, "Medium": 20}


class V2Error(Exception):
    """A v2 error answer: HTTP status, code, message and optional validation ``errors``."""

    def __init__(self, status, code, message, errors=None, headers=()):
        super().__init__(status, code, message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = tuple(headers)

    def body(self):
        body = {"code": self.code, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
        return body


def not_found(user_id):
    return V2Error(404, 1001, "User does not exist: %s." % user_id)


def validation(field, message):
    return V2Error(400, 300, "Validation Failed.", [{"field": field, "message": message}])


def pending_error(message):
    return V2Error(400, 1000, message)


def store_error(exc):
    """The v2 error of a store refusal."""
    if isinstance(exc, UnknownUser):
        return not_found(exc.subject)
    if isinstance(exc, EmailTaken):
        return V2Error(409, 1005, "Email %s has already been used." % exc.subject)
    if isinstance(exc, VanityTaken):
        return V2Error(400, 4100, "The personal link name %s is already taken. Choose another Personal Link Name."
                       % exc.subject)
    if isinstance(exc, PmiTaken):
        return validation("pmi", "Personal meeting ID %s is already in use." % exc.subject)
    if isinstance(exc, OwnAssistant):
        return V2Error(400, 200, "Can't assign scheduling privilege to yourself.")
    raise exc  # pragma: no cover - a new store refusal must get its v2 error


# --------------------------------------------------------------------------------------
# Routes: (method, path template) -> (handler, rate category, scopes that allow it)
# --------------------------------------------------------------------------------------

READ = ("user:read", "user:write", "user:read:admin", "user:write:admin")
WRITE = ("user:write", "user:write:admin")


GROUP_WRITE = ("group:write:admin",)


def _route(handler, category, *granular):
    if granular[0].startswith("group:"):
        return handler, category, GROUP_WRITE + granular
    return handler, category, (READ if granular[0].startswith("user:read") else WRITE) + granular


def template_of(path):
    """(template, {parameter: value}) of a /v2 path (without the prefix), or (None, {})."""
    parts = path.strip("/").split("/")
    if parts[0] == "groups" and len(parts) in (3, 4) and parts[2] == "members":
        params = {"groupId": unquote(parts[1])}
        if len(parts) == 3:
            return "/groups/{groupId}/members", params
        params["memberId"] = unquote(parts[3])
        return "/groups/{groupId}/members/{memberId}", params
    if parts[0] != "users":
        return None, {}
    if len(parts) == 1:
        return "/users", {}
    if len(parts) == 2:
        if parts[1] in ("email", "vanity_name"):
            return "/users/" + parts[1], {}
        return "/users/{userId}", {"userId": unquote(parts[1])}
    params = {"userId": unquote(parts[1])}
    if len(parts) == 3 and parts[2] in ("settings", "status", "password", "token", "assistants", "schedulers"):
        return "/users/{userId}/" + parts[2], params
    if len(parts) == 4 and parts[2] == "assistants":
        params["assistantId"] = unquote(parts[3])
        return "/users/{userId}/assistants/{assistantId}", params
    return None, {}


# --------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------

def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def password_problem(password):
    """Why ``password`` breaks Zoom's basic policy (8-32 characters, a letter, a digit, upper and lower
    case, no character four times in a row), or None."""
    if not isinstance(password, str) or not 8 <= len(password) <= 32:
        return "must have 8 to 32 characters"
    if not (any(c.islower() for c in password) and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)):
        return "must have upper and lower case letters and a digit"
    if any(password[i] * 4 == password[i:i + 4] for i in range(len(password) - 3)):
        return "must not repeat a character four times"
    return None


MAX_NAME_DEPTH = 8    # a hostile body nested hundreds deep is logged by its first levels only


def flat_names(value, prefix="", depth=0):
    """The names in a JSON body, nested objects as dotted paths (values never)."""
    names = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = prefix + str(key)
            if isinstance(item, dict) and item and depth < MAX_NAME_DEPTH:
                names.extend(flat_names(item, name + ".", depth + 1))
            else:
                names.append(name)
    return names


def next_midnight(now):
    return (int(now) // 86400 + 1) * 86400


def iso_date(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------

def group_ids(profile):
    """Every group a store user is a member of: its group (v1's one) first, then the others v2 added."""
    first = [profile["group_id"]] if profile["group_id"] else []
    return first + [group for group in profile["more_group_ids"] if group not in first]


def user_record(st, user):
    """``GET /users/{userId}``: the v2 keys of the spec the store can fill (never host key or user tokens)."""
    p = user.profile
    return {
        "id": user.id, "created_at": user.created_at[:19] + "Z", "user_created_at": user.created_at[:19] + "Z",
        "dept": p["dept"], "email": user.email, "first_name": p["first_name"], "last_name": p["last_name"],
        "display_name": ("%s %s" % (p["first_name"], p["last_name"])).strip(),
        "last_client_version": user.last_client_version, "last_login_time": user.last_login_time,
        "pmi": p["pmi"], "role_name": "Member", "role_id": "2", "timezone": p["timezone"],
        "type": V2_USER_TYPES[p["type"]], "use_pmi": user.settings["enable_use_pmi"],
        "account_id": st.account_id, "cms_user_id": p["cms_user_id"],
        "group_ids": group_ids(p),
        "im_group_ids": [p["imgroup_id"]] if p["imgroup_id"] else [],
        "language": "en-US", "login_types": [V2_LOGIN_TYPES[user.login_type]],
        "personal_meeting_url": "https://zoom.us/j/%d" % p["pmi"], "pic_url": user.pic_url,
        "status": user.status, "vanity_url": user.vanity_url, "verified": 1 if user.verified else 0,
    }


def list_item(st, user):
    """An entry of ``GET /users``; pending users come without ``id`` (as Zoom lists them)."""
    p = user.profile
    item = {"id": user.id, "created_at": user.created_at[:19] + "Z", "user_created_at": user.created_at[:19] + "Z",
            "dept": p["dept"], "email": user.email, "first_name": p["first_name"], "last_name": p["last_name"],
            "display_name": ("%s %s" % (p["first_name"], p["last_name"])).strip(),
            "group_ids": group_ids(p),
            "im_group_ids": [p["imgroup_id"]] if p["imgroup_id"] else [],
            "last_client_version": user.last_client_version, "last_login_time": user.last_login_time,
            "pmi": p["pmi"], "role_id": "2", "status": user.status, "timezone": p["timezone"],
            "type": V2_USER_TYPES[p["type"]], "verified": 1 if user.verified else 0}
    if user.status == "pending":
        del item["id"]
    return item


def settings_record(user):
    """The nested v2 settings of a store user (the paths of the mapping, inversions applied)."""
    s = user.settings
    out = {group: {} for group in SETTINGS_GROUPS}
    for (group, key), (name, inverted) in SETTINGS_MAP.items():
        out[group][key] = (not s[name]) if inverted else bool(s[name])
    for (group, key), (name, dummy) in SETTINGS_INTS.items():
        out[group][key] = s[name]
    if s["enable_cloud_auto_recording"]:
        auto = "cloud"
    elif s["enable_auto_recording"]:
        auto = "local"
    else:
        auto = "none"
    out["recording"]["auto_recording"] = auto
    if not s["enable_enter_exit_chime"]:
        chime = "none"
    else:
        chime = "host" if s["option_enter_exit_chime_type"] == 1 else "all"
    out["in_meeting"]["entry_exit_chime"] = chime
    return out


def settings_to_store(body):
    """Validate a settings PATCH body; answer the store settings it sets (V2Error 300 on a bad value).

    Unknown groups and keys are accepted and ignored (Zoom ignores deprecated or other settings).
    """
    if not isinstance(body, dict):
        raise validation("body", "must be a JSON object")
    changes = {}
    for group, values in body.items():
        if group not in SETTINGS_GROUPS:
            continue
        if not isinstance(values, dict):
            raise validation(group, "must be an object")
        for key, value in values.items():
            path = (group, key)
            field = "%s.%s" % path
            if path in SETTINGS_MAP:
                name, inverted = SETTINGS_MAP[path]
                if not isinstance(value, bool):
                    raise validation(field, "must be a boolean")
                changes[name] = (not value) if inverted else value
            elif path in SETTINGS_INTS:
                name, allowed = SETTINGS_INTS[path]
                if not is_int(value) or not 0 <= value <= MAX_INT or (allowed and value not in allowed):
                    raise validation(field, "must be one of %s" % ", ".join(map(str, allowed)) if allowed
                                     else "must be an integer between 0 and %d" % MAX_INT)
                changes[name] = value
            elif path == AUTO_RECORDING:
                if value not in ("local", "cloud", "none"):
                    raise validation(field, "must be local, cloud or none")
                changes["enable_auto_recording"] = value != "none"
                changes["enable_cloud_auto_recording"] = value == "cloud"
            elif path == ENTRY_EXIT_CHIME:
                if value not in ("host", "all", "none"):
                    raise validation(field, "must be host, all or none")
                changes["enable_enter_exit_chime"] = value != "none"
                if value != "none":
                    changes["option_enter_exit_chime_type"] = 1 if value == "host" else 0
    return changes


def profile_to_store(body, user):
    """Validate a ``PATCH /users/{userId}`` body; answer the store profile and settings it sets."""
    if not isinstance(body, dict):
        raise validation("body", "must be a JSON object")
    profile = {}
    settings = {}
    for name, value in body.items():
        if name in PROFILE_STRINGS:
            if not isinstance(value, str) or len(value) > PROFILE_STRINGS[name]:
                raise validation(name, "must be a string of at most %d characters" % PROFILE_STRINGS[name])
            profile[name] = value
        elif name == "type":
            if not is_int(value) or value not in V2_USER_TYPE_NAMES or value == 99:
                raise validation(name, "must be 1, 2 or 4")
            profile[name] = V2_USER_TYPE_NAMES[value]
        elif name == "pmi":
            if not is_int(value) or not RE_PMI.fullmatch(str(value)):
                raise validation(name, "must be a 10-digit number between 1000000000 and 9999999999")
            profile[name] = value
        elif name == "vanity_name":
            if not isinstance(value, str) or (value and not RE_VANITY.fullmatch(value)):
                raise validation(name, "must start with a letter and have 5 to 40 letters, digits or dots")
            profile[name] = value
        elif name == "host_key":
            if not isinstance(value, str) or not RE_HOST_KEY.fullmatch(value):
                raise validation(name, "must be 6 to 10 digits")
            profile[name] = value
        elif name == "use_pmi":
            if not isinstance(value, bool):
                raise validation(name, "must be a boolean")
            settings["enable_use_pmi"] = value
        # other keys of the spec (company, job_title, ...) are accepted and not kept
    if user.status == "pending":  # Zoom accepts the call and applies only the group (SailPoint's observation)
        profile = {k: v for k, v in profile.items() if k == "group_id"}
        settings = {}
    return profile, settings


# --------------------------------------------------------------------------------------
# Endpoints (run with the store's lock held): answer (HTTP status, JSON body or None)
# --------------------------------------------------------------------------------------

def find_user(st, user_id):
    user = st.get(user_id) or (st.get_by_email(user_id) if "@" in user_id else None)
    if user is None:
        raise not_found(user_id)
    return user


def find_active(st, user_id, pending_message):
    user = find_user(st, user_id)
    if user.status == "pending":
        raise pending_error(pending_message)
    return user


def ep_list_users(fe, st, req):
    q = req["query"]
    status = q.get("status", "active")
    if status not in ("active", "inactive", "pending"):
        raise validation("status", "must be active, inactive or pending")
    page_size = q.get("page_size", str(DEFAULT_PAGE_SIZE))
    if not re.fullmatch(r"[0-9]{1,4}", page_size) or not 1 <= int(page_size) <= MAX_PAGE_SIZE:
        raise validation("page_size", "must be an integer between 1 and %d" % MAX_PAGE_SIZE)
    page_size = int(page_size)
    offset = 0
    token = q.get("next_page_token", "")
    now = time.time()
    if token:
        bound = st.page_tokens.get(token)
        if bound is None or bound[0] != (status, page_size) or bound[2] < now:
            raise V2Error(400, 300, "The next page token is invalid or expired.")
        offset = bound[1]
    users = st.users_with_status((status,))
    page = users[offset:offset + page_size]
    next_token = ""
    if offset + page_size < len(users):
        if len(st.page_tokens) >= MAX_KEPT:   # keep memory bounded: forget expired page tokens
            st.page_tokens = {key: bound for key, bound in st.page_tokens.items() if bound[2] >= now}
        next_token = secrets.token_urlsafe(24)
        st.page_tokens[next_token] = ((status, page_size), offset + page_size, now + fe.page_token_ttl)
    return 200, {"next_page_token": next_token, "page_count": -(-len(users) // page_size),
                 "page_number": offset // page_size + 1, "page_size": page_size, "total_records": len(users),
                 "users": [list_item(st, user) for user in page]}


def ep_create_user(fe, st, req):
    body = req["body"]
    if not isinstance(body, dict) or "action" not in body:
        raise validation("action", "is required")
    action = body["action"]
    if action not in CREATE_ACTIONS:
        raise validation("action", "must be create, autoCreate, custCreate or ssoCreate")
    info = body.get("user_info")
    if not isinstance(info, dict):
        raise validation("user_info", "is required")
    email = info.get("email")
    if not email:
        raise validation("user_info.email", "Email is required.")
    if not is_email(email):
        raise validation("user_info.email", "Invalid email address.")
    user_type = info.get("type")
    if user_type is None:
        raise validation("user_info.type", "is required")
    if not is_int(user_type) or user_type not in V2_USER_TYPE_NAMES:
        raise validation("user_info.type", "must be 1, 2, 4 or 99")
    if user_type == 99 and action != "ssoCreate":
        raise validation("user_info.type", "99 (None) is only allowed with ssoCreate")
    profile = {"type": V2_USER_TYPE_NAMES[user_type]}
    for name in ("first_name", "last_name"):
        if name in info:
            if not isinstance(info[name], str) or len(info[name]) > 64:
                raise validation("user_info." + name, "must be a string of at most 64 characters")
            profile[name] = info[name]
    pw_hash = ""
    if action == "autoCreate":
        if "password" not in info:
            raise validation("user_info.password", "is required for autoCreate")
        problem = password_problem(info["password"])
        if problem:
            raise validation("user_info.password", problem)
        pw_hash = req["pw_hash"]
    user = st.create_user(email, CREATE_ACTIONS[action], profile, None, pw_hash)
    return 201, {"id": user.id, "email": user.email, "first_name": user.profile["first_name"],
                 "last_name": user.profile["last_name"], "type": V2_USER_TYPES[user.profile["type"]]}


def ep_get_user(fe, st, req):
    user = find_user(st, req["params"]["userId"])
    login_type = req["query"].get("login_type")
    if login_type is not None and login_type != str(V2_LOGIN_TYPES[user.login_type]):
        raise not_found(req["params"]["userId"])
    return 200, user_record(st, user)


def ep_update_user(fe, st, req):
    user = find_user(st, req["params"]["userId"])
    profile, settings = profile_to_store(req["body"], user)
    st.update_user(user, profile, settings)
    return 204, None


def ep_delete_user(fe, st, req):
    user = find_user(st, req["params"]["userId"])
    q = req["query"]
    action = q.get("action", "disassociate")
    if action not in ("disassociate", "delete"):
        raise validation("action", "must be disassociate or delete")
    if user.status == "pending" and (action == "delete" or any(k.startswith("transfer_") for k in q)):
        # PSZoom #109/#115: a pending invitation is deleted without an action (disassociate is tolerated)
        raise not_found(req["params"]["userId"])
    st.remove(user)
    return 204, None


def ep_get_settings(fe, st, req):
    user = find_active(st, req["params"]["userId"], "Can not access pending user settings.")
    return 200, settings_record(user)


def ep_update_settings(fe, st, req):
    user = find_active(st, req["params"]["userId"], "Can not access pending user settings.")
    st.update_user(user, None, settings_to_store(req["body"]))
    return 204, None


def ep_set_status(fe, st, req):
    body = req["body"]
    action = body.get("action") if isinstance(body, dict) else None
    if action not in ("activate", "deactivate"):
        raise validation("action", "must be activate or deactivate")
    user = find_active(st, req["params"]["userId"], "Pending user can not be activated or deactivated.")
    st.set_status(user, "active" if action == "activate" else "inactive")
    return 200, None


def ep_set_password(fe, st, req):
    body = req["body"]
    if not isinstance(body, dict) or "password" not in body:
        raise validation("password", "is required")
    user = find_active(st, req["params"]["userId"], "Pending user can not change password.")
    if user.login_type != "zoom":
        raise V2Error(400, 1123, "Can only update password of Zoom work email account.")
    problem = password_problem(body["password"])
    if problem:
        raise validation("password", problem)
    st.set_password(user, req["pw_hash"])
    return 204, None


def ep_revoke_token(fe, st, req):
    user = find_active(st, req["params"]["userId"], "Pending user has no SSO token.")
    st.rotate_tokens(user)
    return 204, None


def ep_list_assistants(fe, st, req):
    host = find_user(st, req["params"]["userId"])
    return 200, {"assistants": [{"id": a.id, "email": a.email} for a in st.assistants_of(host)]}


def body_items(req, key):
    """The non-empty list under ``key`` of a request body, at most MAX_ASSISTANTS_PER_CALL (30, Zoom's limit for
    assistants and for group members alike) long; a validation error otherwise."""
    body = req["body"]
    items = body.get(key) if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise validation(key, "is required")
    if len(items) > MAX_ASSISTANTS_PER_CALL:
        raise validation(key, "at most %d %s per request" % (MAX_ASSISTANTS_PER_CALL, key))
    return items


def ep_add_assistants(fe, st, req):
    items = body_items(req, "assistants")
    host = find_active(st, req["params"]["userId"], "Pending user can not have assistants.")
    found = []
    for item in items:  # all or nothing: every entry is checked before any is added
        key = (item.get("id") or item.get("email")) if isinstance(item, dict) else None
        if not isinstance(key, str) or not key:
            raise validation("assistants", "each entry needs an id or an email")
        assistant = st.get(key) or (st.get_by_email(key) if "@" in key else None)
        if assistant is None:
            raise V2Error(404, 1001, "Can't find user %s." % key)
        if assistant is host:
            raise store_error(OwnAssistant(host.email))
        if assistant.status != "active" or host.status != "active":
            inactive = host if host.status != "active" else assistant
            raise V2Error(400, 200, "User %s is not active." % inactive.email)
        if assistant.id in host.assistants or assistant in found:
            raise V2Error(400, 200, "User %s already has the scheduling privilege for you." % assistant.email)
        found.append(assistant)
    for assistant in found:
        st.add_assistant(host, assistant)
    return 201, {"ids": ",".join(a.id for a in found), "add_at": iso_date(time.time())}


def ep_clear_assistants(fe, st, req):
    st.clear_assistants(find_user(st, req["params"]["userId"]))
    return 204, None


def ep_remove_assistant(fe, st, req):
    host = find_user(st, req["params"]["userId"])
    key = req["params"]["assistantId"]
    assistant = st.get(key) or (st.get_by_email(key) if "@" in key else None)
    if assistant is None:
        raise not_found(key)
    st.remove_assistant(host, assistant)  # removing one that is no assistant: 204, nothing changes
    return 204, None


def ep_check_email(fe, st, req):
    email = req["query"].get("email", "")
    if not email:
        raise validation("email", "is required")
    user = st.get_by_email(email)
    # the spec's note: true only for Zoom work-email users (false for SSO, Google, Facebook, API users)
    return 200, {"existed_email": user is not None and user.login_type == "zoom"}


def ep_add_group_members(fe, st, req):
    """Adds the membership (v2 users may be in several groups): a user without a group gets it as its group (what
    v1 shows), a user with one keeps it and gets another; a member already is left as it is."""
    items = body_items(req, "members")
    found = []
    for item in items:
        key = (item.get("id") or item.get("email")) if isinstance(item, dict) else None
        if not isinstance(key, str) or not key:
            raise validation("members", "each entry needs an id or an email")
        user = find_user(st, key)
        if user.status == "pending":
            raise pending_error("Pending user %s can not be added to a group: set group_id on the user." % key)
        found.append(user)
    group = req["params"]["groupId"]
    for user in found:
        if not user.profile["group_id"]:
            st.update_user(user, {"group_id": group})
        elif group not in group_ids(user.profile):
            st.update_user(user, {"more_group_ids": tuple(user.profile["more_group_ids"]) + (group,)})
    return 201, {"ids": ",".join(u.id for u in found), "added_at": iso_date(time.time())}


def ep_remove_group_member(fe, st, req):
    user = find_user(st, req["params"]["memberId"])
    group = req["params"]["groupId"]
    rest = [other for other in group_ids(user.profile) if other != group]
    if len(rest) < len(group_ids(user.profile)):
        st.update_user(user, {"group_id": rest[0] if rest else "", "more_group_ids": tuple(rest[1:])})
    return 204, None


def ep_check_vanity_name(fe, st, req):
    name = req["query"].get("vanity_name", "")
    if not name:
        raise validation("vanity_name", "is required")
    return 200, {"existed": not st.vanity_free(name)}   # true also when the asking user owns it


def ep_list_schedulers(fe, st, req):
    """The users this user is an assistant of (the inverse of the assistants list)."""
    user = find_user(st, req["params"]["userId"])
    hosts = [host for host in st.users_with_status(("active", "inactive", "pending")) if user.id in host.assistants]
    return 200, {"schedulers": [{"id": host.id, "email": host.email, "pmi": host.profile["pmi"]} for host in hosts]}


ROUTES = {
    ("GET", "/users"): _route(ep_list_users, "Medium", "user:read:list_users:admin"),
    ("POST", "/users"): _route(ep_create_user, "Light", "user:write:user:admin"),
    ("GET", "/users/email"): _route(ep_check_email, "Light", "user:read:email:admin"),
    ("GET", "/users/vanity_name"): _route(ep_check_vanity_name, "Light", "user:read:pm_room:admin"),
    ("GET", "/users/{userId}/schedulers"): _route(ep_list_schedulers, "Medium", "user:read:list_schedulers:admin"),
    ("GET", "/users/{userId}"): _route(ep_get_user, "Light", "user:read:user:admin"),
    ("PATCH", "/users/{userId}"): _route(ep_update_user, "Light", "user:update:user:admin"),
    ("DELETE", "/users/{userId}"): _route(ep_delete_user, "Light", "user:delete:user:admin"),
    ("GET", "/users/{userId}/settings"): _route(ep_get_settings, "Medium", "user:read:settings:admin"),
    ("PATCH", "/users/{userId}/settings"): _route(ep_update_settings, "Medium", "user:update:settings:admin"),
    ("PUT", "/users/{userId}/status"): _route(ep_set_status, "Light", "user:update:status:admin"),
    ("PUT", "/users/{userId}/password"): _route(ep_set_password, "Medium", "user:update:password:admin"),
    ("DELETE", "/users/{userId}/token"): _route(ep_revoke_token, "Light", "user:delete:token:admin"),
    ("GET", "/users/{userId}/assistants"): _route(ep_list_assistants, "Medium", "user:read:list_assistants:admin"),
    ("POST", "/users/{userId}/assistants"): _route(ep_add_assistants, "Medium", "user:write:assistant:admin"),
    ("DELETE", "/users/{userId}/assistants"): _route(ep_clear_assistants, "Light", "user:delete:assistant:admin"),
    ("DELETE", "/users/{userId}/assistants/{assistantId}"): _route(ep_remove_assistant, "Light",
                                                                   "user:delete:assistant:admin"),
    ("POST", "/groups/{groupId}/members"): _route(ep_add_group_members, "Medium", "group:write:member:admin"),
    ("DELETE", "/groups/{groupId}/members/{memberId}"): _route(ep_remove_group_member, "Light",
                                                               "group:delete:member:admin"),
}
PASSWORD_ROUTES = {("POST", "/users"): ("user_info", "password"), ("PUT", "/users/{userId}/password"): ("password",)}


def methods_of(template):
    return tuple(sorted(m for (m, t) in ROUTES if t == template))


# --------------------------------------------------------------------------------------
# Rate-limit answers
# --------------------------------------------------------------------------------------

def rate_limit_error(kind, category, seconds, now):
    """The 429 of a rate-limit fault or of --rate-limit: headers as Zoom sends them (or leaves them out). ``category``
    None (the token endpoint, which is in no API category): no X-RateLimit-Category header."""
    named = [("X-RateLimit-Category", category)] if category else []
    if kind in ("rate_limit_daily", "rate_limit_daily_bare"):
        headers = [] if kind == "rate_limit_daily_bare" else named + [
            ("X-RateLimit-Type", "Daily-limit"), ("X-RateLimit-Limit", "30000"), ("X-RateLimit-Remaining", "0"),
            ("Retry-After", iso_date(next_midnight(now)))]
        return V2Error(429, 429, MSG_RATE_DAILY % (30000, category or "OAuth"), headers=headers)
    headers = named + [("X-RateLimit-Type", "QPS")]
    wait = max(1, int(seconds or 1))
    if kind == "rate_limit":
        headers.append(("Retry-After", str(wait)))
    elif kind == "rate_limit_http_date":
        headers.append(("Retry-After", formatdate(now + wait, usegmt=True)))
    elif kind == "rate_limit_iso_date":
        headers.append(("Retry-After", iso_date(now + wait)))
    return V2Error(429, 429, MSG_RATE_QPS, headers=headers)


# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

def token_key(token):
    """Tokens are kept by their SHA-256 only: the store, its state file and /_emulator/state never hold one."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class OAuthFrontEnd:
    """``POST /oauth/token``: Server-to-Server OAuth (``grant_type=account_credentials``)."""

    prefix = OAUTH_PREFIX
    # Every v2 fault kind, applied as on the API's endpoints: rate limits answer 429 (no token issued), drop_after
    # issues the token and then drops the connection, empty_body issues it and answers no body.
    fault_kinds = FAULT_KINDS

    def __init__(self, store, account_id, client_id, client_secret, token_ttl, single_token=False):
        self.store = store
        self.single_token = single_token    # Zoom before 2023-06-20: a new token invalidates the older ones
        self.account_id = account_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_ttl = token_ttl

    def check_client(self, header):
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return False
        client_id, colon, secret = decoded.partition(":")
        return bool(colon) and hmac.compare_digest(client_id.encode(), self.client_id.encode()) and \
            hmac.compare_digest(secret.encode(), self.client_secret.encode())

    def handle(self, conn, method, endpoint, query, body):
        st = self.store
        fields = dict(parse_qsl(query, keep_blank_values=True))
        if body and "json" not in conn.headers.get("Content-Type", ""):
            fields.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        entry = {"endpoint": "%s %s%s" % (method, OAUTH_PREFIX, endpoint), "fields": sorted(fields)}
        if endpoint != "/token":
            entry["error"] = 404
            with st.lock:
                st.log_call(entry)
            conn.respond(404, {"reason": "Not found", "error": "not_found"})
            return
        if method != "POST":
            entry["error"] = 405
            with st.lock:
                st.log_call(entry)
            conn.not_allowed(method, ("POST",))
            return
        with st.lock:
            fault = st.take_fault(endpoint, self.fault_kinds)
            kind = fault["kind"] if fault else None
            st.token_requests += 1
            if kind:
                entry["fault"] = kind
            if kind in ("drop", "http_500", "http_503", "bad_json"):
                st.log_call(entry)
        if apply_transport_fault(conn, kind, fault):
            return
        if kind and kind.startswith("rate_limit"):
            error = rate_limit_error(kind, None, fault["seconds"], time.time())
            entry["error"] = error.code
            with st.lock:
                st.log_call(entry)
            conn.respond(error.status, error.body(), headers=error.headers)
            return
        status, answer = self.grant(conn, fields)
        if status != 200:
            entry["error"] = answer["error"]
        with st.lock:
            st.log_call(entry)
        if kind == "drop_after":
            conn.drop()
        elif kind == "empty_body":
            conn.respond(status, None, raw=b"", content_type="")
        else:
            conn.respond(status, answer)

    def grant(self, conn, fields):
        st = self.store
        if not self.check_client(conn.headers.get("Authorization", "")):
            return 401, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
        grant_type = fields.get("grant_type", "")
        if not grant_type:
            return 400, {"reason": "Missing grant_type", "error": "invalid_request"}
        if grant_type != "account_credentials":
            return 400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"}
        account_id = fields.get("account_id", "")
        if not account_id:
            return 400, {"reason": "Missing account_id", "error": "invalid_request"}
        if not hmac.compare_digest(account_id.encode(), self.account_id.encode()):
            return 400, {"reason": "Invalid account_id", "error": "invalid_grant"}
        token = "eyJ" + secrets.token_urlsafe(48)
        with st.lock:
            scopes = tuple(st.client_scopes) if st.client_scopes is not None else DEFAULT_SCOPES
            if self.single_token:
                for grant in st.access_tokens.values():
                    grant["revoked"] = True
            if len(st.access_tokens) >= MAX_KEPT:   # keep memory bounded: forget tokens expired for a day
                forget_before = time.time() - 86400
                st.access_tokens = {key: grant for key, grant in st.access_tokens.items()
                                    if grant["expires"] > forget_before}
            st.access_tokens[token_key(token)] = {"expires": time.time() + self.token_ttl, "scopes": scopes,
                                                  "revoked": False}
        host = conn.headers.get("Host", "127.0.0.1")
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": self.token_ttl,
                     "scope": " ".join(scopes), "api_url": "http://%s" % host}


def apply_transport_fault(conn, kind, fault):
    """Faults that answer in place of the API (or sleep first); True when the request is answered."""
    if kind == "drop":
        conn.drop()
        return True
    if kind in ("http_500", "http_503"):
        code = 500 if kind == "http_500" else 503
        conn.respond(code, {"code": code, "message": conn.reason(code) + "."})
        return True
    if kind == "bad_json":
        conn.respond(200, None, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>")
        return True
    if kind == "delay":
        time.sleep(fault["seconds"])  # bounded by the control API
    return False


# --------------------------------------------------------------------------------------
# The front-end
# --------------------------------------------------------------------------------------

class V2FrontEnd:
    """Answers ``/v2/...`` requests from the store; the server hands each request to ``handle``."""

    prefix = PREFIX
    fault_kinds = FAULT_KINDS

    def __init__(self, store, rate_limit=False, page_token_ttl=PAGE_TOKEN_TTL):
        self.store = store
        self.rate_limit = rate_limit
        self.page_token_ttl = page_token_ttl

    def authenticate(self, conn, scopes_needed, now):
        """V2Error 401/124 for a missing, unknown, revoked or expired token; 400/4711 for a missing scope."""
        header = conn.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else ""
        grant = self.store.access_tokens.get(token_key(token)) if token else None
        if grant is None or grant["revoked"]:
            raise V2Error(401, 124, "Invalid access token.")
        if grant["expires"] <= now:
            raise V2Error(401, 124, "Access token is expired.")
        if not set(grant["scopes"]) & set(scopes_needed):
            admin = [s for s in scopes_needed if s.count(":") >= 2]
            raise V2Error(400, 4711, "Invalid access token, does not contain scopes:[%s]." % ", ".join(admin))

    def handle(self, conn, method, endpoint, query, body):
        """Answer one request to ``/v2<endpoint>`` on ``conn`` (the server's connection handler)."""
        st = self.store
        template, params = template_of(endpoint)
        q = dict(parse_qsl(query, keep_blank_values=True))
        data = None
        body_error = None
        if body.strip():
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                body_error = V2Error(400, 300, "Request Body should be a valid JSON object.")
        entry = {"endpoint": "%s %s" % (method, template or endpoint),
                 "fields": sorted(set(flat_names(data)) | set(q))}
        route = ROUTES.get((method, template))
        if route is None:
            allowed = methods_of(template) if template else ()
            if allowed:
                entry["error"] = 405
                with st.lock:
                    st.log_call(entry)
                conn.not_allowed(method, allowed)
                return
            entry["error"] = 404
            with st.lock:
                st.log_call(entry)
            conn.respond(404, {"code": 404, "message": "Not found: %s %s%s." % (method, PREFIX, endpoint)})
            return
        handler, category, scopes = route
        with st.lock:
            fault = st.take_fault(template, self.fault_kinds) or st.take_fault(endpoint, self.fault_kinds)
            kind = fault["kind"] if fault else None
            if kind:
                entry["fault"] = kind
            if kind in ("drop", "http_500", "http_503", "bad_json"):
                st.log_call(entry)
        if apply_transport_fault(conn, kind, fault):
            return
        req = {"params": params, "query": q, "body": data}
        pw_path = PASSWORD_ROUTES.get((method, template))
        if pw_path and isinstance(data, dict):
            value = data.get(pw_path[0])
            if len(pw_path) == 2 and isinstance(value, dict):
                value = value.get(pw_path[1])
            if isinstance(value, str) and value:
                req["pw_hash"] = hash_password(value)  # outside the lock: it is slow on purpose
        status, result, headers = 500, None, ()
        with st.lock:
            now = time.time()
            try:
                self.authenticate(conn, scopes, now)
                if kind and kind.startswith("rate_limit"):
                    raise rate_limit_error(kind, category, fault["seconds"], now)
                if self.rate_limit and not st.admit([("v2:" + category, QPS_LIMITS[category], 1.0)],
                                                    time.monotonic()):
                    raise rate_limit_error("rate_limit", category, 1, now)
                if body_error:
                    raise body_error
                try:
                    status, result = handler(self, st, req)
                except StoreError as exc:
                    raise store_error(exc)
            except V2Error as exc:
                entry["error"] = exc.code
                status, result, headers = exc.status, exc.body(), exc.headers
            st.log_call(entry)
        if kind == "drop_after":
            conn.drop()
            return
        if kind == "empty_body" or result is None:
            conn.respond(status, None, raw=b"", content_type="")  # no body, no Content-Type
            return
        conn.respond(status, result, headers=headers)
