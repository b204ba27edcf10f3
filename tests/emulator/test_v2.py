"""The v2 front-end and the OAuth token endpoint: behaviour (docs/docsite/rst/emulator.rst, "API v2")."""

import calendar
import http.client
import json
import os
import re
import time

import pytest

import zoomemu
from email.utils import parsedate_to_datetime

from harness import Emulator
from test_store import package_sources

MINUTE = 60


def make(emu, email="a@example.com", action="custCreate", user_type=1, **info):
    """Create a user on v2; answer its id."""
    user_info = dict(email=email, type=user_type, **info)
    status, body, dummy = emu.v2("POST", "/users", {"action": action, "user_info": user_info})
    assert status == 201, body
    return body["id"]


def error(result):
    status, body, dummy = result
    return status, body["code"]


# ---- OAuth -----------------------------------------------------------------------------------------

def test_token_request_answers_a_bearer_token(emu):
    status, body = emu.oauth()
    assert status == 200
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "api_url"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    assert "user:read:admin" in body["scope"].split()
    assert body["api_url"] == emu.root
    assert emu.v2("GET", "/users", token=body["access_token"])[0] == 200


def test_token_request_takes_grant_fields_in_the_query_too(emu):
    status, body = emu.oauth(in_query=True)
    assert status == 200 and body["access_token"]


def test_every_token_is_new_and_older_ones_stay_valid(emu):
    first = emu.oauth()[1]["access_token"]
    second = emu.oauth()[1]["access_token"]
    assert first != second
    assert emu.v2("GET", "/users", token=first)[0] == 200


@pytest.mark.parametrize("kwargs, status, error_name", [
    ({"client_secret": "wrong"}, 401, "invalid_client"),
    ({"client_id": "someone-else"}, 401, "invalid_client"),
    ({"basic": False}, 401, "invalid_client"),
    ({"grant_type": "client_credentials"}, 400, "unsupported_grant_type"),
    ({"grant_type": ""}, 400, "invalid_request"),
    ({"account_id": ""}, 400, "invalid_request"),
    ({"account_id": "another-account"}, 400, "invalid_grant"),
])
def test_token_request_errors(emu, kwargs, status, error_name):
    got_status, body = emu.oauth(**kwargs)
    assert got_status == status
    assert body["error"] == error_name and body["reason"]
    assert "access_token" not in body


def test_token_requests_are_counted_and_logged_by_names(emu):
    emu.oauth()
    emu.oauth(client_secret="wrong")
    assert emu.control("GET", "tokens")["requests"] == 2
    calls = emu.calls()
    assert calls[0] == {"endpoint": "POST /oauth/token", "fields": ["account_id", "grant_type"]}
    assert calls[1]["error"] == "invalid_client"


def test_token_ttl_flag_and_expiry():
    with Emulator(extra_args=["--token-ttl", "1"]) as emu:
        status, body = emu.oauth()
        assert body["expires_in"] == 1
        assert emu.v2("GET", "/users", token=body["access_token"])[0] == 200
        time.sleep(1.2)
        status, answer, dummy = emu.v2("GET", "/users", token=body["access_token"])
        assert (status, answer) == (401, {"code": 124, "message": "Access token is expired."})


def test_single_token_mode_invalidates_older_tokens():
    with Emulator(extra_args=["--single-token"]) as emu:
        first = emu.token()
        second = emu.token(fresh=True)
        assert error(emu.v2("GET", "/users", token=first)) == (401, 124)
        assert emu.v2("GET", "/users", token=second)[0] == 200


def test_credentials_flags_change_what_the_token_endpoint_accepts():
    with Emulator(account_id="acct-9", client_id="cid-9", client_secret="sec-9") as emu:
        assert emu.oauth()[0] == 200
        assert emu.oauth(client_secret="emulator-client-secret")[0] == 401
        assert emu.oauth(account_id="emulator-account")[0] == 400


# ---- bearer auth on /v2 ---------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}])
def test_missing_or_unknown_token_is_401_code_124(emu, headers):
    status, body, dummy = emu.v2("GET", "/users", headers=headers, auth=False)
    assert (status, body) == (401, {"code": 124, "message": "Invalid access token."})
    assert emu.calls()[-1] == {"endpoint": "GET /users", "fields": [], "error": 124}


def test_expired_tokens_answer_expired(emu):
    token = emu.token()
    emu.control("POST", "tokens/expire")
    status, body, dummy = emu.v2("GET", "/users/x@example.com", token=token)
    assert (status, body) == (401, {"code": 124, "message": "Access token is expired."})
    assert emu.v2("GET", "/users", token=emu.token(fresh=True))[0] == 200   # a new token works


def test_revoked_tokens_answer_invalid(emu):
    token = emu.token()
    assert emu.control("POST", "tokens/revoke")["valid"] == 0
    status, body, dummy = emu.v2("GET", "/users", token=token)
    assert (status, body["code"], body["message"]) == (401, 124, "Invalid access token.")


def test_reset_drops_every_token(emu):
    token = emu.token()
    emu.reset()
    assert emu.v2("GET", "/users", token=token)[0] == 401


def test_missing_scope_is_400_code_4711_naming_the_scopes(emu):
    emu.control("POST", "scopes", {"scopes": ["user:read:admin"]})
    token = emu.token(fresh=True)
    assert emu.v2("GET", "/users", token=token)[0] == 200
    create = {"action": "custCreate", "user_info": {"email": "s@example.com", "type": 1}}
    status, body, dummy = emu.v2("POST", "/users", create, token=token)
    assert (status, body["code"]) == (400, 4711)
    assert body["message"] == "Invalid access token, does not contain scopes:[user:write:admin, user:write:user:admin]."
    assert emu.user("s@example.com") is None
    emu.control("POST", "scopes", {"scopes": ["user:read:settings:admin"]})    # a granular scope
    token = emu.token(fresh=True)
    assert error(emu.v2("GET", "/users/x@example.com", token=token)) == (400, 4711)
    emu.control("DELETE", "scopes")
    assert "user:write:admin" in emu.oauth()[1]["scope"]


