"""Every /v1/user endpoint: success path and each error it can give (exact codes and messages)."""

import http.client
import json
import urllib.parse

import pytest

from harness import Emulator

ALL_ENDPOINTS = [
    "/user/create", "/user/autocreate", "/user/custcreate", "/user/ssocreate", "/user/get", "/user/getbyemail",
    "/user/checkemail", "/user/list", "/user/pending", "/user/update", "/user/updatepassword", "/user/activate",
    "/user/deactivate", "/user/delete", "/user/permanentdelete", "/user/assistant/set", "/user/assistant/delete",
    "/user/scheduleforhost/list", "/user/checkzpk", "/user/revoketoken",
]


def err(resp):
    assert "error" in resp, resp
    return resp["error"]["code"], resp["error"]["message"]


def ok(resp):
    assert "error" not in resp, resp
    return resp


def active(emu, email="host@example.com", **fields):
    fields.setdefault("type", 1)
    return ok(emu.call("/user/custcreate", email=email, **fields))


def pending(emu, email="pending@example.com", **fields):
    fields.setdefault("type", 1)
    return ok(emu.call("/user/create", email=email, **fields))


def inactive(emu, email="inactive@example.com"):
    user = active(emu, email)
    ok(emu.call("/user/deactivate", id=user["id"]))
    return user


def raw_post(emu, endpoint, form):
    return emu.post_form(endpoint, form)


# ---------------------------------------------------------------------------------- auth

@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS)
def test_auth_errors_on_every_endpoint(emu, endpoint):
    cases = [
        ({}, 200, "Invalid api key or secret."),
        ({"api_key": emu.api_key}, 200, "Invalid api key or secret."),
        ({"api_secret": emu.api_secret}, 200, "Invalid api key or secret."),
        ({"api_key": "unknown", "api_secret": emu.api_secret}, 200, "Invalid api key or secret."),
        ({"api_key": emu.api_key, "api_secret": "wrong"}, 102, "You app key and secret doesn't match."),
    ]
    for form, code, message in cases:
        status, body = raw_post(emu, endpoint, dict(form, email="x@example.com", type="1", id="x"))
        assert status == 200
        assert json.loads(body) == {"error": {"code": code, "message": message}}
    assert emu.state()["users"] == []  # nothing applied


def test_custom_credentials():
    with Emulator(api_key="k1", api_secret="s1") as emu:
        assert ok(emu.call("/user/list"))["total_records"] == 0
        emu.api_secret = "emulator-secret"
        assert err(emu.call("/user/list")) == (102, "You app key and secret doesn't match.")
        emu.api_key = "emulator-key"
        assert err(emu.call("/user/list"))[0] == 200


def test_unknown_endpoint_is_http_404(emu):
    status, body = raw_post(emu, "/user/nosuch", {"api_key": emu.api_key, "api_secret": emu.api_secret})
    assert status == 404
    assert json.loads(body) == {"error": {"code": 404, "message": "Endpoint not found: /v1/user/nosuch."}}


# ---------------------------------------------------------------------------------- creates

@pytest.mark.parametrize("endpoint,status,login_type", [
    ("/user/create", "pending", 100), ("/user/autocreate", "active", 100),
    ("/user/custcreate", "active", 99), ("/user/ssocreate", "active", 101),
])
def test_create_endpoints(emu, endpoint, status, login_type):
    extra = {"password": "Secr3t-pass"} if endpoint == "/user/autocreate" else {}
    user = ok(emu.call(endpoint, email="New@Example.com", type=2, first_name="Ada", last_name="L", **extra))
    assert user["email"] == "New@Example.com"
    assert len(user["id"]) == 22
    assert user["type"] == 2 and user["first_name"] == "Ada"
    assert user["login_type"] == login_type
    assert 1_000_000_000 <= user["pmi"] <= 9_999_999_999
    assert user["created_at"].endswith("Z") and len(user["created_at"]) == 24
    rec = emu.user("new@example.com")
    assert rec["status"] == status and rec["login_type"] == login_type
    if endpoint == "/user/custcreate":
        assert (rec["token"], rec["zak"], rec["zpk"]) == ("", "", "")
    else:
        assert rec["token"] and rec["zak"] and rec["zpk"]
    assert rec["password_set"] is (endpoint == "/user/autocreate")
    # same email again, any case, any endpoint -> 1005
    for again in ("/user/create", "/user/autocreate", "/user/custcreate", "/user/ssocreate"):
        resp = emu.call(again, email="NEW@example.COM", type=1, password="x")
        assert err(resp) == (1005, "User already exists: NEW@example.COM.")


