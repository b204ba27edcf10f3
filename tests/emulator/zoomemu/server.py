"""The HTTP server: request parsing, the worker pool, connection handling, and the command line.

It knows no API: it reads a request (headers, a bounded body, chunked or not), hands it to the
front-end whose path prefix matches (``/v1``, ``/v2``, ``/oauth``) or to the control API (``/_emulator``), and
writes what they answer. Transport-level errors (malformed requests, bodies, unknown paths, 405,
500) are answered here as ``{"error": {"code": <HTTP status>, "message": ...}}``.
"""

import argparse
import json
import os
import queue
import re
import select
import selectors
import signal
import socket
import socketserver
import sys
import threading
import time
from collections import deque
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from . import v1
from .control import Control, seed
from .store import SeedError, Store
from .v1 import DEFAULT_API_KEY, DEFAULT_API_SECRET, V1FrontEnd, timezones
from .v2 import (
    DEFAULT_ACCOUNT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TOKEN_TTL, PAGE_TOKEN_TTL, OAuthFrontEnd,
    V2FrontEnd,
)


def reason(status):
    """The standard reason phrase of an HTTP status (never "OK" for an error)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


MAX_BODY = 64 * 1024 * 1024     # request body limit, after de-chunking
MAX_CHUNK_LINE = 1024           # a chunk-size line with its extensions
MAX_TRAILER_LINES = 64
RE_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")   # hex digits only: no sign, no "0x", no spaces
RE_LENGTH = re.compile(r"[0-9]{1,20}")

# Connection handling (see Server): a fixed pool of workers serves requests; idle keep-alive
# connections wait in one selector and cost no thread.
WORKERS = 32
MAX_CONNECTIONS = 1024
IDLE_TIMEOUT = 60.0       # an idle keep-alive connection is closed after this many seconds
REQUEST_TIMEOUT = 30.0    # a request (once begun) must make progress within this many seconds
KEEPALIVE_LINGER = 0.05   # a worker waits this long for the next request on its connection
STANDARD_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")


class BodyError(Exception):
    """A request body that cannot be read: answered with ``status`` and the connection closed."""

    def __init__(self, status, message):
        super().__init__(status, message)
        self.status = status
        self.message = message


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ZoomV1Emulator/1.0"
    sys_version = ""
    timeout = REQUEST_TIMEOUT  # socket timeout while a request is read or answered
    app = None  # the Emulator, set by make_server

    def __init__(self, request, client_address, server):
        # The Server drives the connection one request at a time (serve_one), not handle().
        self.request = request
        self.client_address = client_address
        self.server = server
        self.close_connection = True
        self.setup()

    def setup(self):
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    # Never log: the request line may carry secrets in its query string.
    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        pass

    def send_error(self, code, message=None, explain=None):
        # used by BaseHTTPRequestHandler for malformed requests; answer without echoing the request line
        self.close_connection = True
        self.respond(int(code), {"error": {"code": int(code), "message": reason(code) + "."}})

    # ---- connection driving (called by Server's workers) ------------------------------
    def serve_one(self):
        """Answer one request; True when the connection stays open for another one."""
        self.handle_one_request()
        return not self.close_connection

    def next_request_ready(self, wait):
        """True when the next request's bytes are buffered or arrive within ``wait`` seconds."""
        sock = self.connection
        try:
            if wait_readable(sock, wait):
                return True
            # bytes a pipelining client sent with the last request sit in rfile's buffer, not the socket
            sock.setblocking(False)
            try:
                return bool(self.rfile.peek(1))
            finally:
                sock.settimeout(self.timeout)
        except (OSError, ValueError):
            return True  # let the next read meet the error and close the connection

    # ---- plumbing ------------------------------------------------------------------
    reason = staticmethod(reason)

    def respond(self, status, payload, raw=None, content_type=None, headers=()):
        """Answer ``payload`` as JSON, or the bytes ``raw`` (``content_type``, default HTML)."""
        if raw is not None:
            body = raw
            ctype = "text/html; charset=utf-8" if content_type is None else content_type
        else:
            body = json.dumps(payload).encode("utf-8")
            ctype = "application/json; charset=utf-8"
        head = "HTTP/1.1 %d %s\r\nServer: %s\r\n" % (status, reason(status), self.server_version)
        if ctype:  # content_type="" answers without one (an empty v2 answer)
            head += "Content-Type: %s\r\n" % ctype
        if status != 204:
            head += "Content-Length: %d\r\n" % len(body)
        for name, value in headers:
            head += "%s: %s\r\n" % (name, value)
        if self.close_connection:
            head += "Connection: close\r\n"
        if getattr(self, "command", None) == "HEAD":
            body = b""  # an answer to HEAD has headers only
        try:
            self.wfile.write(head.encode("latin-1") + b"\r\n" + body)
        except OSError:
            self.close_connection = True

    def read_body(self):
        """The request body (at most MAX_BODY bytes); BodyError when it is malformed or too large."""
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            if coding.strip().lower() != "chunked":
                raise BodyError(501, "Unsupported transfer coding.")
            return self.read_chunked()
        text = self.headers.get("Content-Length")
        if text is None:
            return b""
        if not RE_LENGTH.fullmatch(text.strip()):
            raise BodyError(400, "Bad Content-Length.")
        length = int(text)
        if length > MAX_BODY:
            raise BodyError(413, "Request body too large.")
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            raise BodyError(400, "Request body shorter than its Content-Length.")
        return body

    def read_chunked(self):
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(MAX_CHUNK_LINE + 1)
            if len(line) > MAX_CHUNK_LINE or not line.endswith(b"\n"):
                raise BodyError(400, "Bad chunk size line.")
            size_text = line.rstrip(b"\r\n").split(b";", 1)[0].rstrip(b" \t")
            if not RE_CHUNK_SIZE.fullmatch(size_text):
                raise BodyError(400, "Bad chunk size.")
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                raise BodyError(413, "Request body too large.")
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise BodyError(400, "Bad chunk.")
            chunks.append(chunk)
        for dummy in range(MAX_TRAILER_LINES):
            line = self.rfile.readline(MAX_CHUNK_LINE + 1)
            if line in (b"\r\n", b"\n"):
                return b"".join(chunks)
            if not line.endswith(b"\n"):
                break
        raise BodyError(400, "Bad chunked trailer.")

    def drop(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # Every standard method is dispatched, so that a method an endpoint does not take is HTTP 405
    # with an Allow header; a method token that is no HTTP method at all stays 501 (Not Implemented).
    def __getattr__(self, name):
        if name.startswith("do_") and name[3:] in STANDARD_METHODS:
            return lambda: self.dispatch(name[3:])
        raise AttributeError(name)

    def not_allowed(self, method, allowed):
        """HTTP 405 with the Allow header."""
        self.respond(405, {"error": {"code": 405, "message": "Method not allowed: %s." % method}},
                     headers=[("Allow", ", ".join(allowed))])

    def dispatch(self, method):
        try:
            body = self.read_body()
        except BodyError as exc:
            self.close_connection = True
            self.respond(exc.status, {"error": {"code": exc.status, "message": exc.message}})
            return
        except (ValueError, OSError):
            self.close_connection = True
            self.respond(400, {"error": {"code": 400, "message": "Bad request body."}})
            return
        path, dummy, query = self.path.partition("?")
        try:
            self.app.route(self, method, path, query, body)
        except Exception as exc:  # never leak values: only the exception type
            sys.stderr.write("zoom_emulator: internal error %s on %s %s\n" % (type(exc).__name__, method, path))
            self.close_connection = True
            self.respond(500, {"error": {"code": 500, "message": "Internal emulator error."}})


def wait_readable(sock, seconds):
    """True when ``sock`` has data (or EOF) within ``seconds``; poll() has no limit on descriptor numbers."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(seconds * 1000))
    return bool(select.select([sock], [], [], seconds)[0])


def descriptor_budget():
    """How many connections the process can hold open (raise the soft descriptor limit where allowed)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = MAX_CONNECTIONS + 64
        if soft != resource.RLIM_INFINITY and soft < wanted and (hard == resource.RLIM_INFINITY or hard >= wanted):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        return MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else max(16, min(MAX_CONNECTIONS, soft - 64))
    except (ImportError, ValueError, OSError):
        return MAX_CONNECTIONS


class Server(socketserver.TCPServer):
    """HTTP server with bounded concurrency.

    One thread (serve_forever) accepts connections and watches the idle ones with a selector; a fixed
    pool of WORKERS threads answers requests. A readable connection goes to a worker, which answers
    the request (and the next ones while they follow within KEEPALIVE_LINGER), then hands the
    connection back. So idle or closing connections cost no thread, at most MAX_CONNECTIONS are open
    (beyond it the longest-idle one is closed), and an idle one is closed after IDLE_TIMEOUT.
    """

    allow_reuse_address = True
    request_queue_size = 1024   # listen backlog (the kernel may cap it)
    workers = WORKERS
    idle_timeout = IDLE_TIMEOUT

    def __init__(self, address, handler_class):
        super().__init__(address, handler_class)
        self.max_connections = descriptor_budget()
        self._jobs = queue.SimpleQueue()      # handlers with a request to answer
        self._returned = deque()              # handlers whose connection goes back to the selector
        self._idle = {}                       # socket -> handler, longest idle first
        self._open = 0                        # connections accepted and not closed yet
        self._open_lock = threading.Lock()
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._threads = [threading.Thread(target=self._work, daemon=True) for dummy in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def load(self):
        """Figures for /_emulator/health: open connections, the bound, workers and threads."""
        return {"connections": self._open, "max_connections": self.max_connections, "workers": self.workers,
                "threads": threading.active_count()}

    # ---- the selector thread -----------------------------------------------------------
    def serve_forever(self, poll_interval=0.5):
        selector = selectors.DefaultSelector()
        selector.register(self.socket, selectors.EVENT_READ, "listen")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self.socket.setblocking(False)
        next_sweep = time.monotonic() + 1.0
        try:
            while not self._stop.is_set():
                for key, dummy in selector.select(poll_interval):
                    if key.data == "listen":
                        self._accept(selector)
                    elif key.data == "wake":
                        self._drain_wake()
                    elif self._idle.pop(key.fileobj, None) is not None:  # not closed earlier in this batch
                        selector.unregister(key.fileobj)
                        self._jobs.put(key.data)
                while self._returned:
                    handler = self._returned.popleft()
                    self._park(selector, handler)
                now = time.monotonic()
                if now >= next_sweep:
                    next_sweep = now + 1.0
                    self._close_idle(selector, now - self.idle_timeout)
        finally:
            for handler in list(self._idle.values()):
                self._close(handler)
            self._idle.clear()
            selector.close()
            self._stopped.set()

    def _accept(self, selector):
        for dummy in range(256):  # a bounded batch, so that the loop stays responsive
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of descriptors, aborted connection: free the longest-idle one
                if not self._close_idle(selector, None, limit=1):
                    time.sleep(0.01)
                return
            if self._open >= self.max_connections and not self._close_idle(selector, None, limit=1):
                sock.close()  # everything open is busy: refuse rather than grow
                continue
            try:
                handler = self.RequestHandlerClass(sock, address, self)
            except OSError:
                sock.close()
                continue
            with self._open_lock:
                self._open += 1
            self._park(selector, handler)

    def _park(self, selector, handler):
        handler.idle_since = time.monotonic()
        try:
            selector.register(handler.connection, selectors.EVENT_READ, handler)
        except (OSError, ValueError):
            self._close(handler)
            return
        self._idle[handler.connection] = handler

    def _close_idle(self, selector, older_than, limit=None):
        """Close idle connections (the longest idle first); how many were closed."""
        closed = 0
        for sock, handler in list(self._idle.items()):
            if (limit is not None and closed >= limit) or (older_than is not None and handler.idle_since > older_than):
                break
            selector.unregister(sock)
            del self._idle[sock]
            self._close(handler)
            closed += 1
        return closed

    def _drain_wake(self):
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    # ---- workers -------------------------------------------------------------------------
    def _work(self):
        while True:
            handler = self._jobs.get()
            if handler is None:
                return
            try:
                while handler.serve_one() and not self._stop.is_set():
                    if not handler.next_request_ready(KEEPALIVE_LINGER):
                        self._returned.append(handler)
                        self._wake()
                        break
                else:
                    self._close(handler)
            except Exception as exc:  # a client gone mid-request and the like: drop the connection
                self.handle_error(handler.request, handler.client_address, exc)
                self._close(handler)

    def _wake(self):
        try:
            self._wake_w.send(b"\0")
        except (BlockingIOError, InterruptedError):
            pass  # the selector has wake-ups pending already
        except OSError:
            pass  # closing down

    def _close(self, handler):
        try:
            handler.finish()
        except (OSError, ValueError):
            pass
        self.shutdown_request(handler.connection)
        with self._open_lock:
            self._open -= 1

    def handle_error(self, request, client_address, exc=None):
        # keep stderr quiet (and free of request data) on client disconnects and the like
        exc = exc or sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            sys.stderr.write("zoom_emulator: connection error %s\n" % type(exc).__name__)

    # ---- stopping ------------------------------------------------------------------------
    def shutdown(self):
        self._stop.set()
        self._wake()
        self._stopped.wait()

    def server_close(self):
        super().server_close()
        for dummy in self._threads:
            self._jobs.put(None)
        self._wake_r.close()
        self._wake_w.close()


class Server6(Server):
    address_family = socket.AF_INET6


class Emulator:
    """The account store with its front-ends (by path prefix) and the control API."""

    def __init__(self, store, frontends, control):
        self.store = store
        self.frontends = tuple(frontends)
        self.control = control

    def route(self, conn, method, path, query, body):
        """Hand a request to the front-end of its path prefix, or to the control API; else HTTP 404."""
        for frontend in self.frontends:
            prefix = frontend.prefix
            if path == prefix or path.startswith(prefix + "/"):
                frontend.handle(conn, method, path[len(prefix):].rstrip("/") or "/", query, body)
                return
        if path.startswith(self.control.prefix + "/"):
            self.control.handle(conn, method, path[len(self.control.prefix):].rstrip("/"), body)
            return
        conn.respond(404, {"error": {"code": 404, "message": "Endpoint not found: %s." % path}})


def build_emulator(api_key=DEFAULT_API_KEY, api_secret=DEFAULT_API_SECRET, rate_limit=False,
                   account_id=DEFAULT_ACCOUNT_ID, client_id=DEFAULT_CLIENT_ID, client_secret=DEFAULT_CLIENT_SECRET,
                   token_ttl=DEFAULT_TOKEN_TTL, single_token=False, page_token_ttl=PAGE_TOKEN_TTL):
    """An empty account with the v1 and v2 front-ends, the OAuth token endpoint and the control API
    (which speaks v1's record format)."""
    store = Store()
    v1_frontend = V1FrontEnd(store, api_key, api_secret, rate_limit)
    frontends = [v1_frontend, V2FrontEnd(store, rate_limit, page_token_ttl),
                 OAuthFrontEnd(store, account_id, client_id, client_secret, token_ttl, single_token)]
    return Emulator(store, frontends, Control(store, frontends, records=v1_frontend))


def make_server(host, port, app):
    handler = type("BoundHandler", (Handler,), {"app": app})
    return (Server6 if ":" in host else Server)((host, port), handler)


def write_state_file(store, path):
    with store.lock:
        data = store.dump()
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def build_parser():
    parser = argparse.ArgumentParser(
        description="Zoom User API emulator: v1 at /v1, v2 at /v2 with its Server-to-Server OAuth token endpoint. "
                    "The first line on stdout is the v1 base URL (http://HOST:PORT/v1); SIGTERM or SIGINT stops it. "
                    "See docs/docsite/rst/emulator.rst.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on, IPv4 or IPv6 such as ::1 (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default: 0)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY,
                        help="the account's API key that requests must send (default: %(default)s)")
    parser.add_argument("--api-secret", default=DEFAULT_API_SECRET,
                        help="the account's API secret that requests must send (default: %(default)s)")
    parser.add_argument("--state-file", metavar="FILE",
                        help="load the account from FILE at start if it exists; write it there (atomically) on "
                             "SIGTERM/SIGINT")
    parser.add_argument("--account-id", default=DEFAULT_ACCOUNT_ID,
                        help="v2: the account id the OAuth token request must name (default: %(default)s)")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID,
                        help="v2: the Server-to-Server OAuth app's client id (default: %(default)s)")
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET,
                        help="v2: the OAuth app's client secret (default: %(default)s)")
    parser.add_argument("--token-ttl", type=positive_int, default=DEFAULT_TOKEN_TTL, metavar="SECONDS",
                        help="v2: lifetime of an access token in seconds (default: %(default)s)")
    parser.add_argument("--page-token-ttl", type=positive_int, default=PAGE_TOKEN_TTL, metavar="SECONDS",
                        help="v2: lifetime of a next_page_token of GET /users in seconds (default: %(default)s)")
    parser.add_argument("--single-token", action="store_true",
                        help="v2: a new access token invalidates every older one (Zoom's behaviour before 2023-06-20)")
    parser.add_argument("--rate-limit", action="store_true",
                        help="enforce rate limits: v1's 10 requests/s overall and 1 request/s on each */list "
                             "endpoint; v2's Pro-plan per-second limits (Light 30/s, Medium 20/s: HTTP 429)")
    parser.add_argument("--seed", metavar="FILE",
                        help="JSON file in the format of POST /_emulator/seed ({\"users\": [...]}), applied at start "
                             "after the state file")
    return parser


