"""zoom_user against the emulator, on API v1 and v2: results AND the emulator's call log, with the exact calls
each backend makes (v2's token requests counted on their own: one per task that calls the API).

Most tests run the module tasks with the ``direct`` fixture (each task a forked process running the module's main(),
test_direct_equivalence.py shows it gives a playbook run's results and calls). The tests that stay on ``play`` (a
real ansible-playbook run) are the version matrix's (tests/matrix.txt) and those that assert what only the
controller shows: what ansible-playbook prints, at -vvvv too."""

import pytest

from .conftest import (BACKENDS, Player, api_endpoints, connection_env, endpoints, logged, task_calls, token_requests,
                       writes)
from .direct import DirectPlayer

ZU = 'zoomops.zoom.zoom_user'
GET = 'GET /users/{userId}'
SETTINGS_GET = 'GET /users/{userId}/settings'


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def task(name, register='r', **options):
    return {'name': name, ZU: options, 'register': register}


def calls_of(run_calls, endpoint):
    return [call for call in run_calls if call['endpoint'] == endpoint]


def tokens(backend, tasks):
    """The token requests ``tasks`` tasks that call the API cost: one each on v2 (a module process asks for
    its own), none on v1."""
    return tasks if backend == 'v2' else 0


CREATE_METHODS = [
    # method, login type, status, extra options
    ('create', 'zoom', 'pending', {}),
    ('autocreate', 'zoom', 'active', {'password': 'Auto-Pass-123'}),
    ('custcreate', 'api', 'active', {}),
    ('ssocreate', 'sso', 'active', {}),
]
# The calls of creating a user (with first_name and type) and of finding it again, per backend and method.
CREATE_CALLS = {
    'v1': {method: ['/user/getbyemail', '/user/checkemail', '/user/' + method] for method, *_rest in CREATE_METHODS},
    # v2's POST /users carries first_name and type: no PATCH after it.
    'v2': {method: [GET, 'POST /users'] for method, *_rest in CREATE_METHODS},
}
# v1 finds an invited user through checkemail and the pending list; v2 with one lookup, whatever the status.
RERUN_CALLS = {'v1': {'create': ['/user/getbyemail', '/user/checkemail', '/user/pending']},
               'v2': {}}


def test_each_create_method_creates_then_a_rerun_costs_one_read_and_no_write(direct, emu, backend):
    tasks = [task(method, email='New.%s@Example.com' % method, create_method=method, first_name='New', type='pro',
                  **extra) for method, _login, _status, extra in CREATE_METHODS]
    run = direct(tasks, expect_rc=0)
    again = direct([dict(item, name='again ' + item['name']) for item in tasks], expect_rc=0)
    for method, login_type, status, _extra in CREATE_METHODS:
        email = 'new.%s@example.com' % method
        result = run.result(method)
        assert result['changed'] is True, method
        assert result['diff']['before'] == {'state': 'absent'}
        assert result['diff']['after']['state'] == 'present'
        state = emu.user(email)
        assert state['status'] == status, method
        assert state['login_type'] in {'zoom': (100,), 'api': (99,), 'sso': (101,)}[login_type], (method, state)
        assert state['first_name'] == 'New' and state['type'] == 2, (method, state)
        calls = run.task_calls(method)
        assert api_endpoints(calls) == CREATE_CALLS[backend][method], (method, calls)
        assert token_requests(calls) == tokens(backend, 1)
        if backend == 'v2':
            assert calls_of(calls, 'POST /users')[0]['fields'][0] == 'action', calls

        rerun = again.task_calls('again ' + method)
        assert again.result('again ' + method)['changed'] is False, method
        assert writes(rerun) == []
        assert api_endpoints(rerun) == RERUN_CALLS[backend].get(method, [{'v1': '/user/getbyemail', 'v2': GET}[backend]]), \
            (method, rerun)
        assert token_requests(rerun) == tokens(backend, 1)


