"""zoom_user against the emulator: results AND the emulator's call log."""

import pytest

from .conftest import endpoints, writes

ZU = 'zoomops.zoom.zoom_user'


def task(name, register='r', **options):
    return {'name': name, ZU: options, 'register': register}


def calls_of(run_calls, endpoint):
    return [call for call in run_calls if call['endpoint'] == endpoint]


@pytest.mark.parametrize('method, login_type, status, extra', [
    ('create', 'zoom', 'pending', {}),
    ('autocreate', 'zoom', 'active', {'password': 'Auto-Pass-123'}),
    ('custcreate', 'api', 'active', {}),
    ('ssocreate', 'sso', 'active', {}),
])
def test_each_create_method_creates_then_a_rerun_costs_one_read_and_no_write(play, emu, method, login_type, status, extra):
    options = dict(email='New.User@Example.com', create_method=method, first_name='New', type='pro', **extra)
    run = play([task('create', **options)], expect_rc=0)
    result = run.result('create')
    assert result['changed'] is True
    assert result['diff']['before'] == {'state': 'absent'}
    assert result['diff']['after']['state'] == 'present'
    state = emu.user('new.user@example.com')
    assert state['status'] == status
    assert state['login_type'] in (100, 99, 101, 'zoom', 'api', 'sso')
    assert state['first_name'] == 'New' and state['type'] == 2
    creates = [c for c in emu.calls() if c['endpoint'] == '/user/' + method]
    assert len(creates) == 1

    emu.clear_calls()
    again = play([task('again', **options)], expect_rc=0).result('again')
    assert again['changed'] is False
    calls = emu.calls()
    assert writes(calls) == []
    if status == 'active':
        assert endpoints(calls) == ['/user/getbyemail'], calls
    else:
        # an invited user is found through checkemail and the pending list, never invited twice
        assert '/user/pending' in endpoints(calls)


def test_changing_one_field_sends_only_that_field(play, emu):
    emu.seed([{'email': 'ada@example.com', 'create_method': 'custcreate', 'first_name': 'Ada', 'dept': 'R&D'}])
    run = play([task('dept', email='ada@example.com', first_name='Ada', dept='Maths',
                     settings={'enable_waiting_room': True, 'meeting_capacity': 0})], expect_rc=0)
    result = run.result('dept')
    assert result['changed'] is True
    updates = calls_of(emu.calls(), '/user/update')
    assert len(updates) == 1
    assert updates[0]['fields'] == ['dept', 'enable_waiting_room', 'id']
    assert result['diff']['before']['dept'] == 'R&D' and result['diff']['after']['dept'] == 'Maths'
    assert emu.user('ada@example.com')['dept'] == 'Maths'
    assert result['user']['dept'] == 'Maths'
    assert result['user']['settings']['enable_waiting_room'] is True


