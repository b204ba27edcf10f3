"""zoom_user_assistant against the emulator, on API v1 and v2: the set semantics, the exact calls of each
backend, v1's delete-all window and its failure report (v2 removes one by one: no window), check mode, and
the errors found before any write.

Every test but the version matrix's (test_add_then_rerun_is_unchanged_with_no_write, a real ansible-playbook run)
runs its tasks with the ``direct`` fixture: all are zoom_user_assistant tasks with literal options, and none
asserts what only the controller produces (test_direct_equivalence.py)."""

import pytest

from tests.integration.conftest import BACKENDS, api_calls, api_endpoints, endpoints, token_requests, writes

GET = 'GET /users/{userId}'
LIST = 'GET /users/{userId}/assistants'
ADD = 'POST /users/{userId}/assistants'
REMOVE = 'DELETE /users/{userId}/assistants/{assistantId}'


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


HOST = 'host@example.com'
A, B, C, D = 'a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'


def assistant(name, ignore_errors=False, **options):
    task = {'name': name, 'zoomops.zoom.zoom_user_assistant': options}
    if ignore_errors:
        task['ignore_errors'] = True
    return task


def seed(emu, host_assistants=(), others=()):
    emu.seed([{'email': HOST, 'assistants': list(host_assistants)}] +
             [{'email': email} for email in (A, B, C, D)] + list(others))


def status(run, task):
    """The recorded status of the task's last result: ok, failed, ..."""
    return [entry['status'] for entry in run.results if entry['task'] == task][-1]


def assistants_of(emu, email=HOST):
    return emu.user(email)['assistants']


def test_add_then_rerun_is_unchanged_with_no_write(emu, play, backend):
    seed(emu, [A])
    run = play([assistant('add', host_email=HOST, assistants=[A, B, C]),
                assistant('again', host_email=HOST, assistants=[C, B])], expect_rc=0)

    added = run.result('add')
    assert added['changed'] is True
    assert added['assistants'] == [A, B, C]
    assert added['diff'] == {'before': {'assistants': [A]}, 'after': {'assistants': [A, B, C]}}
    assert added['host']['email'] == HOST
    again = run.result('again')
    assert again['changed'] is False and again['assistants'] == [A, B, C]
    assert again['diff']['before'] == again['diff']['after']
    assert assistants_of(emu) == [A, B, C]
    # Adding costs a host lookup, the list, a lookup per new assistant and one set each; the rerun reads only.
    # v2 adds the missing ones in one call.
    assert api_endpoints(emu.calls()) == {
        'v1': ['/user/getbyemail', '/user/scheduleforhost/list', '/user/getbyemail', '/user/getbyemail',
               '/user/assistant/set', '/user/assistant/set',
               '/user/getbyemail', '/user/scheduleforhost/list'],
        'v2': [GET, LIST, GET, GET, ADD, GET, LIST]}[backend]
    assert token_requests(emu.calls()) == {'v1': 0, 'v2': 2}[backend]


def test_exclusive_removal_deletes_all_then_re_adds_in_order(emu, direct, backend):
    seed(emu, [A, B, C])
    run = direct([assistant('exactly', host_email=HOST, assistants=[C, A, D], exclusive=True)], expect_rc=0)

    result = run.result('exactly')
    assert result['changed'] is True
    assert result['assistants'] == [A, C, D]
    assert result['diff'] == {'before': {'assistants': [A, B, C]}, 'after': {'assistants': [A, C, D]}}
    assert 'removed b@example.com' in result['msg'] and 'added d@example.com' in result['msg']
    calls = api_calls(emu.calls())
    if backend == 'v1':
        # Every assistant to (re-)add is checked BEFORE the delete-all; the kept ones are re-added first.
        assert endpoints(calls) == [
            '/user/getbyemail', '/user/scheduleforhost/list',
            '/user/getbyemail', '/user/getbyemail', '/user/getbyemail',
            '/user/assistant/delete', '/user/assistant/set', '/user/assistant/set', '/user/assistant/set']
        assert [call['fields'] for call in writes(calls)] == [['id']] + [['assistant_email', 'id']] * 3
    else:
        # No delete-all window: the extra one is removed, the missing one added; the kept ones are untouched.
        assert endpoints(calls) == [GET, LIST, GET, REMOVE, ADD]
        assert [call['fields'] for call in writes(calls)] == [[], ['assistants']]
    assert assistants_of(emu) == [A, C, D]


def test_exclusive_empty_list_removes_every_assistant(emu, direct, backend):
    seed(emu, [A, B])
    run = direct([assistant('none', host_email=HOST, assistants=[], exclusive=True)], expect_rc=0)
    assert run.result('none')['assistants'] == []
    assert endpoints(writes(emu.calls())) == {'v1': ['/user/assistant/delete'], 'v2': [REMOVE, REMOVE]}[backend]
    assert assistants_of(emu) == []


