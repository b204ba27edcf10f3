"""ZoomClient: form encoding, v1 errors, what is retried and how long it waits."""

import pytest
import requests

from ansible_collections.zoomops.zoom.plugins.module_utils.client import (
    BACKOFF_MAX, RATE_LIMIT_MIN_WAIT, ZoomClient, ZoomError, backoff_delay, parse_retry_after,
)


class FakeResponse:
    def __init__(self, status=200, body=None, text=None, headers=None):
        self.status_code = status
        self._body = body
        self._text = text
        self.headers = headers or {}

    def json(self):
        if self._text is not None:
            raise ValueError('not json')
        return self._body


class FakeSession:
    """Answers each post with the next item: a FakeResponse, or an exception to raise."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.posts = []

    def post(self, url, data=None, timeout=None, verify=None):
        self.posts.append({'url': url, 'data': dict(data), 'timeout': timeout, 'verify': verify})
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
    assert post['timeout'] == 30 and post['verify'] is True


def test_error_body_becomes_zoom_error_with_endpoint_code_and_message_and_is_not_retried():
    session = FakeSession(FakeResponse(body={'error': {'code': 1001, 'message': 'User not exist: a@b.c.'}}))
    zoom, sleeps = client(session)
    with pytest.raises(ZoomError) as caught:
        zoom.request('/user/get', id='x')
    assert caught.value.endpoint == '/user/get'
    assert caught.value.code == 1001
    assert str(caught.value) == '/user/get: Zoom error 1001: User not exist: a@b.c.'
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
    FakeResponse(status=500, body={}),
    FakeResponse(status=503, text='<html>'),
    FakeResponse(text='<html>not json</html>'),
    FakeResponse(body={'error': {'code': 403, 'message': 'Sorry, the maximum number of api requests are already reached.'}}),
])
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
    assert str(caught.value) == '/user/update: HTTP 503 from the server (gave up after 3 attempts)'
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


@pytest.mark.parametrize('header, seconds', [(None, None), ('3', 3.0), ('0.5', 0.5), ('-2', 0.0),
                                             ('Wed, 21 Oct 2015 07:28:00 GMT', None)])
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header) == seconds