# ---- users -----------------------------------------------------------------------------------------

def test_one_store_behind_both_front_ends(emu):
    v1_user = emu.call("/user/custcreate", email="v1@example.com", type=2, first_name="One")
    status, body, dummy = emu.v2("GET", "/users/V1@example.com")
    assert status == 200 and body["id"] == v1_user["id"] and body["first_name"] == "One" and body["type"] == 2
    assert body["status"] == "active" and body["login_types"] == [99]
    uid = make(emu, "v2@example.com", "autoCreate", 1, password="Secret-pw-12", first_name="Two")
    assert emu.call("/user/get", id=uid)["first_name"] == "Two"
    assert emu.check_password("v2@example.com", "Secret-pw-12")
    assert emu.v2("PATCH", "/users/" + uid, {"dept": "Ops"})[0] == 204
    assert emu.call("/user/get", id=uid)["dept"] == "Ops"


@pytest.mark.parametrize("action, status, login_type", [
    ("create", "pending", 100), ("autoCreate", "active", 100), ("custCreate", "active", 99),
    ("ssoCreate", "active", 101),
])
def test_create_actions(emu, action, status, login_type):
    info = {"password": "Secret-pw-12"} if action == "autoCreate" else {}
    uid = make(emu, "c@example.com", action, 2, first_name="F", last_name="L", **info)
    got, body, dummy = emu.v2("GET", "/users/" + uid)
    assert got == 200 and body["status"] == status and body["login_types"] == [login_type]
    assert (body["first_name"], body["last_name"], body["type"]) == ("F", "L", 2)


def test_create_answers_the_spec_keys(emu):
    status, body, dummy = emu.v2("POST", "/users", {"action": "custCreate", "user_info": {
        "email": "k@example.com", "type": 1, "first_name": "K"}})
    assert status == 201 and set(body) == {"id", "email", "first_name", "last_name", "type"}


@pytest.mark.parametrize("body, field", [
    ({"user_info": {"email": "e@example.com", "type": 1}}, "action"),
    ({"action": "custcreate", "user_info": {"email": "e@example.com", "type": 1}}, "action"),   # case matters
    ({"action": "custCreate"}, "user_info"),
    ({"action": "custCreate", "user_info": {"type": 1}}, "user_info.email"),
    ({"action": "custCreate", "user_info": {"email": "not-an-email", "type": 1}}, "user_info.email"),
    ({"action": "custCreate", "user_info": {"email": "e@example.com"}}, "user_info.type"),
    ({"action": "custCreate", "user_info": {"email": "e@example.com", "type": 3}}, "user_info.type"),
    ({"action": "custCreate", "user_info": {"email": "e@example.com", "type": "1"}}, "user_info.type"),
    ({"action": "custCreate", "user_info": {"email": "e@example.com", "type": 99}}, "user_info.type"),
    ({"action": "autoCreate", "user_info": {"email": "e@example.com", "type": 1}}, "user_info.password"),
    ({"action": "autoCreate", "user_info": {"email": "e@example.com", "type": 1, "password": "short"}},
     "user_info.password"),
    ({"action": "autoCreate", "user_info": {"email": "e@example.com", "type": 1, "password": "alllowercase1"}},
     "user_info.password"),
])
def test_create_validation_errors_are_400_code_300_with_the_field(emu, body, field):
    status, answer, dummy = emu.v2("POST", "/users", body)
    assert (status, answer["code"], answer["message"]) == (400, 300, "Validation Failed.")
    assert answer["errors"][0]["field"] == field
    assert emu.state()["users"] == []


def test_type_99_only_with_sso_create(emu):
    uid = make(emu, "n@example.com", "ssoCreate", 99)
    assert emu.v2("GET", "/users/" + uid)[1]["type"] == 99
    assert emu.call("/user/get", id=uid)["type"] == 1   # v1 has no "none": it reads as basic


@pytest.mark.parametrize("existing_status", ["active", "inactive", "pending"])
def test_duplicate_email_is_409_code_1005_whatever_the_status(emu, existing_status):
    emu.seed([{"email": "Dup@example.com", "status": existing_status}])
    create = {"action": "custCreate", "user_info": {"email": "dup@EXAMPLE.com", "type": 1}}
    status, body, dummy = emu.v2("POST", "/users", create)
    assert (status, body["code"]) == (409, 1005)
    assert body["message"] == "Email dup@EXAMPLE.com has already been used."


def test_get_user_by_id_or_email_any_status_without_secrets(emu):
    emu.seed([{"email": "g@example.com", "host_key": "123456", "status": "inactive", "vanity_name": "gee.user"},
              {"email": "p@example.com", "create_method": "create"}])
    status, body, dummy = emu.v2("GET", "/users/G@Example.com")
    assert status == 200 and body["status"] == "inactive" and body["vanity_url"] == "https://zoom.us/my/gee.user"
    for secret_key in ("host_key", "token", "zak", "zpk", "password"):
        assert secret_key not in body
    assert "123456" not in json.dumps(body)
    assert emu.v2("GET", "/users/" + body["id"])[1]["email"] == "g@example.com"
    pending = emu.v2("GET", "/users/p@example.com")[1]
    assert pending["status"] == "pending" and pending["id"] and pending["verified"] == 0