def test_create_errors(emu):
    assert err(emu.call("/user/create", type=1)) == (300, "Missing required field: email.")
    assert err(emu.call("/user/create", email="a@example.com")) == (300, "Missing required field: type.")
    assert err(emu.call("/user/autocreate", email="a@example.com", type=1)) == (300, "Missing required field: password.")
    assert err(emu.call("/user/custcreate", email="not-an-email", type=1))[0:1] == (301,)
    assert err(emu.call("/user/custcreate", email="a@example.com", type=4)) == (301, "Invalid value for type: must be 1, 2 or 3.")
    code, msg = err(emu.call("/user/custcreate", email="a@example.com", type=1, webinar_capacity=200))
    assert code == 301 and msg.startswith("Invalid value for webinar_capacity: ")
    code, msg = err(emu.call("/user/custcreate", email="a@example.com", type=1, enable_webinar="maybe"))
    assert (code, msg) == (301, "Invalid value for enable_webinar: must be true or false.")
    assert err(emu.call("/user/ssocreate", email="a@example.com", type=1, pmi="0123456789"))[0] == 301
    assert emu.state()["users"] == []


def test_check_order_required_before_validation(emu):
    assert err(emu.call("/user/custcreate", email="bad email")) == (300, "Missing required field: type.")
    assert err(emu.call("/user/assistant/set", assistant_email="bad email")) == \
        (300, "Missing required field: id or host_email.")
    assert err(emu.call("/user/update", id="nope", type=9))[0] == 301  # validation before lookup
    user = active(emu, "a@example.com")
    assert err(emu.call("/user/custcreate", email="A@example.com", type=9))[0] == 301  # validation before 1005
    assert user


def test_create_pending_holds_email(emu):
    pending(emu, "p@example.com")
    assert err(emu.call("/user/custcreate", email="P@EXAMPLE.com", type=1)) == (1005, "User already exists: P@EXAMPLE.com.")


def test_ssocreate_pmi_and_vanity(emu):
    a = ok(emu.call("/user/ssocreate", email="sso.user@example.com", type=2, pmi="2035134243"))
    assert a["pmi"] == 2035134243
    assert a["vanity_name"] == "sso.user" and a["vanity_url"] == "https://zoom.us/my/sso.user"
    assert err(emu.call("/user/ssocreate", email="b@example.com", type=1, pmi="2035134243")) == \
        (1014, "Personal meeting ID already in use: 2035134243.")
    basic = ok(emu.call("/user/ssocreate", email="basic.user@example.com", type=1))
    assert basic["vanity_name"] == "" and basic["vanity_url"] == ""


def test_create_settings_are_stored(emu):
    user = ok(emu.call("/user/create", email="s@example.com", type=1, enable_webinar="TRUE", webinar_capacity="500",
                       meeting_capacity="42", auto_delete_cmr_days="7", dept="Ops", enable_silent_mode="0"))
    assert user["enable_webinar"] is True and user["webinar_capacity"] == 500 and user["meeting_capacity"] == 42
    assert user["auto_delete_cmr_days"] == 7 and user["dept"] == "Ops" and user["enable_silent_mode"] is False


def test_defaults(emu):
    user = active(emu)
    assert user["enable_silent_mode"] is True and user["disable_jbh_reminder"] is True
    assert user["enable_auto_delete_cmr"] is False and user["auto_delete_cmr_days"] == 30
    assert user["meeting_capacity"] == 0 and user["webinar_capacity"] == 0 and user["large_capacity"] == 0
    assert user["timezone"] == "" and user["vanity_name"] == "" and user["vanity_url"] == "" and user["host_key"] == ""
    assert user["status"] == 0 and user["verified"] == 1 and user["lastClientVersion"] == ""


# ---------------------------------------------------------------------------------- reads

def test_get(emu):
    user = active(emu)
    got = ok(emu.call("/user/get", id=user["id"]))
    assert got == user
    assert err(emu.call("/user/get")) == (300, "Missing required field: id.")
    assert err(emu.call("/user/get", id="nope")) == (1001, "User not exist: nope.")
    p = pending(emu)
    assert err(emu.call("/user/get", id=p["id"])) == (1001, "User not exist: %s." % p["id"])
    i = inactive(emu)
    assert ok(emu.call("/user/get", id=i["id"]))["status"] == 1


