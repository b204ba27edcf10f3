"""Fault matrix: every endpoint each module uses x every emulator fault kind, through the modules'
real main() in this process (real HTTP to the emulator), on API v1 and v2.

On v2 the emulator looks a fault up by path template without the method (``/users/{userId}`` is the
lookup, the profile update and the delete) or by the concrete path: a scenario faults the call it means
by the path only that call uses (``/users/<id>`` when the lookup went by email), and names the call it
expects to fail (``PATCH /users/{userId}``). v2 retries a 5xx only for idempotent requests: an HTTP 503 on
a POST is final there. Token requests (``POST /oauth/token``) are faulted too, with every kind.

For each (scenario, endpoint, kind):
- UNDER: the fault hits fewer calls than ``retries`` -> the task succeeds and the emulator's state is
  the wanted one; a rerun changes nothing and sends no write.
- OVER: the fault hits every attempt -> the task fails (never reports success) with a message naming
  the endpoint and the fault; a rerun without faults converges (emulator state checked), and a
  third run changes nothing. When the create of a user whose password is set afterwards may have gone
  through without it, the message says to rerun with update_password=always, and that rerun converges.
- FINAL kinds (HTTP 500, and an HTML page where JSON was due) are the server's last word, which
  retrying cannot change: ONE such answer fails the task at once (one call, no retry), naming the
  endpoint, the host and the server's message; a rerun converges as above.

Backoff waits are recorded but not slept (the client's ``sleep`` is replaced: conftest's fast_backoff),
so the matrix runs in about a minute; ``test_real_backoff_sleeps`` keeps real sleeps for a few cases.
``delay`` faults use a real client timeout (TIMEOUT) and a longer emulator delay (DELAY): the
delayed request is still applied by the emulator after the client gave up, and the tests wait for
it (until the emulator has logged it) before checking the state.
"""

import time

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import transport as client_module
from ansible_collections.zoomops.zoom.plugins.modules import zoom_user, zoom_user_assistant, zoom_user_info

from harness import is_write
from integration.conftest import BACKENDS, connection_for

from .conftest import count
from .inprocess import run_module

RETRIES = 2
UNDER = 1            # faulted calls: fewer than RETRIES
OVER = RETRIES + 1   # faulted calls: every attempt
TIMEOUT = 0.4    # end to end per attempt: a loaded CI machine must still answer undelayed calls within it
DELAY = 0.7
# Retried: what may pass by itself. Not retried: an HTTP 500 (the server's final word on this request)
# and an answer that is not JSON (an HTML page at HTTP 200 is a web site, not Zoom's API; a broken
# connection mid-body is a connection error and is retried).
RETRIED_KINDS = ('http_503', 'rate_limit', 'drop', 'drop_after', 'delay')
FINAL_KINDS = ('http_500', 'bad_json')
KINDS = RETRIED_KINDS + FINAL_KINDS
# What the failure message must say for each kind (besides the endpoint).
CAUSES = {
    'http_500': 'HTTP 500',
    'http_503': 'HTTP 503',
    'rate_limit': 'rate limit',
    'drop': 'connection',
    'drop_after': 'connection',
    'delay': 'timeout',
    'bad_json': 'not JSON',
}
PASSWORD = 'Fault-Pass-123'


# --- scenarios: seed, module args, the wanted emulator state ------------------------------------------
def _user(emu, email):
    return emu.user(email)


def check_created_inactive(emu, result):
    user = _user(emu, 'new1@example.com')
    assert user is not None and user['status'] == 'inactive', user
    assert user['first_name'] == 'Neu' and user['timezone'] == 'Europe/Paris' and user['dept'] == 'QA', user
    assert user['login_type'] == 99
    assert emu.check_password('new1@example.com', PASSWORD)


def check_invited(emu, result):
    user = _user(emu, 'invitee@example.com')
    assert user is not None and user['status'] == 'pending' and user['first_name'] == 'Ivy', user


def check_autocreated(emu, result):
    user = _user(emu, 'auto@example.com')
    assert user is not None and user['status'] == 'active' and user['type'] == 2, user
    assert emu.check_password('auto@example.com', PASSWORD)


def check_sso(emu, result):
    user = _user(emu, 'sso@example.com')
    assert user is not None and user['login_type'] == 101 and str(user['pmi']) == '3141592653', user


