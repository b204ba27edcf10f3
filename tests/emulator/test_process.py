"""Process-level behaviour: concurrency, state file, signals, secrets never logged."""

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import urllib.parse

from harness import EMULATOR_PATH, Emulator


def test_first_line_is_url_and_sigint_stops(tmp_path):
    proc = subprocess.Popen([sys.executable, EMULATOR_PATH, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:") and line.endswith("/v1")
        proc.send_signal(2)
        assert proc.wait(timeout=5) == 0
        out, err = proc.communicate(timeout=5)
        assert out == "" and err == ""
    finally:
        if proc.poll() is None:
            proc.kill()


def test_concurrency_no_lost_updates(emu):
    threads_n, per_thread = 8, 200
    assert "error" not in emu.call("/user/custcreate", email="shared@example.com", type=1)
    errors = []
    statuses = []
    created = [[] for dummy in range(threads_n)]
    own = [emu.call("/user/custcreate", email="own%d@example.com" % n, type=1)["id"] for n in range(threads_n)]

    def worker(n):
        conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=30)
        rnd = random.Random(n)
        try:
            for i in range(per_thread):
                email = "t%d-%d@example.com" % (n, i)
                op = i % 5
                if op == 0:
                    endpoint, fields = "/user/custcreate", {"email": email, "type": "1", "first_name": "T%d" % n}
                elif op == 1:
                    endpoint, fields = "/user/update", {"id": own[n], "dept": "d%d-%d" % (n, i)}
                elif op == 2:
                    endpoint, fields = "/user/getbyemail", {"email": "shared@example.com"}
                elif op == 3:
                    endpoint, fields = "/user/list", {"page_size": str(rnd.randint(1, 300))}
                else:
                    endpoint, fields = "/user/checkemail", {"email": "t%d-%d@example.com" % (n, i - 4)}
                form = dict(fields, api_key=emu.api_key, api_secret=emu.api_secret)
                conn.request("POST", "/v1" + endpoint, urllib.parse.urlencode(form),
                             {"Content-Type": "application/x-www-form-urlencoded"})
                resp = conn.getresponse()
                body = json.loads(resp.read())
                statuses.append(resp.status)
                if "error" in body:
                    errors.append((endpoint, body))
                elif op == 0:
                    created[n].append(body["id"])
                elif op == 4 and body["existed_email"] is not True:
                    errors.append(("lost", fields))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(("exception", repr(exc)))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(statuses) == threads_n * per_thread and set(statuses) == {200}
    state = emu.state()["users"]
    expected = 1 + threads_n + threads_n * per_thread // 5
    last_i = max(i for i in range(per_thread) if i % 5 == 1)
    for n in range(threads_n):  # no lost update: each thread's last write is there
        assert emu.user("own%d@example.com" % n)["dept"] == "d%d-%d" % (n, last_i)
    assert len(state) == expected
    ids = {u["id"] for u in state}
    assert all(uid in ids for per in created for uid in per)
    assert len({u["pmi"] for u in state}) == expected
    assert emu.call("/user/list", page_size=300)["total_records"] == expected
    assert len(emu.calls()) == 2 + threads_n + threads_n * per_thread  # + the setup creates and the list above


def test_state_file_round_trip(tmp_path):
    path = tmp_path / "state.json"
    with Emulator(state_file=path) as emu:
        a = emu.call("/user/autocreate", email="Keep@example.com", type=2, password="Persist-pw-9")
        emu.call("/user/custcreate", email="helper@example.com", type=1)
        emu.call("/user/create", email="invited@example.com", type=1)
        emu.call("/user/update", id=a["id"], host_key="908172", vanity_name="keeper", timezone="Europe/Berlin")
        emu.call("/user/assistant/set", id=a["id"], assistant_email="helper@example.com")
        before = emu.state()
    assert emu.returncode == 0
    assert path.exists() and not [p for p in os.listdir(tmp_path) if ".tmp" in p]
    with Emulator(state_file=path) as emu:
        assert emu.state() == before
        got = emu.call("/user/get", id=a["id"])
        assert got["host_key"] == "908172" and got["vanity_url"] == "https://zoom.us/my/keeper"
        assert emu.check_password("keep@example.com", "Persist-pw-9")
        assert emu.call("/user/scheduleforhost/list", id=a["id"])["total_records"] == 1
        assert emu.call("/user/pending")["total_records"] == 1
        assert emu.call("/user/update", id=emu.user("helper@example.com")["id"], pmi=str(a["pmi"]))["error"]["code"] \
            == 1014  # indexes rebuilt
        emu.call("/user/permanentdelete", email="invited@example.com")
    with Emulator(state_file=path) as emu:
        assert emu.user("invited@example.com") is None and len(emu.state()["users"]) == 2


def test_seed_file_option(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"users": [{"email": "s1@example.com"}, {"email": "s2@example.com",
                                                                        "status": "pending"}]}))
    with Emulator(extra_args=["--seed", str(seed)]) as emu:
        assert [u["status"] for u in emu.state()["users"]] == ["active", "pending"]


