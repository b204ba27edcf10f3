# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP layer of the collection, for every backend: a keep-alive requests.Session, TLS,
an end-to-end timeout, retries with backoff, Retry-After, a size bound and strict JSON.

It knows no Zoom protocol: a backend says which verb, endpoint and body (form, JSON, query) to send,
which authentication adds the credentials (auth.py), and passes an ``inspect(answer)`` callback
that decodes its API's error bodies -- raising RetryAnswer for what is transient (the retry
decision stays in this loop) or a ZoomError for what is final.

What it guarantees, whatever the server does:
- ``api_url`` is http(s), has a host, and carries no user:password, query or fragment (checked
  before any call: ``check_api_url``).
- Redirects are never followed: a 3xx fails at once (the request holds the credentials).
- One attempt lasts at most ``timeout`` seconds end to end (connect, headers and body): the
  attempt runs in a worker thread that is abandoned at the deadline, and the body is read in
  chunks that stop at the deadline and at MAX_ANSWER_BYTES (counted after decompression).
- Only timeouts, broken connections, HTTP 429/502/503/504 and what ``inspect`` calls transient
  (Zoom v1's rate-limit error) are retried; Retry-After (seconds or an HTTP date) is honoured up to
  RETRY_AFTER_MAX seconds, and a longer wait fails at once saying when to retry.
- An answer that is not JSON, holds NaN/Infinity/1e400 or nests too deep, or is not a JSON object
  fails naming the host ("did not answer like Zoom's API"), never with a traceback.
- Every failure names the host it talked to, never the credentials; the server's own message is
  kept (with any credential it echoes masked).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import math
import re
import random
import socket
import threading
import time
import traceback


from html import unescape

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2.7
    from urlparse import urlsplit

try:
    from email.utils import parsedate_to_datetime
except ImportError:  # pragma: no cover - Python 2.7
    parsedate_to_datetime = None

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by ansible-test's import sanity test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.zoomops.zoom.plugins.module_utils.errors import InvalidAnswer, RateLimited, ZoomError

DEFAULT_API_URL = 'https://api.zoom.us/v1'

# Waits between attempts, in seconds: base * 2**attempt, capped, with jitter. A rate-limited call
# waits at least one second because v1 counts its limits per second.
BACKOFF_BASE = 0.5
BACKOFF_MAX = 20.0
RATE_LIMIT_MIN_WAIT = 1.0
# The longest Retry-After this client waits; a server asking for more fails the call at once.
RETRY_AFTER_MAX = 60.0

# HTTP statuses that a proxy or a busy server gives for a moment: retried. Any other status
# (500, 501, 4xx) is the server's final word on this request.
RETRIED_HTTP_STATUSES = (429, 502, 503, 504)

# The largest answer accepted, counted after decompression: a page of 300 v1 users is about
# 0.5 MiB. Larger answers (a gzip bomb, an endless body) fail without being held in memory.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024
# How much of a server's own message (or of a non-JSON body) a failure quotes.
SERVER_MESSAGE_MAX = 300
# How much of a non-JSON answer is looked at to excerpt it.
EXCERPT_SCAN_BYTES = 64 * 1024

# Form or JSON fields whose values are masked wherever the server's message might echo them.
SECRET_FIELDS = ('password', 'host_key')


def backoff_delay(attempt, base=BACKOFF_BASE, maximum=BACKOFF_MAX, minimum=0.0, rand=random.random):
    """Seconds to wait before retry number ``attempt`` (0-based): exponential, capped at
    ``maximum``, with jitter in [50%, 100%] of the step, never below ``minimum``."""
    step = min(maximum, base * (2 ** attempt))
    return max(minimum, step * (0.5 + rand() / 2.0))


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header: delta-seconds, or an HTTP date (seconds from
    ``now``, a Unix time, default the current time). None when absent or not a finite number nor
    a date (``inf``, ``nan``, ``1e400`` are not numbers); never negative."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is not None:
        return max(0.0, seconds) if _is_finite(seconds) else None
    iso = _iso_seconds(text)
    if iso is not None:
        return max(0.0, iso - (time.time() if now is None else now))
    if parsedate_to_datetime is None:
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    try:
        if when.tzinfo is None:   # RFC 7231 dates are GMT
            when_seconds = _utc_seconds(when)
        else:
            when_seconds = when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
    return max(0.0, when_seconds - (time.time() if now is None else now))


_ISO_RE = re.compile(r'\A([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?\Z')


def _iso_seconds(text):
    """The Unix time of an ISO 8601 date-time (what Zoom v2 documents for Retry-After; UTC when it names no
    offset), None when ``text`` is not one."""
    match = _ISO_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        import calendar
        seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second <= 60):
        return None
    offset = match.group(7)
    if offset and offset != 'Z':
        sign = -1 if offset[0] == '-' else 1
        digits = offset[1:].replace(':', '')
        seconds -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return float(seconds)


