"""Hostile and careless input to the emulator (issue 10, items 9 and 20): huge numbers, malformed
bodies, absurd fault parameters, other HTTP methods, reason phrases, connection floods, XML."""

import http.client
import json
import re
import socket
import time
import urllib.parse
from xml.etree import ElementTree
from http import HTTPStatus

import pytest

import zoom_emulator

HUGE = "9" * 5000   # past Python's int() digit limit (4300): once an HTTP 500
MAX_INT = 2 ** 31 - 1


def err(body):
    return body["error"]["code"], body["error"]["message"]


def address(emu):
    host, port = emu.root.split("//")[1].split(":")
    return host, int(port)


def raw_exchange(emu, data, timeout=5.0):
    """Send raw bytes on a new connection; answer (status line, headers dict, body bytes)."""
    with socket.create_connection(address(emu), timeout=timeout) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while True:
            part = sock.recv(65536)
            if not part:
                break
            received += part
    head, dummy, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return lines[0], headers, body


def form(emu, **fields):
    return urllib.parse.urlencode(dict(fields, api_key=emu.api_key, api_secret=emu.api_secret)).encode()


# ---- numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize("endpoint, field, reason", [
    ("/user/list", "page_number", "must be an integer between 1 and %d" % MAX_INT),
    ("/user/pending", "page_number", "must be an integer between 1 and %d" % MAX_INT),
    ("/user/list", "page_size", "must be an integer between 1 and 300"),
    ("/user/getbyemail", "login_type", "must be one of 0, 1, 99, 100, 101"),
])
def test_huge_numbers_in_reads_are_validation_errors(emu, endpoint, field, reason):
    fields = {field: HUGE, "email": "a@example.com"}
    assert err(emu.call(endpoint, **fields)) == (301, "Invalid value for %s: %s." % (field, reason))


@pytest.mark.parametrize("field, reason", [
    ("meeting_capacity", "must be an integer between 0 and %d" % MAX_INT),
    ("webinar_capacity", "must be one of 0, 100, 500, 1000, 3000, 5000, 10000"),
    ("large_capacity", "must be one of 0, 100, 200, 300, 500"),
    ("auto_delete_cmr_days", "must be an integer between 1 and 365"),
    ("type", "must be 1, 2 or 3"),
])
def test_huge_numbers_in_writes_are_validation_errors(emu, field, reason):
    uid = emu.call("/user/custcreate", email="n@example.com", type=1)["id"]
    assert err(emu.call("/user/update", id=uid, **{field: HUGE})) == (301, "Invalid value for %s: %s." % (field, reason))
    fields = {"type": 1, field: HUGE}
    assert err(emu.call("/user/custcreate", email="m@example.com", **fields))[0] == 301
    assert emu.user("m@example.com") is None


def test_delete_type_and_seed_login_type_huge(emu):
    uid = emu.call("/user/custcreate", email="d@example.com", type=1)["id"]
    assert err(emu.call("/user/delete", id=uid, type=HUGE)) == (301, "Invalid value for type: must be 0 or 1.")
    answer = emu.control("POST", "/seed", {"users": [{"email": "s@example.com", "login_type": HUGE}]}, expect=400)
    assert "login_type" in answer["error"] and emu.user("s@example.com") is None


def test_meeting_capacity_bound_is_inclusive(emu):
    uid = emu.call("/user/custcreate", email="c@example.com", type=1)["id"]
    assert "error" not in emu.call("/user/update", id=uid, meeting_capacity=str(MAX_INT))
    assert emu.user("c@example.com")["meeting_capacity"] == MAX_INT
    assert err(emu.call("/user/update", id=uid, meeting_capacity=str(MAX_INT + 1)))[0] == 301
    assert "error" not in emu.call("/user/list", page_number="000000000000000000000000000001")


@pytest.mark.parametrize("field, value", [
    ("page_size", "30\n"), ("page_size", " 30"), ("page_number", "+1"), ("meeting_capacity", "5\n"),
    ("disable_chat", "true\n"), ("disable_chat", " false"), ("pmi", "1234567890\n"), ("host_key", "123456\n"),
    ("vanity_name", "abcdef\n"), ("timezone", "UTC\n"),
])
def test_trailing_newlines_and_spaces_are_invalid(emu, field, value):
    uid = emu.call("/user/custcreate", email="w@example.com", type=1)["id"]
    endpoint = "/user/list" if field.startswith("page_") else "/user/update"
    assert err(emu.call(endpoint, id=uid, **{field: value}))[0] == 301


