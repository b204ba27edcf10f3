"""zoom_user, zoom_user_info and zoom_user_assistant on Zoom API v2 (Server-to-Server OAuth) against the
emulator: results AND the emulator's call log (method and path template, token requests).

Tasks of this collection's modules with literal options run with the ``direct`` fixture (each task a forked process
running the module's main(), asking for its own token as a module process does; test_direct_equivalence.py proves
the same results and calls as a playbook run). Real ansible-playbook runs (``play_v2``) stay where a test asserts
what only the controller does (what -vvvv prints, templating, module_defaults, no_log, the export's filter in
set_fact) and for the tests of the version matrix (tests/matrix.txt)."""


import json

import pytest

from .reapply import apply_tasks, item_results

TOKEN = 'POST /oauth/token'


@pytest.fixture
def backend():
    """The ``direct`` fixture speaks API v2 here, as play_v2 does."""
    return 'v2'


def api_calls(calls):
    return [call['endpoint'] for call in calls if call['endpoint'] != TOKEN]


def token_calls(calls):
    return [call for call in calls if call['endpoint'] == TOKEN]


def seed(emu, **user):
    user.setdefault('email', 'ada@example.com')
    user.setdefault('create_method', 'custcreate')
    emu.seed([user])
    emu.clear_calls()


def test_a_no_op_costs_one_api_call_and_one_token_request(emu, direct):
    seed(emu, first_name='Ada', dept='Eng')
    task = {'email': 'ada@example.com', 'first_name': 'Ada', 'dept': 'Eng'}
    run = direct([{'name': 'same', 'zoomops.zoom.zoom_user': task}], expect_rc=0)
    assert run.result('same')['changed'] is False
    calls = emu.calls()
    assert api_calls(calls) == ['GET /users/{userId}'] and len(token_calls(calls)) == 1, calls


def test_managed_settings_cost_one_more_call(emu, direct):
    seed(emu, disable_chat=True, enable_waiting_room=False)
    run = direct([{'name': 'same', 'zoomops.zoom.zoom_user': {
        'email': 'ada@example.com', 'settings': {'disable_chat': True, 'enable_waiting_room': False}}}], expect_rc=0)
    assert run.result('same')['changed'] is False
    calls = emu.calls()
    assert api_calls(calls) == ['GET /users/{userId}', 'GET /users/{userId}/settings'], calls
    assert len(token_calls(calls)) == 1


def test_settings_are_patched_nested_with_their_inversions(emu, direct):
    seed(emu, disable_chat=False)
    run = direct([{'name': 'set', 'zoomops.zoom.zoom_user': {
        'email': 'ada@example.com', 'settings': {'disable_chat': True, 'enable_auto_recording': True}}}], expect_rc=0)
    assert run.result('set')['changed'] is True
    patch = [call for call in emu.calls() if call['endpoint'] == 'PATCH /users/{userId}/settings']
    assert len(patch) == 1 and set(patch[0]['fields']) == {'in_meeting.chat', 'recording.auto_recording'}, patch
    user = emu.user('ada@example.com')
    assert user['disable_chat'] is True and user['enable_auto_recording'] is True
    emu.clear_calls()
    again = direct([{'name': 'again', 'zoomops.zoom.zoom_user': {
        'email': 'ada@example.com', 'settings': {'disable_chat': True, 'enable_auto_recording': True}}}], expect_rc=0)
    assert again.result('again')['changed'] is False


def test_a_reused_access_token_costs_no_token_request_and_never_shows(emu, play_v2, tmp_path):
    seed(emu, first_name='Ada')
    connection = play_v2.connection()
    reuse = {'group/zoomops.zoom.zoom': dict(connection, access_token='{{ zoom_login.access_token }}')}
    kept = tmp_path / 'token.txt'
    tasks = [
        {'name': 'token', 'zoomops.zoom.zoom_token': {}, 'register': 'zoom_login', 'no_log': True},
        {'name': 'reuse', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'first_name': 'Ada'},
         'module_defaults': reuse},
        {'name': 'reuse again', 'zoomops.zoom.zoom_user_info': {'email': 'ada@example.com'}, 'module_defaults': reuse},
        # Only to learn the token in this test (never do this in a playbook).
        {'name': 'keep', 'copy': {'content': '{{ zoom_login.access_token }}', 'dest': str(kept), 'mode': '0600'},
         'no_log': True},
    ]
    run = play_v2(tasks, verbosity=4, expect_rc=0)
    assert run.result('reuse')['changed'] is False
    calls = emu.calls()
    # One token for the play: the zoom_token task's; the tasks after it ask for none.
    assert len(token_calls(calls)) == 1, calls
    assert api_calls(calls) == ['GET /users/{userId}', 'GET /users/{userId}', 'GET /users/{userId}/settings'], calls
    token = kept.read_text()
    assert len(token) >= 16
    output = run.stdout + run.stderr
    assert token not in output and emu.client_secret not in output