def positive_int(text):
    """argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def load_state_file(store, path):
    """Load the account from a state file (the store's format, or the v1 records of earlier versions)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict) and data.get("format") == v1.LEGACY_STATE_FORMAT:
        data = v1.upgrade_state(data)
    store.load(data)


def main(argv=None):
    args = build_parser().parse_args(argv)

    app = build_emulator(args.api_key, args.api_secret, args.rate_limit, args.account_id, args.client_id,
                         args.client_secret, args.token_ttl, args.single_token, args.page_token_ttl)
    store = app.store
    timezones()  # warm the cache before the first request
    if args.state_file and os.path.exists(args.state_file):
        try:
            load_state_file(store, args.state_file)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            sys.stderr.write("zoom_emulator: cannot load state file %s: %s\n" % (args.state_file, type(exc).__name__))
            return 2
    if args.seed:
        try:
            with open(args.seed, encoding="utf-8") as fh:
                data = json.load(fh)
            with store.lock:
                seed(store, app.control.records, data["users"] if isinstance(data, dict) else data)
        except (OSError, ValueError, KeyError, TypeError, SeedError) as exc:
            sys.stderr.write("zoom_emulator: cannot seed from %s: %s\n" % (args.seed, exc))
            return 2

    try:
        server = make_server(args.host, args.port, app)
    except OSError as exc:
        sys.stderr.write("zoom_emulator: cannot listen on %s:%s: %s\n" % (args.host, args.port, exc.strerror or exc))
        return 2
    host, port = server.server_address[:2]
    if ":" in host:
        host = "[%s]" % host
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    sys.stdout.write("http://%s:%d%s\n" % (host, port, v1.PREFIX))
    sys.stdout.flush()
    while not stop.wait(0.1):
        pass
    server.shutdown()
    server.server_close()
    if args.state_file:
        try:
            write_state_file(store, args.state_file)
        except OSError as exc:
            sys.stderr.write("zoom_emulator: cannot write state file %s: %s\n" % (args.state_file, exc.strerror or exc))
            return 1
    return 0