# The writes of changing dept and one setting: v1 sends both in one update; v2 patches the profile and the settings.
ONE_FIELD_WRITES = {
    'v1': [{'endpoint': '/user/update', 'fields': ['dept', 'enable_waiting_room', 'id']}],
    'v2': [{'endpoint': 'PATCH /users/{userId}', 'fields': ['dept']},
           {'endpoint': 'PATCH /users/{userId}/settings', 'fields': ['in_meeting.waiting_room']}],
}


def test_changing_one_field_sends_only_that_field(direct, emu, backend):
    emu.seed([{'email': 'ada@example.com', 'create_method': 'custcreate', 'first_name': 'Ada', 'dept': 'R&D'}])
    run = direct([task('dept', email='ada@example.com', first_name='Ada', dept='Maths',
                       settings={'enable_waiting_room': True, 'meeting_capacity': 0})], expect_rc=0)
    result = run.result('dept')
    assert result['changed'] is True
    assert writes(emu.calls()) == ONE_FIELD_WRITES[backend]
    assert result['diff']['before']['dept'] == 'R&D' and result['diff']['after']['dept'] == 'Maths'
    assert emu.user('ada@example.com')['dept'] == 'Maths'
    assert result['user']['dept'] == 'Maths'
    assert result['user']['settings']['enable_waiting_room'] is True


def test_check_mode_predicts_the_real_run_with_no_write(play, emu, backend):
    emu.seed([{'email': 'grace@example.com', 'create_method': 'custcreate', 'dept': 'Navy'}])
    # v2 cannot read a host key back: it is sent when asked to (update_host_key=always), a change each time.
    host_key = {'host_key': '123456'} if backend == 'v1' else {'host_key': '123456', 'update_host_key': 'always'}
    tasks = [
        task('update', email='grace@example.com', dept='Compilers', timezone='America/New_York',
             settings={'meeting_capacity': 100, 'enable_polling': True}, **host_key),
        # type corp (3) has no v2 equivalent: pro there.
        task('create', register='c', email='linus@example.com', create_method='custcreate',
             type=3 if backend == 'v1' else 2, vanity_name='linus.t'),
        task('deactivate', register='d', email='grace@example.com', active=False),
    ]
    checked = play(tasks, check=True, expect_rc=0)
    assert writes(emu.calls()) == []
    assert emu.user('linus@example.com') is None
    emu.clear_calls()
    real = play(tasks, expect_rc=0)
    for name in ('update', 'create', 'deactivate'):
        predicted, done = checked.result(name), real.result(name)
        assert predicted['changed'] is True
        assert done['changed'] is True
        assert predicted['diff'] == done['diff'], name
    assert emu.user('grace@example.com')['status'] == 'inactive'
    assert emu.user('linus@example.com')['vanity_url'].endswith('/my/linus.t')
    assert 'host_key' not in real.result('update')['user']
    assert real.result('update')['diff']['after']['host_key'] == '<hidden: changes>'


STATUS_WRITE = {'v1': {False: '/user/deactivate', True: '/user/activate'},
                'v2': {False: 'PUT /users/{userId}/status', True: 'PUT /users/{userId}/status'}}


def test_deactivate_then_activate(direct, emu, backend):
    emu.seed([{'email': 'bob@example.com'}])
    run = direct([task('off', email='bob@example.com', active=False),
                  task('off again', register='r2', email='bob@example.com', active=False)], expect_rc=0)
    assert run.result('off')['changed'] is True
    assert run.result('off again')['changed'] is False
    assert emu.user('bob@example.com')['status'] == 'inactive'
    assert endpoints(writes(emu.calls())) == [STATUS_WRITE[backend][False]]
    assert token_requests(emu.calls()) == tokens(backend, 2)
    emu.clear_calls()
    run = direct([task('on', email='bob@example.com', active=True)], expect_rc=0)
    assert run.result('on')['changed'] is True
    assert run.result('on')['diff'] == {'before': {'active': False}, 'after': {'active': True}}
    assert endpoints(writes(emu.calls())) == [STATUS_WRITE[backend][True]]
    assert emu.user('bob@example.com')['status'] == 'active'


