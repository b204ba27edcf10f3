"""Hostile servers: what a server that is not Zoom, or a Zoom gone wrong, can make the modules do.

Each case points the modules (their real main(), in this process, real HTTP) at a small hostile
server on 127.0.0.1 (tests/reliability/hostile.py) that redirects, trickles, bombs, nests, answers
as another JSON API, as a web page, with 501, with absurd Retry-After values, or with endless
pages. Every case must end in a clean failure (never a traceback, never "changed"), bounded in
calls and time, naming the endpoint and the host, and without the api_secret in its result.
"""

import gzip
import json
import time
import tracemalloc

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import transport as client_module
from ansible_collections.zoomops.zoom.plugins.modules import zoom_user, zoom_user_assistant, zoom_user_info

from .conftest import count
from .hostile import Answer, HostileServer
from .inprocess import run_module

SECRET = 'HostileSecret-Pq8Rs2Tu6Vw4'
PASSWORD = 'HostilePass-Ab3Cd5Ef7Gh9'
USER = {'id': 'HostileUserId000000000', 'email': 'victim@example.com', 'status': 0, 'login_type': 100, 'type': 1,
        'first_name': 'Vic', 'last_name': 'Tim', 'dept': 'Old'}


def json_answer(value, status=200, **kwargs):
    return Answer(status=status, body=json.dumps(value), **kwargs)


def zoom_then(write_answer):
    """A server that finds the user like Zoom, then answers every other call with ``write_answer``."""
    def script(request):
        if request['path'].endswith('/user/getbyemail'):
            return json_answer(USER)
        return write_answer
    return script


@pytest.fixture(scope='module')
def servers():
    hostile = HostileServer().start()
    target = HostileServer().start()   # where redirects point: it must never be reached
    yield hostile, target
    hostile.stop()
    target.stop()


@pytest.fixture
def hostile(servers):
    server, _target = servers
    server.answer_with(lambda request: json_answer({}))
    return server


@pytest.fixture
def target(servers):
    _hostile, server = servers
    server.answer_with(lambda request: json_answer(USER))
    return server


@pytest.fixture
def waits(fast_backoff):
    return fast_backoff


def run(server, module, retries=2, timeout=5, **args):
    connection = dict(api_url=server.url, api_key='hostile-key', api_secret=SECRET, retries=retries, timeout=timeout)
    count('hostile_answers_tried')
    return run_module(module, dict(connection, **args))


def assert_failed_cleanly(result, endpoint, says, host):
    """Failed (not changed), naming endpoint, host and cause; no secret anywhere in the result."""
    assert result.get('failed') is True, result
    assert not result.get('changed'), result
    msg = result['msg']
    assert endpoint in msg and host in msg and says in msg, msg
    text = json.dumps(result)
    leaks = [value for value in (SECRET, PASSWORD) if value in text]
    count('leaks', len(leaks))
    assert leaks == [], text


# --- redirects ---------------------------------------------------------------------------------------
@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.parametrize('scheme', ['http', 'https'])
def test_a_redirect_is_refused_at_once_and_the_target_receives_nothing(hostile, target, waits, status, scheme):
    location = '%s://127.0.0.1:%d/v1/user/updatepassword?api_secret=%s' % (scheme, target.port, SECRET)
    hostile.answer_with(zoom_then(Answer(status=status, reason='Moved', headers={'Location': location})))
    result = run(hostile, zoom_user, email='victim@example.com', password=PASSWORD, update_password='always')
    assert_failed_cleanly(result, '/user/updatepassword', 'HTTP %d, a redirect to %s://127.0.0.1:%d' % (
        status, scheme, target.port), hostile.host)
    assert 'redirects are not followed' in result['msg']
    assert [request['path'] for request in hostile.requests] == ['/v1/user/getbyemail', '/v1/user/updatepassword']
    assert target.requests == [] and waits == []
    count('redirects_refused')


def test_a_redirect_loop_costs_one_request(hostile, target, waits):
    hostile.answer_with(lambda request: Answer(status=307, headers={'Location': hostile.url + '/user/getbyemail'}))
    result = run(hostile, zoom_user_info, retries=5, email='victim@example.com')
    assert_failed_cleanly(result, '/user/getbyemail', 'HTTP 307, a redirect to http://%s' % hostile.host, hostile.host)
    assert len(hostile.requests) == 1 and waits == []
    count('redirects_refused')


# --- time: one attempt is bounded end to end -----------------------------------------------------
@pytest.mark.parametrize('part', ['headers', 'body'])
def test_a_server_trickling_one_byte_a_second_is_cut_off_at_the_timeout(hostile, part):
    hostile.answer_with(lambda request: Answer(body=json.dumps(USER), trickle=part, interval=0.5))
    started = time.monotonic()
    result = run(hostile, zoom_user_info, retries=0, timeout=1, email='victim@example.com')
    elapsed = time.monotonic() - started
    assert_failed_cleanly(result, '/user/getbyemail', 'within 1.0 seconds (timeout)', hostile.host)
    assert elapsed < 5, elapsed
    assert len(hostile.requests) == 1