def test_absent_removes_only_those_named(emu, direct, backend):
    seed(emu, [A, B, C])
    run = direct([assistant('drop b', host_email=HOST, assistants=[B, D], state='absent'),
                  assistant('drop b again', host_email=HOST, assistants=[B], state='absent')], expect_rc=0)

    assert run.result('drop b')['changed'] is True
    assert run.result('drop b')['assistants'] == [A, C]
    assert run.result('drop b again')['changed'] is False
    assert endpoints(writes(emu.calls())) == {'v1': ['/user/assistant/delete', '/user/assistant/set', '/user/assistant/set'],
                                              'v2': [REMOVE]}[backend]
    assert assistants_of(emu) == [A, C]


def test_check_mode_makes_no_write_and_predicts_the_real_run(emu, direct, backend):
    seed(emu, [A, B], others=[{'email': 'host2@example.com', 'assistants': [C, D]},
                              {'email': 'host3@example.com', 'assistants': [A]}])
    tasks = [assistant('exclusive', host_email=HOST, assistants=[B, C], exclusive=True),
             assistant('absent', host_email='host2@example.com', assistants=[C], state='absent'),
             assistant('unchanged', host_email='host3@example.com', assistants=[A])]
    checked = direct(tasks, check=True, expect_rc=0)
    assert writes(emu.calls()) == []
    assert assistants_of(emu) == [A, B] and assistants_of(emu, 'host2@example.com') == [C, D]

    real = direct(tasks, expect_rc=0)
    for name in ('exclusive', 'absent', 'unchanged'):
        for key in ('changed', 'diff', 'assistants', 'msg'):
            assert checked.result(name)[key] == real.result(name)[key], (name, key)
    assert [checked.result(name)['changed'] for name in ('exclusive', 'absent', 'unchanged')] == [True, True, False]
    assert checked.result('exclusive')['diff']['after'] == {'assistants': [B, C]}
    assert checked.result('absent')['diff']['after'] == {'assistants': [D]}
    assert assistants_of(emu) == [B, C] and assistants_of(emu, 'host2@example.com') == [D]


def test_failure_between_delete_all_and_re_add_names_the_missing_then_rerun_converges(emu, direct, backend):
    if backend == 'v2':
        return check_a_failed_removal_on_v2_keeps_the_other_assistants_then_rerun_converges(emu, direct)
    seed(emu, [A, B, C])
    emu.fault('/user/assistant/set', 'http_500', count=10)
    task = assistant('keep a and b', host_email=HOST, assistants=[A, B], exclusive=True)
    failed = direct([task], connection=dict(direct.connection(), retries=1), expect_rc=2)

    result = failed.result('keep a and b')
    assert status(failed, 'keep a and b') == 'failed' and result['changed'] is True
    assert result['missing'] == [A, B] and result['not_added'] == []
    assert result['assistants'] == []
    assert 'a@example.com, b@example.com' in result['msg'] and 'LACKS' in result['msg']
    assert 're-read from Zoom' in result['msg']
    assert assistants_of(emu) == []

    assert_a_rerun_converges(emu, direct, task, [A, B], ['/user/assistant/set', '/user/assistant/set'])


def assert_a_rerun_converges(emu, direct, task, wanted, wanted_writes):
    """Without the fault, ``task`` reaches ``wanted`` with ``wanted_writes``; the same task again changes nothing."""
    emu.clear_faults()
    emu.clear_calls()
    rerun = direct([task, dict(task, name='settled')], expect_rc=0)
    assert rerun.result(task['name'])['changed'] is True
    assert rerun.result(task['name'])['assistants'] == wanted
    assert rerun.result('settled')['changed'] is False
    assert endpoints(writes(emu.calls())) == wanted_writes
    assert assistants_of(emu) == wanted


def check_a_failed_removal_on_v2_keeps_the_other_assistants_then_rerun_converges(emu, direct):
    # v2 has no delete-all window: the extra assistants are removed one by one, and a failure part-way leaves
    # the host every assistant not yet removed (here: c's removal fails after b's went through).
    seed(emu, [A, B, C])
    emu.fault('/users/%s/assistants/%s' % (emu.user(HOST)['id'], C), 'http_500', count=10)
    task = assistant('keep a, add d', host_email=HOST, assistants=[A, D], exclusive=True)
    failed = direct([task], connection=dict(direct.connection(), retries=1), expect_rc=2)

    result = failed.result('keep a, add d')
    assert status(failed, 'keep a, add d') == 'failed' and result['changed'] is True, result
    assert result['missing'] == [] and result['not_added'] == [D]
    assert result['assistants'] == [A, C] and result['endpoint'] == REMOVE
    assert 'failed part-way (re-read from Zoom)' in result['msg'] and 'not added yet: d@example.com' in result['msg']
    assert 'LACKS' not in result['msg']
    # b removed, c's removal refused (HTTP 500 is final: no retry), the assistants re-read; d never added.
    assert api_endpoints(emu.calls()) == [GET, LIST, GET, REMOVE, REMOVE, LIST]
    assert assistants_of(emu) == [A, C]

    assert_a_rerun_converges(emu, direct, task, [A, D], [REMOVE, ADD])


