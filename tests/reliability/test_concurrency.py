"""Concurrency: many forks at once against one account, through real ansible-playbook runs, on API v1 and v2.

- 20 hosts (forks=20), each managing a distinct user (create, then update of the fields the create
  call does not carry, and assistants) at once: the final state is right, and a second run reports
  changed=0 with no write.
- Hosts racing on the same new user: every racer sees it missing, all create, the losers meet
  "already exists", re-read and converge instead of failing: one user, the right fields.

The concurrent runs are ansible-playbook runs (forks, an inventory, templated options). The second runs, which
assert only what the modules answer and send once the account is converged (changed=0, no write), run the same
tasks with each host's options written out literally through the ``direct`` runner (tests/integration/direct.py:
the module's real main() in a forked process, no ansible-playbook start and no AnsiballZ per task).
"""

import json
import sys

import pytest

from integration.conftest import BACKENDS, api_calls, token_requests
from integration.direct import DirectPlayer

from .conftest import count, overlapping, race_observed

HOSTS = 20


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


# Per backend: the call the racers are held on (a fault key: the emulator sleeps, then answers from the state of
# that moment), the create call, and the code of "already exists". v1 holds the second lookup (checkemail), after
# which every racer creates; v2 looks up with one call, so the create itself is held: every racer has seen the
# user missing before the first create lands.
RACE = {'v1': ('/user/checkemail', '/user/custcreate', 1005),
        'v2': ('/users', 'POST /users', 1005)}


def inventory(tmp_path, hosts):
    path = tmp_path / 'hosts'
    path.write_text('[racers]\n' + ''.join('h%d ansible_connection=local ansible_python_interpreter=%s\n'
                                           % (n, sys.executable) for n in range(hosts)))
    return path


USER_TASK = {'name': 'one user per host', 'zoomops.zoom.zoom_user': {
    'email': '{{ inventory_hostname }}@example.com', 'create_method': 'custcreate',
    'first_name': '{{ inventory_hostname }}', 'dept': 'Fork', 'timezone': 'Europe/Berlin', 'type': 'pro',
    'vanity_name': 'room.{{ inventory_hostname }}', 'settings': {'enable_waiting_room': True, 'meeting_capacity': 50}}}
ASSISTANT_TASK = {'name': 'the shared assistant', 'zoomops.zoom.zoom_user_assistant': {
    'host_email': '{{ inventory_hostname }}@example.com', 'assistants': ['shared@example.com']}}


def for_host(task, host):
    """``task`` with ``{{ inventory_hostname }}`` written out for ``host`` (what the controller templates)."""
    return json.loads(json.dumps(task).replace('{{ inventory_hostname }}', host))


def rerun_unchanged(emu, tmp_path, backend, tasks, diff=True):
    """The converged account run again with ``tasks`` (literal options): nothing changes, nothing fails, no write."""
    emu.clear_calls()
    again = DirectPlayer(emu, tmp_path, backend)(tasks, diff=diff, expect_rc=0)
    assert len(again.results) == len(tasks)
    assert again.failed == []
    assert again.changed == 0
    assert emu.write_calls() == []


def test_twenty_forks_each_managing_a_distinct_user(emu, play, tmp_path, backend):
    emu.seed([{'email': 'shared@example.com'}])
    emu.clear_calls()
    hosts = inventory(tmp_path, HOSTS)
    run = play([USER_TASK, ASSISTANT_TASK], inventory=hosts, hosts='racers', forks=HOSTS, diff=False, expect_rc=0)
    assert run.failed == []
    # One token per task and host on v2 (each module run asks for its own).
    assert token_requests(emu.calls()) == {'v1': 0, 'v2': 2 * HOSTS}[backend]
    assert run.changed == 2 * HOSTS
    users = emu.state()['users']
    assert len(users) == HOSTS + 1
    assert len(set(user['email'].lower() for user in users)) == len(users)
    for n in range(HOSTS):
        user = emu.user('h%d@example.com' % n)
        assert user['first_name'] == 'h%d' % n and user['dept'] == 'Fork' and user['timezone'] == 'Europe/Berlin'
        assert user['type'] == 2 and user['vanity_name'] == 'room.h%d' % n and user['status'] == 'active'
        assert user['enable_waiting_room'] is True and user['meeting_capacity'] == 50
        assert user['assistants'] == ['shared@example.com']
    # Only hosts seen running the user task at the same time as another count as concurrent.
    intervals = [(entry['started'], entry['ended']) for entry in run.results if entry['task'] == USER_TASK['name']]
    assert len(intervals) == HOSTS and all(start is not None for start, _end in intervals), intervals
    concurrent = overlapping(intervals)
    assert concurrent >= 2, intervals
    count('concurrent_hosts', concurrent)

    # Each host's two tasks again, as the controller templated them for that host.
    rerun_unchanged(emu, tmp_path, backend, [for_host(task, 'h%d' % n) for n in range(HOSTS)
                                             for task in (USER_TASK, ASSISTANT_TASK)], diff=False)


RACE_TASK = {'name': 'the same new user', 'zoomops.zoom.zoom_user': {
    'email': 'race@example.com', 'create_method': 'custcreate', 'first_name': 'Race', 'timezone': 'Asia/Tokyo',
    'settings': {'enable_co_host': True}}}


def run_race(emu, play, tmp_path, racers, backend):
    # Every racer's lookup is held back until all of them have asked: all see the user missing. Four seconds
    # cover five ansible-playbook forks starting on a loaded 2-core machine (1.5 s let some arrive late).
    held, create, exists = RACE[backend]
    emu.clear_calls()
    emu.fault(held, 'delay', count=racers, seconds=4.0)
    hosts = inventory(tmp_path, racers)
    run = play([RACE_TASK], inventory=hosts, hosts='racers', forks=racers, expect_rc=0)
    assert run.failed == []
    creates = [call for call in emu.calls() if call['endpoint'] == create]
    assert len(creates) == racers, creates
    assert sum(1 for call in creates if 'error' not in call) == 1
    assert all(call.get('error') == exists for call in creates if 'error' in call), creates
    # Every racer sent its create: the race was observed, not only attempted.
    race_observed()
    if backend == 'v2':
        # Each racer: its token, the held lookup, the create; the losers re-read the user and patch it.
        assert token_requests(emu.calls()) == racers
        assert sum(1 for call in api_calls(emu.calls()) if call['endpoint'] == 'GET /users/{userId}') >= 2 * racers - 1
    users = [user for user in emu.state()['users'] if user['email'].lower() == 'race@example.com']
    assert len(users) == 1
    user = users[0]
    assert user['first_name'] == 'Race' and user['timezone'] == 'Asia/Tokyo' and user['enable_co_host'] is True
    results = [entry['result'] for entry in run.results if entry['task'] == 'the same new user']
    assert len(results) == racers
    assert sum(1 for result in results if result['changed']) >= 1
    # Every racer's task again (its options are literal).
    rerun_unchanged(emu, tmp_path, backend, [RACE_TASK] * racers)


def test_two_tasks_racing_to_create_the_same_user(emu, play, tmp_path, backend):
    run_race(emu, play, tmp_path, 2, backend)


def test_five_tasks_racing_to_create_the_same_user(emu, play, tmp_path, backend):
    run_race(emu, play, tmp_path, 5, backend)