def test_an_access_token_given_alone_is_used_and_never_shown(emu, play_v2):
    seed(emu, first_name='Ada')
    token = emu.token(fresh=True)
    emu.clear_calls()
    connection = {'api_url': emu.root + '/v2', 'access_token': token}
    run = play_v2([{'name': 'read', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'first_name': 'Ada'}}],
                  connection=connection, verbosity=4, expect_rc=0)
    assert run.result('read')['changed'] is False
    assert token_calls(emu.calls()) == [] and token not in run.stdout + run.stderr


def test_zoom_token_refuses_to_run_without_no_log(emu, direct):
    # A task without no_log: the module process gets _ansible_no_log false, as from ansible-playbook.
    run = direct([{'name': 'token', 'zoomops.zoom.zoom_token': {}, 'ignore_errors': True}])
    assert 'set no_log: true' in run.result('token')['msg']
    assert token_calls(emu.calls()) == []


def test_create_update_deactivate_and_delete_on_v2(emu, direct):
    emu.clear_calls()
    user = {'email': 'new@example.com', 'create_method': 'custcreate', 'first_name': 'New', 'dept': 'Ops',
            'type': 'pro', 'settings': {'enable_waiting_room': True}}
    run = direct([{'name': 'create', 'zoomops.zoom.zoom_user': user}], expect_rc=0)
    assert run.result('create')['changed'] is True
    assert api_calls(run.task_calls('create')) == ['GET /users/{userId}', 'POST /users', 'PATCH /users/{userId}',
                                                   'PATCH /users/{userId}/settings'], run.task_calls('create')
    stored = emu.user('new@example.com')
    assert stored['dept'] == 'Ops' and stored['type'] == 2 and stored['enable_waiting_room'] is True
    run = direct([
        {'name': 'same', 'zoomops.zoom.zoom_user': user},
        {'name': 'off', 'zoomops.zoom.zoom_user': {'email': 'new@example.com', 'active': False, 'dept': 'Sales'}},
    ], expect_rc=0)
    assert run.result('same')['changed'] is False and run.result('off')['changed'] is True
    assert 'PUT /users/{userId}/status' in api_calls(run.task_calls('same') + run.task_calls('off'))
    assert emu.user('new@example.com')['dept'] == 'Sales'
    run = direct([{'name': 'gone', 'zoomops.zoom.zoom_user': {'email': 'new@example.com', 'state': 'absent'}}],
                 expect_rc=0)
    assert run.result('gone')['changed'] is True and emu.user('new@example.com') is None
    delete = [call for call in run.task_calls('gone') if call['endpoint'] == 'DELETE /users/{userId}']
    assert delete and delete[0]['fields'] == ['action'], delete


def test_a_pending_user_is_present_never_patched_and_deleted_without_a_query(emu, direct):
    seed(emu, email='invited@example.com', create_method='create')
    run = direct([{'name': 'pending', 'zoomops.zoom.zoom_user': {'email': 'invited@example.com', 'dept': 'X'}}],
                 expect_rc=0)
    result = run.result('pending')
    assert result['changed'] is False and any('invited (pending)' in w for w in result.get('warnings', []))
    assert api_calls(emu.calls()) == ['GET /users/{userId}']
    emu.clear_calls()
    direct([{'name': 'gone', 'zoomops.zoom.zoom_user': {'email': 'invited@example.com', 'state': 'absent'}}],
           expect_rc=0)
    delete = [call for call in emu.calls() if call['endpoint'] == 'DELETE /users/{userId}']
    assert delete and delete[0]['fields'] == [], delete
    assert emu.user('invited@example.com') is None