def test_unknown_user_is_404_code_1001(emu):
    status, body, dummy = emu.v2("GET", "/users/nobody@example.com")
    assert (status, body) == (404, {"code": 1001, "message": "User does not exist: nobody@example.com."})
    for method, path in (("PATCH", "/users/nobody@example.com"), ("DELETE", "/users/nobody@example.com"),
                         ("GET", "/users/nobody@example.com/settings"), ("PUT", "/users/nobody@example.com/status"),
                         ("GET", "/users/nobody@example.com/assistants")):
        body = {"action": "activate"} if method == "PUT" else ({} if method == "PATCH" else None)
        assert error(emu.v2(method, path, body)) == (404, 1001), (method, path)


def test_get_user_with_a_login_type_that_does_not_match_is_404(emu):
    make(emu, "l@example.com", "ssoCreate", 1)
    assert emu.v2("GET", "/users/l@example.com", query={"login_type": 101})[0] == 200
    assert error(emu.v2("GET", "/users/l@example.com", query={"login_type": 100})) == (404, 1001)


# ---- update ----------------------------------------------------------------------------------------

def test_patch_user_changes_only_the_fields_sent(emu):
    uid = make(emu, "u@example.com", first_name="Keep", last_name="Old")
    body = {"last_name": "New", "dept": "QA", "timezone": "Europe/Paris", "pmi": 3456789012, "vanity_name": "you.user",
            "host_key": "12345678", "cms_user_id": "k-1", "type": 2, "use_pmi": True}
    assert emu.v2("PATCH", "/users/" + uid, body)[:2] == (204, None)
    got = emu.v2("GET", "/users/" + uid)[1]
    assert (got["first_name"], got["last_name"], got["dept"], got["timezone"], got["pmi"], got["type"]) == \
        ("Keep", "New", "QA", "Europe/Paris", 3456789012, 2)
    assert got["vanity_url"] == "https://zoom.us/my/you.user" and got["use_pmi"] is True
    assert emu.user("u@example.com")["host_key_set"] is True
    assert emu.calls()[-2] == {"endpoint": "PATCH /users/{userId}", "fields": sorted(body)}


@pytest.mark.parametrize("body, field", [
    ({"pmi": 123}, "pmi"), ({"pmi": "3456789012"}, "pmi"), ({"host_key": "12345"}, "host_key"),
    ({"host_key": 123456}, "host_key"), ({"vanity_name": "1abc"}, "vanity_name"), ({"type": 3}, "type"),
    ({"type": 99}, "type"), ({"first_name": "x" * 65}, "first_name"), ({"use_pmi": "true"}, "use_pmi"),
])
def test_patch_user_validation_is_400_code_300(emu, body, field):
    uid = make(emu)
    status, answer, dummy = emu.v2("PATCH", "/users/" + uid, body)
    assert (status, answer["code"]) == (400, 300)
    assert answer["errors"] == [{"field": field, "message": answer["errors"][0]["message"]}]


def test_vanity_name_taken_is_4100_and_pmi_taken_is_300(emu):
    emu.seed([{"email": "o@example.com", "vanity_name": "taken.name", "pmi": 5555555555}])
    uid = make(emu)
    assert error(emu.v2("PATCH", "/users/" + uid, {"vanity_name": "Taken.Name"})) == (400, 4100)
    status, body, dummy = emu.v2("PATCH", "/users/" + uid, {"pmi": 5555555555})
    assert (status, body["code"], body["errors"][0]["field"]) == (400, 300, "pmi")


def test_patch_on_a_pending_user_answers_204_and_applies_only_the_group(emu):
    emu.seed([{"email": "p@example.com", "create_method": "create"}])
    assert emu.v2("PATCH", "/users/p@example.com", {"first_name": "Never", "group_id": "grp-1"})[0] == 204
    record = emu.user("p@example.com")
    assert record["first_name"] == "" and record["group_id"] == "grp-1"


def test_group_members_add_and_remove(emu):
    uid = make(emu)
    status, body, dummy = emu.v2("POST", "/groups/grp-7/members", {"members": [{"email": "a@example.com"}]})
    assert status == 201 and body["ids"] == uid
    assert emu.v2("GET", "/users/" + uid)[1]["group_ids"] == ["grp-7"]
    assert emu.v2("DELETE", "/groups/grp-7/members/" + uid)[0] == 204
    assert emu.v2("GET", "/users/" + uid)[1]["group_ids"] == []


# ---- settings --------------------------------------------------------------------------------------

def test_settings_are_the_store_settings_with_inversions(emu):
    emu.seed([{"email": "s@example.com", "disable_chat": True, "enable_waiting_room": True,
               "enable_auto_recording": True, "enable_cloud_auto_recording": False,
               "enable_enter_exit_chime": True, "option_enter_exit_chime_type": 1, "webinar_capacity": 1000}])
    status, body, dummy = emu.v2("GET", "/users/s@example.com/settings")
    assert status == 200
    assert body["in_meeting"]["chat"] is False and body["in_meeting"]["waiting_room"] is True
    assert body["recording"]["auto_recording"] == "local"
    assert body["in_meeting"]["entry_exit_chime"] == "host"
    assert body["feature"]["webinar_capacity"] == 1000
    assert body["email_notification"]["jbh_reminder"] is False   # disable_jbh_reminder defaults to true


