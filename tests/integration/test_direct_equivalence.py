"""The ``direct`` fixture (tests/integration/direct.py: each module task a forked process running the module's
main()) gives what a real ansible-playbook run gives: the same task results, statuses, return code and emulator
calls, for every module this collection's tests run directly, in check mode and for real, on both APIs. The
tests that use ``direct`` instead of ``play`` rely on this."""

import pytest

from .conftest import BACKENDS, connection_env, endpoints

# Values the emulator draws at random or from the clock (different in two runs against a reset account).
VOLATILE = {'id', 'created_at', 'account_id', 'pmi', 'host_id', 'started', 'ended', 'user_id', 'assistant_id', 'token', 'zak', 'zpk'}


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def normalised(value):
    if isinstance(value, dict):
        return dict((key, '*' if key in VOLATILE else normalised(item)) for key, item in value.items())
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


def differences(ours, theirs):
    return [(key, ours.get(key), theirs.get(key)) for key in sorted(set(ours) | set(theirs))
            if ours.get(key) != theirs.get(key)]


def entries(run):
    return [normalised({key: entry[key] for key in ('task', 'action', 'status', 'result')}) for entry in run.results]


SEED = [{'email': 'host@example.com', 'first_name': 'Host', 'dept': 'Ops'}, {'email': 'a@example.com'},
        {'email': 'b@example.com'}, {'email': 'invited@example.com', 'status': 'pending'}]
ZU, ZA, ZI, ZR = ('zoomops.zoom.' + name for name in ('zoom_user', 'zoom_user_assistant', 'zoom_user_info',
                                                      'zoom_roster'))
TASKS = [
    {'name': 'create', ZU: {'email': 'New@Example.com', 'first_name': 'New', 'create_method': 'custcreate',
                            'type': 'pro', 'settings': {'enable_waiting_room': True}}, 'register': 'created'},
    {'name': 'update', ZU: {'email': 'host@example.com', 'dept': 'Sales', 'timezone': 'Europe/Paris'}},
    {'name': 'unchanged', ZU: {'email': 'host@example.com', 'first_name': 'Host'}},
    {'name': 'check only', ZU: {'email': 'a@example.com', 'dept': 'Maths'}, 'check_mode': True},
    {'name': 'no diff', ZU: {'email': 'b@example.com', 'dept': 'Maths'}, 'diff': False},
    {'name': 'bad input', ZU: {'email': 'a@example.com', 'timezone': 'Not/AZone'}, 'ignore_errors': True},
    {'name': 'warned', ZU: {'email': 'leaver@example.com', 'create': False}},
    {'name': 'pending', ZU: {'email': 'invited@example.com', 'dept': 'Later'}},
    {'name': 'assistants', ZA: {'host_email': 'host@example.com', 'assistants': ['a@example.com', 'b@example.com']}},
    {'name': 'one user', ZI: {'email': 'host@example.com', 'include_assistants': True}},
    {'name': 'everyone', ZI: {'full_records': False}},
    {'name': 'roster', ZR: {'users': [{'email': 'host@example.com', 'dept': 'Roster'},
                                      {'email': 'roster.new@example.com', 'create_method': 'custcreate'}]}},
    {'name': 'absent', ZU: {'email': 'b@example.com', 'state': 'absent'}},
    {'name': 'stops the play', ZU: {'email': 'a@example.com', 'id': 'NoSuchUserId'}},
    {'name': 'never runs', ZU: {'email': 'a@example.com', 'dept': 'Never'}},
]


# In check mode, the tasks that would write (and the failure that stops the play).
CHECK_TASKS = [task for task in TASKS if task['name'] in ('create', 'update', 'no diff', 'warned', 'assistants',
                                                          'roster', 'absent', 'bad input', 'stops the play')]


@pytest.mark.parametrize('check', [False, True], ids=['real', 'check'])
def test_direct_runs_give_the_results_and_calls_of_a_playbook_run(play, direct, emu, check):
    outcomes = []
    for runner in (play, direct):
        emu.reset()
        emu.seed(SEED)
        emu.clear_calls()
        run = runner(CHECK_TASKS if check else TASKS, check=check)
        if runner is direct:   # each task's own calls, in order, make up the whole log
            assert [call for entry in run.results for call in run.task_calls(entry['task'])] == emu.calls()
        outcomes.append((run.rc, entries(run), endpoints(emu.calls()), normalised(emu.state()['users'])))
    (rc, results, calls, state), (direct_rc, direct_results, direct_calls, direct_state) = outcomes
    assert rc == 2 and [entry['task'] for entry in results][-1] == 'stops the play'
    assert [entry['task'] for entry in direct_results] == [entry['task'] for entry in results]
    for ours, theirs in zip(direct_results, results):
        assert ours == theirs, (ours['task'], differences(ours['result'], theirs['result']))
    assert (direct_rc, direct_calls) == (rc, calls)
    assert [user['email'] for user in direct_state] == [user['email'] for user in state]
    for ours, theirs in zip(direct_state, state):
        assert ours == theirs, (ours['email'], differences(ours, theirs))
    # The scenario exercised what it claims: a warning, a failure ignored, a write (for real) or none (check).
    assert any('create is false' in ' '.join(entry['result'].get('warnings', [])) for entry in results)
    assert [entry['status'] for entry in results].count('failed') == 2
    assert ('POST /users' in calls or '/user/custcreate' in calls) is not check


def test_direct_refuses_what_only_the_controller_does(direct):
    refused = [
        [{'name': 'loop', ZU: {'email': 'a@example.com'}, 'loop': [1, 2]}],
        [{'name': 'template', ZU: {'email': '{{ someone }}'}}],
        [{'name': 'other collection', 'ansible.builtin.ping': {}}],
        [{'name': 'action plugin', ZR: {'users_var': 'people'}}],
    ]
    for tasks in refused:
        with pytest.raises(AssertionError, match='direct'):
            direct(tasks)
    with pytest.raises(AssertionError, match='play fixture'):
        direct([], verbosity=4)
    with pytest.raises(AssertionError, match='prints nothing'):
        direct([]).stdout  # pylint: disable=expression-not-assigned


def test_direct_runs_take_the_connection_from_the_environment_as_a_playbook_run_does(play, direct, emu, backend):
    env = connection_env(emu, backend)
    tasks = [{'name': 'env', ZU: {'email': 'env@example.com', 'create_method': 'custcreate'}}]
    outcomes = []
    for runner in (play, direct):
        emu.reset()
        emu.clear_calls()
        for connection in ({}, {'api_url': 'http://127.0.0.1:9/nowhere', 'retries': 0}):
            run = runner(tasks, connection=connection, env=env)
            outcomes.append((run.rc, entries(run), endpoints(emu.calls())))
    assert outcomes[:2] == outcomes[2:]
    assert outcomes[0][0] == 0 and outcomes[1][0] == 2   # the environment, unless the task names another URL