def check_api_url(api_url):
    """The base URL to call (no trailing slash) for ``api_url`` (empty: DEFAULT_API_URL), and the
    host to name in messages. Raises ValueError, without echoing credentials, unless it is an
    http(s) URL with a host and without user:password, query string or fragment."""
    url = (api_url or DEFAULT_API_URL).strip()
    if any(char.isspace() or char < ' ' or char == '\x7f' for char in url):
        raise ValueError('api_url must not contain spaces or control characters')
    parts = urlsplit(url)
    if parts.scheme.lower() not in ('http', 'https') or not url.lower().startswith(parts.scheme.lower() + '://'):
        raise ValueError('api_url must start with https:// (or http:// for a test server), e.g. %s' % DEFAULT_API_URL)
    if '@' in parts.netloc:
        raise ValueError('api_url must not contain a user name or password (user:password@): '
                         'give the credentials with api_key and api_secret')
    if '?' in url:
        raise ValueError('api_url must not contain a query string (?...): the credentials travel in the form')
    if '#' in url:
        raise ValueError('api_url must not contain a fragment (#...)')
    try:
        port = parts.port
    except ValueError:
        raise ValueError('api_url has an invalid port')
    if not parts.hostname:
        raise ValueError('api_url must name a host, e.g. %s' % DEFAULT_API_URL)
    host = parts.hostname
    if ':' in host:
        host = '[%s]' % host
    if port is not None:
        host = '%s:%d' % (host, port)
    return url.rstrip('/'), host


class Answer:
    """What a protocol's ``inspect`` callback sees of one HTTP answer, with the transport's helpers
    to build the errors it may raise."""

    def __init__(self, transport, endpoint, status, headers, raw, body, retry_after, secrets):
        self.transport = transport
        self.endpoint = endpoint
        self.status = status
        self.headers = headers
        self.raw = raw
        self.body = body
        self.retry_after = retry_after
        self.secrets = secrets

    @property
    def host(self):
        return self.transport.host

    def text(self, value):
        """A server's message as one printable line, credentials it echoes masked."""
        return _redact(_printable(value), self.secrets)

    def http_error(self, server_message=None):
        """The ZoomError for an HTTP error status, quoting the server's message (default: its body)."""
        return self.transport.http_error(self.endpoint, self.status,
                                         server_message or _message_of(self.body) or self.raw, self.secrets)

    def not_zoom(self, problem):
        return self.transport.not_zoom(self.endpoint, problem)


class RetryAnswer(Exception):
    """Raised by a protocol's ``inspect`` callback: this answer is transient (e.g. a rate limit in
    the body); the transport retries it like an HTTP 429, and when it gives up raises
    ``error_class`` (a ZoomError subclass) with ``code`` and ``message``."""

    def __init__(self, code, message, retry_after=None, minimum_wait=0.0, error_class=ZoomError):
        super(RetryAnswer, self).__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.minimum_wait = minimum_wait
        self.error_class = error_class