def check_updated_active(emu, result):
    user = _user(emu, 'old@example.com')
    assert user['status'] == 'active' and user['dept'] == 'Ops' and user['enable_waiting_room'] is True, user


def check_created_inactive_v2(emu, result):
    user = _user(emu, 'new1@example.com')
    assert user is not None and user['status'] == 'inactive', user
    assert user['first_name'] == 'Neu' and user['timezone'] == 'Europe/Paris' and user['dept'] == 'QA', user
    assert user['login_type'] == 99


def check_password_set(emu, result):
    assert emu.check_password('old@example.com', PASSWORD)


def check_revoked(emu, result):
    user = _user(emu, 'tok@example.com')
    assert user['token'] != 'original-token-000', user


def check_gone(email):
    def check(emu, result):
        assert _user(emu, email) is None
    return check


def check_info_one(emu, result):
    assert [user['email'] for user in result['users']] == ['old@example.com'], result
    assert result['users'][0]['dept'] == 'Sales'


def check_info_none(emu, result):
    assert result['users'] == [], result


def check_info_all(emu, result):
    users = dict((user['email'], user) for user in result['users'])
    assert sorted(users) == ['a1@example.com', 'host@example.com', 'pend@example.com'], result
    assert users['host@example.com']['assistants'] == ['a1@example.com']
    assert users['pend@example.com']['status'] == 'pending'


def check_zpk(emu, result):
    assert result['zpk_valid'] is True and result['expire_in'] > 0, result


def check_assistants(host, wanted):
    def check(emu, result):
        assert sorted(_user(emu, host)['assistants']) == sorted(wanted), _user(emu, host)
    return check


HOST = {'email': 'host@example.com'}
A1 = {'email': 'a1@example.com'}
A2 = {'email': 'a2@example.com', 'create_method': 'custcreate'}   # login type 99: found after checkemail
MANY = [{'email': 'm%02d@example.com' % n} for n in range(11)]