# v1 sets the password of a custcreate user after the create; v2 sets passwords only for users who sign in with
# Zoom (autocreate carries it in the create) and refuses one for a custcreate user before any call.
PASSWORD_CREATE = {'v1': ('custcreate', ['/user/custcreate', '/user/updatepassword']),
                   'v2': ('autocreate', ['POST /users'])}
PASSWORD_ALWAYS = {'v1': '/user/updatepassword', 'v2': 'PUT /users/{userId}/password'}


def test_password_on_create_is_set_once_and_always_every_run(direct, emu, backend):
    method, create_writes = PASSWORD_CREATE[backend]
    options = {'email': 'pw@example.com', 'create_method': method}
    direct([task('create', password='First-Pass-1', **options)], expect_rc=0)
    assert emu.check_password('pw@example.com', 'First-Pass-1')
    assert endpoints(writes(emu.calls())) == create_writes
    emu.clear_calls()
    run = direct([task('on create', password='Second-Pass-2', **options)], expect_rc=0)
    assert run.result('on create')['changed'] is False
    assert writes(emu.calls()) == []
    assert emu.check_password('pw@example.com', 'First-Pass-1')
    run = direct([task('always', password='Second-Pass-2', update_password='always', **options)], expect_rc=0)
    assert run.result('always')['changed'] is True
    assert emu.check_password('pw@example.com', 'Second-Pass-2')
    assert endpoints(writes(emu.calls())) == [PASSWORD_ALWAYS[backend]]
    if backend == 'v2':
        emu.clear_calls()
        run = direct([task('custcreate', email='api@example.com', create_method='custcreate', password='Third-Pass-3')],
                     expect_rc=2)
        assert 'password cannot be set on Zoom API v2' in run.result('custcreate')['msg']
        assert emu.calls() == [] and emu.user('api@example.com') is None


def test_autocreate_sends_the_password_with_the_create(direct, emu, backend):
    direct([task('auto', email='auto@example.com', create_method='autocreate', password='Auto-Pass-9')], expect_rc=0)
    create, password = {'v1': ('/user/autocreate', 'password'), 'v2': ('POST /users', 'user_info.password')}[backend]
    assert endpoints(writes(emu.calls())) == [create]
    assert password in calls_of(emu.calls(), create)[0]['fields']
    assert emu.check_password('auto@example.com', 'Auto-Pass-9')


def test_pending_user_counts_as_present_is_not_invited_twice_and_warns(direct, emu, backend):
    emu.seed([{'email': 'invited@example.com', 'create_method': 'create', 'dept': 'Ops'}])
    run = direct([task('pending', email='invited@example.com', dept='Sales', timezone='Europe/Paris')], expect_rc=0)
    result = run.result('pending')
    assert result['changed'] is False
    assert writes(emu.calls()) == []
    assert any('pending' in warning and 'accepted' in warning for warning in result.get('warnings', []))
    assert result['user']['status'] == 'pending'
    # v2 would accept a PATCH of a pending user and not apply it: it is read, never patched.
    assert api_endpoints(emu.calls()) == {'v1': ['/user/getbyemail', '/user/checkemail', '/user/pending'],
                                          'v2': [GET]}[backend]
    emu.accept('invited@example.com')
    run = direct([task('accepted', email='invited@example.com', dept='Sales', timezone='Europe/Paris')], expect_rc=0)
    assert run.result('accepted')['changed'] is True
    assert emu.user('invited@example.com')['timezone'] == 'Europe/Paris'