class Transport:
    """The one HTTP layer: ``send(endpoint, method, form=..., json_body=..., query=...)`` returns
    the parsed JSON answer (a dict) or raises ZoomError. It knows no protocol: the backend passes an
    ``inspect(answer)`` callback that decodes its API's error bodies and may raise RetryAnswer (the
    retry decision stays in this loop) or a final ZoomError; ``auth`` (see auth.py) adds the
    credentials to each request. Raises ValueError at once for an unusable ``api_url``."""

    def __init__(self, api_url, auth=None, timeout=30, validate_certs=True, retries=5, session=None,
                 sleep=time.sleep, backoff_base=BACKOFF_BASE, backoff_max=BACKOFF_MAX,
                 max_answer_bytes=MAX_ANSWER_BYTES, retry_after_max=RETRY_AFTER_MAX):
        self.api_url, self.host = check_api_url(api_url)
        self.auth = auth
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.retries = max(0, int(retries))
        self.max_answer_bytes = max_answer_bytes
        self.retry_after_max = retry_after_max
        self._session = session
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self.calls = 0
        self.last_attempts = 0
        # True when an attempt of the last request timed out: the server may still apply it later.
        self.last_timed_out = False

    @property
    def session(self):
        if self._session is None:
            self._session = requests.Session()
        return self._session

    def not_zoom(self, endpoint, problem):
        """The InvalidAnswer for an answer whose shape is not the one ``endpoint`` gives (``problem``
        says what was wrong)."""
        return InvalidAnswer(endpoint, None, "the server at %s did not answer like Zoom's API: %s" % (self.host, problem))

    def send(self, endpoint, method='POST', form=None, json_body=None, query=None, inspect=None, path=None,
             empty_ok=False, retry_server_errors=True):
        """Send one request (``form``: text fields form-encoded, None values left out; ``json_body``: a
        JSON body; ``query``: URL parameters) to ``endpoint`` and return the JSON answer.

        ``path``: the path to request when ``endpoint`` only names it in messages (v2 names a call by its
        method and path template, never by the email in its path); ``empty_ok``: a 2xx answer without a
        body is ``{}``; ``retry_server_errors`` false: HTTP 502/503/504 fail at once (a request that is
        not idempotent must not be sent twice).

        Retries timeouts, broken connections, HTTP 429/502/503/504 and what ``inspect`` calls
        transient (RetryAnswer), up to ``retries`` times; everything else fails at once. A 429 that
        says it is a daily limit (``X-RateLimit-Type: Daily-limit``, or, without that header, a body whose
        message says "daily") fails at once.
        """
        options = {'path': path, 'empty_ok': empty_ok, 'retry_server_errors': retry_server_errors}
        call = {'method': method, 'headers': {}}
        if form is not None:
            call['data'] = dict((key, value) for key, value in form.items() if value is not None)
        if json_body is not None:
            call['json'] = json_body
        if query is not None:
            call['params'] = dict((key, value) for key, value in query.items() if value is not None)
        if self.auth is not None:
            self.auth.apply(call)
        secrets = _secrets_of(call, self.auth)
        attempt = 0
        self.last_timed_out = False
        while True:
            self.last_attempts = attempt + 1
            try:
                return self._request_once(endpoint, call, secrets, inspect, options)
            except RetryAnswer as problem:
                wait = problem.retry_after
                if wait is not None and wait > self.retry_after_max:
                    raise problem.error_class(endpoint, problem.code, '%s; it asks to wait %s before retrying, longer'
                                              ' than the %d seconds this client waits: retry %s' % (
                                                  problem.message, _duration(wait), self.retry_after_max,
                                                  _retry_time(wait)), retryable=True)
                if attempt >= self.retries:
                    raise problem.error_class(endpoint, problem.code,
                                              '%s (gave up after %d attempts)' % (problem.message, attempt + 1),
                                              retryable=True)
                if wait is None:
                    wait = backoff_delay(attempt, self._backoff_base, self._backoff_max, problem.minimum_wait)
                self._sleep(max(wait, problem.minimum_wait))
                attempt += 1

    def _request_once(self, endpoint, call, secrets, inspect, options=None):
        """One attempt, bounded by ``timeout`` end to end: the worker thread doing it is abandoned
        (and stops reading at its next chunk) when the deadline passes."""
        self.calls += 1
        attempt = _Attempt(self, endpoint, call, secrets, inspect, options)
        worker = threading.Thread(target=attempt.run, name='zoom-api-attempt')
        worker.daemon = True
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            attempt.abandon()
        if attempt.abandoned:
            self.last_timed_out = True
            raise self._timeout_error()
        if attempt.timed_out:
            self.last_timed_out = True
        if attempt.error is not None:
            raise attempt.error
        return attempt.result

    def _timeout_error(self):
        return RetryAnswer(None, 'no complete answer from %s within %s seconds (timeout)' % (self.host, self.timeout))

    def _connection_error(self, exc):
        return RetryAnswer(None, 'connection error with %s: %s' % (self.host, _exception_text(exc)))

    def http_error(self, endpoint, status, server_message, secrets):
        """An HTTP error status, with the server's own message (credentials it echoes masked)."""
        return ZoomError(endpoint, None, 'HTTP %d from the server at %s: %s' % (
            status, self.host, _redact(_printable(server_message), secrets)))

    def _answer(self, endpoint, response, deadline, secrets, inspect, options=None):
        """The JSON object of a response, or the error (retryable or not) it stands for."""
        options = options or {}
        status = response.status_code
        if 300 <= status < 400:
            raise ZoomError(endpoint, None, 'the server at %s answered HTTP %d, a redirect to %s: redirects are not'
                            ' followed (they would re-send the credentials); set api_url to the final address' % (
                                self.host, status, _redirect_target(response.headers.get('Location'))))
        retry_after = parse_retry_after(response.headers.get('Retry-After'))
        if status == 429:
            # The body may be all that says "daily" (Zoom sends some daily-limit 429s without X-RateLimit-Type).
            message = self._rate_limit_message(endpoint, response, deadline)
            if _is_daily_limit(response.headers, message):
                raise RateLimited(endpoint, 429, 'the daily rate limit of the account at %s is reached%s: not retried; '
                                  'retry %s%s' % (self.host, _limit_of(response.headers),
                                                  _retry_time(retry_after) if retry_after is not None
                                                  else 'after 00:00 UTC',
                                                  ' (the server says: %s)' % _redact(message, secrets) if message else ''))
            # A per-second limit: retried, and when the retries run out the failure says it was the rate limit, as
            # v1's rate-limit error does (HTTP 429 alone does not tell a user what to change).
            raise RetryAnswer(None, _rate_limit_text(self.host, response.headers, _redact(message, secrets) if message
                                                     else None), retry_after, RATE_LIMIT_MIN_WAIT, error_class=RateLimited)
        if status in RETRIED_HTTP_STATUSES and options.get('retry_server_errors', True):
            raise RetryAnswer(None, 'HTTP %d from the server at %s' % (status, self.host), retry_after)
        raw = self._read_body(endpoint, response, deadline)
        if options.get('empty_ok') and 200 <= status < 300 and not raw.strip():
            return {}
        try:
            body = _parse_json(raw)
        except _NotJson as problem:
            if status >= 400:
                raise self.http_error(endpoint, status, _excerpt(raw, response.headers.get('Content-Type')), secrets)
            raise self.not_zoom(endpoint, 'the answer %s (HTTP %d%s)' % (
                problem.reason, status, _content_type(response.headers.get('Content-Type'))))
        if inspect is not None:
            inspect(Answer(self, endpoint, status, response.headers, raw, body, retry_after, secrets))
        if status >= 400 or status < 200:
            raise self.http_error(endpoint, status, _message_of(body) or raw, secrets)
        if not isinstance(body, dict):
            raise self.not_zoom(endpoint, 'the answer is JSON but not an object (HTTP %d)' % status)
        return body

    def _rate_limit_message(self, endpoint, response, deadline):
        """The message of a 429's body (one printable line), None when it has none or cannot be read: a rate-limit
        answer is retried or failed whatever its body holds."""
        try:
            raw = self._read_body(endpoint, response, deadline)
        except InvalidAnswer:
            return None
        try:
            message = _message_of(_parse_json(raw))
        except _NotJson:
            message = _excerpt(raw, response.headers.get('Content-Type')) if raw.strip() else None
        return _printable(message) if message else None

    def _read_body(self, endpoint, response, deadline):
        """The decompressed body, read in chunks until the deadline or MAX_ANSWER_BYTES."""
        chunks = []
        size = 0
        for chunk in response.iter_content(READ_CHUNK_BYTES):
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise self.not_zoom(endpoint, 'the answer is larger than %d bytes (after decompression)'
                                    % self.max_answer_bytes)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise _Timeout()
        return b''.join(chunks)