def test_emails_are_compared_without_regard_to_case(emu, direct, backend):
    seed(emu, [A], others=[{'email': 'Mixed.Case@Example.com'}])
    run = direct([assistant('same', host_email='HOST@Example.COM', assistants=['A@EXAMPLE.COM'], exclusive=True),
                  assistant('new', host_email=HOST, assistants=['mixed.case@example.COM', 'a@example.com', 'A@example.com'])],
                 expect_rc=0)

    assert run.result('same')['changed'] is False
    new = run.result('new')
    assert new['changed'] is True
    assert new['assistants'] == [A, 'Mixed.Case@Example.com']  # the account's spelling
    assert endpoints(writes(emu.calls())) == [{'v1': '/user/assistant/set', 'v2': ADD}[backend]]
    assert assistants_of(emu) == [A, 'Mixed.Case@Example.com']


def test_errors_are_found_before_any_write(emu, direct, backend):
    seed(emu, [A, B], others=[{'email': 'invited@example.com', 'status': 'pending'},
                              {'email': 'off@example.com', 'status': 'inactive'},
                              {'email': 'offhost@example.com', 'status': 'inactive'}])
    # b becomes inactive while still an assistant: removing a would need re-adding b, which Zoom refuses.
    emu.call('/user/deactivate', id=emu.user(B)['id'])
    host_id = emu.user(HOST)['id']
    run = direct([
        # These two need no call at all: they fail before the first one.
        assistant('self by email', True, host_email=HOST, assistants=[A, 'Host@Example.com']),
        assistant('absent exclusive', True, host_email=HOST, assistants=[A], state='absent', exclusive=True),
        assistant('no host', True, host_email='nobody@example.com', assistants=[A]),
        assistant('unknown', True, host_email=HOST, assistants=[C, 'typo@example.com', 'typo2@example.com'],
                  exclusive=True),
        assistant('self by id', True, host_id=host_id, assistants=['HOST@example.com']),
        assistant('pending and inactive', True, host_email=HOST, assistants=['invited@example.com', 'off@example.com']),
        assistant('cannot re-add', True, host_email=HOST, assistants=[A], state='absent'),
        assistant('inactive host', True, host_email='offhost@example.com', assistants=[A]),
    ], expect_rc=0)

    msgs = {}
    # v2 removes a alone (no delete-all, nothing to re-add): 'cannot re-add' is a v1 failure only.
    refused = ['no host', 'unknown', 'self by email', 'self by id', 'pending and inactive', 'inactive host',
               'absent exclusive'] + (['cannot re-add'] if backend == 'v1' else [])
    for name in refused:
        assert status(run, name) == 'failed', name
        assert run.result(name)['changed'] is False, name
        msgs[name] = run.result(name)['msg']
    assert 'host nobody@example.com not found' in msgs['no host']
    assert 'not a user of this account: typo2@example.com, typo@example.com' in msgs['unknown']
    assert 'c@example.com' not in msgs['unknown'].split('nothing was changed')[1]
    assert 'host@example.com is the host' in msgs['self by email']
    assert 'host@example.com is the host' in msgs['self by id']
    assert 'inactive user cannot be an assistant: off@example.com' in msgs['pending and inactive']
    assert 'pending user cannot be an assistant: invited@example.com' in msgs['pending and inactive']
    if backend == 'v1':
        assert 'refuse to re-add b@example.com (inactive)' in msgs['cannot re-add']
    else:
        assert status(run, 'cannot re-add') == 'ok' and run.result('cannot re-add')['assistants'] == [B]
    assert 'offhost@example.com is inactive' in msgs['inactive host']
    assert 'exclusive=true is only allowed with state=present' in msgs['absent exclusive']
    calls = emu.calls()
    deactivate = {'endpoint': '/user/deactivate', 'fields': ['id']}
    if backend == 'v1':
        assert writes(calls) == [deactivate]
        assert assistants_of(emu) == [A, B]
    else:
        assert writes(calls) == [deactivate, {'endpoint': REMOVE, 'fields': []}]
        assert assistants_of(emu) == [B]
    # The first two tasks made no call (v2: not even a token request): the log starts with the 'no host' lookup
    # (v1: 2 calls for a missing user; v2: one).
    assert endpoints(calls)[:3] == {'v1': ['/user/deactivate', '/user/getbyemail', '/user/checkemail'],
                                    'v2': ['/user/deactivate', 'POST /oauth/token', GET]}[backend]