def test_settings_patch_deep_merges_and_converts(emu):
    uid = make(emu)
    patch = {"in_meeting": {"chat": False, "private_chat": True, "entry_exit_chime": "all"},
             "recording": {"auto_recording": "cloud", "auto_delete_cmr_days": 60},
             "feature": {"large_meeting_capacity": 500}, "unknown_group": {"x": 1}}
    assert emu.v2("PATCH", "/users/%s/settings" % uid, patch)[:2] == (204, None)
    record = emu.user("a@example.com")
    assert record["disable_chat"] is True and record["disable_private_chat"] is False
    assert record["enable_enter_exit_chime"] is True and record["option_enter_exit_chime_type"] == 0
    assert record["enable_auto_recording"] is True and record["enable_cloud_auto_recording"] is True
    assert record["auto_delete_cmr_days"] == 60 and record["large_capacity"] == 500
    got = emu.v2("GET", "/users/%s/settings" % uid)[1]
    assert got["in_meeting"]["co_host"] is False   # untouched leaves keep their values
    assert emu.v2("PATCH", "/users/%s/settings" % uid, {"recording": {"auto_recording": "none"}})[0] == 204
    assert emu.user("a@example.com")["enable_cloud_auto_recording"] is False
    assert emu.v2("PATCH", "/users/%s/settings" % uid, {"in_meeting": {"entry_exit_chime": "none"}})[0] == 204
    record = emu.user("a@example.com")
    assert record["enable_enter_exit_chime"] is False and record["option_enter_exit_chime_type"] == 0


@pytest.mark.parametrize("patch, field", [
    ({"in_meeting": {"chat": "false"}}, "in_meeting.chat"),
    ({"recording": {"auto_recording": "always"}}, "recording.auto_recording"),
    ({"in_meeting": {"entry_exit_chime": True}}, "in_meeting.entry_exit_chime"),
    ({"feature": {"webinar_capacity": 0}}, "feature.webinar_capacity"),
    ({"recording": {"auto_delete_cmr_days": 7}}, "recording.auto_delete_cmr_days"),
    ({"feature": {"meeting_capacity": -1}}, "feature.meeting_capacity"),
    ({"in_meeting": []}, "in_meeting"),
])
def test_settings_patch_validation(emu, patch, field):
    uid = make(emu)
    status, body, dummy = emu.v2("PATCH", "/users/%s/settings" % uid, patch)
    assert (status, body["code"], body["errors"][0]["field"]) == (400, 300, field)


def test_pending_user_settings_are_400_code_1000(emu):
    emu.seed([{"email": "p@example.com", "create_method": "create"}])
    assert error(emu.v2("GET", "/users/p@example.com/settings")) == (400, 1000)
    assert error(emu.v2("PATCH", "/users/p@example.com/settings", {"in_meeting": {"chat": True}})) == (400, 1000)


# ---- status, password, token, delete ----------------------------------------------------------------

def test_status_activate_and_deactivate(emu):
    uid = make(emu)
    status, body, dummy = emu.v2("PUT", "/users/%s/status" % uid, {"action": "deactivate"})
    assert (status, body) == (200, None)
    assert emu.user("a@example.com")["status"] == "inactive"
    assert emu.v2("PUT", "/users/%s/status" % uid, {"action": "deactivate"})[0] == 200   # idempotent
    assert emu.v2("PUT", "/users/%s/status" % uid, {"action": "activate"})[0] == 200
    assert emu.user("a@example.com")["status"] == "active"
    assert error(emu.v2("PUT", "/users/%s/status" % uid, {"action": "Activate"})) == (400, 300)


def test_status_of_a_pending_user_is_1000(emu):
    emu.seed([{"email": "p@example.com", "create_method": "create"}])
    assert error(emu.v2("PUT", "/users/p@example.com/status", {"action": "activate"})) == (400, 1000)
    assert emu.user("p@example.com")["status"] == "pending"


def test_password_only_for_zoom_login_users(emu):
    uid = make(emu, "z@example.com", "autoCreate", 1, password="First-pw-123")
    assert emu.v2("PUT", "/users/%s/password" % uid, {"password": "Second-pw-456"})[:2] == (204, None)
    assert emu.check_password("z@example.com", "Second-pw-456")
    assert error(emu.v2("PUT", "/users/%s/password" % uid, {"password": "weak"})) == (400, 300)
    api_user = make(emu, "api@example.com", "custCreate")
    assert error(emu.v2("PUT", "/users/%s/password" % api_user, {"password": "Second-pw-456"})) == (400, 1123)
    sso_user = make(emu, "sso@example.com", "ssoCreate")
    assert error(emu.v2("PUT", "/users/%s/password" % sso_user, {"password": "Second-pw-456"})) == (400, 1123)


def test_revoke_sso_token_rotates_it(emu):
    uid = make(emu, "t@example.com", "ssoCreate")
    before = emu.user("t@example.com")["token"]
    assert emu.v2("DELETE", "/users/%s/token" % uid)[:2] == (204, None)
    assert emu.user("t@example.com")["token"] != before


@pytest.mark.parametrize("query", [None, {"action": "disassociate"}, {"action": "delete"}])
def test_delete_active_user(emu, query):
    uid = make(emu)
    assert emu.v2("DELETE", "/users/" + uid, query=query)[:2] == (204, None)
    assert emu.user("a@example.com") is None
    assert error(emu.v2("GET", "/users/" + uid)) == (404, 1001)


def test_delete_rejects_an_unknown_action(emu):
    uid = make(emu)
    assert error(emu.v2("DELETE", "/users/" + uid, query={"action": "remove"})) == (400, 300)
    assert emu.user("a@example.com") is not None