def test_options_without_a_v2_equivalent_fail_before_any_call(emu, direct):
    emu.clear_calls()
    run = direct([
        {'name': 'track', 'zoomops.zoom.zoom_user': {'email': 'a@example.com', 'track_id': 't1'}, 'ignore_errors': True},
        {'name': 'corp', 'zoomops.zoom.zoom_user': {'email': 'a@example.com', 'type': 'corp'}, 'ignore_errors': True},
        {'name': 'attention', 'zoomops.zoom.zoom_user': {'email': 'a@example.com',
                                                         'settings': {'enable_attention_tracking': True}},
         'ignore_errors': True},
        {'name': 'password', 'zoomops.zoom.zoom_user': {'email': 'a@example.com', 'create_method': 'ssocreate',
                                                        'password': 'Secret123x'}, 'ignore_errors': True},
    ])
    assert 'track_id' in run.result('track')['msg']
    assert 'type corp' in run.result('corp')['msg']
    assert 'enable_attention_tracking' in run.result('attention')['msg']
    assert 'password cannot be set' in run.result('password')['msg']
    assert emu.calls() == []


def test_assistants_on_v2_add_the_missing_and_remove_extras_one_by_one(emu, direct):
    emu.seed([{'email': 'host@example.com', 'create_method': 'custcreate', 'type': 2,
               'assistants': ['a1@example.com', 'a2@example.com']},
              {'email': 'a1@example.com', 'create_method': 'custcreate', 'type': 2},
              {'email': 'a2@example.com', 'create_method': 'custcreate', 'type': 2},
              {'email': 'a3@example.com', 'create_method': 'custcreate', 'type': 2}])
    emu.clear_calls()
    run = direct([{'name': 'set', 'zoomops.zoom.zoom_user_assistant': {
        'host_email': 'host@example.com', 'assistants': ['a1@example.com', 'a3@example.com'], 'exclusive': True}}],
        expect_rc=0)
    assert run.result('set')['changed'] is True
    writes = [call['endpoint'] for call in emu.calls() if not call['endpoint'].startswith('GET')
              and call['endpoint'] != TOKEN]
    assert writes == ['DELETE /users/{userId}/assistants/{assistantId}', 'POST /users/{userId}/assistants'], writes
    # Assistants need no settings: the host is read without them.
    assert 'GET /users/{userId}/settings' not in [call['endpoint'] for call in emu.calls()]
    status, body, _headers = emu.v2('GET', '/users/host@example.com/assistants')
    assert sorted(item['email'] for item in body['assistants']) == ['a1@example.com', 'a3@example.com']


def test_zoom_user_info_lists_every_page_on_v2(emu, direct):
    emu.seed([{'email': 'user%03d@example.com' % number, 'create_method': 'custcreate'} for number in range(305)]
             + [{'email': 'pending@example.com', 'create_method': 'create'}])
    emu.clear_calls()
    run = direct([{'name': 'all', 'zoomops.zoom.zoom_user_info': {}}], expect_rc=0)
    users = run.result('all')['users']
    assert len(users) == 306 and sum(1 for user in users if user['status'] == 'pending') == 1
    listing = [call for call in emu.calls() if call['endpoint'] == 'GET /users']
    assert len(listing) == 4, listing   # active: 2 pages (300 + 5); inactive: 1; pending: 1


def test_the_client_secret_and_the_token_never_show_at_vvvv(emu, play_v2):
    seed(emu)
    run = play_v2([{'name': 'read', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'first_name': 'Bea'}}],
                  verbosity=4, expect_rc=0)
    output = run.stdout + run.stderr
    assert emu.client_secret not in output and 'ZW11bGF0b3ItY2xpZW50' not in output
    assert 'Bearer' not in output