# A field each backend's invitation carries: v1's /user/create takes dept; v2's POST /users only names and type.
INVITATION_CARRIES = {'v1': ('dept', 'HR'), 'v2': ('first_name', 'Ivy')}


def test_created_invited_user_warns_about_fields_applied_after_acceptance(direct, emu, backend):
    name, value = INVITATION_CARRIES[backend]
    run = direct([task('invite', email='inv@example.com', timezone='Asia/Tokyo', **{name: value})], expect_rc=0)
    result = run.result('invite')
    assert result['changed'] is True
    assert endpoints(writes(emu.calls())) == [{'v1': '/user/create', 'v2': 'POST /users'}[backend]]
    assert any('timezone' in warning for warning in result['warnings'])
    assert emu.user('inv@example.com')[name] == value


# The write of deleting an active and a pending user, per backend and permanent: (endpoint, fields) each.
DELETES = {
    'v1': {False: [('/user/delete', ['id', 'type'])] * 2,
           True: [('/user/permanentdelete', ['id'])] * 2},
    # v2: action=disassociate or delete, no query at all for a pending user.
    'v2': {False: [('DELETE /users/{userId}', ['action']), ('DELETE /users/{userId}', [])],
           True: [('DELETE /users/{userId}', ['action']), ('DELETE /users/{userId}', [])]},
}


def test_delete_and_permanent_delete(direct, emu, backend):
    emu.seed([{'email': 'gone%s@example.com' % kind} for kind in ('', '-permanent')] +
             [{'email': 'gone-pending%s@example.com' % kind, 'status': 'pending'} for kind in ('', '-permanent')])
    tasks = []
    for permanent, kind in ((False, ''), (True, '-permanent')):
        tasks += [task('active' + kind, email='gone%s@example.com' % kind, state='absent', permanent=permanent),
                  task('pending' + kind, register='p', email='gone-pending%s@example.com' % kind, state='absent',
                       permanent=permanent)]
    run = direct(tasks, expect_rc=0)
    for permanent, kind in ((False, ''), (True, '-permanent')):
        assert run.result('active' + kind)['changed'] is True
        assert run.result('active' + kind)['diff']['after'] == {'state': 'absent'}
        assert run.result('pending' + kind)['changed'] is True
        done = writes(run.task_calls('active' + kind)) + writes(run.task_calls('pending' + kind))
        assert [(call['endpoint'], call['fields']) for call in done] == DELETES[backend][permanent], done
        assert emu.user('gone%s@example.com' % kind) is None and emu.user('gone-pending%s@example.com' % kind) is None


def test_absent_on_a_missing_user_is_unchanged_and_writes_nothing(direct, emu, backend):
    run = direct([task('absent', email='nobody@example.com', state='absent')], expect_rc=0)
    assert run.result('absent')['changed'] is False
    assert writes(emu.calls()) == []
    assert api_endpoints(emu.calls()) == {'v1': ['/user/getbyemail', '/user/checkemail'], 'v2': [GET]}[backend]
    assert token_requests(emu.calls()) == tokens(backend, 1)


def test_user_found_by_id_and_missing_id_cannot_be_created(direct, emu, backend):
    seeded = emu.seed([{'email': 'byid@example.com', 'dept': 'A'}])
    user_id = seeded['users'][0]['id']
    run = direct([task('by id', id=user_id, dept='B'),
                  {'name': 'missing', ZU: {'id': 'NoSuchUserId000000000x', 'dept': 'B'}, 'ignore_errors': True, 'register': 'm'}])
    assert run.result('by id')['changed'] is True
    assert emu.user('byid@example.com')['dept'] == 'B'
    assert endpoints(writes(emu.calls())) == [{'v1': '/user/update', 'v2': 'PATCH /users/{userId}'}[backend]]
    assert 'give email' in run.result('missing')['msg']


