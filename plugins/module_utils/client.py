# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: Zoom API v1 over a keep-alive requests.Session.

It knows nothing about users: it sends form-encoded POSTs with the credentials, parses JSON,
turns v1 error bodies into ZoomError and retries what is safe to retry.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time
import traceback

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


class ZoomError(Exception):
    """A failed Zoom API call: the endpoint, Zoom's error code (None when no answer came back)
    and a message that never contains credentials."""

    def __init__(self, endpoint, code, message, retryable=False):
        self.endpoint = endpoint
        self.code = code
        self.message = message
        self.retryable = retryable
        super(ZoomError, self).__init__(self.__str__())

    def __str__(self):
        if self.code is None:
            return '%s: %s' % (self.endpoint, self.message)
        return '%s: Zoom error %s: %s' % (self.endpoint, self.code, self.message)


def backoff_delay(attempt, base=BACKOFF_BASE, maximum=BACKOFF_MAX, minimum=0.0, rand=random.random):
    """Seconds to wait before retry number ``attempt`` (0-based): exponential, capped at
    ``maximum``, with jitter in [50%, 100%] of the step, never below ``minimum``."""
    step = min(maximum, base * (2 ** attempt))
    return max(minimum, step * (0.5 + rand() / 2.0))


def parse_retry_after(value):
    """Seconds from a Retry-After header given in seconds; None when absent or not a number
    (an HTTP date is ignored: the backoff then applies)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, seconds)


class ZoomClient:
    """Zoom API v1 client. ``request(endpoint, **fields)`` returns the parsed JSON answer or
    raises ZoomError."""

    def __init__(self, api_url, api_key, api_secret, timeout=30, validate_certs=True, retries=5,
                 session=None, sleep=time.sleep, backoff_base=BACKOFF_BASE, backoff_max=BACKOFF_MAX):
        self.api_url = (api_url or DEFAULT_API_URL).rstrip('/')
        self._credentials = {'api_key': api_key or '', 'api_secret': api_secret or ''}
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.retries = max(0, int(retries))
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

    def request(self, endpoint, **fields):
        """POST ``fields`` (None values left out) to ``endpoint`` and return the JSON answer.

        Retries connection errors, timeouts, HTTP 5xx, answers that are not JSON and v1's
        rate-limit error, up to ``retries`` times; other API errors are raised at once.
        """
        data = dict((key, _form_value(value)) for key, value in fields.items() if value is not None)
        data.update(self._credentials)
        attempt = 0
        self.last_timed_out = False
        while True:
            self.last_attempts = attempt + 1
            try:
                return self._request_once(endpoint, data)
            except _Retryable as problem:
                if attempt >= self.retries:
                    raise ZoomError(endpoint, problem.code,
                                    '%s (gave up after %d attempts)' % (problem.message, attempt + 1),
                                    retryable=True)
                wait = problem.retry_after
                if wait is None:
                    wait = backoff_delay(attempt, self._backoff_base, self._backoff_max, problem.minimum_wait)
                self._sleep(wait)
                attempt += 1

    def _request_once(self, endpoint, data):
        url = self.api_url + endpoint
        self.calls += 1
        try:
            response = self.session.post(url, data=data, timeout=self.timeout, verify=self.validate_certs)
        except requests.exceptions.Timeout:
            self.last_timed_out = True
            raise _Retryable(None, 'no answer within %s seconds (timeout)' % self.timeout)
        except requests.exceptions.SSLError as exc:
            raise ZoomError(endpoint, None, 'TLS error: %s' % _exception_text(exc))
        except requests.exceptions.RequestException as exc:
            raise _Retryable(None, 'connection error: %s' % _exception_text(exc))
        retry_after = parse_retry_after(response.headers.get('Retry-After'))
        if response.status_code >= 500:
            raise _Retryable(None, 'HTTP %d from the server' % response.status_code, retry_after)
        try:
            body = response.json()
        except ValueError:
            raise _Retryable(None, 'the answer was not JSON (HTTP %d)' % response.status_code, retry_after)
        if isinstance(body, dict) and isinstance(body.get('error'), dict):
            code = body['error'].get('code')
            message = str(body['error'].get('message', 'no message'))
            if code == CODE_RATE_LIMITED:
                raise _Retryable(code, 'rate limit reached: %s' % message, retry_after, RATE_LIMIT_MIN_WAIT)
            raise ZoomError(endpoint, code, message)
        if response.status_code >= 400:
            raise ZoomError(endpoint, None, 'HTTP %d from the server' % response.status_code)
        if not isinstance(body, dict):
            raise _Retryable(None, 'the answer was not a JSON object (HTTP %d)' % response.status_code, retry_after)
        return body


class _Retryable(Exception):
    def __init__(self, code, message, retry_after=None, minimum_wait=0.0):
        super(_Retryable, self).__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.minimum_wait = minimum_wait


def _form_value(value):
    """Form encoding of one field: booleans as v1's 'true'/'false', the rest as text."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _exception_text(exc):
    # requests' messages name the URL (never the form body), so they carry no credentials.
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