def test_getbyemail(emu):
    user = active(emu, "Mixed@Example.com")
    assert ok(emu.call("/user/getbyemail", email="mixed@example.COM"))["id"] == user["id"]
    assert ok(emu.call("/user/getbyemail", email="mixed@example.com", login_type=99))["email"] == "Mixed@Example.com"
    assert err(emu.call("/user/getbyemail", email="mixed@example.com", login_type=100)) == \
        (1001, "User not exist: mixed@example.com.")
    assert err(emu.call("/user/getbyemail", email="mixed@example.com", login_type=7)) == \
        (301, "Invalid value for login_type: must be one of 0, 1, 99, 100, 101.")
    assert err(emu.call("/user/getbyemail")) == (300, "Missing required field: email.")
    assert err(emu.call("/user/getbyemail", email="bad email")) == (301, "Invalid value for email: not a valid email address.")
    assert err(emu.call("/user/getbyemail", email="who@example.com")) == (1001, "User not exist: who@example.com.")
    pending(emu, "p@example.com")
    assert err(emu.call("/user/getbyemail", email="p@example.com")) == (1001, "User not exist: p@example.com.")


def test_checkemail(emu):
    active(emu, "a@example.com")
    pending(emu, "p@example.com")
    inactive(emu, "i@example.com")
    for email in ("A@example.com", "p@example.com", "i@EXAMPLE.com"):
        assert emu.call("/user/checkemail", email=email) == {"existed_email": True}
    assert emu.call("/user/checkemail", email="z@example.com") == {"existed_email": False}
    assert err(emu.call("/user/checkemail")) == (300, "Missing required field: email.")
    assert err(emu.call("/user/checkemail", email="x@y"))[0] == 301


def test_list_and_pending(emu):
    a = active(emu, "a@example.com")
    p = pending(emu, "p@example.com")
    i = inactive(emu, "i@example.com")
    lst = ok(emu.call("/user/list"))
    assert [u["id"] for u in lst["users"]] == [a["id"], i["id"]]
    assert (lst["page_count"], lst["total_records"], lst["page_number"], lst["page_size"]) == (1, 2, 1, 30)
    pend = ok(emu.call("/user/pending"))
    assert [u["id"] for u in pend["users"]] == [p["id"]] and pend["users"][0]["status"] == 2
    for endpoint in ("/user/list", "/user/pending"):
        assert err(emu.call(endpoint, page_size=0)) == (301, "Invalid value for page_size: must be an integer between 1 and 300.")
        assert err(emu.call(endpoint, page_size=301))[0] == 301
        assert err(emu.call(endpoint, page_size="ten"))[0] == 301
        assert err(emu.call(endpoint, page_number=0)) == (301, "Invalid value for page_number: must be an integer between 1 and 2147483647.")


# ---------------------------------------------------------------------------------- update

def test_update(emu):
    user = active(emu)
    resp = ok(emu.call("/user/update", id=user["id"], first_name="Grace", type=3, enable_use_pmi="true",
                       enable_record_audio_file="1", pmi="5551234567", timezone="Europe/Paris", vanity_name="grace.h",
                       host_key="123456", auto_delete_cmr_days="365", large_capacity="500", cms_user_id="cms-1"))
    assert set(resp) == {"id", "updated_at"} and resp["id"] == user["id"]
    got = ok(emu.call("/user/get", id=user["id"]))
    assert got["first_name"] == "Grace" and got["type"] == 3 and got["enable_use_pmi"] is True
    assert got["enable_record_audio_file"] is True and got["pmi"] == 5551234567 and got["timezone"] == "Europe/Paris"
    assert got["vanity_name"] == "grace.h" and got["vanity_url"] == "https://zoom.us/my/grace.h"
    assert got["host_key"] == "123456" and got["auto_delete_cmr_days"] == 365 and got["large_capacity"] == 500
    assert got["cms_user_id"] == "cms-1" and got["last_name"] == user["last_name"]
    # clearing the vanity name and the timezone
    ok(emu.call("/user/update", id=user["id"], vanity_name="", timezone=""))
    got = ok(emu.call("/user/get", id=user["id"]))
    assert got["vanity_name"] == "" and got["vanity_url"] == "" and got["timezone"] == ""