class _Attempt:
    """One HTTP attempt, run in a worker thread; its outcome is ``result`` or ``error``."""

    def __init__(self, transport, endpoint, call, secrets, inspect, options=None):
        self.options = options or {}
        self.transport = transport
        self.endpoint = endpoint
        self.call = call
        self.secrets = secrets
        self.inspect = inspect
        self.result = None
        self.error = None
        self.timed_out = False
        self.abandoned = False
        self.deadline = time.monotonic() + transport.timeout

    def abandon(self):
        self.abandoned = True
        self.deadline = 0   # the worker stops at its next chunk

    def run(self):
        try:
            self.result = self._send()
        except (RetryAnswer, ZoomError) as exc:
            self.error = exc
        except _Timeout:
            self.timed_out = True
            self.error = self.transport._timeout_error()
        except Exception as exc:  # a bug or an unforeseen library error: still a clean failure
            self.error = ZoomError(self.endpoint, None, 'unexpected error talking to %s: %s' % (
                self.transport.host, _redact(_exception_text(exc), self.secrets)))

    def _send(self):
        transport = self.transport
        call = dict(self.call)
        method = call.pop('method')
        if not call['headers']:
            del call['headers']
        try:
            response = transport.session.request(method, transport.api_url + (self.endpoint if self.options.get('path') is None else self.options['path']),
                                                 timeout=(transport.timeout, transport.timeout),
                                                 verify=transport.validate_certs, allow_redirects=False,
                                                 stream=True, **call)
        except requests.exceptions.Timeout:
            self.timed_out = True
            raise transport._timeout_error()
        except requests.exceptions.SSLError as exc:
            raise ZoomError(self.endpoint, None, 'TLS error with %s: %s' % (transport.host, _exception_text(exc)))
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema) as exc:
            raise ZoomError(self.endpoint, None, 'cannot call %s: %s' % (transport.host, _exception_text(exc)))
        except requests.exceptions.RequestException as exc:
            if _name_not_resolved(exc):
                raise ZoomError(self.endpoint, None, 'cannot resolve the host name of api_url (%s): %s' % (
                    transport.host, _exception_text(exc)))
            raise transport._connection_error(exc)
        try:
            return transport._answer(self.endpoint, response, self.deadline, self.secrets, self.inspect, self.options)
        except (requests.exceptions.ContentDecodingError, UnicodeError) as exc:
            raise transport.not_zoom(self.endpoint, 'the answer could not be decoded (%s)' % _exception_text(exc))
        except requests.exceptions.Timeout:
            self.timed_out = True
            raise transport._timeout_error()
        except requests.exceptions.RequestException as exc:
            # The connection broke while the body was coming: as transient as a reset.
            raise transport._connection_error(exc)
        finally:
            response.close()