# name: (module, seed, args, check, endpoints to fault)
SCENARIOS = {
    'user-custcreate': (zoom_user, [], dict(email='new1@example.com', create_method='custcreate', first_name='Neu',
                                            dept='QA', timezone='Europe/Paris', password=PASSWORD, active=False),
                        check_created_inactive,
                        ['/user/getbyemail', '/user/checkemail', '/user/custcreate', '/user/update',
                         '/user/updatepassword', '/user/deactivate']),
    'user-invite': (zoom_user, [], dict(email='invitee@example.com', first_name='Ivy'), check_invited,
                    ['/user/create']),
    'user-autocreate': (zoom_user, [], dict(email='auto@example.com', create_method='autocreate', password=PASSWORD,
                                            type='pro'), check_autocreated, ['/user/autocreate']),
    'user-ssocreate': (zoom_user, [], dict(email='sso@example.com', create_method='ssocreate', pmi=3141592653),
                       check_sso, ['/user/ssocreate']),
    'user-update-activate': (zoom_user, [{'email': 'old@example.com', 'status': 'inactive', 'dept': 'Sales'}],
                             dict(email='old@example.com', dept='Ops', active=True,
                                  settings={'enable_waiting_room': True}),
                             check_updated_active, ['/user/update', '/user/activate']),
    'user-revoke-token': (zoom_user, [{'email': 'tok@example.com', 'token': 'original-token-000'}],
                          dict(email='tok@example.com', revoke_token=True), check_revoked, ['/user/revoketoken']),
    'user-delete-pending-by-id': (zoom_user, [{'email': 'pend@example.com', 'create_method': 'create',
                                               'id': 'PendingUserId000000000'}],
                                  dict(id='PendingUserId000000000', state='absent'), check_gone('pend@example.com'),
                                  ['/user/get', '/user/pending', '/user/delete']),
    'user-delete-active': (zoom_user, [{'email': 'old@example.com'}], dict(email='old@example.com', state='absent'),
                           check_gone('old@example.com'), ['/user/delete']),
    'user-permanentdelete': (zoom_user, [{'email': 'old@example.com'}],
                             dict(email='old@example.com', state='absent', permanent=True),
                             check_gone('old@example.com'), ['/user/permanentdelete']),
    'info-email': (zoom_user_info, [{'email': 'old@example.com', 'dept': 'Sales'}], dict(email='old@example.com'),
                   check_info_one, ['/user/getbyemail']),
    'info-missing': (zoom_user_info, [], dict(email='nobody@example.com'), check_info_none,
                     ['/user/getbyemail', '/user/checkemail']),
    'info-id': (zoom_user_info, [{'email': 'old@example.com', 'dept': 'Sales', 'id': 'OldUserId0000000000000'}],
                dict(id='OldUserId0000000000000'), check_info_one, ['/user/get']),
    'info-all': (zoom_user_info, [dict(HOST, assistants=['a1@example.com']), A1,
                                  {'email': 'pend@example.com', 'create_method': 'create'}],
                 dict(include_assistants=True), check_info_all,
                 ['/user/list', '/user/pending', '/user/scheduleforhost/list']),
    'info-zpk': (zoom_user_info, [{'email': 'old@example.com', 'zpk': 'zpk-for-fault-test'}],
                 dict(zpk='zpk-for-fault-test'), check_zpk, ['/user/checkzpk']),
    'assistant-add': (zoom_user_assistant, [HOST, A1, A2],
                      dict(host_email='host@example.com', assistants=['a1@example.com', 'a2@example.com']),
                      check_assistants('host@example.com', ['a1@example.com', 'a2@example.com']),
                      ['/user/getbyemail', '/user/scheduleforhost/list', '/user/checkemail', '/user/assistant/set']),
    'assistant-remove-one': (zoom_user_assistant, [dict(HOST, assistants=['a1@example.com', 'a2@example.com']), A1, A2],
                             dict(host_email='host@example.com', assistants=['a2@example.com'], exclusive=True),
                             check_assistants('host@example.com', ['a2@example.com']),
                             ['/user/assistant/delete', '/user/assistant/set']),
    'assistant-remove-all': (zoom_user_assistant, [dict(HOST, assistants=['a1@example.com']), A1],
                             dict(host_email='host@example.com', assistants=['a1@example.com'], state='absent'),
                             check_assistants('host@example.com', []), ['/user/assistant/delete']),
    'assistant-host-id': (zoom_user_assistant, [dict(HOST, id='HostUserId000000000000'), A1],
                          dict(host_id='HostUserId000000000000', assistants=['a1@example.com']),
                          check_assistants('host@example.com', ['a1@example.com']), ['/user/get']),
    'assistant-many': (zoom_user_assistant, [HOST] + MANY,
                       dict(host_email='host@example.com', assistants=[m['email'] for m in MANY]),
                       check_assistants('host@example.com', [m['email'] for m in MANY]), ['/user/list']),
}