@pytest.mark.parametrize("field,value,reason", [
    ("type", "0", "must be 1, 2 or 3"),
    ("pmi", "123456789", "must be 10 digits, not starting with 0"),
    ("pmi", "0123456789", "must be 10 digits, not starting with 0"),
    ("host_key", "12345", "must be 6 digits"),
    ("host_key", "12345a", "must be 6 digits"),
    ("meeting_capacity", "-1", "must be an integer between 0 and 2147483647"),
    ("webinar_capacity", "200", "must be one of 0, 100, 500, 1000, 3000, 5000, 10000"),
    ("large_capacity", "1000", "must be one of 0, 100, 200, 300, 500"),
    ("option_enter_exit_chime_type", "2", "must be 0 or 1"),
    ("auto_delete_cmr_days", "0", "must be an integer between 1 and 365"),
    ("auto_delete_cmr_days", "366", "must be an integer between 1 and 365"),
    ("timezone", "Mars/Olympus", "unknown timezone"),
    ("vanity_name", "1abcde", "must start with a letter and have 5 to 40 letters, digits or dots"),
    ("vanity_name", "abcd", "must start with a letter and have 5 to 40 letters, digits or dots"),
    ("disable_chat", "yes", "must be true or false"),
    ("enable_large", "", "must be true or false"),
])
def test_update_validation(emu, field, value, reason):
    user = active(emu)
    assert err(emu.call("/user/update", id=user["id"], **{field: value})) == \
        (301, "Invalid value for %s: %s." % (field, reason))
    assert ok(emu.call("/user/get", id=user["id"])) == user  # nothing applied


def test_update_errors(emu):
    a = active(emu, "a@example.com")
    b = active(emu, "b@example.com")
    p = pending(emu)
    assert err(emu.call("/user/update", first_name="x")) == (300, "Missing required field: id.")
    assert err(emu.call("/user/update", id="nope", first_name="x")) == (1001, "User not exist: nope.")
    assert err(emu.call("/user/update", id=p["id"], first_name="x")) == \
        (1011, "User has not accepted the invitation: pending@example.com.")
    ok(emu.call("/user/update", id=a["id"], pmi="3334445556", vanity_name="Alpha.one"))
    assert err(emu.call("/user/update", id=b["id"], pmi="3334445556")) == (1014, "Personal meeting ID already in use: 3334445556.")
    assert err(emu.call("/user/update", id=b["id"], vanity_name="alpha.ONE")) == (1015, "Vanity name already in use: alpha.ONE.")
    # setting one's own pmi / vanity name again is fine
    ok(emu.call("/user/update", id=a["id"], pmi="3334445556", vanity_name="alpha.one"))
    # a freed pmi can be reused
    ok(emu.call("/user/update", id=a["id"], pmi="3334445557"))
    ok(emu.call("/user/update", id=b["id"], pmi="3334445556"))


def test_update_inactive_user_is_allowed(emu):
    i = inactive(emu)
    ok(emu.call("/user/update", id=i["id"], dept="X"))
    assert ok(emu.call("/user/get", id=i["id"]))["dept"] == "X"


def test_unknown_fields_ignored_but_logged(emu):
    user = active(emu)
    emu.clear_calls()
    ok(emu.call("/user/update", id=user["id"], email="changed@example.com", frobnicate="1"))
    assert ok(emu.call("/user/get", id=user["id"]))["email"] == "host@example.com"
    assert emu.calls()[0] == {"endpoint": "/user/update", "fields": ["email", "frobnicate", "id"]}


# ---------------------------------------------------------------------------------- password

def test_updatepassword(emu):
    user = active(emu)
    resp = ok(emu.call("/user/updatepassword", id=user["id"], password="N3w-password!"))
    assert resp["id"] == user["id"] and resp["updated_at"].endswith("Z")
    assert emu.check_password("host@example.com", "N3w-password!") is True
    assert emu.check_password("host@example.com", "wrong") is False
    rec = emu.user("host@example.com")
    assert rec["password_set"] is True and rec["password_updated_at"]
    assert err(emu.call("/user/updatepassword", id=user["id"])) == (300, "Missing required field: password.")
    assert err(emu.call("/user/updatepassword", id=user["id"], pic_file="x.jpg")) == (300, "Missing required field: password.")
    assert err(emu.call("/user/updatepassword", password="x")) == (300, "Missing required field: id.")
    assert err(emu.call("/user/updatepassword", id="nope", password="x")) == (1001, "User not exist: nope.")
    p = pending(emu)
    assert err(emu.call("/user/updatepassword", id=p["id"], password="x")) == \
        (1011, "User has not accepted the invitation: pending@example.com.")