def _secrets_of(call, auth):
    """The values to mask in any message: the authentication's secrets and the secret fields sent."""
    secrets = list(auth.secrets()) if auth is not None else []
    bodies = [call.get('data'), call.get('json')]
    # One level down too: v2 nests the password of a create in user_info.
    bodies.extend(inner for body in list(bodies) if isinstance(body, dict) for inner in body.values())
    for fields in bodies:
        if isinstance(fields, dict):
            secrets.extend(str(value) for key, value in fields.items() if key in SECRET_FIELDS and value)
    return [secret for secret in secrets if secret]


class _Timeout(Exception):
    """The attempt's deadline passed while the body was being read."""


class _NotJson(Exception):
    def __init__(self, reason):
        super(_NotJson, self).__init__(reason)
        self.reason = reason


def _parse_json(raw):
    """The JSON value of ``raw`` (bytes); raises _NotJson for what is not strict, finite JSON."""
    try:
        text = raw.decode('utf-8')
    except UnicodeError:
        raise _NotJson('is not UTF-8 text')
    if not text.strip():
        raise _NotJson('is empty')
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except _NotJson:
        raise
    except RuntimeError:   # RecursionError: nesting deeper than the interpreter's stack
        raise _NotJson('nests too deep to be Zoom JSON')
    except ValueError:
        raise _NotJson('is not JSON')


def _reject_constant(name):
    raise _NotJson('holds %s, which is not a JSON number' % name)


def _finite_float(text):
    value = float(text)
    if not _is_finite(value):
        raise _NotJson('holds %s, a number too large for a float' % _printable(text, 40))
    return value


def _is_finite(value):
    return not (math.isinf(value) or math.isnan(value))


def _utc_seconds(naive):
    import calendar
    return calendar.timegm(naive.timetuple()) + naive.microsecond / 1e6


def _duration(seconds):
    if seconds >= 86400 * 365 * 100:
        return 'more than a century'
    return '%d seconds' % int(math.ceil(seconds))


def _retry_time(seconds):
    try:
        return 'after %s' % time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(time.time() + seconds))
    except (OverflowError, ValueError, OSError):
        return 'much later'


def _is_daily_limit(headers, message=None):
    """True when a 429 says that the account's daily limit is reached: Zoom v2's X-RateLimit-Type header, or, when
    that header is missing, its body's message ("You have exceeded the daily rate limit ...")."""
    kind = str(headers.get('X-RateLimit-Type') or '').strip().lower()
    if kind:
        return kind == 'daily-limit'
    return bool(message) and 'daily' in message.lower()


def _rate_limit_text(host, headers, message=None):
    """What a per-second 429 says: 'rate limit reached at HOST: HTTP 429 (category C, limit N): MESSAGE'."""
    return 'rate limit reached at %s: HTTP 429%s%s' % (host, _limit_of(headers), ': %s' % message if message else '')