def test_delete_pending_user_without_query_or_disassociate_but_not_delete(emu):
    emu.seed([{"email": "p@example.com", "create_method": "create"},
              {"email": "q@example.com", "create_method": "create"}])
    assert error(emu.v2("DELETE", "/users/p@example.com", query={"action": "delete"})) == (404, 1001)
    assert error(emu.v2("DELETE", "/users/p@example.com", query={"transfer_email": "x@example.com"})) == (404, 1001)
    assert emu.user("p@example.com") is not None
    assert emu.v2("DELETE", "/users/p@example.com")[0] == 204
    assert emu.v2("DELETE", "/users/q@example.com", query={"action": "disassociate"})[0] == 204
    assert emu.state()["users"] == []


# ---- assistants ------------------------------------------------------------------------------------

def test_assistants_add_list_remove_one_and_all(emu):
    host = make(emu, "h@example.com")
    ids = [make(emu, "a%d@example.com" % n) for n in range(3)]
    status, body, dummy = emu.v2("POST", "/users/%s/assistants" % host,
                                 {"assistants": [{"id": ids[0]}, {"email": "A1@example.com"}]})
    assert status == 201 and body["ids"] == "%s,%s" % (ids[0], ids[1]) and body["add_at"].endswith("Z")
    listed = emu.v2("GET", "/users/h@example.com/assistants")[1]["assistants"]
    assert listed == [{"id": ids[0], "email": "a0@example.com"}, {"id": ids[1], "email": "a1@example.com"}]
    assert emu.v2("DELETE", "/users/%s/assistants/%s" % (host, ids[0]))[:2] == (204, None)
    assert emu.user("h@example.com")["assistants"] == ["a1@example.com"]
    assert emu.v2("POST", "/users/%s/assistants" % host, {"assistants": [{"id": ids[2]}]})[0] == 201
    assert emu.v2("DELETE", "/users/%s/assistants" % host)[:2] == (204, None)
    assert emu.user("h@example.com")["assistants"] == []


def test_assistant_errors_are_all_or_nothing(emu):
    host = make(emu, "h@example.com")
    helper = make(emu, "b@example.com")
    emu.seed([{"email": "p@example.com", "create_method": "create"}, {"email": "i@example.com", "status": "inactive"}])
    cases = [
        ([{"id": helper}, {"email": "nobody@example.com"}], (404, 1001)),
        ([{"id": helper}, {"id": host}], (400, 200)),
        ([{"email": "p@example.com"}], (400, 200)),
        ([{"email": "i@example.com"}], (400, 200)),
        ([{"name": "x"}], (400, 300)),
        ([{"id": helper}] * 31, (400, 300)),
        ([], (400, 300)),
    ]
    for items, expected in cases:
        assert error(emu.v2("POST", "/users/%s/assistants" % host, {"assistants": items})) == expected, items
    assert emu.user("h@example.com")["assistants"] == []
    assert emu.v2("POST", "/users/%s/assistants" % host, {"assistants": [{"id": helper}]})[0] == 201
    status, body, dummy = emu.v2("POST", "/users/%s/assistants" % host, {"assistants": [{"id": helper}]})
    assert (status, body["code"]) == (400, 200) and "already has the scheduling privilege" in body["message"]
    assert error(emu.v2("POST", "/users/p@example.com/assistants", {"assistants": [{"id": helper}]})) == (400, 1000)


def test_thirty_assistants_in_one_call(emu):
    host = make(emu, "h@example.com")
    emu.seed([{"email": "x%02d@example.com" % n} for n in range(30)])
    items = [{"email": "x%02d@example.com" % n} for n in range(30)]
    assert emu.v2("POST", "/users/%s/assistants" % host, {"assistants": items})[0] == 201
    assert len(emu.v2("GET", "/users/%s/assistants" % host)[1]["assistants"]) == 30


# ---- email check and listing -------------------------------------------------------------------------

def test_email_check_is_true_only_for_zoom_login_users(emu):
    emu.seed([{"email": "z@example.com"}, {"email": "p@example.com", "create_method": "create"},
              {"email": "s@example.com", "create_method": "ssocreate"},
              {"email": "c@example.com", "create_method": "custcreate"}])
    for email_address, expected in (("Z@example.com", True), ("p@example.com", True), ("s@example.com", False),
                                    ("c@example.com", False), ("n@example.com", False)):
        status, body, dummy = emu.v2("GET", "/users/email", query={"email": email_address})
        assert (status, body) == (200, {"existed_email": expected}), email_address
    assert emu.calls()[-1] == {"endpoint": "GET /users/email", "fields": ["email"]}


def walk(emu, status, page_size):
    users, tokens = [], 0
    query = {"status": status, "page_size": page_size}
    for dummy in range(100):
        code, body, dummy2 = emu.v2("GET", "/users", query=query)
        assert code == 200, body
        users.extend(body["users"])
        if not body["next_page_token"]:
            return users, tokens
        tokens += 1
        query = {"status": status, "page_size": page_size, "next_page_token": body["next_page_token"]}
    raise AssertionError("paging does not end")


def test_listing_pages_with_tokens_by_status(emu):
    emu.seed([{"email": "a%02d@example.com" % n} for n in range(7)]
             + [{"email": "i%02d@example.com" % n, "status": "inactive"} for n in range(2)]
             + [{"email": "p%02d@example.com" % n, "create_method": "create"} for n in range(3)])
    users, tokens = walk(emu, "active", 3)
    assert [u["email"] for u in users] == ["a%02d@example.com" % n for n in range(7)] and tokens == 2
    assert all(u["id"] and u["status"] == "active" for u in users)
    assert [u["email"] for u in walk(emu, "inactive", 300)[0]] == ["i00@example.com", "i01@example.com"]
    pending = walk(emu, "pending", 2)[0]
    assert len(pending) == 3 and all("id" not in u and u["status"] == "pending" for u in pending)
    body = emu.v2("GET", "/users")[1]
    assert body["page_size"] == 30 and body["total_records"] == 7 and body["next_page_token"] == ""