def test_autocreate_password_hashed(emu):
    ok(emu.call("/user/autocreate", email="auto@example.com", type=1, password="Auto-pass-1"))
    assert emu.check_password("auto@example.com", "Auto-pass-1")
    assert not emu.check_password("auto@example.com", "auto-pass-1")
    assert "Auto-pass-1" not in json.dumps(emu.state())


# ---------------------------------------------------------------------------------- activate / deactivate

def test_activate_deactivate(emu):
    user = active(emu)
    resp = ok(emu.call("/user/deactivate", id=user["id"]))
    assert set(resp) == {"id", "deactivated_at"}
    assert emu.user("host@example.com")["status"] == "inactive"
    ok(emu.call("/user/deactivate", id=user["id"]))  # idempotent
    resp = ok(emu.call("/user/activate", id=user["id"]))
    assert set(resp) == {"id", "activated_at"}
    ok(emu.call("/user/activate", id=user["id"]))  # idempotent
    assert emu.user("host@example.com")["status"] == "active"
    p = pending(emu)
    for endpoint in ("/user/activate", "/user/deactivate"):
        assert err(emu.call(endpoint)) == (300, "Missing required field: id.")
        assert err(emu.call(endpoint, id="nope")) == (1001, "User not exist: nope.")
        assert err(emu.call(endpoint, id=p["id"])) == (1011, "User has not accepted the invitation: pending@example.com.")
    assert emu.user("pending@example.com")["status"] == "pending"


# ---------------------------------------------------------------------------------- delete

def test_delete(emu):
    a = active(emu)
    p = pending(emu)
    assert err(emu.call("/user/delete")) == (300, "Missing required field: id.")
    assert err(emu.call("/user/delete", id=a["id"], type=2)) == (301, "Invalid value for type: must be 0 or 1.")
    assert err(emu.call("/user/delete", id="nope")) == (1001, "User not exist: nope.")
    assert err(emu.call("/user/delete", id=a["id"], type=1)) == (1001, "User not exist: %s." % a["id"])
    assert err(emu.call("/user/delete", id=p["id"])) == (1001, "User not exist: %s." % p["id"])
    assert err(emu.call("/user/delete", id=p["id"], type=0)) == (1001, "User not exist: %s." % p["id"])
    resp = ok(emu.call("/user/delete", id=a["id"]))
    assert resp["id"] == a["id"] and resp["account_id"] == a["account_id"] and resp["deleted_at"]
    ok(emu.call("/user/delete", id=p["id"], type=1))
    assert emu.state()["users"] == []
    assert emu.call("/user/checkemail", email="host@example.com") == {"existed_email": False}
    active(emu)  # the email can be used again


def test_permanentdelete(emu):
    a = active(emu, "a@example.com")
    b = active(emu, "b@example.com")
    p = pending(emu)
    resp = ok(emu.call("/user/permanentdelete", email="A@EXAMPLE.com"))
    assert resp == {"id": a["id"], "email": "a@example.com", "deleted_at": resp["deleted_at"]}
    # id wins over email
    ok(emu.call("/user/permanentdelete", id=p["id"], email="b@example.com"))
    assert [u["email"] for u in emu.state()["users"]] == ["b@example.com"]
    assert err(emu.call("/user/permanentdelete")) == (300, "Missing required field: id or email.")
    assert err(emu.call("/user/permanentdelete", id="nope")) == (1001, "User not exist: nope.")
    assert err(emu.call("/user/permanentdelete", email="a@example.com")) == (1001, "User not exist: a@example.com.")
    assert b


# ---------------------------------------------------------------------------------- assistants

