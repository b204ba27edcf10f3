"""Conformance with the v2 OpenAPI document (tests/emulator/spec/zoom-user-v2.openapi.json).

For every operation the v2 front-end implements: the operation is in the spec; every request field
the spec lists is accepted; the keys answered are keys of the spec's response schema with the JSON
type it gives, and every key of that schema is either answered or named in NOT_ANSWERED (so a key
is never dropped silently). The spec has no enums and no error responses (they were stripped by the
copy it comes from): values and error codes are tested in test_v2.py.
"""

import json
import os

import pytest

from zoomemu import v2
from harness import json_type

SPEC_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spec", "zoom-user-v2.openapi.json")

with open(SPEC_PATH, encoding="ascii") as _fh:
    SPEC = json.load(_fh)

SPEC_OPERATIONS = {(method.upper(), path) for path, item in SPEC["paths"].items() for method in item
                   if method in ("get", "post", "put", "patch", "delete")}
# Implemented routes that are not part of the User API document (groups live in the Groups API).
OTHER_API_ROUTES = {("POST", "/groups/{groupId}/members"), ("DELETE", "/groups/{groupId}/members/{memberId}")}

# Keys of the spec's user record that the emulator does not answer (no store data behind them).
NOT_ANSWERED_USER = {"account_number", "company", "custom_attributes", "employee_unique_id", "jid", "job_title",
                     "cost_center", "location", "manager", "phone_country", "phone_number", "phone_numbers",
                     "plan_united_type", "pronouns", "pronouns_option", "cluster", "zoom_one_type"}
NOT_ANSWERED_LIST_ITEM = {"custom_attributes", "employee_unique_id", "host_key", "plan_united_type"}

# valid sample values where the spec's example is not one (or there is none)
SAMPLES = {"vanity_name": "conf.user", "host_key": "654321", "pmi": 3456789012, "type": 2, "timezone": "Asia/Tokyo",
           "group_id": "group-1"}


def operation(method, path):
    return SPEC["paths"][path][method.lower()]


def schema_properties(schema):
    """The properties of a schema (allOf merged; the first alternative of a oneOf)."""
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            merged.update(schema_properties(part))
        return merged
    if "oneOf" in schema:
        return schema_properties(schema["oneOf"][0])
    return schema.get("properties", {})


def response_schema(method, path, status):
    return operation(method, path)["responses"][status]["content"]["application/json"]["schema"]


def request_schema(method, path):
    return operation(method, path)["requestBody"]["content"]["application/json"]["schema"]


def sample(name, prop):
    if name in SAMPLES:
        return SAMPLES[name]
    if "example" in prop:
        return prop["example"]
    return {"string": "x", "integer": 1, "boolean": True, "array": [], "object": {}}[prop.get("type", "string")]


def assert_keys_conform(answer, properties, not_answered, where):
    for key, value in answer.items():
        assert key in properties, "%s answers %r, which the spec does not have" % (where, key)
        expected = properties[key].get("type")
        assert json_type(value) == expected or (expected == "number" and json_type(value) == "integer"), \
            "%s: %s is %s, the spec says %s" % (where, key, json_type(value), expected)
    missing = set(properties) - set(answer) - set(not_answered)
    assert not missing, "%s: spec keys neither answered nor listed as not answered: %s" % (where, sorted(missing))
    assert not set(answer) & set(not_answered)


@pytest.fixture
def user_id(emu):
    status, body, dummy = emu.v2("POST", "/users", {"action": "autoCreate", "user_info": {
        "email": "conf@example.com", "type": 2, "first_name": "Conf", "last_name": "Ormance",
        "password": "Conform-pw-12"}})
    assert status == 201, body
    return body["id"]


def test_every_implemented_user_operation_is_in_the_spec():
    implemented = set(v2.ROUTES)
    assert implemented - OTHER_API_ROUTES <= SPEC_OPERATIONS
    assert OTHER_API_ROUTES <= implemented


def test_every_implemented_operation_lists_the_scopes_of_the_spec():
    for (method, path), (dummy, category, scopes) in v2.ROUTES.items():
        if (method, path) in OTHER_API_ROUTES:
            continue
        spec_scopes = operation(method, path)["security"][0]["openapi_oauth"]
        assert set(scopes) <= set(spec_scopes) | {"user:read", "user:write"}, (method, path)
        assert category in ("Light", "Medium")


