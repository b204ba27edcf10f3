"""Fault injection and rate limiting."""

import http.client
import json
import time

import pytest

from harness import Emulator


def post(emu, endpoint, timeout=10, **fields):
    """One request on a fresh connection; answer (status, body bytes) or raise on a dropped connection."""
    return emu.post_form(endpoint, dict(api_key=emu.api_key, api_secret=emu.api_secret, **fields), timeout)


@pytest.fixture
def user(emu):
    return emu.call("/user/custcreate", email="f@example.com", type=1, first_name="Before")


def first_name(emu):
    return emu.user("f@example.com")["first_name"]


def test_drop_closes_without_applying(emu, user):
    emu.fault("/user/update", "drop")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        post(emu, "/user/update", id=user["id"], first_name="After")
    assert first_name(emu) == "Before"
    assert emu.calls()[-1] == {"endpoint": "/user/update", "fields": ["first_name", "id"], "fault": "drop"}
    # the fault is used up
    status, body = post(emu, "/user/update", id=user["id"], first_name="After")
    assert status == 200 and "error" not in json.loads(body)
    assert first_name(emu) == "After"


def test_drop_after_applies_then_closes(emu, user):
    emu.fault("/user/update", "drop_after")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        post(emu, "/user/update", id=user["id"], first_name="After")
    assert first_name(emu) == "After"
    assert emu.calls()[-1]["fault"] == "drop_after"


def test_delay(emu, user):
    emu.fault("/user/get", "delay", seconds=0.4)
    start = time.monotonic()
    status, body = post(emu, "/user/get", id=user["id"])
    assert time.monotonic() - start >= 0.4
    assert status == 200 and json.loads(body)["id"] == user["id"]
    start = time.monotonic()
    post(emu, "/user/get", id=user["id"])
    assert time.monotonic() - start < 0.4


def test_bad_json(emu, user):
    emu.fault("/user/update", "bad_json")
    status, body = post(emu, "/user/update", id=user["id"], first_name="After")
    assert status == 200
    with pytest.raises(ValueError):
        json.loads(body)
    assert first_name(emu) == "Before"
    assert emu.calls()[-1]["fault"] == "bad_json"


@pytest.mark.parametrize("kind,status", [("http_500", 500), ("http_503", 503)])
def test_http_errors(emu, user, kind, status):
    emu.fault("/user/update", kind, count=2)
    for dummy in range(2):
        got, dummy = post(emu, "/user/update", id=user["id"], first_name="After")
        assert got == status
    assert first_name(emu) == "Before"
    got, dummy = post(emu, "/user/update", id=user["id"], first_name="After")
    assert got == 200 and first_name(emu) == "After"
    assert [c.get("fault") for c in emu.calls()[-3:]] == [kind, kind, None]


def test_rate_limit_fault(emu, user):
    emu.fault("/user/update", "rate_limit")
    resp = emu.call("/user/update", id=user["id"], first_name="After")
    assert resp == {"error": {"code": 403, "message": "Sorry, the maximum number of api requests are already "
                                                      "reached. Please try later."}}
    assert first_name(emu) == "Before"
    assert emu.calls()[-1]["fault"] == "rate_limit" and emu.calls()[-1]["error"] == 403


def test_fault_only_hits_its_endpoint_and_star_hits_any(emu, user):
    emu.fault("/user/update", "http_500")
    assert post(emu, "/user/get", id=user["id"])[0] == 200
    assert post(emu, "/user/update", id=user["id"])[0] == 500
    emu.fault("*", "http_503", count=2)
    assert post(emu, "/user/get", id=user["id"])[0] == 503
    assert post(emu, "/user/list")[0] == 503
    assert post(emu, "/user/list")[0] == 200


def test_queued_faults_and_clear(emu, user):
    emu.fault("/user/get", "http_500")
    emu.fault("/user/get", "bad_json")
    assert post(emu, "/user/get", id=user["id"])[0] == 500
    status, body = post(emu, "/user/get", id=user["id"])
    assert status == 200 and not body.startswith(b"{")
    emu.fault("/user/get", "http_500", count=10)
    emu.clear_faults()
    assert post(emu, "/user/get", id=user["id"])[0] == 200


# ---------------------------------------------------------------------------------- rate limiting

@pytest.fixture(scope="module")
def limited():
    with Emulator(rate_limit=True) as emu:
        yield emu


@pytest.fixture
def rl(limited):
    time.sleep(1.05)  # a fresh one-second window
    limited.reset()
    return limited


def test_rate_limit_overall(rl):
    codes = [rl.call("/user/checkemail", email="x@example.com").get("error", {}).get("code") for dummy in range(12)]
    assert 403 in codes
    assert codes[:10] == [None] * 10  # reset is not counted; the first ten pass


def test_rate_limit_list_per_endpoint(rl):
    assert "error" not in rl.call("/user/list")
    assert rl.call("/user/list")["error"] == {"code": 403, "message": "Sorry, the maximum number of api requests "
                                                                      "are already reached. Please try later."}
    assert "error" not in rl.call("/user/pending")  # not a */list endpoint
    host = rl.call("/user/custcreate", email="h@example.com", type=1)
    assert "error" not in rl.call("/user/scheduleforhost/list", id=host["id"])  # its own window
    assert rl.call("/user/scheduleforhost/list", id=host["id"])["error"]["code"] == 403
    time.sleep(1.05)
    assert "error" not in rl.call("/user/list")


def test_rate_limited_requests_not_applied(rl):
    results = [rl.call("/user/custcreate", email="r%d@example.com" % i, type=1) for i in range(14)]
    created = [r for r in results if "error" not in r]
    rejected = [r for r in results if r.get("error", {}).get("code") == 403]
    assert rejected and len(created) + len(rejected) == 14
    assert len(rl.state()["users"]) == len(created)
    assert [c.get("error") for c in rl.calls()].count(403) == len(rejected)


def test_rate_limit_off_by_default(emu):
    for dummy in range(15):
        assert "error" not in emu.call("/user/list")
