# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: Zoom API v1 over a keep-alive requests.Session.

It knows nothing about users: it sends form-encoded POSTs with the credentials, parses JSON,
turns v1 error bodies into ZoomError and retries what is plausibly transient.

What it guarantees, whatever the server does:
- ``api_url`` is http(s), has a host, and carries no user:password, query or fragment (checked
  before any call: ``check_api_url``).
- Redirects are never followed: a 3xx fails at once (the form body holds the credentials).
- One attempt lasts at most ``timeout`` seconds end to end (connect, headers and body): the
  attempt runs in a worker thread that is abandoned at the deadline, and the body is read in
  chunks that stop at the deadline and at MAX_ANSWER_BYTES (counted after decompression).
- Only timeouts, broken connections, HTTP 429/502/503/504 and Zoom's rate-limit error are
  retried; Retry-After (seconds or an HTTP date) is honoured up to RETRY_AFTER_MAX seconds, and
  a longer wait fails at once saying when to retry.
- An answer that is not JSON, holds NaN/Infinity/1e400 or nests too deep, or is not a JSON object
  fails naming the host ("did not answer like Zoom's API"), never with a traceback.
- Every failure names the host it talked to, never the credentials; the server's own message is
  kept (with any credential it echoes masked).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import math
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

DEFAULT_API_URL = 'https://api.zoom.us/v1'

# v1 error codes this collection acts on (docs/emulator.md has the full table).
CODE_RATE_LIMITED = 403
CODE_USER_NOT_EXIST = 1001
CODE_USER_EXISTS = 1005
AUTH_ERROR_CODES = (102, 200)

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

_SECRET_FORM_FIELDS = ('api_secret', 'password', 'host_key')


class ZoomError(Exception):
    """A failed Zoom API call: the endpoint, Zoom's error code (None when no Zoom error came back)
    and a message that never contains credentials."""

    def __init__(self, endpoint, code, message, retryable=False, host=None):
        self.endpoint = endpoint
        self.code = code
        self.message = message
        self.retryable = retryable
        # The server that gave Zoom's error (the messages of other failures name it themselves).
        self.host = host
        super(ZoomError, self).__init__(self.__str__())

    def __str__(self):
        if self.code is None:
            return '%s: %s' % (self.endpoint, self.message)
        if self.host:
            return '%s: Zoom error %s from %s: %s' % (self.endpoint, self.code, self.host, self.message)
        return '%s: Zoom error %s: %s' % (self.endpoint, self.code, self.message)


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