def test_many_assistants_are_checked_with_one_pass_over_the_list(emu, direct, backend):
    many = ['helper%02d@example.com' % n for n in range(12)]
    emu.seed([{'email': HOST}, {'email': 'host2@example.com'}] + [{'email': email} for email in many] +
             [{'email': 'later@example.com', 'status': 'pending'}])
    run = direct([assistant('many', host_email=HOST, assistants=many),
                  assistant('one pending among many', True, host_email='host2@example.com',
                            assistants=many[:10] + ['later@example.com', 'ghost@example.com'])], expect_rc=0)

    assert run.result('many')['assistants'] == many
    msg = run.result('one pending among many')['msg']
    assert 'pending user cannot be an assistant: later@example.com' in msg
    assert 'not a user of this account: ghost@example.com' in msg
    if backend == 'v1':
        # 12 checks: one /user/list page instead of 12 lookups; for the 2 not listed a checkemail each,
        # and one pending page for the one that exists.
        assert endpoints(emu.calls()) == ['/user/getbyemail', '/user/scheduleforhost/list', '/user/list'] + \
            ['/user/assistant/set'] * 12 + ['/user/getbyemail', '/user/scheduleforhost/list', '/user/list',
                                            '/user/checkemail', '/user/checkemail', '/user/pending']
    else:
        # v2 finds any user (any status) with one lookup each (12 + 12), and adds the 12 in one call.
        assert api_endpoints(emu.calls()) == [GET, LIST] + [GET] * 12 + [ADD] + [GET, LIST] + [GET] * 12
        assert token_requests(emu.calls()) == 2
    assert assistants_of(emu) == many and assistants_of(emu, 'host2@example.com') == []


def test_login_type_hint_finds_sso_host_and_assistants_with_one_call_each(emu, direct, backend):
    emu.seed([{'email': HOST, 'create_method': 'ssocreate'}, {'email': A, 'create_method': 'ssocreate'},
              {'email': B, 'create_method': 'ssocreate'}])
    run = direct([assistant('no hint', host_email=HOST, assistants=[A]),
                  assistant('hint', host_email=HOST, assistants=[B], login_type='sso')], expect_rc=0)
    assert run.result('hint')['changed'] is True and assistants_of(emu) == [A, B]
    if backend == 'v2':
        # v2 finds a user of any login type with one call: the hint changes nothing in the cost.
        assert api_endpoints(emu.calls()) == [GET, LIST, GET, ADD] * 2
        assert [call['fields'] for call in api_calls(emu.calls()) if call['endpoint'] == GET][2:] == [['login_type']] * 2
        return
    calls = endpoints(emu.calls())
    split = calls.index('/user/assistant/set') + 1
    without, hinted = calls[:split], calls[split:]
    # Without the hint each SSO user costs getbyemail (zoom), checkemail, the pending list, getbyemail (api, sso).
    assert without.count('/user/getbyemail') + without.count('/user/checkemail') >= 8
    assert hinted == ['/user/getbyemail', '/user/scheduleforhost/list', '/user/getbyemail', '/user/assistant/set']


def test_check_mode_predicts_assistants_created_earlier_in_the_play_and_a_real_run_still_refuses(emu, direct, backend):
    seed(emu, [A])
    task = assistant('set', True, host_email=HOST, assistants=[B, 'later@example.com'], exclusive=True)
    new_host = assistant('new host', True, host_email='newhost@example.com', assistants=[A])
    check = direct([task, new_host], check=True, expect_rc=0)
    predicted = check.result('set')
    assert status(check, 'set') == 'ok' and predicted['changed'] is True
    # The removal of a is shown although an assistant does not exist yet.
    assert predicted['diff'] == {'before': {'assistants': [A]}, 'after': {'assistants': [B, 'later@example.com']}}
    assert any('later@example.com is not a user of this account (yet)' in warning
               for warning in predicted.get('warnings', []))
    assert status(check, 'new host') == 'ok' and check.result('new host')['changed'] is True
    assert check.result('new host')['diff']['after'] == {'assistants': [A]}
    assert writes(emu.calls()) == []

    real = direct([task, new_host], expect_rc=0)
    assert status(real, 'set') == 'failed' and 'not a user of this account: later@example.com' in real.result('set')['msg']
    assert status(real, 'new host') == 'failed' and 'not found' in real.result('new host')['msg']
    assert writes(emu.calls()) == [] and assistants_of(emu) == [A]