def test_page_token_is_bound_to_its_query(emu):
    emu.seed([{"email": "a%02d@example.com" % n} for n in range(4)])
    token = emu.v2("GET", "/users", query={"page_size": 2})[1]["next_page_token"]
    assert token
    for query in ({"page_size": 3, "next_page_token": token},
                  {"status": "pending", "page_size": 2, "next_page_token": token},
                  {"page_size": 2, "next_page_token": "made-up"}):
        assert error(emu.v2("GET", "/users", query=query)) == (400, 300), query
    assert emu.v2("GET", "/users", query={"page_size": 2, "next_page_token": token})[1]["users"][0]["email"] == \
        "a02@example.com"


def test_page_tokens_expire():
    with Emulator(extra_args=["--page-token-ttl", "1"]) as emu:
        emu.seed([{"email": "a%02d@example.com" % n} for n in range(3)])
        token = emu.v2("GET", "/users", query={"page_size": 2})[1]["next_page_token"]
        time.sleep(1.2)
        assert error(emu.v2("GET", "/users", query={"page_size": 2, "next_page_token": token})) == (400, 300)


def test_vanity_name_check_and_schedulers(emu):
    emu.seed([{"email": "h@example.com", "vanity_name": "host.room", "assistants": ["a@example.com"]},
              {"email": "a@example.com"}])
    assert emu.v2("GET", "/users/vanity_name", query={"vanity_name": "HOST.room"})[1] == {"existed": True}
    assert emu.v2("GET", "/users/vanity_name", query={"vanity_name": "free.room"})[1] == {"existed": False}
    status, body, dummy = emu.v2("GET", "/users/a@example.com/schedulers")
    assert status == 200 and [s["email"] for s in body["schedulers"]] == ["h@example.com"]
    assert emu.v2("GET", "/users/h@example.com/schedulers")[1] == {"schedulers": []}


@pytest.mark.parametrize("query", [{"page_size": 301}, {"page_size": 0}, {"page_size": "x"}, {"status": "all"}])
def test_listing_validation(emu, query):
    assert error(emu.v2("GET", "/users", query=query)) == (400, 300)


# ---- transport, faults, rate limits ------------------------------------------------------------------

def test_unknown_path_and_method(emu):
    status, body, dummy = emu.v2("GET", "/meetings")
    assert status == 404 and set(body) == {"code", "message"}
    status, body, headers = emu.v2("POST", "/users/a@example.com")
    assert status == 405 and headers["Allow"] == "DELETE, GET, PATCH"


def test_bad_json_body_is_400_code_300(emu):
    uid = make(emu)
    conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
    try:
        headers = {"Authorization": "Bearer " + emu.token(), "Content-Type": "application/json"}
        conn.request("PATCH", "/v2/users/" + uid, "{not json", headers)
        resp = conn.getresponse()
        assert resp.status == 400 and json.loads(resp.read())["code"] == 300
    finally:
        conn.close()


def test_hostile_json_bodies_are_answered_not_crashed(emu):
    uid = make(emu)
    conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
    headers = {"Authorization": "Bearer " + emu.token(), "Content-Type": "application/json"}
    deep = '{"a":' * 900 + "1" + "}" * 900
    try:
        for body, expected in ((deep, 204), ("[" * 100000, 400), ('{"pmi": 1e400}', 400), ('{"pmi": NaN}', 400),
                               ('{"pmi": %s}' % ("9" * 5000), 400)):
            conn.request("PATCH", "/v2/users/" + uid, body, headers)
            resp = conn.getresponse()
            resp.read()
            assert resp.status == expected, body[:20]
    finally:
        conn.close()
    assert emu.calls()[-5]["fields"] == ["a." * 8 + "a"]


def test_204_answers_have_no_body_and_no_content_type(emu):
    uid = make(emu)
    status, body, headers = emu.v2("PATCH", "/users/" + uid, {"dept": "x"})
    assert (status, body) == (204, None) and "Content-Type" not in headers


def parse_retry_after(value):
    if value.isdigit():
        return int(value)
    if re.fullmatch(r"\d{4}-.*Z", value):
        return calendar.timegm(time.strptime(value, "%Y-%m-%dT%H:%M:%SZ")) - time.time()
    return parsedate_to_datetime(value).timestamp() - time.time()


@pytest.mark.parametrize("kind, retry_form", [
    ("rate_limit", "seconds"), ("rate_limit_http_date", "http-date"), ("rate_limit_iso_date", "iso"),
    ("rate_limit_no_retry_after", None),
])
def test_qps_429_with_each_retry_after_form(emu, kind, retry_form):
    uid = make(emu)
    emu.fault("/users/{userId}", kind, seconds=5)
    status, body, headers = emu.v2("PATCH", "/users/" + uid, {"dept": "Never"})
    assert (status, body["code"]) == (429, 429) and "per-second" in body["message"]
    assert headers["X-RateLimit-Type"] == "QPS" and headers["X-RateLimit-Category"] == "Light"
    value = headers.get("Retry-After")
    if retry_form is None:
        assert value is None
    else:
        if retry_form == "seconds":
            assert value == "5"
        elif retry_form == "iso":
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value)
        else:
            assert value.endswith(" GMT")
        assert 2 <= parse_retry_after(value) <= 6
    assert emu.user("a@example.com")["dept"] == ""
    assert emu.calls()[-1] == {"endpoint": "PATCH /users/{userId}", "fields": ["dept"], "error": 429, "fault": kind}
    assert emu.v2("PATCH", "/users/" + uid, {"dept": "Now"})[0] == 204   # the fault is used up