# --- size: a gzip bomb is refused without being held in memory -------------------------------------------
def test_a_gzip_bomb_is_refused_after_a_bounded_read(hostile):
    bomb = gzip.compress(b'{"users": "' + b' ' * (16 * 1024 * 1024) + b'"}', 9)
    hostile.answer_with(lambda request: Answer(body=bomb, headers={'Content-Encoding': 'gzip'}))
    tracemalloc.start()
    try:
        result = run(hostile, zoom_user_info, retries=3)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_failed_cleanly(result, '/user/list', 'larger than %d bytes (after decompression)'
                          % client_module.MAX_ANSWER_BYTES, hostile.host)
    assert len(bomb) < 200 * 1024
    assert peak < 4 * client_module.MAX_ANSWER_BYTES, peak
    assert len(hostile.requests) == 1


# --- answers that are not Zoom's -----------------------------------------------------------------------
HTML = '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><p>It works.</p></body></html>'
UNRELATED = {'status': 'success', 'data': {'id': 42, 'name': 'widget'}, 'count': 0}

MALFORMED = [
    ('deep-json', Answer(body='[' * 100000 + ']' * 100000), 'nests too deep'),
    ('html-page', Answer(body=HTML, headers={'Content-Type': 'text/html'}), 'not JSON (HTTP 200, text/html)'),
    ('error-not-object', json_answer({'error': 'boom'}), "'error' is not a Zoom error object"),
    ('unrelated-api', json_answer(UNRELATED), "the user record lacks 'id', 'email'"),
    ('json-list', json_answer([USER]), 'JSON but not an object'),
    ('nan', Answer(body='{"id": "x", "email": "victim@example.com", "pmi": NaN}'), 'holds NaN'),
    ('1e400', Answer(body='{"id": "x", "email": "victim@example.com", "pmi": 1e400}'), 'holds 1e400'),
    ('501', Answer(status=501, reason='Not Implemented', body='method not implemented here',
                   headers={'Content-Type': 'text/plain'}), 'HTTP 501 from the server at'),
    ('401-with-message', json_answer({'code': 124, 'message': 'Invalid access token, echo ' + SECRET}, status=401,
                                     reason='Unauthorized'), 'HTTP 401 from the server at'),
]