def test_assistant_set_list_delete(emu):
    host = active(emu, "host@example.com")
    a1 = active(emu, "a1@example.com", first_name="One", last_name="A")
    a2 = active(emu, "a2@example.com", first_name="Two", last_name="B")
    resp = ok(emu.call("/user/assistant/set", id=host["id"], assistant_email="A2@example.com"))
    assert resp["id"] == host["id"] and resp["host_email"] == "host@example.com" and resp["updated_at"]
    ok(emu.call("/user/assistant/set", host_email="HOST@example.com", assistant_email="a1@example.com"))
    ok(emu.call("/user/assistant/set", id=host["id"], assistant_email="a2@example.com"))  # again: no change
    lst = ok(emu.call("/user/scheduleforhost/list", host_email="host@example.com"))
    assert lst == {"total_records": 2, "users": [
        {"id": a2["id"], "email": "a2@example.com", "first_name": "Two", "last_name": "B"},
        {"id": a1["id"], "email": "a1@example.com", "first_name": "One", "last_name": "A"}]}
    assert emu.user("host@example.com")["assistants"] == ["a2@example.com", "a1@example.com"]
    resp = ok(emu.call("/user/assistant/delete", host_email="host@example.com"))
    assert resp["id"] == host["id"] and resp["host_email"] == "host@example.com"
    assert ok(emu.call("/user/scheduleforhost/list", id=host["id"])) == {"total_records": 0, "users": []}


def test_assistant_set_errors(emu):
    host = active(emu, "host@example.com")
    active(emu, "a@example.com")
    pending(emu, "p@example.com")
    inactive(emu, "i@example.com")
    call = emu.call
    assert err(call("/user/assistant/set", id=host["id"])) == (300, "Missing required field: assistant_email.")
    assert err(call("/user/assistant/set", assistant_email="a@example.com")) == \
        (300, "Missing required field: id or host_email.")
    assert err(call("/user/assistant/set", id="nope", assistant_email="a@example.com")) == (1001, "User not exist: nope.")
    assert err(call("/user/assistant/set", host_email="x@example.com", assistant_email="a@example.com")) == \
        (1001, "User not exist: x@example.com.")
    assert err(call("/user/assistant/set", id=host["id"], assistant_email="x@example.com")) == \
        (1010, "User not in this account: x@example.com.")
    assert err(call("/user/assistant/set", id=host["id"], assistant_email="p@example.com")) == \
        (1011, "User has not accepted the invitation: p@example.com.")
    assert err(call("/user/assistant/set", host_email="p@example.com", assistant_email="a@example.com")) == \
        (1011, "User has not accepted the invitation: p@example.com.")
    assert err(call("/user/assistant/set", id=host["id"], assistant_email="i@example.com")) == \
        (1012, "User is not active: i@example.com.")
    assert err(call("/user/assistant/set", host_email="i@example.com", assistant_email="a@example.com")) == \
        (1012, "User is not active: i@example.com.")
    assert err(call("/user/assistant/set", id=host["id"], assistant_email="HOST@example.com")) == \
        (1013, "A host cannot be their own assistant: host@example.com.")
    assert emu.user("host@example.com")["assistants"] == []


def test_assistant_delete_and_list_errors(emu):
    for endpoint in ("/user/assistant/delete", "/user/scheduleforhost/list"):
        assert err(emu.call(endpoint)) == (300, "Missing required field: id or host_email.")
        assert err(emu.call(endpoint, id="nope")) == (1001, "User not exist: nope.")
        assert err(emu.call(endpoint, host_email="nope@example.com")) == (1001, "User not exist: nope@example.com.")


def test_delete_removes_assistant_relations(emu):
    host = active(emu, "host@example.com")
    a = active(emu, "a@example.com")
    other = active(emu, "other@example.com")
    ok(emu.call("/user/assistant/set", id=host["id"], assistant_email="a@example.com"))
    ok(emu.call("/user/assistant/set", id=host["id"], assistant_email="other@example.com"))
    ok(emu.call("/user/assistant/set", id=a["id"], assistant_email="host@example.com"))
    ok(emu.call("/user/delete", id=other["id"]))
    assert emu.user("host@example.com")["assistants"] == ["a@example.com"]
    ok(emu.call("/user/permanentdelete", id=host["id"]))
    assert emu.user("a@example.com")["assistants"] == []
    # re-created user with the same email is not an assistant of anyone
    active(emu, "other@example.com")
    assert ok(emu.call("/user/scheduleforhost/list", id=a["id"]))["total_records"] == 0


# ---------------------------------------------------------------------------------- zpk / token

def test_checkzpk(emu):
    ok(emu.call("/user/autocreate", email="z@example.com", type=1, password="pw-123456"))
    zpk = emu.user("z@example.com")["zpk"]
    resp = ok(emu.call("/user/checkzpk", zpk=zpk))
    assert isinstance(resp["expire_in"], int) and 7190 <= resp["expire_in"] <= 7200
    assert err(emu.call("/user/checkzpk", zpk="nope")) == (1020, "Invalid zpk.")
    assert err(emu.call("/user/checkzpk")) == (300, "Missing required field: zpk.")


