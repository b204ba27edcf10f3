"""Benchmark: v1 /user/getbyemail and v2 GET /users/{email} requests per second against the emulator on loopback.

    python3 tests/emulator/bench_emulator.py [--seconds 3] [--threads 4]
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Emulator  # noqa: E402

USERS = 1000


def run_client(emu, seconds, counter, index, stop_at, token=None):
    """One keep-alive client: v1 getbyemail, or v2 GET /users/{email} when ``token`` is given."""
    conn = http.client.HTTPConnection(emu.root.split("//")[1], timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers = {"Authorization": "Bearer " + token}
    n = 0
    i = index
    try:
        while time.monotonic() < stop_at:
            email = "bench%04d@example.com" % (i % USERS)
            if token:
                conn.request("GET", "/v2/users/" + email, headers=headers)
            else:
                body = urllib.parse.urlencode({"api_key": emu.api_key, "api_secret": emu.api_secret, "email": email})
                conn.request("POST", "/v1/user/getbyemail", body, headers)
            resp = conn.getresponse()
            data = resp.read()
            if resp.status != 200 or b'"error"' in data[:20]:
                raise RuntimeError("unexpected answer: %s %r" % (resp.status, data[:200]))
            n += 1
            i += 7
    finally:
        conn.close()
    counter[index] = n


def measure(emu, clients, seconds, token=None):
    counter = [0] * clients
    start = time.monotonic()
    stop_at = start + seconds
    threads = [threading.Thread(target=run_client, args=(emu, seconds, counter, k, stop_at, token))
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    return sum(counter) / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with Emulator() as emu:
        emu.seed([{"email": "bench%04d@example.com" % i, "first_name": "Bench%d" % i} for i in range(USERS)])
        check = emu.call("/user/getbyemail", email="bench0001@example.com")
        assert check["first_name"] == "Bench1", json.dumps(check)[:200]
        one = measure(emu, 1, args.seconds)
        print("emulator getbyemail: 1 client keep-alive: %d req/s" % one, flush=True)
        many = measure(emu, args.threads, args.seconds)
        print("emulator getbyemail: %d threads keep-alive: %d req/s" % (args.threads, many), flush=True)
        token = emu.token()
        one = measure(emu, 1, args.seconds, token)
        print("emulator v2 GET /users/{email}: 1 client keep-alive: %d req/s" % one, flush=True)
        many = measure(emu, args.threads, args.seconds, token)
        print("emulator v2 GET /users/{email}: %d threads keep-alive: %d req/s" % (args.threads, many), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