def test_daily_limit_429(emu):
    emu.fault("/users", "rate_limit_daily")
    status, body, headers = emu.v2("GET", "/users")
    assert status == 429 and "daily rate limit" in body["message"]
    assert headers["X-RateLimit-Type"] == "Daily-limit" and headers["X-RateLimit-Remaining"] == "0"
    midnight = calendar.timegm(time.strptime(headers["Retry-After"], "%Y-%m-%dT%H:%M:%SZ"))
    assert midnight % 86400 == 0 and 0 < midnight - time.time() <= 86400
    emu.fault("/users", "rate_limit_daily_bare")
    status, body, headers = emu.v2("GET", "/users")
    assert status == 429 and "daily rate limit" in body["message"]
    assert "Retry-After" not in headers and "X-RateLimit-Type" not in headers


@pytest.mark.parametrize("kind, status", [("http_500", 500), ("http_503", 503)])
def test_http_error_faults_on_v2(emu, kind, status):
    uid = make(emu)
    emu.fault("/v2/users/{userId}", kind)
    got, body, dummy = emu.v2("PATCH", "/users/" + uid, {"dept": "Never"})
    assert (got, body["code"]) == (status, status)
    assert emu.user("a@example.com")["dept"] == ""


def test_drop_and_drop_after_on_v2(emu):
    uid = make(emu)
    emu.fault("/users/{userId}", "drop")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        emu.v2("PATCH", "/users/" + uid, {"dept": "Never"})
    assert emu.user("a@example.com")["dept"] == ""
    emu.fault("/users/{userId}", "drop_after")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        emu.v2("PATCH", "/users/" + uid, {"dept": "Applied"})
    assert emu.user("a@example.com")["dept"] == "Applied"


def test_bad_json_delay_and_empty_body_faults_on_v2(emu):
    make(emu)
    emu.fault("/users/{userId}", "bad_json")
    with pytest.raises(Exception, match="not JSON"):
        emu.v2("GET", "/users/a@example.com")
    emu.fault("/users/{userId}", "delay", seconds=0.3)
    start = time.monotonic()
    assert emu.v2("GET", "/users/a@example.com")[0] == 200
    assert time.monotonic() - start >= 0.3
    emu.fault("/users/{userId}", "empty_body")
    status, body, headers = emu.v2("GET", "/users/a@example.com")
    assert (status, body) == (200, None) and "Content-Type" not in headers


def test_faults_on_the_token_endpoint(emu):
    emu.fault("/oauth/token", "http_503")
    assert emu.oauth()[0] == 503
    assert emu.oauth()[0] == 200


def test_the_token_endpoint_takes_every_fault_kind_of_the_v2_endpoints():
    from zoomemu.v2 import OAuthFrontEnd, V2FrontEnd
    assert OAuthFrontEnd.fault_kinds == V2FrontEnd.fault_kinds


def _token_answer(emu):
    """(HTTP status, body bytes, headers) of one token request, or None when the connection was dropped."""
    try:
        return emu.oauth_answer()
    except (OSError, http.client.HTTPException):
        return None


# What each fault does to a token request: the HTTP status (None: the connection is dropped), and whether a token
# is issued (the request is applied) -- as on the API's endpoints.
TOKEN_FAULTS = {
    "http_500": (500, False), "http_503": (503, False), "drop": (None, False), "bad_json": (200, False),
    "delay": (200, True), "drop_after": (None, True), "empty_body": (200, True),
    "rate_limit": (429, False), "rate_limit_no_retry_after": (429, False), "rate_limit_http_date": (429, False),
    "rate_limit_iso_date": (429, False), "rate_limit_daily": (429, False), "rate_limit_daily_bare": (429, False),
}


@pytest.mark.parametrize("kind", sorted(TOKEN_FAULTS))
def test_a_fault_on_the_token_endpoint_answers_as_on_the_api_and_is_used_up(emu, kind):
    from zoomemu.v2 import FAULT_KINDS
    assert sorted(TOKEN_FAULTS) == sorted(FAULT_KINDS)
    emu.fault("/oauth/token", kind, seconds=2 if kind.startswith("rate_limit") else 0.2)
    started = time.monotonic()
    answer = _token_answer(emu)
    assert kind != "delay" or time.monotonic() - started >= 0.2
    status, issued = TOKEN_FAULTS[kind]
    assert (answer[0] if answer else None) == status, answer
    [logged] = [call for call in emu.calls() if call["endpoint"] == "POST /oauth/token"]
    assert logged.get("fault") == kind and logged.get("error") == (429 if status == 429 else None), logged
    assert emu.control("GET", "tokens")["issued"] == (1 if issued else 0)
    if status == 429:
        body, headers = json.loads(answer[1]), answer[2]
        assert body["code"] == 429 and "access_token" not in body
        daily = kind.startswith("rate_limit_daily")
        assert ("daily rate limit" in body["message"]) is daily, body
        retry_after = {"rate_limit": "2", "rate_limit_no_retry_after": None}.get(kind, headers.get("Retry-After"))
        assert headers.get("Retry-After") == retry_after and (kind != "rate_limit_daily_bare" or retry_after is None)
        assert headers.get("X-RateLimit-Type") == {"rate_limit_daily": "Daily-limit",
                                                   "rate_limit_daily_bare": None}.get(kind, "QPS"), headers
    if kind == "empty_body":
        assert answer[1] == b"" and "Content-Type" not in answer[2]
    if kind == "bad_json":
        assert answer[1].startswith(b"<html>")
    # The fault is used up: the next token request is answered with a token.
    status, body = emu.oauth()
    assert status == 200 and body["access_token"]