OLD_ID = 'OldUserId0000000000000'
OLD = {'email': 'old@example.com', 'id': OLD_ID}
GET = ('/users/{userId}', 'GET /users/{userId}')
TOKEN = ('/oauth/token', 'POST /oauth/token')
CREATE = ('/users', 'POST /users')
# The same scenarios on v2, with what v2 can do (a password only for a Zoom login; no zpk check) and the calls to
# fault as (fault key, the call named in the log and in the message).
V2_SCENARIOS = {
    'user-custcreate': (zoom_user, [], dict(email='new1@example.com', create_method='custcreate', first_name='Neu',
                                            dept='QA', timezone='Europe/Paris', active=False),
                        check_created_inactive_v2,
                        [TOKEN, GET, CREATE, ('/users/{userId}/status', 'PUT /users/{userId}/status')]),
    'user-invite': (zoom_user, [], dict(email='invitee@example.com', first_name='Ivy'), check_invited, [CREATE]),
    'user-autocreate': (zoom_user, [], dict(email='auto@example.com', create_method='autocreate', password=PASSWORD,
                                            type='pro'), check_autocreated, [CREATE]),
    'user-ssocreate': (zoom_user, [], dict(email='sso@example.com', create_method='ssocreate', pmi=3141592653),
                       check_sso, [CREATE]),
    'user-update-activate': (zoom_user, [dict(OLD, status='inactive', dept='Sales')],
                             dict(email='old@example.com', dept='Ops', active=True,
                                  settings={'enable_waiting_room': True}),
                             check_updated_active,
                             [('/users/' + OLD_ID, 'PATCH /users/{userId}'),
                              ('/users/{userId}/settings', 'GET /users/{userId}/settings'),
                              ('/users/{userId}/status', 'PUT /users/{userId}/status')]),
    'user-password': (zoom_user, [OLD], dict(email='old@example.com', password=PASSWORD, update_password='always'),
                      check_password_set, [('/users/{userId}/password', 'PUT /users/{userId}/password')]),
    'user-revoke-token': (zoom_user, [{'email': 'tok@example.com', 'token': 'original-token-000'}],
                          dict(email='tok@example.com', revoke_token=True), check_revoked,
                          [('/users/{userId}/token', 'DELETE /users/{userId}/token')]),
    'user-delete-pending-by-id': (zoom_user, [{'email': 'pend@example.com', 'create_method': 'create',
                                               'id': 'PendingUserId000000000'}],
                                  dict(id='PendingUserId000000000', state='absent'), check_gone('pend@example.com'),
                                  [GET]),
    'user-delete-active': (zoom_user, [OLD], dict(email='old@example.com', state='absent'),
                           check_gone('old@example.com'), [('/users/' + OLD_ID, 'DELETE /users/{userId}')]),
    'user-permanentdelete': (zoom_user, [OLD], dict(email='old@example.com', state='absent', permanent=True),
                             check_gone('old@example.com'), [('/users/' + OLD_ID, 'DELETE /users/{userId}')]),
    'info-email': (zoom_user_info, [dict(OLD, dept='Sales')], dict(email='old@example.com'), check_info_one,
                   [TOKEN, GET, ('/users/{userId}/settings', 'GET /users/{userId}/settings')]),
    'info-missing': (zoom_user_info, [], dict(email='nobody@example.com'), check_info_none, [GET]),
    'info-all': (zoom_user_info, [dict(HOST, assistants=['a1@example.com']), A1,
                                  {'email': 'pend@example.com', 'create_method': 'create'}],
                 dict(include_assistants=True), check_info_all,
                 [('/users', 'GET /users'), ('/users/{userId}/assistants', 'GET /users/{userId}/assistants')]),
    'assistant-add': (zoom_user_assistant, [HOST, A1, A2],
                      dict(host_email='host@example.com', assistants=['a1@example.com', 'a2@example.com']),
                      check_assistants('host@example.com', ['a1@example.com', 'a2@example.com']),
                      [GET, ('/users/{userId}/assistants', 'GET /users/{userId}/assistants')]),
    'assistant-remove-one': (zoom_user_assistant, [dict(HOST, assistants=['a1@example.com', 'a2@example.com']), A1, A2],
                             dict(host_email='host@example.com', assistants=['a2@example.com'], exclusive=True),
                             check_assistants('host@example.com', ['a2@example.com']),
                             [('/users/{userId}/assistants/{assistantId}',
                               'DELETE /users/{userId}/assistants/{assistantId}')]),
}
BACKEND_SCENARIOS = {
    'v1': dict((name, scenario[:4] + ([(endpoint, endpoint) for endpoint in scenario[4]],))
               for name, scenario in SCENARIOS.items()),
    'v2': V2_SCENARIOS,
}


def is_final(backend, kind, endpoint):
    """True for a fault the server's answer makes final (no retry): HTTP 500 and a page that is not JSON; on v2
    also an HTTP 503 to a POST that creates (v2 retries a 5xx only for idempotent requests; asking for a token
    again is harmless, and retried)."""
    return kind in FINAL_KINDS or (backend == 'v2' and kind == 'http_503' and endpoint.startswith('POST ')
                                   and endpoint != TOKEN[1])


CASES = [(backend, name, key, endpoint, kind) for backend in BACKENDS
         for name, scenario in BACKEND_SCENARIOS[backend].items() for key, endpoint in scenario[4]
         for kind in KINDS if not is_final(backend, kind, endpoint)]
FINAL_CASES = [(backend, name, key, endpoint, kind) for backend in BACKENDS
               for name, scenario in BACKEND_SCENARIOS[backend].items() for key, endpoint in scenario[4]
               for kind in KINDS if is_final(backend, kind, endpoint)]


def case_id(case):
    backend, name, key, endpoint, kind = case
    return '%s:%s:%s:%s' % (backend, name, endpoint if key == endpoint else '%s(%s)' % (endpoint, key), kind)


def connection(emu, backend='v1', retries=RETRIES, timeout=TIMEOUT):
    return dict(connection_for(emu, backend), retries=retries, timeout=timeout)