@pytest.mark.parametrize('answer, says', [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_a_malformed_answer_fails_at_once_naming_endpoint_and_host(hostile, waits, answer, says):
    hostile.answer_with(lambda request: answer)
    result = run(hostile, zoom_user_info, retries=5, email='victim@example.com')
    assert_failed_cleanly(result, '/user/getbyemail', says, hostile.host)
    assert len(hostile.requests) == 1 and waits == []


def test_a_401_keeps_the_servers_message_with_the_echoed_secret_masked(hostile):
    hostile.answer_with(lambda request: json_answer({'message': 'Invalid access token: ' + request['form']['api_secret']},
                                                    status=401, reason='Unauthorized'))
    result = run(hostile, zoom_user_info, email='victim@example.com')
    assert_failed_cleanly(result, '/user/getbyemail', 'HTTP 401 from the server at %s: Invalid access token: ********'
                          % hostile.host, hostile.host)


@pytest.mark.parametrize('args, endpoint', [
    (dict(email='victim@example.com', dept='New'), '/user/update'),
    (dict(email='victim@example.com', state='absent'), '/user/delete'),
    (dict(email='victim@example.com', active=False), '/user/deactivate'),
], ids=['update', 'delete', 'deactivate'])
def test_an_unrelated_json_api_cannot_confirm_a_write(hostile, args, endpoint):
    hostile.answer_with(zoom_then(json_answer(UNRELATED)))
    result = run(hostile, zoom_user, **args)
    assert result.get('failed') is True, result
    assert endpoint in result['msg'] and "did not answer like Zoom's API: the answer lacks" in result['msg'], result
    assert hostile.host in result['msg']


def test_an_unrelated_json_api_is_not_an_empty_account(hostile):
    hostile.answer_with(lambda request: json_answer(UNRELATED))
    result = run(hostile, zoom_user_info)
    assert_failed_cleanly(result, '/user/list', "page 1 is not a count", hostile.host)


@pytest.mark.parametrize('expire_in', ['"abc"', 'null', '-5', '1e400', 'NaN'])
def test_a_zpk_answer_that_is_not_seconds_fails_naming_the_endpoint(hostile, expire_in):
    hostile.answer_with(lambda request: Answer(body='{"expire_in": %s}' % expire_in))
    result = run(hostile, zoom_user_info, zpk='some-zpk-value')
    assert_failed_cleanly(result, '/user/checkzpk', "did not answer like Zoom's API", hostile.host)


@pytest.mark.parametrize('page_count', ['NaN', '"abc"', '1e400', 'null', '-1'])
def test_a_page_count_that_is_not_a_count_fails(hostile, page_count):
    body = '{"page_count": %s, "total_records": 1, "page_number": 1, "page_size": 300, "users": [%s]}' % (
        page_count, json.dumps(USER))
    hostile.answer_with(lambda request: Answer(body=body))
    result = run(hostile, zoom_user_info)
    assert_failed_cleanly(result, '/user/list', "did not answer like Zoom's API", hostile.host)


@pytest.mark.parametrize('users', [{'a': USER}, ['victim@example.com'], [[USER]]], ids=['dict', 'strings', 'lists'])
def test_users_that_are_not_user_records_fail(hostile, users):
    hostile.answer_with(lambda request: json_answer({'page_count': 1, 'total_records': 1, 'page_number': 1,
                                                     'page_size': 300, 'users': users}))
    result = run(hostile, zoom_user_info)
    assert_failed_cleanly(result, '/user/list', "'users' of page 1", hostile.host)


# --- endless pages ---------------------------------------------------------------------------------------
def test_an_endlessly_repeated_page_stops_at_the_second_call(hostile):
    page = {'page_count': 10 ** 9, 'total_records': 300 * 10 ** 9, 'page_size': 300,
            'users': [dict(USER, id='Id%04d' % n, email='u%04d@example.com' % n) for n in range(300)]}

    def script(request):
        number = int(request['form']['page_number'])
        # Endless for a client without the guard, yet bounded for this test: page 50 says it is the last.
        return json_answer(dict(page, page_number=number, page_count=10 ** 9 if number < 50 else number))
    hostile.answer_with(script)
    started = time.monotonic()
    result = run(hostile, zoom_user_info)
    assert_failed_cleanly(result, '/user/list', 'page 2 repeats an earlier page', hostile.host)
    assert len(hostile.requests) == 2
    assert time.monotonic() - started < 10


def test_an_assistant_list_that_is_not_users_fails(hostile):
    def script(request):
        if request['path'].endswith('/user/scheduleforhost/list'):
            return json_answer({'total_records': 1, 'users': 'a@example.com'})
        return json_answer(USER)
    hostile.answer_with(script)
    result = run(hostile, zoom_user_assistant, host_email='victim@example.com', assistants=['a@example.com'])
    assert_failed_cleanly(result, '/user/scheduleforhost/list', "'users' of the answer is not a list", hostile.host)


# --- Retry-After ------------------------------------------------------------------------------------------
def test_a_retry_after_of_a_day_fails_at_once_saying_when_to_retry(hostile, waits):
    hostile.answer_with(lambda request: json_answer({}, status=503, reason='Busy', headers={'Retry-After': '86400'}))
    result = run(hostile, zoom_user_info, retries=5, email='victim@example.com')
    assert_failed_cleanly(result, '/user/getbyemail', 'asks to wait 86400 seconds before retrying', hostile.host)
    assert 'retry after ' in result['msg'] and result['msg'].endswith(' UTC')
    assert len(hostile.requests) == 1 and waits == []


@pytest.mark.parametrize('header', ['inf', '1e400', 'nan', '-inf', 'Fri, 31 Dec 9999 23:59:59 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT'])
def test_absurd_retry_after_values_never_crash_and_never_wait_long(hostile, waits, header):
    hostile.answer_with(lambda request: json_answer({'error': {'code': 403, 'message': 'Too many requests.'}},
                                                    headers={'Retry-After': header}))
    result = run(hostile, zoom_user_info, retries=2, email='victim@example.com')
    assert result.get('failed') is True and '/user/getbyemail' in result['msg'], result
    assert 'rate limit reached at %s' % hostile.host in result['msg'], result
    assert all(wait <= client_module.RETRY_AFTER_MAX for wait in waits), waits
    if header.startswith('Fri'):   # year 9999: beyond the cap, fails at once
        assert len(hostile.requests) == 1 and 'retry after' in result['msg'], result
    else:
        assert len(hostile.requests) == 3 and len(waits) == 2, (hostile.requests, waits)
        assert all(wait >= client_module.RATE_LIMIT_MIN_WAIT for wait in waits), waits


# --- api_url: checked before any call -------------------------------------------------------------------
@pytest.mark.parametrize('url, says', [
    ('127.0.0.1:{port}/v1', 'must start with https://'),
    ('ftp://127.0.0.1:{port}/v1', 'must start with https://'),
    ('http://urlUser:UrlPass-Zz9Yy8@127.0.0.1:{port}/v1', 'must not contain a user name or password'),
    ('http://127.0.0.1:{port}/v1?token=UrlPass-Zz9Yy8', 'must not contain a query string'),
], ids=['scheme-less', 'ftp', 'userinfo', 'query'])
def test_a_bad_api_url_fails_before_any_call_without_echoing_its_secrets(hostile, url, says):
    result = run_module(zoom_user_info, dict(api_url=url.format(port=hostile.port), api_key='k', api_secret=SECRET,
                                             email='victim@example.com'))
    count('inputs_rejected')
    assert result.get('failed') is True and says in result['msg'], result
    assert 'UrlPass-Zz9Yy8' not in json.dumps(result) and SECRET not in json.dumps(result), result
    assert hostile.requests == []