class ZoomClient:
    """Zoom API v1 client. ``request(endpoint, **fields)`` returns the parsed JSON answer (a
    dict) or raises ZoomError. Raises ValueError at once for an unusable ``api_url``."""

    def __init__(self, api_url, api_key, api_secret, timeout=30, validate_certs=True, retries=5,
                 session=None, sleep=time.sleep, backoff_base=BACKOFF_BASE, backoff_max=BACKOFF_MAX,
                 max_answer_bytes=MAX_ANSWER_BYTES, retry_after_max=RETRY_AFTER_MAX):
        self.api_url, self.host = check_api_url(api_url)
        self._credentials = {'api_key': api_key or '', 'api_secret': api_secret or ''}
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
        """The ZoomError for an answer whose shape is not the one ``endpoint`` gives (``problem``
        says what was wrong)."""
        return ZoomError(endpoint, None, "the server at %s did not answer like Zoom's API: %s" % (self.host, problem))

    def request(self, endpoint, **fields):
        """POST ``fields`` (None values left out) to ``endpoint`` and return the JSON answer.

        Retries timeouts, broken connections, HTTP 429/502/503/504 and v1's rate-limit error, up
        to ``retries`` times; everything else fails at once.
        """
        data = dict((key, _form_value(value)) for key, value in fields.items() if value is not None)
        data.update(self._credentials)
        secrets = [value for key, value in data.items() if key in _SECRET_FORM_FIELDS and value]
        attempt = 0
        self.last_timed_out = False
        while True:
            self.last_attempts = attempt + 1
            try:
                return self._request_once(endpoint, data, secrets)
            except _Retryable as problem:
                wait = problem.retry_after
                if wait is not None and wait > self.retry_after_max:
                    raise ZoomError(endpoint, problem.code, '%s; it asks to wait %s before retrying, longer than the'
                                    ' %d seconds this client waits: retry %s' % (
                                        problem.message, _duration(wait), self.retry_after_max, _retry_time(wait)),
                                    retryable=True)
                if attempt >= self.retries:
                    raise ZoomError(endpoint, problem.code,
                                    '%s (gave up after %d attempts)' % (problem.message, attempt + 1),
                                    retryable=True)
                if wait is None:
                    wait = backoff_delay(attempt, self._backoff_base, self._backoff_max, problem.minimum_wait)
                self._sleep(max(wait, problem.minimum_wait))
                attempt += 1

    def _request_once(self, endpoint, data, secrets):
        """One attempt, bounded by ``timeout`` end to end: the worker thread doing it is abandoned
        (and stops reading at its next chunk) when the deadline passes."""
        self.calls += 1
        attempt = _Attempt(self, endpoint, data, secrets)
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
        return _Retryable(None, 'no complete answer from %s within %s seconds (timeout)' % (self.host, self.timeout))

    def _connection_error(self, exc):
        return _Retryable(None, 'connection error with %s: %s' % (self.host, _exception_text(exc)))

    def _http_error(self, endpoint, status, server_message, secrets):
        """An HTTP error status, with the server's own message (credentials it echoes masked)."""
        return ZoomError(endpoint, None, 'HTTP %d from the server at %s: %s' % (
            status, self.host, _redact(_printable(server_message), secrets)))

    def _answer(self, endpoint, response, deadline, secrets):
        """The JSON object of a response, or the error (retryable or not) it stands for."""
        status = response.status_code
        if 300 <= status < 400:
            raise ZoomError(endpoint, None, 'the server at %s answered HTTP %d, a redirect to %s: redirects are not'
                            ' followed (they would re-send the credentials); set api_url to the final address' % (
                                self.host, status, _redirect_target(response.headers.get('Location'))))
        retry_after = parse_retry_after(response.headers.get('Retry-After'))
        if status in RETRIED_HTTP_STATUSES:
            raise _Retryable(None, 'HTTP %d from the server at %s' % (status, self.host), retry_after,
                             RATE_LIMIT_MIN_WAIT if status == 429 else 0.0)
        raw = self._read_body(endpoint, response, deadline)
        try:
            body = _parse_json(raw)
        except _NotJson as problem:
            if status >= 400:
                raise self._http_error(endpoint, status, _excerpt(raw, response.headers.get('Content-Type')), secrets)
            raise self.not_zoom(endpoint, 'the answer %s (HTTP %d%s)' % (
                problem.reason, status, _content_type(response.headers.get('Content-Type'))))
        if isinstance(body, dict) and 'error' in body:
            error = body['error']
            if not isinstance(error, dict) or not _is_int(error.get('code')):
                if status >= 400:
                    raise self._http_error(endpoint, status, _message_of(body) or raw, secrets)
                raise self.not_zoom(endpoint, "'error' is not a Zoom error object ({\"code\": N, \"message\": ...})")
            code = error['code']
            message = _redact(_printable(error.get('message', 'no message')), secrets)
            if code == CODE_RATE_LIMITED:
                raise _Retryable(code, 'rate limit reached at %s: %s' % (self.host, message), retry_after,
                                 RATE_LIMIT_MIN_WAIT)
            if status >= 400:
                message = 'HTTP %d: %s' % (status, message)
            raise ZoomError(endpoint, code, message, host=self.host)
        if status >= 400 or status < 200:
            raise self._http_error(endpoint, status, _message_of(body) or raw, secrets)
        if not isinstance(body, dict):
            raise self.not_zoom(endpoint, 'the answer is JSON but not an object (HTTP %d)' % status)
        return body

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

    def __init__(self, client, endpoint, data, secrets):
        self.client = client
        self.endpoint = endpoint
        self.data = data
        self.secrets = secrets
        self.result = None
        self.error = None
        self.timed_out = False
        self.abandoned = False
        self.deadline = time.monotonic() + client.timeout

    def abandon(self):
        self.abandoned = True
        self.deadline = 0   # the worker stops at its next chunk

    def run(self):
        try:
            self.result = self._post()
        except (_Retryable, ZoomError) as exc:
            self.error = exc
        except _Timeout:
            self.timed_out = True
            self.error = self.client._timeout_error()
        except Exception as exc:  # a bug or an unforeseen library error: still a clean failure
            self.error = ZoomError(self.endpoint, None, 'unexpected error talking to %s: %s' % (
                self.client.host, _redact(_exception_text(exc), self.secrets)))

    def _post(self):
        client = self.client
        try:
            response = client.session.post(client.api_url + self.endpoint, data=self.data,
                                           timeout=(client.timeout, client.timeout), verify=client.validate_certs,
                                           allow_redirects=False, stream=True)
        except requests.exceptions.Timeout:
            self.timed_out = True
            raise client._timeout_error()
        except requests.exceptions.SSLError as exc:
            raise ZoomError(self.endpoint, None, 'TLS error with %s: %s' % (client.host, _exception_text(exc)))
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema) as exc:
            raise ZoomError(self.endpoint, None, 'cannot call %s: %s' % (client.host, _exception_text(exc)))
        except requests.exceptions.RequestException as exc:
            if _name_not_resolved(exc):
                raise ZoomError(self.endpoint, None, 'cannot resolve the host name of api_url (%s): %s' % (
                    client.host, _exception_text(exc)))
            raise client._connection_error(exc)
        try:
            return client._answer(self.endpoint, response, self.deadline, self.secrets)
        except (requests.exceptions.ContentDecodingError, UnicodeError) as exc:
            raise client.not_zoom(self.endpoint, 'the answer could not be decoded (%s)' % _exception_text(exc))
        except requests.exceptions.Timeout:
            self.timed_out = True
            raise client._timeout_error()
        except requests.exceptions.RequestException as exc:
            # The connection broke while the body was coming: as transient as a reset.
            raise client._connection_error(exc)
        finally:
            response.close()


class _Retryable(Exception):
    def __init__(self, code, message, retry_after=None, minimum_wait=0.0):
        super(_Retryable, self).__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.minimum_wait = minimum_wait


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


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


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


def _form_value(value):
    """Form encoding of one field: booleans as v1's 'true'/'false', the rest as text."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


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