@pytest.mark.parametrize("action", ["create", "autoCreate", "custCreate", "ssoCreate"])
def test_create_accepts_every_user_info_field_and_answers_the_spec_keys(emu, action):
    info_schema = schema_properties(request_schema("POST", "/users"))["user_info"]
    user_info = {name: sample(name, prop) for name, prop in info_schema["properties"].items()}
    user_info.update(email="c-%s@example.com" % action.lower(), type=2, password="Conform-pw-12")
    assert set(schema_properties(request_schema("POST", "/users"))) == {"action", "user_info"}
    status, body, dummy = emu.v2("POST", "/users", {"action": action, "user_info": user_info})
    assert status == 201, body
    assert_keys_conform(body, schema_properties(response_schema("POST", "/users", "201")), (), "POST /users")


def test_get_user_answers_spec_keys_with_spec_types(emu, user_id):
    status, body, dummy = emu.v2("GET", "/users/" + user_id, query={"login_type": 100, "encrypted_email": "false"})
    assert status == 200
    properties = schema_properties(response_schema("GET", "/users/{userId}", "200"))
    assert_keys_conform(body, properties, NOT_ANSWERED_USER, "GET /users/{userId}")
    for required in response_schema("GET", "/users/{userId}", "200")["allOf"][1]["required"]:
        assert required in body


def test_list_users_accepts_the_spec_query_and_answers_spec_keys(emu, user_id):
    names = [p["name"] for p in operation("GET", "/users")["parameters"]]
    assert {"status", "page_size", "next_page_token"} <= set(names)
    query = {"status": "active", "page_size": 10, "role_id": "2", "page_number": 1, "include_fields": "custom_attributes",
             "license": "zoom_workforce_management"}
    assert set(query) | {"next_page_token"} == set(names)
    status, body, dummy = emu.v2("GET", "/users", query=query)
    assert status == 200
    properties = schema_properties(response_schema("GET", "/users", "200"))
    assert_keys_conform(body, properties, (), "GET /users")
    item_properties = schema_properties(properties["users"]["items"])
    assert body["users"]
    for item in body["users"]:
        assert_keys_conform(item, item_properties, NOT_ANSWERED_LIST_ITEM, "GET /users item")


def test_patch_user_accepts_every_spec_field(emu, user_id):
    body = {name: sample(name, prop) for name, prop in schema_properties(request_schema("PATCH", "/users/{userId}"))
            .items()}
    status, answer, dummy = emu.v2("PATCH", "/users/" + user_id, body)
    assert status == 204, answer
    got = emu.v2("GET", "/users/" + user_id)[1]
    assert (got["pmi"], got["type"], got["dept"], got["vanity_url"]) == \
        (3456789012, 2, body["dept"], "https://zoom.us/my/conf.user")


def settings_properties(schema):
    return schema_properties(schema)


def mapped_paths():
    paths = {path: "boolean" for path in v2.SETTINGS_MAP}
    paths.update({path: "integer" for path in v2.SETTINGS_INTS})
    paths.update({v2.AUTO_RECORDING: "string", v2.ENTRY_EXIT_CHIME: "string"})
    return paths


def test_every_mapped_setting_is_a_spec_path_with_the_spec_type():
    for schema in (response_schema("GET", "/users/{userId}/settings", "200"),
                   request_schema("PATCH", "/users/{userId}/settings")):
        groups = settings_properties(schema)
        for (group, key), expected in mapped_paths().items():
            assert group in groups, group
            prop = groups[group]["properties"].get(key)
            assert prop is not None, "%s.%s is not in the spec" % (group, key)
            assert prop["type"] == expected, (group, key)


def test_get_settings_answers_spec_paths_with_spec_types(emu, user_id):
    status, body, dummy = emu.v2("GET", "/users/%s/settings" % user_id)
    assert status == 200
    groups = settings_properties(response_schema("GET", "/users/{userId}/settings", "200"))
    for group, values in body.items():
        assert group in groups
        assert_keys_conform(values, groups[group]["properties"],
                            set(groups[group]["properties"]) - set(values), "settings " + group)
    answered = {(group, key) for group, values in body.items() for key in values}
    assert answered == set(mapped_paths())


