"""The emulator's account store is protocol-neutral: a v2 front-end can share it (issue 11).

Users are created and read through the store's API in names (status, login type, user type),
with no v1 number or field name; v1's numbers, codes, paths and record keys live in the v1
front-end only (a source scan); the v1 front-end renders store users as before.
"""

import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys

import pytest

import zoomemu
from zoomemu import v1
from zoomemu.store import (
    LOGIN_TYPES, STATUSES, USER_TYPES, EmailTaken, OwnAssistant, PmiTaken, SeedError, Store, VanityTaken,
)

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture
def st():
    return Store()


def neutral_values(user):
    return {"status": user.status, "login_type": user.login_type, "type": user.profile["type"]}


@pytest.mark.parametrize("method, login_type, status, has_secrets", [
    ("create", "zoom", "pending", True),
    ("autocreate", "zoom", "active", True),
    ("custcreate", "api", "active", False),
    ("ssocreate", "sso", "active", True),
])
def test_users_are_created_and_read_in_names(st, method, login_type, status, has_secrets):
    user = st.create_user("A@example.com", method, {"type": "pro", "first_name": "A"}, {"enable_webinar": True})
    again = st.get_by_email("a@EXAMPLE.com")
    assert again is user and st.get(user.id) is user
    assert neutral_values(user) == {"status": status, "login_type": login_type, "type": "pro"}
    assert user.status in STATUSES and user.login_type in LOGIN_TYPES and user.profile["type"] in USER_TYPES
    assert user.settings["enable_webinar"] is True and user.settings["enable_silent_mode"] is True
    assert user.verified is (status != "pending")
    assert bool(user.token and user.zak and user.zpk) is has_secrets
    assert st.users_with_status((status,)) == [user]


def test_store_changes_are_in_names(st):
    user = st.create_user("a@example.com", "create")
    st.accept_invitation(user)
    assert (user.status, user.verified) == ("active", True)
    st.set_status(user, "inactive")
    assert user.status == "inactive"
    with pytest.raises(ValueError):
        st.set_status(user, 1)   # a v1 number is no status of the store
    st.update_user(user, {"type": "corp", "vanity_name": "alpha.one"}, {"meeting_capacity": 50})
    assert (user.profile["type"], user.vanity_url, user.settings["meeting_capacity"]) == \
        ("corp", "https://zoom.us/my/alpha.one", 50)


def test_store_refusals_are_exceptions_without_codes(st):
    host = st.create_user("h@example.com", "autocreate", {"pmi": 2035134243, "vanity_name": "hosty"})
    other = st.create_user("o@example.com", "autocreate")
    with pytest.raises(EmailTaken):
        st.create_user("H@example.com", "custcreate")
    with pytest.raises(PmiTaken):
        st.update_user(other, {"pmi": 2035134243})
    with pytest.raises(VanityTaken):
        st.update_user(other, {"vanity_name": "HOSTY"})
    with pytest.raises(OwnAssistant):
        st.add_assistant(host, host)
    for exc in (EmailTaken("x"), PmiTaken(1), VanityTaken("x"), OwnAssistant("x")):
        assert not hasattr(exc, "code")


def test_assistants_can_be_added_and_removed_one_by_one(st):
    # v2 removes one assistant (DELETE /users/{id}/assistants/{assistantId}); v1 removes all
    host, a, b = (st.create_user("%s@example.com" % n, "autocreate") for n in "hab")
    st.add_assistant(host, a)
    st.add_assistant(host, b)
    st.add_assistant(host, a)   # no change
    assert st.assistants_of(host) == [a, b]
    st.remove_assistant(host, a)
    assert st.assistants_of(host) == [b]
    st.remove(b)
    assert st.assistants_of(host) == []


def test_sso_user_that_is_not_basic_gets_a_vanity_name(st):
    assert st.create_user("room.name@example.com", "ssocreate", {"type": "pro"}).profile["vanity_name"] == "room.name"
    assert st.create_user("other@example.com", "ssocreate", {"type": "basic"}).profile["vanity_name"] == ""


def test_rate_windows_count_only_admitted_requests(st):
    limits = [("all", 2, 1.0), ("list", 1, 1.0)]
    assert st.admit(limits, 100.0)
    assert not st.admit(limits, 100.1)           # "list" full: nothing counted
    assert st.admit([("all", 2, 1.0)], 100.2)    # so "all" still had room for one
    assert not st.admit([("all", 2, 1.0)], 100.3)
    assert st.admit(limits, 101.05)              # both windows slid past the first request


def test_faults_are_queued_and_counted_down_by_key(st):
    st.queue_fault({"endpoint": "GET /users/{userId}", "kind": "drop", "count": 2, "seconds": 0.0})
    assert st.take_fault("/user/get") is None
    assert st.take_fault("GET /users/{userId}")["kind"] == "drop"
    assert st.take_fault("GET /users/{userId}")["count"] == 0
    assert st.faults == []


