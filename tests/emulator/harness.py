"""Start and drive the Zoom v1 emulator from Python tests (standard library only).

    from harness import Emulator

    with Emulator() as emu:
        user = emu.call("/user/custcreate", email="a@example.com", type=1)
        assert emu.user("a@example.com")["status"] == "active"
"""

import base64
import http.client
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

EMULATOR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zoom_emulator.py")

WRITE_ENDPOINTS = frozenset({
    "/user/create", "/user/autocreate", "/user/custcreate", "/user/ssocreate", "/user/update",
    "/user/updatepassword", "/user/activate", "/user/deactivate", "/user/delete", "/user/permanentdelete",
    "/user/assistant/set", "/user/assistant/delete", "/user/revoketoken",
})


V2_WRITE_METHODS = ("POST ", "PATCH ", "PUT ", "DELETE ")
TOKEN_ENDPOINT = "POST /oauth/token"


def is_write(endpoint):
    """True for a call-log endpoint that changes the account (v1 or v2)."""
    if endpoint in WRITE_ENDPOINTS:
        return True
    return endpoint != TOKEN_ENDPOINT and endpoint.startswith(V2_WRITE_METHODS)


def json_type(value):
    """The JSON Schema type name of a parsed JSON value (what the conformance tests compare with the specs)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


class EmulatorError(RuntimeError):
    pass


class Emulator:
    """A running emulator subprocess (``start()``/``stop()`` or a ``with`` block)."""

    def __init__(self, api_key="emulator-key", api_secret="emulator-secret", rate_limit=False, state_file=None,
                 extra_args=(), capture=False, start_timeout=15.0, account_id="emulator-account",
                 client_id="emulator-client", client_secret="emulator-client-secret"):
        self.api_key = api_key
        self.api_secret = api_secret
        self.account_id = account_id
        self.client_id = client_id
        self.client_secret = client_secret
        self._token = None
        self.rate_limit = rate_limit
        self.state_file = state_file
        self.extra_args = tuple(extra_args)
        self.capture = capture          # keep the emulator's stdout/stderr (see .output())
        self.start_timeout = start_timeout
        self.url = None
        self.root = None
        self.proc = None
        self._out = []
        self._err = []
        self._threads = []
        self._returncode = None

    # ---- process -------------------------------------------------------------------
    def start(self):
        cmd = [sys.executable, EMULATOR_PATH, "--host", "127.0.0.1", "--port", "0",
               "--api-key", self.api_key, "--api-secret", self.api_secret, "--account-id", self.account_id,
               "--client-id", self.client_id, "--client-secret", self.client_secret]
        if self.rate_limit:
            cmd.append("--rate-limit")
        if self.state_file:
            cmd += ["--state-file", str(self.state_file)]
        cmd += [str(a) for a in self.extra_args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE if self.capture else None,
                                     stdin=subprocess.DEVNULL, text=True)
        first = queue.Queue()

        def read_stdout():
            line = self.proc.stdout.readline()
            first.put(line)
            self._out.append(line)
            for rest in self.proc.stdout:  # keep draining so the pipe never fills up
                self._out.append(rest)

        self._threads = [threading.Thread(target=read_stdout, daemon=True)]
        if self.capture:
            self._threads.append(threading.Thread(target=lambda: self._err.extend(self.proc.stderr), daemon=True))
        for t in self._threads:
            t.start()
        try:
            line = first.get(timeout=self.start_timeout).strip()
        except queue.Empty:
            self.stop()
            raise EmulatorError("emulator did not print its URL within %.0f s" % self.start_timeout)
        if not line.startswith("http"):
            self.stop()
            raise EmulatorError("emulator failed to start (exit code %s)" % self.proc.returncode)
        self.url = line
        self.root = line[:-len("/v1")] if line.endswith("/v1") else line
        return self

    def stop(self):
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for t in self._threads:
            t.join(timeout=2)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        self._returncode = proc.returncode
        self.proc = None

    @property
    def returncode(self):
        """Exit code of the emulator (None while it runs)."""
        return self.proc.poll() if self.proc else self._returncode

    def output(self):
        """(stdout, stderr) captured so far (stderr only with capture=True)."""
        return "".join(self._out), "".join(self._err)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- HTTP ----------------------------------------------------------------------
    def _request(self, method, url, data=None, headers=None, timeout=30):
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def call(self, endpoint, **fields):
        """POST a v1 call (credentials added unless given) and answer the parsed JSON body."""
        endpoint = "/" + endpoint.lstrip("/")
        form = {"api_key": self.api_key, "api_secret": self.api_secret}
        form.update({k: _form_value(v) for k, v in fields.items()})
        data = urllib.parse.urlencode(form).encode()
        status, body = self._request("POST", self.url + endpoint, data,
                                     {"Content-Type": "application/x-www-form-urlencoded"})
        try:
            return json.loads(body)
        except ValueError:
            raise EmulatorError("HTTP %s, body is not JSON: %r" % (status, body[:200]))

    def post_form(self, endpoint, form, timeout=10):
        """POST ``form`` as is (no credentials added) on a fresh connection; answer (HTTP status, body
        bytes). A dropped connection raises (http.client / OSError): the fault tests rely on that."""
        conn = http.client.HTTPConnection(self.root.split("//")[1], timeout=timeout)
        try:
            conn.request("POST", "/v1/" + endpoint.lstrip("/"), urllib.parse.urlencode(form),
                         {"Content-Type": "application/x-www-form-urlencoded"})
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    # ---- v2 -------------------------------------------------------------------------
    def oauth(self, client_id=None, client_secret=None, account_id=None, grant_type="account_credentials",
              in_query=False, basic=True):
        """Ask ``POST /oauth/token`` for an access token; answer (HTTP status, parsed body)."""
        status, body, _headers = self.oauth_answer(client_id, client_secret, account_id, grant_type, in_query, basic)
        return status, (json.loads(body) if body else None)

    def oauth_answer(self, client_id=None, client_secret=None, account_id=None, grant_type="account_credentials",
                     in_query=False, basic=True):
        """Ask ``POST /oauth/token`` for an access token; answer (HTTP status, body bytes, headers). A dropped
        connection raises (http.client / OSError)."""
        form = urllib.parse.urlencode({"grant_type": grant_type,
                                       "account_id": self.account_id if account_id is None else account_id})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if basic:
            pair = "%s:%s" % (self.client_id if client_id is None else client_id,
                              self.client_secret if client_secret is None else client_secret)
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        url = self.root + "/oauth/token" + ("?" + form if in_query else "")
        req = urllib.request.Request(url, data=None if in_query else form.encode(), method="POST", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), dict(exc.headers)

    def token(self, fresh=False):
        """An access token (one per Emulator object unless ``fresh``; reset() drops every token)."""
        if fresh or self._token is None:
            status, body = self.oauth()
            if status != 200:
                raise EmulatorError("token request: HTTP %s: %s" % (status, body))
            self._token = body["access_token"]
        return self._token

    def v2(self, method, path, body=None, query=None, token=None, headers=None, auth=True):
        """A v2 call (``/v2`` + path, bearer token added); answer (HTTP status, parsed body or None, headers)."""
        url = self.root + "/v2/" + path.lstrip("/")
        if query:
            url += "?" + urllib.parse.urlencode(query)
        all_headers = dict(headers or {})
        if auth:
            all_headers["Authorization"] = "Bearer " + (token or self.token())
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, raw, got = resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as exc:
            status, raw, got = exc.code, exc.read(), exc.headers
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            raise EmulatorError("HTTP %s, body is not JSON: %r" % (status, raw[:200]))
        return status, parsed, got

    def control(self, method, path, payload=None, expect=200):
        """Call the control API (``/_emulator/...``); answer the parsed JSON body."""
        data = json.dumps(payload).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        status, body = self._request(method, self.root + "/_emulator/" + path.lstrip("/"), data, headers)
        result = json.loads(body) if body else None
        if expect is not None and status != expect:
            raise EmulatorError("%s /_emulator/%s: HTTP %s: %s" % (method, path.lstrip("/"), status, result))
        return result

    def calls(self):
        return self.control("GET", "calls")

    def write_calls(self):
        """The calls of the log that change the account: v1's write endpoints, and v2's POST, PATCH, PUT and
        DELETE calls (token requests excepted)."""
        return [c for c in self.calls() if is_write(c["endpoint"])]

    def clear_calls(self):
        self.control("DELETE", "calls")

    def reset(self):
        self.control("POST", "reset")
        self._token = None

    def seed(self, users):
        return self.control("POST", "seed", {"users": list(users)})

    def state(self):
        return self.control("GET", "state")

    def user(self, email):
        low = email.lower()
        for user in self.state()["users"]:
            if user["email"].lower() == low:
                return user
        return None

    def fault(self, endpoint, kind, count=1, seconds=0.0):
        return self.control("POST", "faults", {"endpoint": endpoint, "kind": kind, "count": count, "seconds": seconds})

    def clear_faults(self):
        self.control("DELETE", "faults")

    def accept(self, email):
        return self.control("POST", "users/%s/accept" % urllib.parse.quote(email, safe=""))

    def check_password(self, email, password):
        return self.control("POST", "users/%s/check_password" % urllib.parse.quote(email, safe=""),
                            {"password": password})["match"]


def _form_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