def run(emu, backend, module, args, kind=None):
    # A short timeout only where a delay must outlast it: elsewhere a loaded CI machine must not time out.
    return run_module(module, dict(connection(emu, backend, timeout=TIMEOUT if kind == 'delay' else 10), **args))


def writes(calls):
    return [call for call in calls if is_write(call['endpoint'])]


def settle(emu, kind, expected):
    """Let the delayed requests that the client gave up on reach the emulator's state: the emulator logs a
    call once it has handled it, so wait until the ``expected`` delayed calls are in the log."""
    if kind != 'delay':
        return
    deadline = time.monotonic() + DELAY * expected + 5
    while time.monotonic() < deadline:
        if sum(1 for call in emu.calls() if call.get('fault') == 'delay') >= expected:
            return
        time.sleep(0.02)
    raise AssertionError('the delayed calls never reached the emulator: %s' % emu.calls())


def assert_converged(emu, backend, name, module, args, check):
    """A run without faults leaves the wanted state; the next one changes nothing and writes nothing."""
    result = run(emu, backend, module, args)
    assert not result.get('failed'), result
    check(emu, result)
    emu.clear_calls()
    again = run(emu, backend, module, args)
    assert not again.get('failed'), again
    if name not in ('user-revoke-token', 'user-password'):   # revoke_token and update_password=always always change
        assert again['changed'] is False, again
        assert writes(emu.calls()) == []
    check(emu, again)


def run_with_fault(emu, backend, name, key, kind, times):
    """Seed the scenario, fault ``key`` ``times`` times, run its module once; (module, args,
    check, result, calls)."""
    module, seed, args, check, _endpoints = BACKEND_SCENARIOS[backend][name]
    if seed:
        emu.seed(seed)
    emu.fault(key, kind, count=times, seconds=DELAY)
    emu.clear_calls()
    result = run(emu, backend, module, args, kind)
    settle(emu, kind, times)
    return module, args, check, result, emu.calls()


def faulted_calls(calls, endpoint, kind):
    """The calls of the log that met the fault; a fault tried is counted once seen hitting its call."""
    faulted = [call for call in calls if call['endpoint'] == endpoint and call.get('fault') == kind]
    if faulted:
        count('faults_tried')
    return faulted


@pytest.mark.parametrize('backend,name,key,endpoint,kind', CASES, ids=[case_id(case) for case in CASES])
def test_fault_fewer_than_retries_converges(emu, fast_backoff, backend, name, key, endpoint, kind):
    module, args, check, result, calls = run_with_fault(emu, backend, name, key, kind, UNDER)
    assert faulted_calls(calls, endpoint, kind), 'the fault did not hit %s: %s' % (endpoint, calls)
    assert not result.get('failed'), result
    if module is not zoom_user_info:
        assert result['changed'] is True, result
    if kind == 'rate_limit':
        assert fast_backoff and min(fast_backoff) >= client_module.RATE_LIMIT_MIN_WAIT, fast_backoff
    check(emu, result)
    count('faults_converged')
    emu.clear_faults()
    assert_converged(emu, backend, name, module, args, check)
    count('fault_reruns_converged')


@pytest.mark.parametrize('backend,name,key,endpoint,kind', CASES, ids=[case_id(case) for case in CASES])
def test_fault_on_every_attempt_fails_cleanly_and_a_rerun_converges(emu, fast_backoff, backend, name, key, endpoint, kind):
    module, args, check, result, calls = run_with_fault(emu, backend, name, key, kind, OVER)
    faulted = faulted_calls(calls, endpoint, kind)
    assert faulted, 'the fault did not hit %s: %s' % (endpoint, calls)
    assert result.get('failed') is True, result
    assert len(faulted) == RETRIES + 1, faulted
    msg = result['msg']
    assert endpoint in msg and CAUSES[kind] in msg, msg
    assert 'gave up after %d attempts' % (RETRIES + 1) in msg, msg
    assert result.get('endpoint') == endpoint, result
    count('faults_failed_cleanly')
    emu.clear_faults()
    repair_if_told(emu, backend, name, endpoint, module, args, check, msg)
    assert_converged(emu, backend, name, module, args, check)
    count('fault_reruns_converged')