def test_email_case_and_type_forms_do_not_cause_false_changes(direct, emu, backend):
    emu.seed([{'email': 'Case@Example.com', 'type': 2, 'vanity_name': 'Case.User', 'pmi': 1234567890,
               'enable_waiting_room': True, 'meeting_capacity': 50}])
    run = direct([task('same', email='case@EXAMPLE.com', type='pro', vanity_name='case.user', pmi='1234567890',
                       settings={'enable_waiting_room': 'yes', 'meeting_capacity': '50'})], expect_rc=0)
    assert run.result('same')['changed'] is False
    assert writes(emu.calls()) == []
    assert api_endpoints(emu.calls()) == {'v1': ['/user/getbyemail'], 'v2': [GET, SETTINGS_GET]}[backend]


def test_user_of_another_login_type_is_found(direct, emu, backend):
    emu.seed([{'email': 'sso@example.com', 'create_method': 'ssocreate', 'dept': 'X'}])
    run = direct([task('find', email='sso@example.com', dept='X')], expect_rc=0)
    assert run.result('find')['changed'] is False
    assert writes(emu.calls()) == []
    assert run.result('find')['user']['login_type'] == 'sso'
    # v1 looks for a Zoom login first, checks the email exists (and is not an invitation), then tries the API and
    # the SSO login types; v2 finds any login type in one call.
    assert api_endpoints(emu.calls()) == {'v1': ['/user/getbyemail', '/user/checkemail', '/user/pending',
                                                 '/user/getbyemail', '/user/getbyemail'],
                                          'v2': [GET]}[backend]


class Printed:
    """The ansible-playbook run (at -vvvv) of the tests that assert what Ansible prints, with each task's calls and
    the account after the run: ``emu`` is reset before each test, so the tests read these, not the emulator."""

    def __init__(self, emulator, tmp_path, backend):
        emulator.reset()
        emulator.seed([{'email': 'tok@example.com', 'token': 'old-token-value'}])
        emulator.clear_calls()
        player = Player(emulator, tmp_path, backend)
        # The play's connection lacks the secret, which the environment gives wrong (Ansible itself quotes a failing
        # task's source lines): the revoke task names the right one, the task after it fails to authenticate. On v1
        # the play's connection is the URL and the key alone (retries at the module's default).
        secret = {'v1': 'api_secret', 'v2': 'client_secret'}[backend]
        connection = dict(player.connection())
        own = dict((key, connection.pop(key)) for key in [secret] + (['retries'] if backend == 'v1' else []))
        revoke = task('revoke', email='tok@example.com', revoke_token=True, **own)
        self.run = player(logged(emulator, [dict(revoke, ignore_errors=True)]) + [task('auth', email='x@example.com')],
                          connection=connection, env={'ZOOM_' + secret.upper(): 'wrong-secret-value'}, verbosity=4)
        self.calls = {'revoke': task_calls(self.run, 'revoke')}
        # The play stops at the failed task: its calls are the log's after the revoke task's (a cleared log before).
        self.calls['auth'] = emulator.calls()[len(self.calls['revoke']):]
        self.users = emulator.state()['users']

    def user(self, email):
        return [user for user in self.users if user['email'] == email][0]


@pytest.fixture(scope='module')
def printed(emulator, tmp_path_factory):
    """The Printed run of a backend: one playbook run per backend for all the tests that read it."""
    runs = {}

    def printed_run(backend):
        if backend not in runs:
            runs[backend] = Printed(emulator, tmp_path_factory.mktemp('printed-' + backend), backend)
        return runs[backend]
    return printed_run


def test_revoke_token_always_changes(printed, backend):
    shared = printed(backend)
    run = shared.run
    # ignore_errors only keeps the next test's task running: the revoke task must not fail.
    assert [entry['status'] for entry in run.results if entry['task'] == 'revoke'] == ['ok'], run.stdout
    assert run.result('revoke')['changed'] is True
    assert shared.user('tok@example.com')['token'] != 'old-token-value'
    assert endpoints(writes(shared.calls['revoke'])) == [{'v1': '/user/revoketoken', 'v2': 'DELETE /users/{userId}/token'}[backend]]
    assert 'old-token-value' not in run.stdout