# ---- emails -------------------------------------------------------------------------------

OLD_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@pytest.mark.parametrize("text", [
    "a@b.c", "a.b@c.d.e", "a@.b.c", "a@b..c", "a@b.", "a@.b", "@b.c", "a@bc", "a@b@c.d", "a b@c.d", "a@b.c\n",
    "a@b.c ", "\u00e9@\u00e9.fr", "a@b\u2003.c", "a@b.\u00a0", "", "@", ".", "a@", "a@b.c.", "x" * 240 + "@example.com",
], ids=repr)
def test_email_check_accepts_the_documented_set(text):
    assert zoom_emulator.is_email(text) == bool(OLD_EMAIL.fullmatch(text) and len(text) <= 254)


def test_email_at_most_254_characters(emu):
    local = "x" * (254 - len("@example.com"))
    assert emu.call("/user/checkemail", email=local + "@example.com") == {"existed_email": False}
    assert err(emu.call("/user/checkemail", email="x" + local + "@example.com")) == \
        (301, "Invalid value for email: not a valid email address.")


def test_crafted_email_answers_at_once(emu):
    crafted = "a@" + "a." * 20000 + " "   # 40 KB; the old backtracking pattern took seconds on it
    start = time.monotonic()
    assert err(emu.call("/user/custcreate", email=crafted, type=1))[0] == 301
    assert zoom_emulator.is_email(crafted) is False
    assert time.monotonic() - start < 2.0


def emulator_modules():
    """The launcher and every module of the package it starts."""
    import importlib
    import pkgutil

    import zoomemu
    return [zoom_emulator] + [importlib.import_module("zoomemu." + info.name)
                              for info in pkgutil.iter_modules(zoomemu.__path__)]


def test_every_emulator_pattern_is_a_full_match():
    modules = emulator_modules()
    assert len(modules) >= 5
    for module in modules:
        with open(module.__file__, encoding="utf-8") as fh:
            source = fh.read()
        assert not re.search(r"\bRE_\w+\.(match|search)\(", source), module.__name__
        assert not re.search(r"re\.(match|search)\(", source), module.__name__
        for name in dir(module):
            value = getattr(module, name)
            if name.startswith("RE_") and isinstance(value, re.Pattern):
                assert value.pattern[-1:] not in ("$", b"$"), (module.__name__, name)


# ---- request bodies -----------------------------------------------------------------------

