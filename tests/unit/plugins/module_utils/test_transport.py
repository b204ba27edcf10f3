"""The transport, through the v1 client built on it (backends.v1.V1Client): form encoding, v1 errors,
what is retried and how long it waits, api_url checks, redirects, hostile answers (HTTP mocked at the
session level; tests/reliability/test_hostile_server.py does the same over real sockets)."""

import email.utils
import json
import socket
import time

import pytest
import requests
import urllib3

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client as ZoomClient
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import (
    BACKOFF_MAX, RATE_LIMIT_MIN_WAIT, RETRY_AFTER_MAX, backoff_delay, check_api_url, parse_retry_after,
)


class FakeResponse:
    def __init__(self, status=200, body=None, text=None, headers=None):
        self.status_code = status
        self._raw = text.encode('utf-8') if text is not None else json.dumps(body).encode('utf-8')
        self.headers = headers or {}
        self.closed = False

    def iter_content(self, chunk_size):
        for start in range(0, len(self._raw), chunk_size):
            yield self._raw[start:start + chunk_size]

    def close(self):
        self.closed = True


class FakeSession:
    """Answers each post with the next item: a FakeResponse, or an exception to raise."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.posts = []

    def request(self, method, url, data=None, timeout=None, verify=None, allow_redirects=True, stream=False):
        assert method == 'POST'
        self.posts.append({'url': url, 'data': dict(data), 'timeout': timeout, 'verify': verify,
                           'allow_redirects': allow_redirects, 'stream': stream})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client(session, retries=3, **kwargs):
    sleeps = []
    zoom = ZoomClient('http://127.0.0.1:9/v1/', 'key', 'the-secret', retries=retries, session=session,
                      sleep=sleeps.append, **kwargs)
    return zoom, sleeps


def test_request_posts_form_fields_with_credentials_and_v1_booleans():
    session = FakeSession(FakeResponse(body={'id': 'u1'}))
    zoom, _sleeps = client(session)
    assert zoom.request('/user/update', id='u1', disable_chat=True, enable_cmr=False, type=2, dept=None) == {'id': 'u1'}
    post = session.posts[0]
    assert post['url'] == 'http://127.0.0.1:9/v1/user/update'
    assert post['data'] == {'id': 'u1', 'disable_chat': 'true', 'enable_cmr': 'false', 'type': '2',
                            'api_key': 'key', 'api_secret': 'the-secret'}
    assert post['timeout'] == (30, 30) and post['verify'] is True
    assert post['allow_redirects'] is False and post['stream'] is True


def test_error_body_becomes_zoom_error_with_endpoint_code_and_message_and_is_not_retried():
    session = FakeSession(FakeResponse(body={'error': {'code': 1001, 'message': 'User not exist: a@b.c.'}}))
    zoom, sleeps = client(session)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert caught.value.endpoint == '/user/get'
    assert caught.value.code == 1001
    assert str(caught.value) == '/user/get: Zoom error 1001 from 127.0.0.1:9: User not exist: a@b.c.'
    assert len(session.posts) == 1 and sleeps == []


def test_error_body_wins_over_http_status():
    session = FakeSession(FakeResponse(status=400, body={'error': {'code': 300, 'message': 'Missing required field: id.'}}))
    zoom, _sleeps = client(session)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/update')
    assert caught.value.code == 300


@pytest.mark.parametrize('failure', [
    requests.exceptions.ConnectionError('refused'),
    requests.exceptions.ReadTimeout('slow'),
    requests.exceptions.ChunkedEncodingError('Connection broken: reset'),
    FakeResponse(status=502, text='<html>bad gateway</html>'),
    FakeResponse(status=503, text='<html>'),
    FakeResponse(status=504, body={}),
    FakeResponse(status=429, body={'code': 429, 'message': 'slow down'}),
    FakeResponse(body={'error': {'code': 403, 'message': 'Sorry, the maximum number of api requests are already reached.'}}),
], ids=['reset', 'read-timeout', 'broken-body', '502', '503', '504', '429', 'rate-limit'])
def test_transient_failures_are_retried_until_an_answer(failure):
    session = FakeSession(failure, failure, FakeResponse(body={'ok': 1}))
    zoom, sleeps = client(session, retries=3)
    assert zoom.request('/user/list') == {'ok': 1}
    assert len(session.posts) == 3
    assert len(sleeps) == 2
    assert zoom.last_attempts == 3


def test_retries_running_out_raise_an_error_naming_endpoint_and_cause_without_traceback():
    session = FakeSession(*[FakeResponse(status=503, body={})] * 3)
    zoom, sleeps = client(session, retries=2)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/update', id='x')
    assert str(caught.value) == '/user/update: HTTP 503 from the server at 127.0.0.1:9 (gave up after 3 attempts)'
    assert caught.value.retryable is True
    assert len(sleeps) == 2


def test_rate_limit_waits_at_least_one_second():
    rate_limited = FakeResponse(body={'error': {'code': 403, 'message': 'limit'}})
    session = FakeSession(rate_limited, rate_limited, FakeResponse(body={}))
    zoom, sleeps = client(session, backoff_base=0.01)
    zoom.request('/user/list')
    assert all(wait >= RATE_LIMIT_MIN_WAIT for wait in sleeps)


def test_retry_after_header_is_honoured():
    session = FakeSession(FakeResponse(status=503, body={}, headers={'Retry-After': '7'}), FakeResponse(body={}))
    zoom, sleeps = client(session)
    zoom.request('/user/list')
    assert sleeps == [7.0]


def test_zero_retries_means_one_attempt():
    session = FakeSession(requests.exceptions.ConnectionError('down'))
    zoom, sleeps = client(session, retries=0)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert 'connection error' in caught.value.message and sleeps == []


def test_errors_never_carry_the_secret():
    session = FakeSession(*[requests.exceptions.ConnectionError('boom')] * 2)
    zoom, _sleeps = client(session, retries=1)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert 'the-secret' not in str(caught.value)


@pytest.mark.parametrize('attempt', range(0, 12))
def test_backoff_is_exponential_capped_and_jittered_within_bounds(attempt):
    low = backoff_delay(attempt, rand=lambda: 0.0)
    high = backoff_delay(attempt, rand=lambda: 1.0)
    step = min(BACKOFF_MAX, 0.5 * 2 ** attempt)
    assert low == pytest.approx(step / 2)
    assert high == pytest.approx(step)
    assert high <= BACKOFF_MAX


def test_backoff_respects_a_minimum():
    assert backoff_delay(0, base=0.01, minimum=1.0, rand=lambda: 0.0) == 1.0


@pytest.mark.parametrize('header, seconds', [(None, None), ('', None), ('3', 3.0), ('0.5', 0.5), ('-2', 0.0),
                                             ('86400', 86400.0), ('inf', None), ('-inf', None), ('nan', None),
                                             ('1e400', None), ('soon', None),
                                             ('Wed, 21 Oct 2015 07:28:00 GMT', 0.0),
                                             ('Wed, 21 Oct 2015 07:28:30 GMT', 30.0),
                                             ('Wed, 21 Oct 2015 07:28:00 +0100', 0.0),
                                             ('Fri, 31 Dec 9999 23:59:59 GMT', 253402300799.0 - 1445412480),
                                             ('Thu, 01 Jan 1970 00:00:00 GMT', 0.0)])
def test_parse_retry_after_reads_seconds_and_http_dates_and_rejects_non_finite_numbers(header, seconds):
    now = 1445412480.0   # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(header, now=now) == seconds


# --- what is not retried: the server's final word, named with its host and its own message -----------
@pytest.mark.parametrize('answer, says', [
    (FakeResponse(status=500, body={'error': {'code': 500, 'message': 'Internal Server Error.'}}),
     'Zoom error 500 from 127.0.0.1:9: HTTP 500: Internal Server Error.'),
    (FakeResponse(status=500, text='<html><body><h1>Oops</h1></body></html>', headers={'Content-Type': 'text/html'}),
     'HTTP 500 from the server at 127.0.0.1:9: Oops'),
    (FakeResponse(status=501, text='Not Implemented'), 'HTTP 501 from the server at 127.0.0.1:9: Not Implemented'),
    (FakeResponse(status=401, body={'code': 124, 'message': 'Invalid access token.'}),
     'HTTP 401 from the server at 127.0.0.1:9: Invalid access token.'),
    (FakeResponse(status=404, text='no such API'), 'HTTP 404 from the server at 127.0.0.1:9: no such API'),
    (FakeResponse(text='<!DOCTYPE html><html><head><title>Welcome</title></head><body>nginx</body></html>',
                  headers={'Content-Type': 'text/html; charset=utf-8'}),
     "the server at 127.0.0.1:9 did not answer like Zoom's API: the answer is not JSON (HTTP 200, text/html)"),
    (FakeResponse(body={'error': 'boom'}), "did not answer like Zoom's API: 'error' is not a Zoom error object"),
    (FakeResponse(body=[1, 2]), "did not answer like Zoom's API: the answer is JSON but not an object"),
    (FakeResponse(text=''), "did not answer like Zoom's API: the answer is empty"),
    (FakeResponse(text='{"page_count": NaN}'), 'holds NaN, which is not a JSON number'),
    (FakeResponse(text='{"page_count": Infinity}'), 'holds Infinity, which is not a JSON number'),
    (FakeResponse(text='{"page_count": 1e400}'), 'holds 1e400, a number too large for a float'),
    (FakeResponse(text='[' * 100000 + ']' * 100000), 'nests too deep'),
    (FakeResponse(text='{"n": %s}' % ('9' * 5000)), 'the answer is not JSON'),
], ids=['500-zoom-body', '500-html', '501', '401-with-message', '404-text', 'html-page', 'error-not-object',
        'json-array', 'empty', 'nan', 'infinity', '1e400', 'deep', 'huge-int'])
def test_final_answers_fail_at_once_naming_the_host_and_the_servers_message(answer, says):
    session = FakeSession(answer, FakeResponse(body={'ok': 1}))
    zoom, sleeps = client(session, retries=3)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert says in str(caught.value)
    assert str(caught.value).startswith('/user/get: ')
    assert len(session.posts) == 1 and sleeps == []
    assert answer.closed


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.parametrize('location, target', [
    ('http://evil.example:8080/steal?api_secret=x&token=y', 'http://evil.example:8080'),
    ('https://user:pw@other.example/v1?q=1', 'https://other.example'),
    ('/v1/user/get', 'the same host'),
    (None, 'nowhere (no Location header)'),
])
def test_redirects_are_refused_at_once_naming_status_and_target_host_only(status, location, target):
    headers = {'Location': location} if location else {}
    session = FakeSession(FakeResponse(status=status, text='', headers=headers))
    zoom, sleeps = client(session, retries=3)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/updatepassword', id='u1', password='Pass-Word-1')
    message = str(caught.value)
    assert 'HTTP %d, a redirect to %s:' % (status, target) in message, message
    assert 'redirects are not followed' in message
    for hidden in ('api_secret=x', 'token=y', 'steal', 'pw', 'q=1'):
        assert hidden not in message
    assert len(session.posts) == 1 and sleeps == []
    assert session.posts[0]['allow_redirects'] is False


def test_an_unresolvable_host_is_not_retried():
    cause = urllib3.exceptions.NameResolutionError('nowhere.invalid', None, socket.gaierror(-2, 'Name or service not known'))
    failure = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, '/v1/user/get', cause))
    session = FakeSession(failure, FakeResponse(body={}))
    zoom, sleeps = client(session, retries=3)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert 'cannot resolve the host name of api_url (127.0.0.1:9)' in str(caught.value)
    assert len(session.posts) == 1 and sleeps == []


def test_a_tls_error_is_not_retried_and_names_the_host():
    session = FakeSession(requests.exceptions.SSLError('certificate verify failed'), FakeResponse(body={}))
    zoom, sleeps = client(session, retries=3)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert 'TLS error with 127.0.0.1:9: certificate verify failed' in str(caught.value)
    assert len(session.posts) == 1


def test_a_server_echoing_credentials_has_them_masked_in_the_message():
    echo = FakeResponse(status=400, text='bad request: api_secret=the-secret&password=Pass-Word-1')
    zoom_error = FakeResponse(body={'error': {'code': 300, 'message': 'Invalid field: the-secret / Pass-Word-1'}})
    for answer in (echo, zoom_error):
        zoom, _sleeps = client(FakeSession(answer))
        with pytest.raises(ZoomError) as caught:
            zoom.request('/user/updatepassword', id='u1', password='Pass-Word-1')
        assert 'the-secret' not in str(caught.value) and 'Pass-Word-1' not in str(caught.value)
        assert '********' in str(caught.value)


# --- Retry-After: capped; a longer wait fails at once saying when --------------------------------------
# The HTTP date is made when the test runs: a value computed at collection time would differ between
# pytest-xdist workers, which then refuse to run (their collections must be the same).
@pytest.mark.parametrize('header', ['86400', '61', 'an HTTP date an hour ahead'])
def test_a_retry_after_beyond_the_cap_fails_at_once_saying_when_to_retry(header):
    if header == 'an HTTP date an hour ahead':
        header = email.utils.formatdate(time.time() + 3600, usegmt=True)
    session = FakeSession(FakeResponse(status=503, body={}, headers={'Retry-After': header}), FakeResponse(body={}))
    zoom, sleeps = client(session, retries=5)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/list')
    message = str(caught.value)
    assert 'HTTP 503 from the server at 127.0.0.1:9; it asks to wait' in message
    assert 'longer than the %d seconds this client waits: retry after ' % RETRY_AFTER_MAX in message
    assert message.endswith(' UTC')
    assert len(session.posts) == 1 and sleeps == []


def test_a_rate_limit_with_a_retry_after_within_the_cap_waits_it():
    limited = FakeResponse(body={'error': {'code': 403, 'message': 'limit'}}, headers={'Retry-After': '60'})
    session = FakeSession(limited, FakeResponse(body={}))
    zoom, sleeps = client(session)
    zoom.request('/user/list')
    assert sleeps == [60.0]


@pytest.mark.parametrize('header', ['inf', '1e400', 'nan', 'Infinity', 'tomorrow'])
def test_a_retry_after_that_is_not_a_number_or_date_falls_back_to_the_backoff(header):
    session = FakeSession(FakeResponse(status=503, body={}, headers={'Retry-After': header}), FakeResponse(body={}))
    zoom, sleeps = client(session, backoff_base=0.01)
    assert zoom.request('/user/list') == {}
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 0.01


# --- size and time bounds of one attempt -------------------------------------------------------------
def test_an_answer_larger_than_the_bound_is_refused_without_retry():
    session = FakeSession(FakeResponse(text='{"users": "%s"}' % ('x' * 5000)), FakeResponse(body={}))
    zoom, sleeps = client(session, max_answer_bytes=1000)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/list')
    assert 'the answer is larger than 1000 bytes (after decompression)' in str(caught.value)
    assert len(session.posts) == 1


class TrickleResponse(FakeResponse):
    """A body of one byte every ``interval`` seconds, for ever."""

    def __init__(self, interval):
        FakeResponse.__init__(self, body={})
        self.interval = interval

    def iter_content(self, chunk_size):
        while not self.closed:
            time.sleep(self.interval)
            yield b' '


class SlowSession(FakeSession):
    """A session whose post blocks (a server trickling its headers) before answering."""

    def __init__(self, seconds):
        FakeSession.__init__(self)
        self.seconds = seconds

    def request(self, method, url, **kwargs):
        self.posts.append({'url': url})
        time.sleep(self.seconds)
        return FakeResponse(body={})


@pytest.mark.parametrize('session', [FakeSession(TrickleResponse(0.05)), SlowSession(5)], ids=['body', 'headers'])
def test_timeout_bounds_one_attempt_end_to_end(session):
    zoom, sleeps = client(session, retries=0, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/list')
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, elapsed
    assert 'within 0.3 seconds (timeout)' in str(caught.value)
    assert zoom.last_timed_out is True


# --- api_url -----------------------------------------------------------------------------------------
@pytest.mark.parametrize('url, base, host', [
    ('https://api.zoom.us/v1', 'https://api.zoom.us/v1', 'api.zoom.us'),
    ('HTTP://127.0.0.1:8080/v1/', 'HTTP://127.0.0.1:8080/v1', '127.0.0.1:8080'),
    ('http://[::1]:9/v1', 'http://[::1]:9/v1', '[::1]:9'),
    ('', 'https://api.zoom.us/v1', 'api.zoom.us'),
    (None, 'https://api.zoom.us/v1', 'api.zoom.us'),
])
def test_check_api_url_accepts_http_and_https_urls_with_a_host(url, base, host):
    assert check_api_url(url) == (base, host)


@pytest.mark.parametrize('url, says', [
    ('api.zoom.us/v1', 'must start with https://'),
    ('ftp://api.zoom.us/v1', 'must start with https://'),
    ('localhost:8080/v1', 'must start with https://'),
    ('http:/api.zoom.us/v1', 'must start with https://'),
    ('https:///v1', 'must name a host'),
    ('https://usr:S3cr3t-pw@api.zoom.us/v1', 'must not contain a user name or password'),
    ('https://api.zoom.us/v1?api_secret=S3cr3t-pw', 'must not contain a query string'),
    ('https://api.zoom.us/v1#S3cr3t-pw', 'must not contain a fragment'),
    ('https://api.zoom.us:99999/v1', 'invalid port'),
    ('https://api.zoom.us/v1 S3cr3t-pw', 'spaces or control characters'),
])
def test_check_api_url_rejects_what_cannot_be_zoom_without_echoing_it(url, says):
    with pytest.raises(ValueError) as caught:
        check_api_url(url)
    assert says in str(caught.value)
    assert 'S3cr3t-pw' not in str(caught.value) and 'usr' not in str(caught.value)


def test_the_client_refuses_a_bad_api_url_before_any_call():
    session = FakeSession()
    with pytest.raises(ValueError):
        ZoomClient('ftp://api.zoom.us/v1', 'key', 'secret', session=session)
    assert session.posts == []


def test_the_connection_doc_fragment_states_the_clients_bounds():
    from ansible_collections.zoomops.zoom.plugins.doc_fragments.connection import ModuleDocFragment
    from ansible_collections.zoomops.zoom.plugins.module_utils import transport as client_module
    import yaml
    options = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    retries = ' '.join(options['retries']['description'])
    timeout = ' '.join(options['timeout']['description'])
    api_url = ' '.join(options['api_url']['description'])
    assert 'up to %d seconds' % client_module.RETRY_AFTER_MAX in retries
    for status in client_module.RETRIED_HTTP_STATUSES:
        assert str(status) in retries
    assert 'larger than %d MiB' % (client_module.MAX_ANSWER_BYTES // (1024 * 1024)) in timeout
    assert 'end to end' in timeout and 'Redirects are never followed' in api_url
    assert 'required' not in options['api_key'] and 'required' not in options['api_secret']