def test_check_mode_predicts_the_real_run_with_no_write(play, emu):
    emu.seed([{'email': 'grace@example.com', 'create_method': 'custcreate', 'dept': 'Navy'}])
    tasks = [
        task('update', email='grace@example.com', dept='Compilers', timezone='America/New_York', host_key='123456',
             settings={'meeting_capacity': 100, 'enable_polling': True}),
        task('create', register='c', email='linus@example.com', create_method='custcreate', type=3, vanity_name='linus.t'),
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


def test_deactivate_then_activate(play, emu):
    emu.seed([{'email': 'bob@example.com'}])
    run = play([task('off', email='bob@example.com', active=False),
                task('off again', register='r2', email='bob@example.com', active=False)], expect_rc=0)
    assert run.result('off')['changed'] is True
    assert run.result('off again')['changed'] is False
    assert emu.user('bob@example.com')['status'] == 'inactive'
    assert endpoints(writes(emu.calls())) == ['/user/deactivate']
    emu.clear_calls()
    run = play([task('on', email='bob@example.com', active=True)], expect_rc=0)
    assert run.result('on')['changed'] is True
    assert run.result('on')['diff'] == {'before': {'active': False}, 'after': {'active': True}}
    assert endpoints(writes(emu.calls())) == ['/user/activate']
    assert emu.user('bob@example.com')['status'] == 'active'


def test_password_on_create_is_set_once_and_always_every_run(play, emu):
    options = {'email': 'pw@example.com', 'create_method': 'custcreate'}
    play([task('create', password='First-Pass-1', **options)], expect_rc=0)
    assert emu.check_password('pw@example.com', 'First-Pass-1')
    assert endpoints(writes(emu.calls())) == ['/user/custcreate', '/user/updatepassword']
    emu.clear_calls()
    run = play([task('on create', password='Second-Pass-2', **options)], expect_rc=0)
    assert run.result('on create')['changed'] is False
    assert writes(emu.calls()) == []
    assert emu.check_password('pw@example.com', 'First-Pass-1')
    run = play([task('always', password='Second-Pass-2', update_password='always', **options)], expect_rc=0)
    assert run.result('always')['changed'] is True
    assert emu.check_password('pw@example.com', 'Second-Pass-2')


def test_autocreate_sends_the_password_with_the_create(play, emu):
    play([task('auto', email='auto@example.com', create_method='autocreate', password='Auto-Pass-9')], expect_rc=0)
    assert endpoints(writes(emu.calls())) == ['/user/autocreate']
    assert 'password' in calls_of(emu.calls(), '/user/autocreate')[0]['fields']
    assert emu.check_password('auto@example.com', 'Auto-Pass-9')


def test_pending_user_counts_as_present_is_not_invited_twice_and_warns(play, emu):
    emu.seed([{'email': 'invited@example.com', 'create_method': 'create', 'dept': 'Ops'}])
    run = play([task('pending', email='invited@example.com', dept='Sales', timezone='Europe/Paris')], expect_rc=0)
    result = run.result('pending')
    assert result['changed'] is False
    assert writes(emu.calls()) == []
    assert any('pending' in warning and 'accepted' in warning for warning in result.get('warnings', []))
    assert result['user']['status'] == 'pending'
    emu.accept('invited@example.com')
    run = play([task('accepted', email='invited@example.com', dept='Sales', timezone='Europe/Paris')], expect_rc=0)
    assert run.result('accepted')['changed'] is True
    assert emu.user('invited@example.com')['timezone'] == 'Europe/Paris'


def test_created_invited_user_warns_about_fields_applied_after_acceptance(play, emu):
    run = play([task('invite', email='inv@example.com', timezone='Asia/Tokyo', dept='HR')], expect_rc=0)
    result = run.result('invite')
    assert result['changed'] is True
    assert endpoints(writes(emu.calls())) == ['/user/create']
    assert any('timezone' in warning for warning in result['warnings'])
    assert emu.user('inv@example.com')['dept'] == 'HR'


@pytest.mark.parametrize('permanent, endpoint', [(False, '/user/delete'), (True, '/user/permanentdelete')])
def test_delete_and_permanent_delete(play, emu, permanent, endpoint):
    emu.seed([{'email': 'gone@example.com'}, {'email': 'gone-pending@example.com', 'status': 'pending'}])
    run = play([task('active', email='gone@example.com', state='absent', permanent=permanent),
                task('pending', register='p', email='gone-pending@example.com', state='absent', permanent=permanent)],
               expect_rc=0)
    assert run.result('active')['changed'] is True
    assert run.result('active')['diff']['after'] == {'state': 'absent'}
    assert run.result('pending')['changed'] is True
    assert endpoints(writes(emu.calls())) == [endpoint, endpoint]
    if not permanent:
        assert [c['fields'] for c in calls_of(emu.calls(), endpoint)] == [['id', 'type'], ['id', 'type']]
    assert emu.user('gone@example.com') is None and emu.user('gone-pending@example.com') is None


def test_absent_on_a_missing_user_is_unchanged_and_writes_nothing(play, emu):
    run = play([task('absent', email='nobody@example.com', state='absent')], expect_rc=0)
    assert run.result('absent')['changed'] is False
    assert writes(emu.calls()) == []
    assert endpoints(emu.calls()) == ['/user/getbyemail', '/user/checkemail']


def test_user_found_by_id_and_missing_id_cannot_be_created(play, emu):
    seeded = emu.seed([{'email': 'byid@example.com', 'dept': 'A'}])
    user_id = seeded['users'][0]['id']
    run = play([task('by id', id=user_id, dept='B'),
                {'name': 'missing', ZU: {'id': 'NoSuchUserId000000000x', 'dept': 'B'}, 'ignore_errors': True, 'register': 'm'}])
    assert run.result('by id')['changed'] is True
    assert emu.user('byid@example.com')['dept'] == 'B'
    assert 'give email' in run.result('missing')['msg']


def test_email_case_and_type_forms_do_not_cause_false_changes(play, emu):
    emu.seed([{'email': 'Case@Example.com', 'type': 2, 'vanity_name': 'Case.User', 'pmi': 1234567890,
               'enable_waiting_room': True, 'meeting_capacity': 50}])
    run = play([task('same', email='case@EXAMPLE.com', type='pro', vanity_name='case.user', pmi='1234567890',
                     settings={'enable_waiting_room': 'yes', 'meeting_capacity': '50'})], expect_rc=0)
    assert run.result('same')['changed'] is False
    assert writes(emu.calls()) == []


def test_user_of_another_login_type_is_found(play, emu):
    emu.seed([{'email': 'sso@example.com', 'create_method': 'ssocreate', 'dept': 'X'}])
    run = play([task('find', email='sso@example.com', dept='X')], expect_rc=0)
    assert run.result('find')['changed'] is False
    assert writes(emu.calls()) == []
    assert run.result('find')['user']['login_type'] == 'sso'


def test_revoke_token_always_changes(play, emu):
    emu.seed([{'email': 'tok@example.com', 'token': 'old-token-value'}])
    run = play([task('revoke', email='tok@example.com', revoke_token=True)], expect_rc=0)
    assert run.result('revoke')['changed'] is True
    assert emu.user('tok@example.com')['token'] != 'old-token-value'
    assert 'old-token-value' not in run.stdout


def test_zoom_error_names_user_endpoint_and_code(play, emu):
    emu.seed([{'email': 'a@example.com', 'pmi': 1111111111}, {'email': 'b@example.com'}])
    run = play([task('clash', email='b@example.com', pmi=1111111111)], expect_rc=2)
    result = run.result('clash')
    assert [entry['task'] for entry in run.failed] == ['clash']
    assert 'b@example.com' in result['msg'] and '/user/update' in result['msg'] and '1014' in result['msg']
    assert result['zoom_code'] == 1014


def test_environment_variables_drive_the_connection(play, emu):
    env = {'ZOOM_API_URL': emu.url, 'ZOOM_API_KEY': emu.api_key, 'ZOOM_API_SECRET': emu.api_secret}
    run = play([task('env', email='env@example.com', create_method='custcreate')], connection={}, env=env, expect_rc=0)
    assert run.result('env')['changed'] is True
    assert emu.user('env@example.com') is not None


def test_bad_credentials_fail_clearly_without_retrying(play, emu):
    # The secret comes from the environment: Ansible itself quotes a failing task's source lines.
    connection = {'api_url': emu.url, 'api_key': emu.api_key}
    run = play([task('auth', email='x@example.com')], connection=connection, env={'ZOOM_API_SECRET': 'wrong-secret-value'},
               expect_rc=2, verbosity=4)
    result = run.result('auth')
    assert '102' in result['msg']
    assert 'wrong-secret-value' not in run.stdout + run.stderr
    assert len(emu.calls()) == 1


def test_a_failure_after_some_writes_reports_them_as_changed(play, emu):
    emu.seed([{'email': 'half@example.com', 'dept': 'A'}])
    emu.fault('/user/deactivate', 'http_500', count=10)
    run = play([task('half', email='half@example.com', dept='B', active=False)], expect_rc=2)
    result = run.result('half')
    assert result['changed'] is True
    assert result['applied'] == ['update']
    assert result['endpoint'] == '/user/deactivate'
    assert emu.user('half@example.com')['dept'] == 'B'
    emu.clear_faults()
    run = play([task('rerun', email='half@example.com', dept='B', active=False)], expect_rc=0)
    assert run.result('rerun')['changed'] is True
    assert emu.user('half@example.com')['status'] == 'inactive'


# --- issue 10, item 11: create=false never creates (offboarding) ---------------------------------
@pytest.mark.parametrize('check', [True, False])
def test_create_false_leaves_a_misspelt_leaver_missing_ok_with_a_warning(play, emu, check):
    emu.seed([{'email': 'leaver@example.com'}])
    tasks = [task('typo', email='laever@example.com', active=False, create=False),
             task('leaver', register='l', email='leaver@example.com', active=False, create=False)]
    run = play(tasks, check=check, expect_rc=0)
    typo = run.result('typo')
    assert typo['changed'] is False
    assert typo['user'] == {} and typo['diff'] == {'before': {}, 'after': {}}
    assert 'not created' in typo['msg']
    assert any('laever@example.com' in warning and 'left missing' in warning for warning in typo['warnings'])
    assert run.result('leaver')['changed'] is True
    assert emu.user('laever@example.com') is None
    assert endpoints(writes(emu.calls())) == ([] if check else ['/user/deactivate'])
    assert emu.user('leaver@example.com')['status'] == ('active' if check else 'inactive')


# --- issue 10, item 10: the create method follows login_type ---------------------------------------
@pytest.mark.parametrize('login_type, endpoint, status, stored', [
    ('api', '/user/custcreate', 'active', 99), ('sso', '/user/ssocreate', 'active', 101),
    ('zoom', '/user/create', 'pending', 100)])
def test_login_type_without_create_method_creates_that_login_type(play, emu, login_type, endpoint, status, stored):
    run = play([task('create', email='lt@example.com', login_type=login_type)], expect_rc=0)
    assert run.result('create')['changed'] is True
    assert endpoints(writes(emu.calls())) == [endpoint]
    user = emu.user('lt@example.com')
    assert user['status'] == status and user['login_type'] in (stored, login_type)


def test_disagreeing_login_type_and_create_method_fail_before_any_call(play, emu):
    run = play([task('clash', email='clash@example.com', login_type='sso', create_method='custcreate')], expect_rc=2)
    msg = run.result('clash')['msg']
    assert 'sso' in msg and 'custcreate' in msg and 'disagree' in msg
    assert emu.calls() == []


def test_a_missing_google_login_is_not_created_and_fails_before_any_write(play, emu):
    run = play([task('google', email='g@example.com', login_type='google'),
                task('google kept out', register='k', email='g@example.com', login_type='google', create=False)])
    assert 'cannot be created' in run.result('google')['msg'] and 'google' in run.result('google')['msg']
    assert writes(emu.calls()) == [] and emu.user('g@example.com') is None


# --- issue 10, item 16: an invitation's diff shows only what the invitation holds ------------------
def test_invitation_diff_and_user_show_no_deferred_field_in_check_mode_and_for_real(play, emu):
    options = dict(email='inv16@example.com', timezone='Asia/Tokyo', dept='HR', pmi=2222222222, active=False)
    checked = play([task('invite', **options)], check=True, expect_rc=0).result('invite')
    real = play([task('invite', **options)], expect_rc=0).result('invite')
    for result in (checked, real):
        assert result['diff']['after'] == {'state': 'present', 'email': 'inv16@example.com', 'dept': 'HR'}
        assert 'timezone' not in result['user'] or result['user']['timezone'] == ''
        assert result['user'].get('pmi') != 2222222222 and result['user']['status'] == 'pending'
        assert any('pmi, timezone will be applied' in warning for warning in result['warnings'])
    stored = emu.user('inv16@example.com')
    assert stored['timezone'] == '' and stored['dept'] == 'HR' and stored['status'] == 'pending'