def test_an_opt_in_token_cache_shares_one_token_between_tasks_in_an_owner_only_file(emu, play_v2, tmp_path):
    seed(emu, first_name='Ada')
    cache_file = tmp_path / 'cache' / 'zoom-token.json'
    cache_file.parent.mkdir(mode=0o700)
    connection = dict(play_v2.connection(), token_cache=str(cache_file))
    task = {'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'first_name': 'Ada'}}
    run = play_v2([dict(task, name='one'), dict(task, name='two'), dict(task, name='three')],
                  connection=connection, verbosity=4, expect_rc=0)
    assert len(token_calls(emu.calls())) == 1, emu.calls()
    assert oct(cache_file.stat().st_mode & 0o777) == oct(0o600)
    assert emu.client_secret not in run.stdout + run.stderr
    cached = json.loads(cache_file.read_text())['access_token']
    assert cached not in run.stdout + run.stderr


def test_a_token_cache_readable_by_others_fails_the_task_before_any_call(emu, direct, tmp_path):
    cache_file = tmp_path / 'zoom-token.json'
    cache_file.write_text('{}')
    cache_file.chmod(0o644)
    emu.clear_calls()
    run = direct([{'name': 'one', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com'}, 'ignore_errors': True}],
                 connection=dict(direct.connection(), token_cache=str(cache_file)))
    assert 'group or others' in run.result('one')['msg']
    assert emu.calls() == []


def test_several_missing_assistants_are_added_in_one_call(emu, direct):
    emu.seed([{'email': 'host@example.com', 'create_method': 'custcreate', 'type': 2}]
             + [{'email': 'a%d@example.com' % number, 'create_method': 'custcreate', 'type': 2} for number in range(3)])
    emu.clear_calls()
    wanted = ['a0@example.com', 'a1@example.com', 'a2@example.com']
    task = {'host_email': 'host@example.com', 'assistants': wanted}
    run = direct([{'name': 'add', 'zoomops.zoom.zoom_user_assistant': task}], expect_rc=0)
    assert run.result('add')['changed'] is True
    posts = [call for call in emu.calls() if call['endpoint'] == 'POST /users/{userId}/assistants']
    assert len(posts) == 1, emu.calls()
    _status, body, _headers = emu.v2('GET', '/users/host@example.com/assistants')
    assert sorted(item['email'] for item in body['assistants']) == wanted


def test_group_membership_and_a_write_only_host_key_on_v2(emu, direct, play_v2):
    seed(emu, type=2, group_id='g1', host_key='123456')
    same = {'email': 'ada@example.com', 'group_id': 'g1', 'host_key': '654321'}
    run = direct([{'name': 'same', 'zoomops.zoom.zoom_user': same}], expect_rc=0)
    # A member of g1 already; the host key cannot be read back, so it is sent on create only.
    assert run.result('same')['changed'] is False and api_calls(emu.calls()) == ['GET /users/{userId}']
    emu.clear_calls()
    # What -vvvv prints needs a playbook run.
    run = play_v2([{'name': 'move', 'zoomops.zoom.zoom_user': dict(same, group_id='g2', update_host_key='always')}],
                  verbosity=4, expect_rc=0)
    assert run.result('move')['changed'] is True
    assert api_calls(emu.calls()) == ['GET /users/{userId}', 'PATCH /users/{userId}', 'POST /groups/{groupId}/members']
    # The one store behind both APIs shows the host key through v1.
    assert emu.call('/user/getbyemail', email='ada@example.com', login_type=99)['host_key'] == '654321'
    assert '654321' not in run.stdout + run.stderr


def test_check_mode_on_v2_predicts_the_create_and_writes_nothing(emu, direct):
    emu.clear_calls()
    user = {'email': 'new@example.com', 'create_method': 'custcreate', 'first_name': 'New', 'dept': 'Ops'}
    checked = direct([{'name': 'create', 'zoomops.zoom.zoom_user': user}], check=True, expect_rc=0)
    assert api_calls(emu.calls()) == ['GET /users/{userId}'] and emu.user('new@example.com') is None
    real = direct([{'name': 'create', 'zoomops.zoom.zoom_user': user}], expect_rc=0)
    assert checked.result('create')['changed'] is real.result('create')['changed'] is True
    assert checked.result('create')['diff'] == real.result('create')['diff']


def test_an_expired_access_token_is_replaced_once_from_the_credentials(emu, play_v2):
    seed(emu, first_name='Ada')
    token = emu.token(fresh=True)
    emu.control('POST', 'tokens/expire')
    emu.clear_calls()
    run = play_v2([{'name': 'read', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'first_name': 'Ada'}}],
                  connection=dict(play_v2.connection(), access_token=token), verbosity=4, expect_rc=0)
    assert run.result('read')['changed'] is False
    # The refused call, one token request, the same call again.
    assert [call['endpoint'] for call in emu.calls()] == ['GET /users/{userId}', TOKEN, 'GET /users/{userId}']
    assert token not in run.stdout + run.stderr


def test_a_daily_rate_limit_fails_at_once_saying_so(emu, direct):
    seed(emu)
    emu.fault('/users/{userId}', 'rate_limit_daily')
    run = direct([{'name': 'read', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com'}, 'ignore_errors': True}])
    assert 'daily rate limit' in run.result('read')['msg']
    assert api_calls(emu.calls()) == ['GET /users/{userId}']


def test_a_daily_limit_said_only_by_the_body_fails_at_once_saying_so(emu, direct):
    seed(emu)
    emu.fault('/users/{userId}', 'rate_limit_daily_bare')   # no X-RateLimit-Type, no Retry-After
    run = direct([{'name': 'read', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com'}, 'ignore_errors': True}])
    msg = run.result('read')['msg']
    assert 'daily rate limit' in msg and 'not retried' in msg and 'after 00:00 UTC' in msg, msg
    assert api_calls(emu.calls()) == ['GET /users/{userId}']


def test_host_keys_of_6_to_10_digits_are_set_on_v2_and_others_refused_before_any_call(emu, play_v2):
    seed(emu, type=2)
    run = play_v2([
        {'name': 'ten', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'host_key': '{{ ten }}',
                                                   'update_host_key': 'always'}},
        {'name': 'eleven', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'host_key': '{{ eleven }}',
                                                      'update_host_key': 'always'}, 'ignore_errors': True},
        {'name': 'five', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'host_key': '{{ five }}',
                                                    'update_host_key': 'always'}, 'ignore_errors': True},
    ], extra_vars={'ten': '1234567890', 'eleven': '12345678901', 'five': '12345'}, verbosity=3)
    assert run.result('ten')['changed'] is True
    calls = emu.calls()
    patches = [call for call in calls if call['endpoint'] == 'PATCH /users/{userId}']
    assert len(patches) == 1 and patches[0]['fields'] == ['host_key'], calls
    # The refused tasks made no call: the token request and the two calls are the first task's.
    assert api_calls(calls) == ['GET /users/{userId}', 'PATCH /users/{userId}'] and len(token_calls(calls)) == 1
    assert emu.call('/user/getbyemail', email='ada@example.com', login_type=99)['host_key'] == '1234567890'
    for task in ('eleven', 'five'):
        result = run.result(task)
        assert 'host_key must be 6 to 10 digits on Zoom API v2' in result['msg'], result
    output = run.stdout + run.stderr
    assert '1234567890' not in output and '12345678901' not in output
    # The emulator's v2 front-end takes 6 to 10 digits too, and refuses the rest as v2 does (code 300).
    for host_key, status in (('123456', 204), ('1234567890', 204), ('12345678901', 400), ('12345', 400)):
        answer_status, body, _headers = emu.v2('PATCH', '/users/ada@example.com', body={'host_key': host_key})
        assert answer_status == status, (host_key, answer_status, body)
        if status == 400:
            assert body['code'] == 300 and 'host_key' in repr(body), body


def test_webinar_capacity_takes_v2s_values_on_v2_and_refuses_others_before_any_call(emu, direct):
    seed(emu, type=2, enable_webinar=True)
    settings = {'enable_webinar': True, 'webinar_capacity': 501}
    run = direct([
        {'name': 'set', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'settings': settings}},
        {'name': 'again', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'settings': settings}},
        {'name': 'v1 only', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com',
                                                       'settings': {'webinar_capacity': 0}}, 'ignore_errors': True},
    ], expect_rc=0)
    assert run.result('set')['changed'] is True and run.result('again')['changed'] is False
    patch = [call for call in emu.calls() if call['endpoint'] == 'PATCH /users/{userId}/settings']
    assert len(patch) == 1 and patch[0]['fields'] == ['feature.webinar_capacity'], patch
    assert emu.user('ada@example.com')['webinar_capacity'] == 501
    msg = run.result('v1 only')['msg']
    assert 'webinar_capacity must be one of 100, 500, 501, 1000, 1001, 3000, 5000, 10000 on Zoom API v2' in msg, msg
    # The refused task made no call: 2 reads and 1 patch for 'set', 2 reads for 'again'.
    assert len(api_calls(emu.calls())) == 5, emu.calls()


def test_info_carries_group_membership_and_an_export_re_applies_as_no_change_on_v2(emu, play_v2, direct):
    emu.seed([{'email': 'grouped@example.com', 'create_method': 'custcreate', 'type': 2, 'group_id': 'g1',
               'dept': 'Eng'},
              {'email': 'loner@example.com', 'create_method': 'ssocreate', 'first_name': 'Lo'},
              {'email': 'invited@example.com', 'create_method': 'create', 'group_id': 'g2'}])
    emu.clear_calls()
    read = direct([{'name': 'one', 'zoomops.zoom.zoom_user_info': {'email': 'grouped@example.com'}, 'register': 'one'}],
                  expect_rc=0)
    # The export: the filter in set_fact needs a playbook run.
    export = play_v2([
        {'name': 'export', 'zoomops.zoom.zoom_user_info': {}, 'register': 'account'},
        {'name': 'options', 'ansible.builtin.set_fact': {
            'zoom_users': '{{ account.users | zoomops.zoom.zoom_user_options }}'}},
    ], expect_rc=0)
    one = read.result('one')['users'][0]
    assert one['group_id'] == 'g1' and one['group_ids'] == ['g1'], one
    listed = dict((user['email'], user) for user in export.result('export')['users'])
    assert [(listed[email]['group_id'], listed[email]['group_ids']) for email in sorted(listed)] == [
        ('g1', ['g1']), ('g2', ['g2']), ('', [])], listed
    options = dict((item['email'], item) for item in export.result('options')['ansible_facts']['zoom_users'])
    assert options['grouped@example.com']['group_id'] == 'g1' and 'group_id' not in options['loner@example.com']
    # Re-applied to the same account (each of these options of each item, as the documented loop hands them):
    # nothing changes, nothing is written, one read per user.
    emu.clear_calls()
    names = ['email', 'state', 'login_type', 'create_method', 'create', 'active', 'first_name', 'last_name', 'type',
             'dept', 'timezone', 'pmi', 'vanity_name', 'group_id', 'cms_user_id', 'settings']
    items = list(options.values())
    run = direct(apply_tasks(items, names=names), expect_rc=0)
    assert [item['changed'] for item in item_results(run, items)] == [False] * 3
    writes = [call for call in api_calls(emu.calls()) if not call.startswith('GET ')]
    assert writes == [], emu.calls()


def test_a_user_in_several_groups_keeps_them_all_and_an_export_re_applies_as_no_change_on_v2(emu, play_v2, direct):
    seed(emu, type=2, group_id='g1')
    joined = direct([
        {'name': 'join', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'group_id': 'g9'}},
        {'name': 'join again', 'zoomops.zoom.zoom_user': {'email': 'ada@example.com', 'group_id': 'g9'}},
    ], expect_rc=0)
    # The export: the filters in set_fact need a playbook run.
    run = play_v2([
        {'name': 'read', 'zoomops.zoom.zoom_user_info': {'email': 'ada@example.com'}, 'register': 'account'},
        {'name': 'options', 'ansible.builtin.set_fact': {
            'zoom_users': '{{ account.users | zoomops.zoom.zoom_user_options }}',
            'not_carried': '{{ account.users | zoomops.zoom.zoom_user_not_carried }}'}},
    ], expect_rc=0)
    # A membership is added, never moved: g1 stays.
    assert joined.result('join')['changed'] is True and joined.result('join again')['changed'] is False
    user = run.result('read')['users'][0]
    assert user['group_ids'] == ['g1', 'g9'] and user['group_id'] == 'g1', user
    facts = run.result('options')['ansible_facts']
    assert facts['zoom_users'][0]['group_id'] == 'g1'
    assert any('a member of 2 groups (g1, g9): only group_id g1 is carried' in note for note in facts['not_carried'])
    # Re-applied with the email, login type, group and type of the exported item.
    applied = direct(apply_tasks(facts['zoom_users'], names=['email', 'login_type', 'group_id', 'type']), expect_rc=0)
    assert [item['changed'] for item in item_results(applied, facts['zoom_users'])] == [False]
    posts = [call for call in emu.calls() if call['endpoint'] == 'POST /groups/{groupId}/members']
    assert len(posts) == 1, emu.calls()
    # v1 sees one group; removing one membership keeps the other.
    assert emu.call('/user/getbyemail', email='ada@example.com', login_type=99)['group_id'] == 'g1'
    user_id = user['id']
    assert emu.v2('DELETE', '/groups/g1/members/' + user_id)[0] == 204
    assert emu.v2('GET', '/users/' + user_id)[1]['group_ids'] == ['g9']
    assert emu.call('/user/getbyemail', email='ada@example.com', login_type=99)['group_id'] == 'g9'