def test_zoom_error_names_user_endpoint_and_code(direct, emu, backend):
    emu.seed([{'email': 'a@example.com', 'pmi': 1111111111}, {'email': 'b@example.com'}])
    run = direct([task('clash', email='b@example.com', pmi=1111111111)], expect_rc=2)
    result = run.result('clash')
    assert [entry['task'] for entry in run.failed] == ['clash']
    # v1 has a code of its own for a PMI in use; v2 answers a validation error (300) naming the field.
    endpoint, code, says = {'v1': ('/user/update', 1014, '1014'),
                            'v2': ('PATCH /users/{userId}', 300, 'pmi: Personal meeting ID 1111111111 is already in use')}[backend]
    assert 'b@example.com' in result['msg'] and endpoint in result['msg'] and says in result['msg'], result['msg']
    assert result['zoom_code'] == code and result['endpoint'] == endpoint


def test_environment_variables_drive_the_connection(direct, emu, backend):
    env = connection_env(emu, backend)
    run = direct([task('env', email='env@example.com', create_method='custcreate')], connection={}, env=env, expect_rc=0)
    assert run.result('env')['changed'] is True
    assert emu.user('env@example.com') is not None
    assert endpoints(writes(emu.calls())) == [{'v1': '/user/custcreate', 'v2': 'POST /users'}[backend]]
    assert token_requests(emu.calls()) == tokens(backend, 1)


def test_bad_credentials_fail_clearly_without_retrying(printed, backend):
    # The secret comes from the environment (Printed): Ansible itself quotes a failing task's source lines.
    run = printed(backend).run
    assert run.rc == 2 and [entry['task'] for entry in run.failed] == ['auth']
    result = run.result('auth')
    assert {'v1': '102', 'v2': 'invalid_client'}[backend] in result['msg'], result['msg']
    assert 'wrong-secret-value' not in run.stdout + run.stderr
    # v1: the one refused call; v2: the one refused token request, and no API call.
    assert endpoints(printed(backend).calls['auth']) == [{'v1': '/user/getbyemail', 'v2': 'POST /oauth/token'}[backend]]


def test_a_failure_after_some_writes_reports_them_as_changed(direct, emu, backend):
    emu.seed([{'email': 'half@example.com', 'dept': 'A'}])
    fault, endpoint = {'v1': ('/user/deactivate', '/user/deactivate'),
                       'v2': ('/users/{userId}/status', 'PUT /users/{userId}/status')}[backend]
    emu.fault(fault, 'http_500', count=10)
    run = direct([task('half', email='half@example.com', dept='B', active=False)], expect_rc=2)
    result = run.result('half')
    assert result['changed'] is True
    assert result['applied'] == ['update']
    assert result['endpoint'] == endpoint
    assert emu.user('half@example.com')['dept'] == 'B'
    emu.clear_faults()
    run = direct([task('rerun', email='half@example.com', dept='B', active=False)], expect_rc=0)
    assert run.result('rerun')['changed'] is True
    assert emu.user('half@example.com')['status'] == 'inactive'


# --- issue 10, item 11: create=false never creates (offboarding) ---------------------------------
def test_create_false_leaves_a_misspelt_leaver_missing_ok_with_a_warning(direct, emu, backend):
    emu.seed([{'email': 'leaver@example.com'}])
    tasks = [task('typo', email='laever@example.com', active=False, create=False),
             task('leaver', register='l', email='leaver@example.com', active=False, create=False)]
    for check in (True, False):
        emu.clear_calls()
        run = direct(tasks, check=check, expect_rc=0)
        typo = run.result('typo')
        assert typo['changed'] is False
        assert typo['user'] == {} and typo['diff'] == {'before': {}, 'after': {}}
        assert 'not created' in typo['msg']
        assert any('laever@example.com' in warning and 'left missing' in warning for warning in typo['warnings'])
        assert run.result('leaver')['changed'] is True
        assert emu.user('laever@example.com') is None
        assert endpoints(writes(emu.calls())) == ([] if check else [STATUS_WRITE[backend][False]])
        assert emu.user('leaver@example.com')['status'] == ('active' if check else 'inactive')


