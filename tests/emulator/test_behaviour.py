"""Pagination, the visibility table, invitations, the control API and seeding."""

import json
import urllib.error
import urllib.request

import pytest

from harness import EmulatorError


def seed_n(emu, n, prefix="u", **extra):
    return emu.seed([dict(email="%s%04d@example.com" % (prefix, i), **extra) for i in range(n)])


# ---------------------------------------------------------------------------------- pagination

def test_pagination_empty(emu):
    for endpoint in ("/user/list", "/user/pending"):
        assert emu.call(endpoint) == {"page_count": 0, "total_records": 0, "page_number": 1, "page_size": 30,
                                      "users": []}


def test_pagination_exactly_300(emu):
    seed_n(emu, 300)
    resp = emu.call("/user/list", page_size=300)
    assert (resp["page_count"], resp["total_records"], len(resp["users"])) == (1, 300, 300)
    assert emu.call("/user/list", page_size=300, page_number=2)["users"] == []


def test_pagination_301_and_partial_pages(emu):
    created = seed_n(emu, 301)["users"]
    resp = emu.call("/user/list", page_size=300)
    assert (resp["page_count"], resp["total_records"], len(resp["users"])) == (2, 301, 300)
    last = emu.call("/user/list", page_size=300, page_number=2)
    assert [u["id"] for u in last["users"]] == [created[300]["id"]]
    assert (last["page_count"], last["page_number"], last["page_size"]) == (2, 2, 300)
    part = emu.call("/user/list", page_size=100, page_number=4)
    assert part["page_count"] == 4 and len(part["users"]) == 1
    past = emu.call("/user/list", page_size=100, page_number=9)
    assert past["users"] == [] and past["page_number"] == 9 and past["total_records"] == 301
    # default page size 30, creation order across pages
    ids = []
    for page in range(1, 12):
        ids += [u["id"] for u in emu.call("/user/list", page_number=page)["users"]]
    assert ids == [u["id"] for u in created]
    assert emu.call("/user/list")["page_count"] == 11


@pytest.mark.parametrize("size", [0, 301, -1, "x", "1.5"])
def test_page_size_rejected(emu, size):
    for endpoint in ("/user/list", "/user/pending"):
        assert emu.call(endpoint, page_size=size)["error"]["code"] == 301


def test_pending_pagination(emu):
    seed_n(emu, 45, create_method="create")
    seed_n(emu, 5, prefix="active")
    resp = emu.call("/user/pending", page_size=20, page_number=3)
    assert (resp["page_count"], resp["total_records"], len(resp["users"])) == (3, 45, 5)
    assert all(u["status"] == 2 for u in resp["users"])
    assert emu.call("/user/list")["total_records"] == 5


# ---------------------------------------------------------------------------------- visibility

VISIBILITY = {
    #            list   pending get    getbyemail checkemail
    "active": (True, False, True, True, True),
    "inactive": (True, False, True, True, True),
    "pending": (False, True, False, False, True),
}


@pytest.mark.parametrize("status", sorted(VISIBILITY))
def test_visibility_table(emu, status):
    uid = emu.seed([{"email": "v@example.com", "status": status}])["users"][0]["id"]
    in_list = any(u["id"] == uid for u in emu.call("/user/list")["users"])
    in_pending = any(u["id"] == uid for u in emu.call("/user/pending")["users"])
    get_ok = "error" not in emu.call("/user/get", id=uid)
    by_email_ok = "error" not in emu.call("/user/getbyemail", email="V@example.com")
    exists = emu.call("/user/checkemail", email="v@example.com")["existed_email"]
    assert (in_list, in_pending, get_ok, by_email_ok, exists) == VISIBILITY[status]


def test_status_ints(emu):
    emu.seed([{"email": "a@example.com"}, {"email": "i@example.com", "status": "inactive"},
              {"email": "p@example.com", "status": "pending"}])
    statuses = {u["email"]: u["status"] for u in emu.call("/user/list")["users"]}
    assert statuses == {"a@example.com": 0, "i@example.com": 1}
    assert emu.call("/user/pending")["users"][0]["status"] == 2


def test_invitation_accept(emu):
    user = emu.call("/user/create", email="Invitee@example.com", type=1)
    assert emu.user("invitee@example.com")["status"] == "pending"
    resp = emu.accept("INVITEE@example.com")
    assert resp["status"] == "active"
    assert emu.call("/user/get", id=user["id"])["status"] == 0
    with pytest.raises(EmulatorError):
        emu.accept("invitee@example.com")  # no longer pending -> 404
    with pytest.raises(EmulatorError):
        emu.accept("nobody@example.com")


# ---------------------------------------------------------------------------------- control API

