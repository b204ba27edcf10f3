"""The control API (``/_emulator/...``, JSON, no auth): what tests use to set up and inspect the account.

It works on the store only. User records (``GET /state``) and seed items (``POST /seed``) are in
the record format of the front-end it is given (v1's field names today, so that the harness and
seed files stay as they are); faults are queued in the store and applied by the front-end that
receives the faulted call.
"""

import json
import math
from urllib.parse import unquote

from .store import SeedError, verify_password

PREFIX = "/_emulator"
MAX_FAULT_COUNT = 1_000_000
MAX_FAULT_SECONDS = 300

# path -> allowed methods (anything else on a known path is HTTP 405 with Allow).
CONTROL_ROUTES = {
    "/calls": ("GET", "DELETE"), "/reset": ("POST",), "/state": ("GET",), "/seed": ("POST",),
    "/faults": ("GET", "POST", "DELETE"), "/health": ("GET",),
}


def control_methods(path):
    """The methods a control path accepts, or None for an unknown path."""
    if path in CONTROL_ROUTES:
        return CONTROL_ROUTES[path]
    if path.startswith("/users/") and path.count("/") == 3:
        return ("POST",)
    return None


def parse_fault(data, kinds, prefixes=()):
    """A fault to queue from a request body; ValueError saying what is wrong.

    ``kinds``: the fault kinds the front-ends apply; ``prefixes``: their path prefixes, taken off the
    endpoint (a front-end looks faults up by its path without its prefix).
    """
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    unknown = set(data) - {"endpoint", "kind", "count", "seconds"}
    if unknown:
        raise ValueError("unknown keys: %s" % ", ".join(sorted(unknown)))
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        raise ValueError("endpoint must be a path (without or with the API prefix) or *")
    for prefix in prefixes:
        if endpoint.startswith(prefix + "/"):
            endpoint = endpoint[len(prefix):]
            break
    if endpoint != "*" and not endpoint.startswith("/"):
        endpoint = "/" + endpoint
    kind = data.get("kind")
    if kind not in kinds:
        raise ValueError("kind must be one of %s" % ", ".join(kinds))
    count = data.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FAULT_COUNT:
        raise ValueError("count must be an integer between 1 and %d" % MAX_FAULT_COUNT)
    seconds = data.get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or \
            not 0 <= seconds <= MAX_FAULT_SECONDS:
        raise ValueError("seconds must be a number between 0 and %d" % MAX_FAULT_SECONDS)
    return {"endpoint": endpoint, "kind": kind, "count": count, "seconds": float(seconds)}


def reject_constant(name):
    """json.loads hook: NaN and Infinity are not JSON numbers."""
    raise ValueError("not a JSON number: %s" % name)


def seed(store, records, items):
    """Add seed items (``records``' format) all or nothing; SeedError. Runs with the store's lock held."""
    if not isinstance(items, list):
        raise SeedError("'users' must be a list")
    batch = store.seed_batch()
    for n, item in enumerate(items):
        batch.add(n, records.seed_spec(n, item))
    created = batch.commit()
    return {"created": len(created), "users": [{"id": user.id, "email": user.email} for user in created]}


class Control:
    """Answers ``/_emulator/...`` requests."""

    prefix = PREFIX

    def __init__(self, store, frontends, records):
        self.store = store
        self.records = records      # the front-end whose record format /state and /seed speak
        kinds = []
        for frontend in frontends:
            kinds.extend(kind for kind in frontend.fault_kinds if kind not in kinds)
        self.fault_kinds = tuple(kinds)
        self.prefixes = tuple(frontend.prefix for frontend in frontends)

    def handle(self, conn, method, path, body):
        st = self.store
        allowed = control_methods(path)
        if allowed is None:
            conn.respond(404, {"error": "unknown control endpoint: %s %s" % (method, PREFIX + path)})
            return
        if method not in allowed:
            conn.not_allowed(method, allowed)
            return
        data = None
        if method == "POST" and body.strip():
            try:
                data = json.loads(body, parse_constant=reject_constant)
            except (ValueError, RecursionError):
                conn.respond(400, {"error": "request body is not JSON"})
                return
        if path == "/calls" and method == "GET":
            with st.lock:
                payload = json.dumps(st.calls).encode()
            conn.respond(200, None, raw=payload, content_type="application/json")
        elif path == "/calls" and method == "DELETE":
            with st.lock:
                st.calls = []
            conn.respond(200, {"cleared": True})
        elif path == "/reset" and method == "POST":
            with st.lock:
                st.reset()
            conn.respond(200, {"reset": True})
        elif path == "/state" and method == "GET":
            with st.lock:
                payload = json.dumps({"account_id": st.account_id,
                                      "users": [self.records.state_record(u) for u in st.users.values()]}).encode()
            conn.respond(200, None, raw=payload, content_type="application/json")
        elif path == "/seed" and method == "POST":
            if not isinstance(data, dict) or set(data) - {"users"} or "users" not in data:
                conn.respond(400, {"error": "body must be {\"users\": [...]}"})
                return
            try:
                with st.lock:
                    result = seed(st, self.records, data["users"])
            except SeedError as exc:
                conn.respond(400, {"error": str(exc)})
                return
            conn.respond(200, result)
        elif path == "/faults" and method == "POST":
            try:
                fault = parse_fault(data, self.fault_kinds, self.prefixes)
            except ValueError as exc:
                conn.respond(400, {"error": str(exc)})
                return
            with st.lock:
                st.queue_fault(fault)
            conn.respond(200, {"queued": fault})
        elif path == "/faults" and method == "DELETE":
            with st.lock:
                st.faults = []
            conn.respond(200, {"cleared": True})
        elif path == "/faults" and method == "GET":
            with st.lock:
                payload = json.dumps(st.faults).encode()
            conn.respond(200, None, raw=payload, content_type="application/json")
        elif path == "/health" and method == "GET":
            conn.respond(200, dict({"ok": True}, **conn.server.load()))
        else:
            self.user_action(conn, path, data)

    def user_action(self, conn, path, data):
        """``POST /users/<email>/accept`` and ``POST /users/<email>/check_password``."""
        st = self.store
        raw_email, action = path.split("/")[2:]
        email = unquote(raw_email)
        if action == "accept":
            with st.lock:
                user = st.get_by_email(email)
                if user is None or user.status != "pending":
                    user = None
                else:
                    st.accept_invitation(user)
            if user is None:
                conn.respond(404, {"error": "no pending user %s" % email})
            else:
                conn.respond(200, {"id": user.id, "email": user.email, "status": "active"})
        elif action == "check_password":
            if not isinstance(data, dict) or not isinstance(data.get("password"), str):
                conn.respond(400, {"error": "body must be {\"password\": \"...\"}"})
                return
            with st.lock:
                user = st.get_by_email(email)
                stored = user.pw_hash if user else None
            if user is None:
                conn.respond(404, {"error": "no user %s" % email})
            else:
                conn.respond(200, {"match": verify_password(data["password"], stored)})
        else:
            conn.respond(404, {"error": "unknown control endpoint"})