def chunked_request(body_part):
    return (b"POST /v1/user/checkemail HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + body_part)


def test_chunked_body_is_read(emu):
    body = form(emu, email="a@example.com")
    line, headers, answer = raw_exchange(emu, chunked_request(
        b"%x;ext=1\r\n%s\r\n0\r\n\r\n" % (len(body), body)))
    assert line == "HTTP/1.1 200 OK" and json.loads(answer) == {"existed_email": False}


@pytest.mark.parametrize("size_line", [b"-1", b"+5", b"0x5", b" 5", b"5 5", b"F" * 17, b"", b"zz", b"\xff"])
def test_bad_chunk_sizes_are_400(emu, size_line):
    line, headers, answer = raw_exchange(emu, chunked_request(size_line + b"\r\napi_key=x\r\n0\r\n\r\n"))
    assert line == "HTTP/1.1 400 Bad Request", (size_line, line)
    assert headers["Connection"] == "close"
    assert json.loads(answer)["error"]["code"] == 400


def test_chunks_over_the_body_limit_are_413_before_reading_them(emu):
    # two chunks of 32 MiB + 1: the second one passes the 64 MiB limit; nothing of it is sent
    first = b"x" * (32 * 1024 * 1024 + 1)
    request = chunked_request(b"%x\r\n%s\r\n%x\r\n" % (len(first), first, len(first)))
    line, headers, answer = raw_exchange(emu, request, timeout=20)
    assert line.startswith("HTTP/1.1 413 ") and json.loads(answer)["error"]["code"] == 413


@pytest.mark.parametrize("header, status", [
    (b"Content-Length: +5", 400), (b"Content-Length: 5_0", 400), (b"Content-Length: -1", 400),
    (b"Content-Length: " + b"9" * 30, 400), (b"Content-Length: 67108865", 413),
    (b"Transfer-Encoding: gzip, chunked", 501),
])
def test_bad_length_headers(emu, header, status):
    line, headers, answer = raw_exchange(emu, b"POST /v1/user/checkemail HTTP/1.1\r\nHost: x\r\n%s\r\n\r\n" % header)
    assert line == "HTTP/1.1 %d %s" % (status, HTTPStatus(status).phrase)
    assert json.loads(answer)["error"]["code"] == status


# ---- fault parameters ---------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    b'{"endpoint": "*", "kind": "delay", "seconds": 1e308}',
    b'{"endpoint": "*", "kind": "delay", "seconds": 1e400}',
    b'{"endpoint": "*", "kind": "delay", "seconds": NaN}',
    b'{"endpoint": "*", "kind": "delay", "seconds": Infinity}',
    b'{"endpoint": "*", "kind": "delay", "seconds": -Infinity}',
    b'{"endpoint": "*", "kind": "delay", "seconds": 300.5}',
    b'{"endpoint": "*", "kind": "delay", "seconds": -1}',
    b'{"endpoint": "*", "kind": "delay", "count": 0}',
    b'{"endpoint": "*", "kind": "delay", "count": 1000001}',
    b'{"endpoint": "*", "kind": "delay", "count": 1e3}',
    b"[" * 100000 + b"]" * 100000,
], ids=["1e308", "1e400", "nan", "inf", "-inf", "over-max", "negative", "count-0", "count-over-max", "count-float",
        "deep"])
def test_absurd_fault_parameters_are_400(emu, raw):
    request = b"POST /_emulator/faults HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" \
              b"Content-Length: %d\r\n\r\n%s" % (len(raw), raw)
    line, headers, answer = raw_exchange(emu, request)
    assert line == "HTTP/1.1 400 Bad Request", raw[:80]
    assert emu.control("GET", "/faults") == []
    assert "error" not in emu.call("/user/checkemail", email="a@example.com")


def test_fault_bounds_are_inclusive(emu):
    answer = emu.control("POST", "/faults", {"endpoint": "/user/get", "kind": "delay", "seconds": 300,
                                             "count": 1000000})
    assert answer["queued"]["seconds"] == 300 and answer["queued"]["count"] == 1000000
    emu.clear_faults()


# ---- methods and reason phrases -----------------------------------------------------------

@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "GET", "PUT", "DELETE", "PATCH"])
def test_other_methods_on_an_endpoint_are_405_with_allow(emu, method):
    conn = http.client.HTTPConnection(*address(emu), timeout=10)
    try:
        conn.request(method, "/v1/user/get")
        resp = conn.getresponse()
        body = resp.read()
        assert (resp.status, resp.reason, resp.getheader("Allow")) == (405, "Method Not Allowed", "POST")
        if method == "HEAD":
            assert body == b""
        else:
            assert json.loads(body)["error"]["code"] == 405
        conn.request("POST", "/v1/user/checkemail", form(emu, email="a@example.com"),
                     {"Content-Type": "application/x-www-form-urlencoded"})
        assert json.loads(conn.getresponse().read()) == {"existed_email": False}  # the connection stays usable
    finally:
        conn.close()
    assert emu.calls()[0] == {"endpoint": "/user/get", "fields": [], "error": 405}


