"""The roster role given what a careless command line gives it: switches as strings (``-e key=value`` makes
every value a string), empty values, and two overlapping rosters at once.

Extra vars are passed exactly as an operator types them, ``-e zoom_roster_purge=false``, through a real
ansible-playbook run. Each case asserts that nothing was deleted unless a switch really said so: the
emulator's state and its call log (no /user/delete, no /user/permanentdelete; on v2 no DELETE /users/{userId}).
Every case runs on API v1 and v2.
"""

import os
import subprocess
import sys

import pytest
import yaml

from integration.conftest import Player, ansible_bin, collections_path, connection_for

from .conftest import count, race_observed

ROLE_PLAY_TASKS = [{'name': 'roster', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.zoom_roster'}}]
DELETES = ('/user/delete', '/user/permanentdelete', 'DELETE /users/{userId}')
# The removal that is not permanent, per API (v2 sends action=disassociate to the same endpoint as a permanent one).
REMOVAL = {'v1': '/user/delete', 'v2': 'DELETE /users/{userId}'}
# The lookup of one user that both racing runs make before they create it.
LOOKUP = {'v1': '/user/checkemail', 'v2': '/users/{userId}'}
CREATE = {'v1': '/user/custcreate', 'v2': 'POST /users'}
KEEP = 'keep@example.com'
EXTRAS = ['extra%d@example.com' % n for n in range(3)]
# Every false spelling Ansible knows, as an operator types it (the plays below read them from -e key=value).
FALSE_SPELLINGS = ['false', 'False', 'FALSE', 'no', 'NO', 'off', 'Off', '0', 'n', 'N', 'f', 'F']


@pytest.fixture(params=['v1', 'v2'])
def backend(request):
    """The API the role speaks (the integration harness's Player takes it from this fixture)."""
    return request.param


@pytest.fixture
def play(emu, tmp_path, backend):
    """The integration harness's Player speaking ``backend`` (the reliability conftest's speaks v1)."""
    return Player(emu, tmp_path, backend)


def run_playbook(emu, tmp_path, plays, extra_args, backend, name='play'):
    """ansible-playbook on ``plays`` with ``extra_args`` (e.g. ['-e', 'zoom_roster_purge=false']); (rc, output)."""
    connection = dict(connection_for(emu, backend), retries=0)
    for play in plays:
        play.update({'hosts': 'localhost', 'gather_facts': False,
                     'module_defaults': {'group/zoomops.zoom.zoom': connection}})
    path = tmp_path / ('%s.yml' % name)
    path.write_text(yaml.safe_dump(plays, sort_keys=False))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_NOCOLOR='1')
    for key in ('ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET', 'ZOOM_API_VERSION', 'ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID',
                'ZOOM_CLIENT_SECRET', 'ZOOM_OAUTH_URL'):
        env.pop(key, None)
    proc = subprocess.run([ansible_bin('ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(path)] + extra_args,
                          capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def seed(emu):
    emu.seed([{'email': KEEP}] + [{'email': email} for email in EXTRAS])


def deletes(emu):
    return [call for call in emu.calls() if call['endpoint'] in DELETES]


def emails(emu):
    return sorted(user['email'] for user in emu.state()['users'])


def test_every_false_spelling_from_the_command_line_deletes_nobody(emu, tmp_path, backend):
    seed(emu)
    # One play per spelling, each reading its switches from a -e key=value string (one ansible-playbook run).
    plays, extra_args = [], []
    for n, spelling in enumerate(FALSE_SPELLINGS):
        plays.append({'name': 'purge=%s' % spelling, 'tasks': ROLE_PLAY_TASKS, 'vars': {
            'zoom_roster_users': [{'email': KEEP}], 'zoom_roster_purge': '{{ switch%d }}' % n,
            'zoom_roster_max_removals': 100}})
        extra_args += ['-e', 'switch%d=%s' % (n, spelling)]
    rc, output = run_playbook(emu, tmp_path, plays, extra_args, backend)
    count('string_booleans_tried', len(FALSE_SPELLINGS))
    assert rc == 0, output
    assert deletes(emu) == [] and emails(emu) == sorted([KEEP] + EXTRAS)


def test_purge_permanent_false_as_a_string_is_not_permanent(emu, tmp_path, backend):
    seed(emu)
    rc, output = run_playbook(emu, tmp_path, [{'tasks': ROLE_PLAY_TASKS, 'vars': {'zoom_roster_users': [{'email': KEEP}]}}],
                              ['-e', 'zoom_roster_purge=yes', '-e', 'zoom_roster_purge_permanent=false'], backend)
    count('string_booleans_tried', 2)
    assert rc == 0, output
    # (v2's call log names the endpoint and the query's keys, not action=disassociate or delete: v1 tells them apart)
    assert sorted(call['endpoint'] for call in deletes(emu)) == [REMOVAL[backend]] * len(EXTRAS)
    assert emails(emu) == [KEEP]


def test_allow_empty_false_as_a_string_keeps_the_empty_roster_guard(emu, tmp_path, backend):
    seed(emu)
    rc, output = run_playbook(emu, tmp_path, [{'tasks': ROLE_PLAY_TASKS, 'vars': {'zoom_roster_users': []}}],
                              ['-e', 'zoom_roster_purge=on', '-e', 'zoom_roster_allow_empty=false'], backend)
    count('string_booleans_tried', 2)
    assert rc != 0 and 'refusing to purge: the roster is empty' in output
    assert emu.calls() == [] and emails(emu) == sorted([KEEP] + EXTRAS)


def test_an_empty_or_unknown_switch_fails_before_any_call_even_without_the_argument_spec(emu, tmp_path, backend):
    seed(emu)
    # --skip-tags always skips the argument-spec check that ansible-core inserts: the role's own check remains.
    plays = [{'tasks': ROLE_PLAY_TASKS, 'vars': {'zoom_roster_users': [{'email': KEEP}]}}]
    rc, output = run_playbook(emu, tmp_path, plays, ['--skip-tags', 'always', '-e', 'zoom_roster_purge=',
                                                     '-e', 'zoom_roster_allow_empty=maybe'], backend)
    count('string_booleans_tried', 2)
    assert rc != 0
    assert "zoom_roster_purge must be a boolean (true/false, yes/no, on/off, 1/0, y/n or t/f), not ''" in output
    assert "zoom_roster_allow_empty must be a boolean (true/false, yes/no, on/off, 1/0, y/n or t/f), not 'maybe'" \
        in output
    assert 'Finalization of task args' not in output
    assert emu.calls() == [] and emails(emu) == sorted([KEEP] + EXTRAS)


# v1 only: holding /user/checkemail, v1's second lookup step, lines the two runs up before they create; v2 finds a
# user with one GET /users/{userId}, which a delay fault holds before it reads the account (the later run then finds
# the user the first created), and POST /users cannot be held alone (a fault is per path: the listing uses /users).
@pytest.mark.parametrize('backend', ['v1'])
def test_two_overlapping_rosters_at_once_count_one_creation_between_them(emu, play, tmp_path, backend):
    """Two runs plan the same new user; the one that loses the race re-reads and updates it: an update."""
    emu.seed([{'email': KEEP}])
    # Both runs' lookups are held until both asked (4 s: a fork may start late on a loaded machine): both see the user
    # missing and both create.
    emu.fault(LOOKUP[backend], 'delay', count=2, seconds=4.0)
    hosts = tmp_path / 'hosts'
    hosts.write_text('[racers]\n' + ''.join('r%d ansible_connection=local ansible_python_interpreter=%s\n'
                                            % (n, sys.executable) for n in range(2)))
    roster = [{'email': KEEP}, {'email': 'race@example.com', 'create_method': 'custcreate',
                                'dept': '{{ inventory_hostname }}'}]
    run = play(ROLE_PLAY_TASKS, inventory=hosts, hosts='racers', forks=2, diff=False,
               play_vars={'zoom_roster_users': roster})
    summaries = [entry['result']['ansible_facts']['zoom_roster_summary'] for entry in run.results
                 if entry['task'] == 'zoomops.zoom.zoom_roster : Summarise the run']
    assert len(summaries) == 2, run.stdout
    creates = [call for call in emu.calls() if call['endpoint'] == CREATE[backend]]
    assert len(creates) == 2 and sum(1 for call in creates if 'error' not in call) == 1
    race_observed()   # both runs met the user missing and sent their create
    assert [user['email'] for user in emu.state()['users']].count('race@example.com') == 1
    # One user was created: one run says so, the other says it updated (its dept differs from the winner's).
    assert sorted((found['created'], found['updated']) for found in summaries) == [(0, 1), (1, 0)]
    assert run.rc == 0, run.stdout