def test_no_secret_in_logs_state_or_state_file(tmp_path):
    path = tmp_path / "state.json"
    api_secret = "Sekr1t-API-zq81"
    password = "Pa55-word-zq82"
    password2 = "Pa55-word-zq83"
    host_key = "463917"
    emu = Emulator(api_secret=api_secret, state_file=path, capture=True).start()
    try:
        user = emu.call("/user/autocreate", email="s@example.com", type=1, password=password)
        emu.call("/user/update", id=user["id"], host_key=host_key)
        # the same secrets as query parameters (they would be in a logged request line)
        query = urllib.parse.urlencode({"api_key": emu.api_key, "api_secret": api_secret, "id": user["id"],
                                        "password": password2, "host_key": host_key})
        conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
        conn.request("POST", "/v1/user/updatepassword?" + query, body=b"")
        assert "error" not in json.loads(conn.getresponse().read())
        conn.request("POST", "/v1/user/update?" + query, body=b"")
        assert "error" not in json.loads(conn.getresponse().read())
        conn.request("POST", "/v1/user/nosuch?" + query, body=b"")
        conn.getresponse().read()
        conn.request("GET", "/v1/user/get?" + query)
        conn.getresponse().read()
        conn.request("BREW", "/v1/user/get?" + query)  # unsupported method: would be logged by default
        conn.getresponse().read()
        conn.close()
        # a malformed request line
        conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
        conn.connect()
        conn.sock.sendall(b"POST /v1/user/get?api_secret=" + api_secret.encode() + b" HTTP/9.9 extra\r\n\r\n")
        conn.sock.recv(4096)
        conn.close()
        assert emu.check_password("s@example.com", password2)
        record = emu.user("s@example.com")
        user_secrets = (record["token"], record["zak"], record["zpk"])
        conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=10)
        conn.request("POST", "/v1/user/checkzpk?" + urllib.parse.urlencode({"api_key": emu.api_key, "api_secret": api_secret,
                                                                            "zpk": record["zpk"], "token": record["token"],
                                                                            "zak": record["zak"]}), body=b"")
        assert "expire_in" in json.loads(conn.getresponse().read())
        conn.close()
        state = json.dumps(emu.state())
        calls = json.dumps(emu.calls())
    finally:
        emu.stop()
    out, err = emu.output()
    file_text = path.read_text()
    for secret in (api_secret, password, password2, host_key):
        assert secret not in out and secret not in err, secret
        assert secret not in state, secret
        assert secret not in calls, secret
        assert secret not in file_text, secret
    for secret in user_secrets:
        assert secret and secret not in out and secret not in err and secret not in calls
    assert out.strip() == emu.url


def test_help_describes_every_option():
    import zoom_emulator

    out = subprocess.run([sys.executable, EMULATOR_PATH, "--help"], capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0
    text = " ".join(out.stdout.split())  # argparse wraps lines
    actions = [a for a in zoom_emulator.build_parser()._actions if a.option_strings != ["-h", "--help"]]
    assert {a.option_strings[0] for a in actions} == {"--host", "--port", "--api-key", "--api-secret",
                                                      "--state-file", "--rate-limit", "--seed"}
    for action in actions:
        assert action.help and len(action.help) > 15, action.option_strings
        help_start = " ".join(action.help.split("%(default)s")[0].split())[:30]
        assert action.option_strings[0] in text and help_start in text, action.option_strings