@pytest.mark.parametrize("method, path, allow", [
    ("HEAD", "/_emulator/health", "GET"), ("POST", "/_emulator/calls", "GET, DELETE"),
    ("GET", "/_emulator/reset", "POST"), ("OPTIONS", "/_emulator/faults", "GET, POST, DELETE"),
    ("GET", "/_emulator/users/a@example.com/accept", "POST"),
])
def test_other_methods_on_control_paths_are_405_with_allow(emu, method, path, allow):
    conn = http.client.HTTPConnection(*address(emu), timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        resp.read()
        assert (resp.status, resp.getheader("Allow")) == (405, allow)
    finally:
        conn.close()


def test_unknown_method_is_501_not_implemented(emu):
    line, headers, answer = raw_exchange(emu, b"BREW /v1/user/get HTTP/1.1\r\nHost: x\r\n\r\n")
    assert line == "HTTP/1.1 501 Not Implemented"


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /x HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n", 431),
    (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", 404),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET / HTTP/9.0\r\n\r\n", 505),
], ids=["431", "414", "404", "400", "505"])
def test_status_lines_carry_their_own_reason_phrase(emu, request_bytes, status):
    line, headers, answer = raw_exchange(emu, request_bytes)
    assert line == "HTTP/1.1 %d %s" % (status, HTTPStatus(status).phrase)
    assert json.loads(answer)["error"]["code"] == status


# ---- XML ----------------------------------------------------------------------------------

NASTY = "".join(chr(c) for c in range(32)) + "\x7f<&>'\"]]>\ufffe\uffff\u00e9\U0001f600 end"
XML_SAFE = "".join(ch for ch in NASTY if ch in "\t\n\r" or ch >= " " and ch not in "\ufffe\uffff")


def test_xml_answers_are_well_formed_whatever_the_data(emu):
    user = emu.call("/user/custcreate", email="x@example.com", type=1, first_name=NASTY, dept=NASTY)
    for endpoint, fields in (("/user/get", {"id": user["id"]}), ("/user/list", {}),
                             ("/user/getbyemail", {"email": "x@example.com"})):
        conn = http.client.HTTPConnection(*address(emu), timeout=10)
        try:
            conn.request("POST", "/v1" + endpoint, form(emu, data_type="XML", **fields),
                         {"Content-Type": "application/x-www-form-urlencoded"})
            root = ElementTree.fromstring(conn.getresponse().read())
        finally:
            conn.close()
        assert root.find(".//first_name").text == XML_SAFE
        assert root.find(".//dept").text == XML_SAFE
    # error messages echo what was sent: they must be well-formed as well
    conn = http.client.HTTPConnection(*address(emu), timeout=10)
    try:
        conn.request("POST", "/v1/user/getbyemail", form(emu, data_type="XML", email="a\x01\x1b@example.com"),
                     {"Content-Type": "application/x-www-form-urlencoded"})
        root = ElementTree.fromstring(conn.getresponse().read())
    finally:
        conn.close()
    assert root.find(".//code").text == "1001" and root.find(".//message").text == "User not exist: a@example.com."


# ---- connections --------------------------------------------------------------------------

def test_pipelined_requests_on_one_connection_are_all_answered(emu):
    body = form(emu, email="a@example.com")
    one = (b"POST /v1/user/checkemail HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
           b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    line, headers, rest = raw_exchange(emu, one * 3 + b"GET /_emulator/health HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert line == "HTTP/1.1 200 OK"
    assert rest.count(b'{"existed_email": false}') == 3 and rest.count(b"HTTP/1.1 200 OK") == 3


def open_many(emu, count):
    socks = []
    try:
        for dummy in range(count):
            socks.append(socket.create_connection(address(emu), timeout=5))
    except BaseException:
        for sock in socks:
            sock.close()
        raise
    return socks


def timed_health(emu):
    start = time.monotonic()
    conn = http.client.HTTPConnection(*address(emu), timeout=10)
    try:
        conn.request("GET", "/_emulator/health")
        resp = conn.getresponse()
        answer = json.loads(resp.read())
    finally:
        conn.close()
    assert resp.status == 200 and answer["ok"] is True
    return time.monotonic() - start, answer


def test_a_connection_flood_neither_freezes_nor_grows_threads(emu):
    started = time.monotonic()
    flood = 2000
    socks = open_many(emu, flood)
    try:
        took, load = timed_health(emu)   # 2,000 idle connections held open: still answered at once
        assert took < 2.0
        assert load["threads"] <= load["workers"] + 4
        assert load["connections"] <= load["max_connections"]
    finally:
        for sock in socks:
            sock.close()
    took, load = timed_health(emu)       # all of them closed at once: still answered at once
    assert took < 2.0
    assert load["threads"] <= load["workers"] + 4
    assert "error" not in emu.call("/user/checkemail", email="after@example.com")
    assert time.monotonic() - started < 10.0