def _limit_of(headers):
    """' (category C, limit N)' from a 429's X-RateLimit-* headers, '' when it has none."""
    parts = []
    for name, header in (('category', 'X-RateLimit-Category'), ('limit', 'X-RateLimit-Limit')):
        if headers.get(header):
            parts.append('%s %s' % (name, _printable(headers.get(header), 40)))
    return ' (%s)' % ', '.join(parts) if parts else ''


def _redirect_target(location):
    """scheme://host[:port] of a Location header, never its path, query or user:password."""
    if not location:
        return 'nowhere (no Location header)'
    try:
        parts = urlsplit(location.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return 'an unreadable address'
    if not host:
        return 'the same host'
    target = '%s://%s' % (parts.scheme or 'http', host)
    if port is not None:
        target += ':%d' % port
    return _printable(target, 200)


def _name_not_resolved(exc):
    """True when the connection failed because the host name does not resolve."""
    seen = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror) or current.__class__.__name__ == 'NameResolutionError':
            return True
        stack.extend([getattr(current, 'reason', None), getattr(current, '__cause__', None),
                      getattr(current, '__context__', None)])
        stack.extend(arg for arg in getattr(current, 'args', ()) if isinstance(arg, BaseException))
    return False


def _message_of(body):
    """The message a JSON error answer carries, if any (v2 and generic APIs)."""
    if isinstance(body, dict):
        for key in ('message', 'error_description', 'error', 'detail', 'reason'):
            value = body.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
            if isinstance(value, dict) and isinstance(value.get('message'), str):
                return value['message']
    return None


def _excerpt(raw, content_type):
    """A short, printable excerpt of a non-JSON body (the text of an HTML page, without tags).

    Only the first EXCERPT_SCAN_BYTES are looked at, and the HTML is read by the standard library's
    parser: the work is bounded whatever a hostile server sends (a 4 MiB page of unclosed tags)."""
    head = raw[:EXCERPT_SCAN_BYTES]
    text = head.decode('utf-8', 'replace') if isinstance(head, bytes) else str(head)
    if 'html' in (content_type or '').lower() or text.lstrip()[:1] == '<':
        text = unescape(_html_text(text))
    return _printable(text) or 'an empty answer'


def _html_text(text):
    """The text of an HTML page, without its tags nor the content of its scripts and style sheets.

    One pass from left to right (every search starts where the previous one ended): linear time, where a
    regular expression or the standard library's HTMLParser take quadratic time on unclosed tags."""
    lowered = text.lower()
    parts = []
    position = 0
    while True:
        opening = text.find('<', position)
        if opening < 0:
            parts.append(text[position:])
            break
        parts.append(text[position:opening])
        closing = text.find('>', opening)
        if closing < 0:
            break
        words = lowered[opening + 1:closing].split(None, 1)
        position = closing + 1
        if words and words[0] in ('script', 'style'):
            end = lowered.find('</' + words[0], position)
            end_closing = text.find('>', end) if end >= 0 else -1
            if end_closing < 0:
                break
            position = end_closing + 1
        parts.append(' ')
    return ''.join(parts)


def _printable(value, limit=SERVER_MESSAGE_MAX):
    """``value`` as one line of printable text, at most ``limit`` characters."""
    if isinstance(value, bytes):
        value = value.decode('utf-8', 'replace')
    text = str(value)[:limit * 8]
    text = ' '.join(''.join(' ' if char < ' ' or char == '\x7f' else char for char in text).split())
    if len(text) > limit:
        text = text[:limit] + '...'
    return text


def _content_type(value):
    return ', %s' % _printable(value.split(';')[0], 60) if value else ''


def _redact(text, secrets):
    """``text`` with every secret it holds (a server may echo the form back) masked."""
    for secret in secrets:
        text = text.replace(secret, '********')
    return text


def _exception_text(exc):
    """The innermost cause of a requests/urllib3 error, in one line (they name the URL's path,
    never the form body, so they carry no credentials)."""
    current = exc
    for _depth in range(10):
        inner = getattr(current, 'reason', None)
        if not isinstance(inner, BaseException):
            args = [arg for arg in getattr(current, 'args', ()) if isinstance(arg, BaseException)]
            inner = args[0] if args else getattr(current, '__cause__', None)
        if not isinstance(inner, BaseException):
            break
        current = inner
    text = str(current).splitlines()[0] if str(current) else current.__class__.__name__
    return _printable(text, 200)