def test_revoketoken(emu):
    user = ok(emu.call("/user/ssocreate", email="sso@example.com", type=1))
    before = emu.user("sso@example.com")
    resp = ok(emu.call("/user/revoketoken", email="SSO@example.com"))
    assert resp["id"] == user["id"] and resp["email"] == "sso@example.com" and resp["updated_at"]
    after = emu.user("sso@example.com")
    assert after["token"] != before["token"] and after["zak"] != before["zak"] and after["token"]
    ok(emu.call("/user/revoketoken", id=user["id"]))
    assert emu.user("sso@example.com")["token"] != after["token"]
    p = pending(emu)
    assert err(emu.call("/user/revoketoken", id=p["id"])) == (1011, "User has not accepted the invitation: pending@example.com.")
    assert err(emu.call("/user/revoketoken")) == (300, "Missing required field: id or email.")
    assert err(emu.call("/user/revoketoken", email="x@example.com")) == (1001, "User not exist: x@example.com.")


# ---------------------------------------------------------------------------------- transport details

def test_query_parameter_fields(emu):
    query = urllib.parse.urlencode({"api_key": emu.api_key, "api_secret": emu.api_secret, "email": "q@example.com",
                                    "type": "2", "dept": "Query"})
    conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
    conn.request("POST", "/v1/user/custcreate?" + query, body=b"", headers={"Content-Length": "0"})
    resp = conn.getresponse()
    body = json.loads(resp.read())
    assert resp.status == 200 and body["email"] == "q@example.com" and body["type"] == 2 and body["dept"] == "Query"
    # mixed: credentials in the query, fields in the body
    conn.request("POST", "/v1/user/getbyemail?" + urllib.parse.urlencode({"api_key": emu.api_key,
                                                                          "api_secret": emu.api_secret}),
                 body="email=q%40example.com", headers={"Content-Type": "application/x-www-form-urlencoded"})
    resp = conn.getresponse()
    assert json.loads(resp.read())["dept"] == "Query"
    conn.close()
    assert emu.calls()[0]["fields"] == ["dept", "email", "type"]


def test_keep_alive_and_content_length(emu):
    conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
    form = urllib.parse.urlencode({"api_key": emu.api_key, "api_secret": emu.api_secret})
    for dummy in range(3):
        conn.request("POST", "/v1/user/list", form, {"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        body = resp.read()
        assert resp.version == 11 and int(resp.getheader("Content-Length")) == len(body)
        assert resp.getheader("Content-Type").startswith("application/json")
    sock = conn.sock
    conn.request("POST", "/v1/user/list", form, {"Content-Type": "application/x-www-form-urlencoded"})
    conn.getresponse().read()
    assert conn.sock is sock  # same connection reused
    conn.close()


def test_xml_data_type(emu):
    active(emu, "x@example.com")
    status, body = raw_post(emu, "/user/getbyemail", {"api_key": emu.api_key, "api_secret": emu.api_secret,
                                                      "email": "x@example.com", "data_type": "XML"})
    assert status == 200 and body.startswith(b"<?xml") and b"<email>x@example.com</email>" in body
    status, body = raw_post(emu, "/user/get", {"api_key": emu.api_key, "api_secret": emu.api_secret,
                                               "id": "nope", "data_type": "xml"})
    assert b"<code>1001</code>" in body
    assert emu.calls()[1]["fields"] == ["email"]


def test_call_log(emu):
    emu.call("/user/custcreate", email="c@example.com", type=1, first_name="C")
    emu.call("/user/get", id="nope")
    calls = emu.calls()
    assert calls[0] == {"endpoint": "/user/custcreate", "fields": ["email", "first_name", "type"]}
    assert calls[1]["endpoint"] == "/user/get" and calls[1]["error"] == 1001
    assert emu.write_calls() == [calls[0]]
    emu.clear_calls()
    assert emu.calls() == []


def test_case_insensitive_emails(emu):
    user = active(emu, "CamelCase@Example.COM")
    assert emu.user("camelcase@example.com")["id"] == user["id"]
    assert ok(emu.call("/user/getbyemail", email="CAMELCASE@example.com"))["email"] == "CamelCase@Example.COM"
    ok(emu.call("/user/permanentdelete", email="camelCASE@example.com"))
    assert emu.user("camelcase@example.com") is None