def repair_if_told(emu, backend, name, endpoint, module, args, check, msg):
    if backend == 'v1' and name == 'user-custcreate' and endpoint in ('/user/custcreate', '/user/updatepassword'):
        # The user may exist without the password that was to follow the create: the message says
        # how to repair it, and that rerun does.
        assert 'update_password=always' in msg, msg
        repaired = run(emu, backend, module, dict(args, update_password='always'))
        assert not repaired.get('failed'), repaired
        check(emu, repaired)


def test_the_matrix_covers_every_fault_kind_of_the_emulator():
    from zoom_emulator import FAULT_KINDS
    assert sorted(KINDS) == sorted(FAULT_KINDS)


@pytest.mark.parametrize('backend,name,key,endpoint,kind', FINAL_CASES, ids=[case_id(case) for case in FINAL_CASES])
def test_final_fault_fails_at_once_without_retry_and_a_rerun_converges(emu, fast_backoff, backend, name, key, endpoint, kind):
    module, args, check, result, calls = run_with_fault(emu, backend, name, key, kind, UNDER)
    faulted = faulted_calls(calls, endpoint, kind)
    assert len(faulted) == 1, 'the fault did not hit %s once: %s' % (endpoint, calls)
    assert [call for call in calls if call['endpoint'] == endpoint] == faulted, 'retried: %s' % calls
    assert result.get('failed') is True, result
    assert fast_backoff == [], fast_backoff
    msg = result['msg']
    assert endpoint in msg and CAUSES[kind] in msg and emu.url.split('/')[2] in msg, msg
    assert 'gave up' not in msg, msg
    assert result.get('endpoint') == endpoint, result
    count('faults_failed_cleanly')
    emu.clear_faults()
    repair_if_told(emu, backend, name, endpoint, module, args, check, msg)
    assert_converged(emu, backend, name, module, args, check)
    count('fault_reruns_converged')


# Per backend: the update call to fault (the v2 lookup goes by email, the update by id) and the least total wait.
REAL_UPDATE = {'v1': ('/user/update', client_module.RATE_LIMIT_MIN_WAIT + 0.25 * client_module.BACKOFF_BASE),
               'v2': ('/users/' + OLD_ID, 0.25 * client_module.BACKOFF_BASE)}


@pytest.mark.parametrize('backend', BACKENDS)
def test_real_backoff_sleeps(emu, backend):
    """No monkeypatching: a 503 then a rate limit on the same update really wait (>= 1 s for v1's rate limit,
    which says nothing of when to come back)."""
    key, least = REAL_UPDATE[backend]
    emu.seed([dict(OLD, dept='Sales')])
    emu.fault(key, 'http_503', count=1)
    emu.fault(key, 'rate_limit', count=1)
    args = dict(email='old@example.com', dept='Ops')
    started = time.monotonic()
    result = run_module(zoom_user, dict(connection(emu, backend, retries=3), **args))
    elapsed = time.monotonic() - started
    assert [call.get('fault') for call in emu.calls() if call.get('fault')] == ['http_503', 'rate_limit']
    count('faults_tried', 2)
    assert not result.get('failed'), result
    assert result['changed'] is True
    assert emu.user('old@example.com')['dept'] == 'Ops'
    assert elapsed >= least, elapsed
    count('faults_converged', 2)


@pytest.mark.parametrize('backend', BACKENDS)
def test_real_timeout_and_drop_after_on_create(emu, backend):
    """No monkeypatching: a create whose answer is lost after a timeout, then after a drop: the retry meets
    "already exists", the module re-reads and converges, reports changed, and there is one user."""
    key = {'v1': '/user/custcreate', 'v2': '/users'}[backend]
    emu.fault(key, 'delay', count=1, seconds=DELAY)
    emu.fault(key, 'drop_after', count=1)
    args = dict(email='slow@example.com', create_method='custcreate', first_name='Slow', timezone='Asia/Tokyo')
    result = run_module(zoom_user, dict(connection(emu, backend, retries=3), **args))
    settle(emu, 'delay', 1)
    # (a delayed call is logged once handled: after the retry it timed out for)
    assert sorted(call.get('fault') for call in emu.calls() if call.get('fault')) == ['delay', 'drop_after']
    count('faults_tried', 2)
    assert not result.get('failed'), result
    assert result['changed'] is True
    users = [user for user in emu.state()['users'] if user['email'].lower() == 'slow@example.com']
    assert len(users) == 1 and users[0]['first_name'] == 'Slow' and users[0]['timezone'] == 'Asia/Tokyo', users
    count('faults_converged', 2)
