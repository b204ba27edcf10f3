"""Concurrency: many forks at once against one account, through real ansible-playbook runs.

- 20 hosts (forks=20), each managing a distinct user (create, then update of the fields the create
  call does not carry, and assistants) at once: the final state is right, and a second run reports
  changed=0 with no write.
- Hosts racing on the same new user: every racer sees it missing, all create, the losers meet
  "already exists", re-read and converge instead of failing: one user, the right fields.
"""

import sys

from .conftest import count

HOSTS = 20


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


def test_twenty_forks_each_managing_a_distinct_user(emu, play, tmp_path):
    emu.seed([{'email': 'shared@example.com'}])
    hosts = inventory(tmp_path, HOSTS)
    run = play([USER_TASK, ASSISTANT_TASK], inventory=hosts, hosts='racers', forks=HOSTS, diff=False, expect_rc=0)
    count('concurrent_hosts', HOSTS)
    assert run.failed == []
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

    emu.clear_calls()
    again = play([USER_TASK, ASSISTANT_TASK], inventory=hosts, hosts='racers', forks=HOSTS, diff=False, expect_rc=0)
    assert again.failed == []
    assert again.changed == 0
    assert emu.write_calls() == []


RACE_TASK = {'name': 'the same new user', 'zoomops.zoom.zoom_user': {
    'email': 'race@example.com', 'create_method': 'custcreate', 'first_name': 'Race', 'timezone': 'Asia/Tokyo',
    'settings': {'enable_co_host': True}}}


def run_race(emu, play, tmp_path, racers):
    # Every racer's lookup is held back until all of them have asked: all see the user missing. Four seconds
    # cover five ansible-playbook forks starting on a loaded 2-core machine (1.5 s let some arrive late).
    emu.fault('/user/checkemail', 'delay', count=racers, seconds=4.0)
    hosts = inventory(tmp_path, racers)
    run = play([RACE_TASK], inventory=hosts, hosts='racers', forks=racers, expect_rc=0)
    count('races')
    assert run.failed == []
    creates = [call for call in emu.calls() if call['endpoint'] == '/user/custcreate']
    assert len(creates) == racers, creates
    assert sum(1 for call in creates if 'error' not in call) == 1
    assert all(call.get('error') == 1005 for call in creates if 'error' in call)
    users = [user for user in emu.state()['users'] if user['email'].lower() == 'race@example.com']
    assert len(users) == 1
    user = users[0]
    assert user['first_name'] == 'Race' and user['timezone'] == 'Asia/Tokyo' and user['enable_co_host'] is True
    results = [entry['result'] for entry in run.results if entry['task'] == 'the same new user']
    assert len(results) == racers
    assert sum(1 for result in results if result['changed']) >= 1
    emu.clear_calls()
    again = play([RACE_TASK], inventory=hosts, hosts='racers', forks=racers, expect_rc=0)
    assert again.changed == 0 and again.failed == []
    assert emu.write_calls() == []


def test_two_tasks_racing_to_create_the_same_user(emu, play, tmp_path):
    run_race(emu, play, tmp_path, 2)


def test_five_tasks_racing_to_create_the_same_user(emu, play, tmp_path):
    run_race(emu, play, tmp_path, 5)