def test_a_v2_fault_is_not_used_up_by_a_v1_call(emu):
    emu.token()   # the token first: a "*" fault hits the token endpoint too
    emu.fault("*", "rate_limit_daily")
    assert "error" not in emu.call("/user/list")
    assert emu.v2("GET", "/users")[0] == 429


def test_rate_limit_flag_answers_429_on_v2():
    with Emulator(rate_limit=True) as emu:
        token = emu.token()
        statuses = []
        for dummy in range(40):   # Medium category: 20 per second
            status, dummy2, headers = emu.v2("GET", "/users", token=token)
            statuses.append(status)
            if status == 429:
                assert headers["X-RateLimit-Type"] == "QPS" and headers["Retry-After"] == "1"
                break
        assert statuses[-1] == 429 and statuses.count(200) >= 10


def test_v2_only_user_types_survive_the_state_file(tmp_path):
    state_file = tmp_path / "state.json"
    with Emulator(state_file=state_file) as emu:
        make(emu, "none@example.com", "ssoCreate", 99)
        make(emu, "four@example.com", "custCreate", 4)
    with Emulator(state_file=state_file) as emu:
        assert emu.v2("GET", "/users/none@example.com")[1]["type"] == 99
        assert emu.v2("GET", "/users/four@example.com")[1]["type"] == 4


# ---- secrets -----------------------------------------------------------------------------------------

def test_no_secret_in_logs_state_or_output(tmp_path):
    state_file = tmp_path / "state.json"
    with Emulator(capture=True, state_file=state_file, client_secret="client-secret-xyz") as emu:
        token = emu.token()
        uid = make(emu, "z@example.com", "autoCreate", 1, password="Secret-pw-12")
        emu.v2("PATCH", "/users/" + uid, {"host_key": "87654321"})
        emu.v2("PUT", "/users/%s/password" % uid, {"password": "Other-pw-3456"})
        emu.oauth(client_secret="wrong-secret-abc")
        texts = [json.dumps(emu.calls()), json.dumps(emu.state()), json.dumps(emu.control("GET", "tokens"))]
        basic_header = "ZW11bGF0b3ItY2xpZW50OmNsaWVudC1zZWNyZXQteHl6"
    out, err = emu.output()
    texts += [out, err, state_file.read_text()]
    for text in texts:
        for secret in (token, "client-secret-xyz", "wrong-secret-abc", basic_header, "Secret-pw-12", "Other-pw-3456",
                       "87654321"):
            assert secret not in text, secret
    assert out.strip() == emu.url and emu.url.endswith("/v1")


# ---- the guide states the code's facts ---------------------------------------------------------------

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "docsite", "rst", "emulator.rst")


def doc_section(title):
    """The text of the guide's section ``title`` (an RST heading), up to the next heading of any level."""
    with open(DOC, encoding="utf-8") as fh:
        text = fh.read()
    start = text.index("\n%s\n" % title) + 1
    body = start + len(title) + 1
    body = text.index("\n", body) + 1   # past the underline
    following = re.search(r"\n([^\n]+)\n([~=^\-\"'`#*+])\2{3,}\n", text[body:])
    return text[start:body + following.start() if following else len(text)]


def test_documented_v2_codes_and_messages_are_the_emulators():
    rows = re.findall(r"^\| (\d{3}) +\| (\d+) +\| ``([^`]+)``", doc_section("Error codes (v2)"), re.M)
    assert {code for dummy, code, dummy2 in rows} >= {"300", "200", "1000", "1123", "4100", "4711", "124", "1001", "1005"}
    source = package_sources()["v2"]
    for status, code, message in rows:
        for alternative in message.split(" / "):
            stem = alternative.split("<")[0].split("[")[0].rstrip(": .")
            assert stem and stem in source, (code, stem)
        helper = {"300": "validation", "1001": "not_found", "1000": "pending_error"}.get(code, "^$")
        assert re.search(r"V2Error\(%s, %s\b|%s" % (status, code, helper), source), code


def test_documented_flags_are_the_parsers():
    from zoomemu.server import build_parser

    with open(DOC, encoding="utf-8") as fh:
        text = fh.read()
    options = text[text.index("Options:"):text.index("The **first line on stdout**")]
    documented = set(re.findall(r"`(--[a-z-]+)", options))
    parsed = {a.option_strings[0] for a in build_parser()._actions if a.option_strings[0] != "-h"}
    assert documented == parsed


# ---- structure -----------------------------------------------------------------------------------------

V2_MARKERS = {
    "a v2 path": re.compile(r"/users/\{|\"/users\"|/oauth/token"),
    "a v2 auth code": re.compile(r"\b(124|4711|4100|1123)\b"),
    "a v2 number table": re.compile(r"V2_USER_TYPES|V2_LOGIN_TYPES"),
}


def test_only_the_v2_front_end_holds_v2_paths_codes_and_numbers():
    sources = package_sources()
    for name in ("store", "control", "server", "v1"):
        code = "\n".join(line.split("#")[0] for line in sources[name].splitlines())
        code = "\n".join(line for line in code.splitlines() if '"""' not in line)
        for what, pattern in V2_MARKERS.items():
            found = pattern.search(code)
            assert found is None, "%s.py holds %s: %r" % (name, what, found.group(0))
    for pattern in V2_MARKERS.values():
        assert pattern.search(sources["v2"])
    assert zoomemu.__name__ == "zoomemu"