# --- issue 10, item 10: the create method follows login_type ---------------------------------------
LOGIN_TYPES = [('api', 'custcreate', 'active', 99), ('sso', 'ssocreate', 'active', 101),
               ('zoom', 'create', 'pending', 100)]


def test_login_type_without_create_method_creates_that_login_type(direct, emu, backend):
    run = direct([task(login_type, email='lt-%s@example.com' % login_type, login_type=login_type)
                  for login_type, *_rest in LOGIN_TYPES], expect_rc=0)
    for login_type, method, status, stored in LOGIN_TYPES:
        assert run.result(login_type)['changed'] is True
        done = writes(run.task_calls(login_type))
        if backend == 'v1':
            assert endpoints(done) == ['/user/' + method]
        else:
            assert endpoints(done) == ['POST /users']
        user = emu.user('lt-%s@example.com' % login_type)
        assert user['status'] == status and user['login_type'] in (stored, login_type)


def test_disagreeing_login_type_and_create_method_fail_before_any_call(direct, emu, backend):
    run = direct([task('clash', email='clash@example.com', login_type='sso', create_method='custcreate')], expect_rc=2)
    msg = run.result('clash')['msg']
    assert 'sso' in msg and 'custcreate' in msg and 'disagree' in msg
    assert emu.calls() == []


def test_a_missing_google_login_is_not_created_and_fails_before_any_write(direct, emu, backend):
    run = direct([task('google', email='g@example.com', login_type='google'),
                  task('google kept out', register='k', email='g@example.com', login_type='google', create=False)])
    assert 'cannot be created' in run.result('google')['msg'] and 'google' in run.result('google')['msg']
    assert writes(emu.calls()) == [] and emu.user('g@example.com') is None


# --- issue 10, item 16: an invitation's diff shows only what the invitation holds ------------------
def test_invitation_diff_and_user_show_no_deferred_field_in_check_mode_and_for_real(direct, emu, backend):
    name, value = INVITATION_CARRIES[backend]
    options = dict({name: value}, email='inv16@example.com', timezone='Asia/Tokyo', pmi=2222222222, active=False)
    checked = direct([task('invite', **options)], check=True, expect_rc=0).result('invite')
    real = direct([task('invite', **options)], expect_rc=0).result('invite')
    for result in (checked, real):
        assert result['diff']['after'] == {'state': 'present', 'email': 'inv16@example.com', name: value}
        assert 'timezone' not in result['user'] or result['user']['timezone'] == ''
        assert result['user'].get('pmi') != 2222222222 and result['user']['status'] == 'pending'
        assert any('pmi, timezone will be applied' in warning for warning in result['warnings'])
    stored = emu.user('inv16@example.com')
    assert stored['timezone'] == '' and stored[name] == value and stored['status'] == 'pending'


def test_a_v2_invitation_shows_only_what_post_users_carries_and_warns_about_the_rest(emu, tmp_path):
    # v2 only: a direct runner of its own (the ``direct`` fixture would run the test on both backends).
    run = DirectPlayer(emu, tmp_path, 'v2')([task('invite', email='inv@example.com', dept='HR')], expect_rc=0)
    result = run.result('invite')
    assert emu.user('inv@example.com')['dept'] == ''
    assert result['diff']['after'] == {'state': 'present', 'email': 'inv@example.com'}
    assert result['user'].get('dept', '') == ''
    assert any('dept will be applied' in warning for warning in result['warnings'])