def _post(emu, path, payload):
    req = urllib.request.Request(emu.root + path, data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_reset_clears_everything(emu):
    emu.seed([{"email": "a@example.com"}])
    emu.fault("*", "http_500", count=5)
    emu.call("/user/list")  # consumes one fault
    emu.reset()
    assert emu.state()["users"] == [] and emu.calls() == []
    assert "error" not in emu.call("/user/list")  # faults gone


def test_seed_unknown_key_is_400(emu):
    status, body = _post(emu, "/_emulator/seed", {"users": [{"email": "a@example.com", "colour": "blue",
                                                             "shoe": 1}]})
    assert status == 400 and "colour" in body["error"] and "shoe" in body["error"]
    assert emu.state()["users"] == []


@pytest.mark.parametrize("item", [
    {"email": "not-an-email"},
    {"first_name": "no email"},
    {"email": "a@example.com", "type": 9},
    {"email": "a@example.com", "pmi": "12345"},
    {"email": "a@example.com", "timezone": "Nowhere/City"},
    {"email": "a@example.com", "status": "deleted"},
    {"email": "a@example.com", "login_type": 5},
    {"email": "a@example.com", "create_method": "magic"},
    {"email": "a@example.com", "enable_webinar": "perhaps"},
    {"email": "a@example.com", "assistants": ["nobody@example.com"]},
    {"email": "a@example.com", "host_key": 12},
])
def test_seed_bad_values_are_400(emu, item):
    status, body = _post(emu, "/_emulator/seed", {"users": [{"email": "ok@example.com"}, item]})
    assert status == 400, body
    assert emu.state()["users"] == []  # all or nothing


def test_seed_duplicate_email_is_400(emu):
    emu.seed([{"email": "a@example.com"}])
    status, dummy = _post(emu, "/_emulator/seed", {"users": [{"email": "A@example.com"}]})
    assert status == 400
    status, dummy = _post(emu, "/_emulator/seed", {"users": [{"email": "b@example.com"}, {"email": "B@example.com"}]})
    assert status == 400
    assert len(emu.state()["users"]) == 1


def test_seed_full_item(emu):
    result = emu.seed([
        {"email": "Host@example.com", "id": "WXjQnDMEQsucU5v1YyHWIA", "first_name": "Host", "type": 2,
         "pmi": 2035134243, "enable_webinar": True, "webinar_capacity": "100", "timezone": "America/Los_Angeles",
         "vanity_name": "hosty", "host_key": "112233", "password": "Seed-pw-1", "token": "tok", "zak": "zak",
         "zpk": "zpk-1", "assistants": ["helper@example.com"], "dept": "Eng"},
        {"email": "helper@example.com", "create_method": "custcreate", "status": "inactive"},
        {"email": "sso@example.com", "create_method": "ssocreate"},
        {"email": "invited@example.com", "create_method": "create"},
        {"email": "fb@example.com", "login_type": 0},
    ])
    assert result["created"] == 5
    assert result["users"][0] == {"id": "WXjQnDMEQsucU5v1YyHWIA", "email": "Host@example.com"}
    host = emu.user("host@example.com")
    assert host["status"] == "active" and host["login_type"] == 100 and host["pmi"] == 2035134243
    assert host["enable_webinar"] is True and host["webinar_capacity"] == 100
    assert host["vanity_url"] == "https://zoom.us/my/hosty" and host["assistants"] == ["helper@example.com"]
    assert host["password_set"] is True and "host_key" not in host and host["host_key_set"] is True
    assert (host["token"], host["zak"], host["zpk"]) == ("tok", "zak", "zpk-1")
    assert emu.check_password("host@example.com", "Seed-pw-1")
    assert emu.call("/user/get", id="WXjQnDMEQsucU5v1YyHWIA")["host_key"] == "112233"
    assert "error" not in emu.call("/user/checkzpk", zpk="zpk-1")
    helper = emu.user("helper@example.com")
    assert (helper["status"], helper["login_type"], helper["token"]) == ("inactive", 99, "")
    assert emu.user("sso@example.com")["login_type"] == 101
    assert emu.user("invited@example.com")["status"] == "pending"
    assert emu.user("fb@example.com")["login_type"] == 0
    assert emu.call("/user/getbyemail", email="fb@example.com", login_type=0)["email"] == "fb@example.com"


def test_seed_accepts_state_output(emu):
    emu.seed([{"email": "a@example.com", "first_name": "A"}, {"email": "b@example.com", "assistants": ["a@example.com"]}])
    users = emu.state()["users"]
    emu.reset()
    emu.seed(users)
    again = emu.state()["users"]
    assert [u["id"] for u in again] == [u["id"] for u in users]
    assert again[1]["assistants"] == ["a@example.com"] and again[0]["first_name"] == "A"


def test_seed_10000_users(emu):
    items = [{"email": "bulk%05d@example.com" % i, "first_name": "B%d" % i, "password": "pw%d" % (i % 3)}
             for i in range(10000)]
    result = emu.seed(items)
    assert result["created"] == 10000 and len({u["id"] for u in result["users"]}) == 10000
    assert emu.call("/user/list", page_size=300)["total_records"] == 10000
    assert emu.call("/user/getbyemail", email="bulk09999@example.com")["first_name"] == "B9999"
    assert emu.check_password("bulk00004@example.com", "pw1")
    pmis = {u["pmi"] for u in emu.state()["users"]}
    assert len(pmis) == 10000


def test_faults_endpoint_validation(emu):
    assert _post(emu, "/_emulator/faults", {"endpoint": "/user/get", "kind": "explode"})[0] == 400
    assert _post(emu, "/_emulator/faults", {"endpoint": "/user/get", "kind": "drop", "count": 0})[0] == 400
    assert _post(emu, "/_emulator/faults", {"endpoint": "/user/get", "kind": "delay", "seconds": -1})[0] == 400
    assert _post(emu, "/_emulator/faults", {"kind": "drop"})[0] == 400


def test_check_password_unknown_user(emu):
    status, dummy = _post(emu, "/_emulator/users/nobody%40example.com/check_password", {"password": "x"})
    assert status == 404