def test_patch_settings_accepts_every_mapped_path(emu, user_id):
    patch = {}
    for (group, key), kind in mapped_paths().items():
        value = {"boolean": True, "string": None, "integer": None}[kind]
        if (group, key) in v2.SETTINGS_INTS:
            allowed = v2.SETTINGS_INTS[(group, key)][1]
            value = allowed[-1] if allowed else 200
        elif (group, key) == v2.AUTO_RECORDING:
            value = "cloud"
        elif (group, key) == v2.ENTRY_EXIT_CHIME:
            value = "host"
        patch.setdefault(group, {})[key] = value
    status, body, dummy = emu.v2("PATCH", "/users/%s/settings" % user_id, patch, query={"option": "meeting_security"})
    assert status == 204, body
    assert emu.v2("GET", "/users/%s/settings" % user_id)[1] == patch


@pytest.mark.parametrize("method, path, body, status", [
    ("PUT", "/users/{userId}/status", {"action": "deactivate"}, 200),
    ("PUT", "/users/{userId}/password", {"password": "Other-pw-3456"}, 204),
    ("DELETE", "/users/{userId}/token", None, 204),
])
def test_write_operations_take_the_spec_body(emu, user_id, method, path, body, status):
    if body is not None:
        assert set(body) == set(schema_properties(request_schema(method, path)))
    assert set(operation(method, path)["responses"]) == {str(status), "default"}
    got, answer, dummy = emu.v2(method, path.replace("{userId}", user_id), body)
    assert (got, answer) == (status, None)


def test_assistants_take_and_answer_the_spec_fields(emu, user_id):
    status, body, dummy = emu.v2("POST", "/users", {"action": "custCreate", "user_info": {
        "email": "helper@example.com", "type": 2}})
    helper = body["id"]
    items = schema_properties(request_schema("POST", "/users/{userId}/assistants"))["assistants"]["items"]
    assert set(items["properties"]) == {"id", "email"}
    status, body, dummy = emu.v2("POST", "/users/%s/assistants" % user_id, {"assistants": [{"id": helper}]})
    assert status == 201
    assert_keys_conform(body, schema_properties(response_schema("POST", "/users/{userId}/assistants", "201")), (),
                        "POST assistants")
    status, body, dummy = emu.v2("GET", "/users/%s/assistants" % user_id)
    properties = schema_properties(response_schema("GET", "/users/{userId}/assistants", "200"))
    assert_keys_conform(body, properties, (), "GET assistants")
    for item in body["assistants"]:
        assert_keys_conform(item, properties["assistants"]["items"]["properties"], (), "assistant")
    for method, path in (("DELETE", "/users/{userId}/assistants/{assistantId}"), ("DELETE", "/users/{userId}/assistants")):
        assert set(operation(method, path)["responses"]) == {"204", "default"}


def test_email_check_answers_the_spec_key(emu, user_id):
    assert [p["name"] for p in operation("GET", "/users/email")["parameters"]] == ["email"]
    status, body, dummy = emu.v2("GET", "/users/email", query={"email": "conf@example.com"})
    assert status == 200
    assert_keys_conform(body, schema_properties(response_schema("GET", "/users/email", "200")), (), "email check")


def test_vanity_name_check_and_schedulers_answer_spec_keys(emu, user_id):
    status, body, dummy = emu.v2("GET", "/users/vanity_name", query={"vanity_name": "conf.user"})
    assert status == 200
    assert_keys_conform(body, schema_properties(response_schema("GET", "/users/vanity_name", "200")), (), "vanity")
    status, body, dummy = emu.v2("POST", "/users", {"action": "custCreate", "user_info": {
        "email": "sched@example.com", "type": 2}})
    assert emu.v2("POST", "/users/%s/assistants" % body["id"], {"assistants": [{"id": user_id}]})[0] == 201
    status, body, dummy = emu.v2("GET", "/users/%s/schedulers" % user_id)
    assert status == 200 and body["schedulers"]
    properties = schema_properties(response_schema("GET", "/users/{userId}/schedulers", "200"))
    assert_keys_conform(body, properties, (), "schedulers")
    for item in body["schedulers"]:
        assert_keys_conform(item, properties["schedulers"]["items"]["properties"], (), "scheduler")


def test_delete_takes_the_spec_action_query(emu, user_id):
    names = [p["name"] for p in operation("DELETE", "/users/{userId}")["parameters"]]
    assert "action" in names
    assert emu.v2("DELETE", "/users/" + user_id, query={"action": "delete", "transfer_meeting": "false"})[0] == 204