def test_seed_batch_is_all_or_nothing(st):
    st.create_user("taken@example.com", "autocreate")
    batch = st.seed_batch()
    batch.add(0, {"email": "new@example.com", "status": "inactive", "login_type": "google",
                  "profile": {"type": "pro"}, "assistants": ["taken@example.com"]})
    with pytest.raises(SeedError):
        batch.add(1, {"email": "TAKEN@example.com"})
    assert st.get_by_email("new@example.com") is None   # nothing committed yet
    new, = batch.commit()
    assert neutral_values(new) == {"status": "inactive", "login_type": "google", "type": "pro"}
    assert st.assistants_of(new) == [st.get_by_email("taken@example.com")]


def test_state_dump_is_neutral_and_round_trips(st):
    user = st.create_user("a@example.com", "create", {"host_key": "908172", "type": "corp"})
    dumped = json.loads(json.dumps(st.dump()))
    record = dumped["users"][0]
    assert (record["status"], record["login_type"], record["profile"]["type"]) == ("pending", "zoom", "corp")
    assert "908172" not in json.dumps(dumped)
    other = Store()
    other.load(dumped)
    loaded = other.get(user.id)
    assert neutral_values(loaded) == neutral_values(user) and loaded.profile == user.profile
    assert v1.render(other, loaded) == dict(v1.render(st, user), account_id=other.account_id)


def test_state_files_of_earlier_versions_load():
    legacy_pub = dict(v1.render(Store(), Store().build_user("old@example.com", "custcreate", {"type": "pro"})))
    legacy_pub.update(status=1, host_key="obf:" + "AAAAAAA=", lastLoginTime="2020-01-01T00:00:00Z")
    legacy = {"format": v1.LEGACY_STATE_FORMAT, "version": 1, "account_id": "acct",
              "users": [{"pub": legacy_pub, "pw_hash": "", "pw_at": None, "zpk_at": 1.0, "assistants": []}]}
    st = Store()
    st.load(v1.upgrade_state(json.loads(json.dumps(legacy))))
    user = st.get(legacy_pub["id"])
    assert neutral_values(user) == {"status": "inactive", "login_type": "api", "type": "pro"}
    assert user.last_login_time == "2020-01-01T00:00:00Z" and st.account_id == "acct"


def test_v1_renders_store_users_in_its_numbers_and_key_order(st):
    user = st.create_user("a@example.com", "ssocreate", {"type": "pro"})
    record = v1.render(st, user)
    assert tuple(record) == v1.PUBLIC_KEYS
    assert (record["status"], record["login_type"], record["type"], record["verified"]) == (0, 101, 2, 1)


# ---- the source scan: v1 lives in the v1 front-end only ------------------------------------

V1_MARKERS = {
    "a v1 endpoint path": re.compile(r"/user/"),
    "a v1 error code": re.compile(r"\b(1001|1005|101[0-5]|1020)\b"),
    # 102, 300 and 301 are common numbers (300 seconds): only as an error's code
    "a v1 error code in an error": re.compile(r"[(,:]\s*(102|300|301)\s*[,)]"),
    "a v1 record or form key": re.compile(r"lastClientVersion|lastLoginTime|data_type"),
    "a v1 number table": re.compile(r"STATUS_CODES|LOGIN_TYPE_CODES|TYPE_CODES|STATUS_PENDING"),
    "a v1 login type number": re.compile(r"\b(99|100|101)\b"),
}


def package_sources():
    sources = {}
    for info in pkgutil.iter_modules(zoomemu.__path__):
        module = importlib.import_module("zoomemu." + info.name)
        with open(module.__file__, encoding="utf-8") as fh:
            sources[info.name] = fh.read()
    return sources


def test_only_the_v1_front_end_holds_v1_codes_paths_and_numbers():
    sources = package_sources()
    assert {"store", "v1", "control", "server"} <= set(sources)
    for name, source in sources.items():
        if name == "v1":
            continue
        code = "\n".join(line.split("#")[0] for line in source.splitlines())   # comments may name v1
        for what, pattern in V1_MARKERS.items():
            found = pattern.search(code)
            assert found is None, "%s.py holds %s: %r" % (name, what, found.group(0))
    for what, pattern in V1_MARKERS.items():   # the scan finds them where they are
        assert pattern.search(sources["v1"]), what


def test_store_imports_no_front_end():
    source = package_sources()["store"]
    assert not re.search(r"^\s*(from|import)\s+\.?(v1|control|server)\b", source, re.M)
    assert not re.search(r"from \. import", source)


def test_launcher_imports_from_any_folder():
    # the launcher puts its own folder on sys.path: no PYTHONPATH, another working directory
    code = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('launcher', sys.argv[1]); "
            "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module); "
            "print(','.join(module.FAULT_KINDS))")
    out = subprocess.run([sys.executable, "-I", "-c", code, os.path.join(HERE, "zoom_emulator.py")],
                         capture_output=True, text=True, timeout=30, cwd="/", check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ",".join(v1.FAULT_KINDS)
