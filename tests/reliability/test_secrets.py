"""Secrets: every module (and the roster role) at -vvvv with --diff, in check mode and for real,
succeeding and failing (bad credentials, invalid input, faults beyond the retries), with distinctive
values for api_secret, password, host_key and the users' token/zak/zpk. None of those values may
appear in ansible-playbook's stdout/stderr or in any task result.
"""

import json
import os
import re
import sys

import pytest

from harness import Emulator

from .conftest import count

API_SECRET = 'ApiSecret-Qx7Zr2Wv9Kp4'
WRONG_SECRET = 'WrongSecret-Lm3Nb8Vc1Xz6'
PASSWORD = 'UserPass-Hj5Tg2Fd8Sa1'
PASSWORD2 = 'UserPass-Yu6Io4Pk9Ll3'
HOST_KEY = '918273'
HOST_KEY2 = '647382'
HOST_KEY_SEEDED = '736251'
BAD_HOST_KEY = '55442'        # invalid (5 digits): the error must not echo it either
TOKEN = 'SeedToken-Wq2Er4Ty6Ui8'
ZAK = 'SeedZak-As1Df3Gh5Jk7'
ZPK = 'SeedZpk-Zx9Cv7Bn5Mm3'
ROLE_PASSWORD = 'RolePass-Ee4Rr5Tt6Yy7'
ROLE_HOST_KEY = '283746'

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLE_MAIN = os.path.join(REPO, 'roles', 'zoom_roster', 'tasks', 'main.yml')

SEED = [
    {'email': 'holder@example.com', 'first_name': 'Holder', 'token': TOKEN, 'zak': ZAK, 'zpk': ZPK,
     'host_key': HOST_KEY_SEEDED, 'password': PASSWORD2},
    {'email': 'helper@example.com', 'token': TOKEN + 'b', 'zak': ZAK + 'b', 'zpk': ZPK + 'b'},
    {'email': 'pending@example.com', 'create_method': 'create'},
]


@pytest.fixture(scope='module')
def secret_emulator():
    emu = Emulator(api_secret=API_SECRET).start()
    yield emu
    emu.stop()


@pytest.fixture
def secret_play(secret_emulator, tmp_path):
    from integration.conftest import Player
    secret_emulator.reset()
    secret_emulator.seed(SEED)
    return Player(secret_emulator, tmp_path)


def fault_task(emu, endpoint, kind='http_500', count_=3):
    return {'name': 'queue a fault on %s' % endpoint, 'ansible.builtin.uri': {
        'url': emu.root + '/_emulator/faults', 'method': 'POST', 'body_format': 'json',
        'body': {'endpoint': endpoint, 'kind': kind, 'count': count_}}, 'check_mode': False}


def module_tasks(emu):
    bad = {'api_secret': '{{ s_wrong_secret }}'}
    tasks = [
        {'name': 'create with password and host key', 'zoomops.zoom.zoom_user': {
            'email': 'fresh@example.com', 'create_method': 'custcreate', 'password': '{{ s_password }}', 'host_key': '{{ s_host_key }}',
            'timezone': 'Europe/Paris', 'first_name': 'Fresh'}},
        {'name': 'update host key, password always, revoke token', 'zoomops.zoom.zoom_user': {
            'email': 'holder@example.com', 'host_key': '{{ s_host_key2 }}', 'password': '{{ s_password }}', 'update_password': 'always',
            'revoke_token': True, 'dept': 'Vault'}},
        {'name': 'autocreate', 'zoomops.zoom.zoom_user': {
            'email': 'auto@example.com', 'create_method': 'autocreate', 'password': '{{ s_password2 }}'}},
        {'name': 'read one', 'zoomops.zoom.zoom_user_info': {'email': 'holder@example.com'}},
        {'name': 'read all with assistants', 'zoomops.zoom.zoom_user_info': {'include_assistants': True}},
        {'name': 'check zpk', 'zoomops.zoom.zoom_user_info': {'zpk': '{{ s_zpk }}', 'email': 'holder@example.com'}},
        {'name': 'assistants', 'zoomops.zoom.zoom_user_assistant': {
            'host_email': 'holder@example.com', 'assistants': ['helper@example.com']}},
        # failures
        {'name': 'bad credentials user',
         'zoomops.zoom.zoom_user': dict(bad, email='holder@example.com', password='{{ s_password }}',
                                        host_key='{{ s_host_key }}', update_password='always'),
         'ignore_errors': True},
        {'name': 'bad credentials info', 'zoomops.zoom.zoom_user_info': dict(bad, zpk='{{ s_zpk }}'), 'ignore_errors': True},
        {'name': 'bad credentials assistant', 'zoomops.zoom.zoom_user_assistant': dict(
            bad, host_email='holder@example.com', assistants=['helper@example.com']), 'ignore_errors': True},
        {'name': 'invalid host key', 'zoomops.zoom.zoom_user': {
            'email': 'holder@example.com', 'host_key': '{{ s_bad_host_key }}', 'password': '{{ s_password }}'}, 'ignore_errors': True},
        fault_task(emu, '/user/update'),
        {'name': 'fault on update', 'zoomops.zoom.zoom_user': {
            'email': 'holder@example.com', 'host_key': '{{ s_host_key }}', 'first_name': 'Changed'}, 'ignore_errors': True},
        fault_task(emu, '/user/updatepassword', 'drop'),
        {'name': 'fault on password', 'zoomops.zoom.zoom_user': {
            'email': 'holder@example.com', 'password': '{{ s_password2 }}', 'update_password': 'always'}, 'ignore_errors': True},
        fault_task(emu, '/user/checkzpk', 'bad_json'),
        {'name': 'fault on zpk', 'zoomops.zoom.zoom_user_info': {'zpk': '{{ s_zpk }}'}, 'ignore_errors': True},
        fault_task(emu, '/user/assistant/set', 'rate_limit'),
        {'name': 'fault on assistant', 'zoomops.zoom.zoom_user_assistant': {
            'host_email': 'holder@example.com', 'assistants': ['auto@example.com']},
         'ignore_errors': True},
        {'name': 'clear faults', 'ansible.builtin.uri': {'url': emu.root + '/_emulator/faults', 'method': 'DELETE'},
         'check_mode': False},
    ]
    return tasks


def role_tasks(emu):
    users = [
        {'email': 'holder@example.com', 'password': '{{ s_role_password }}', 'update_password': 'always',
         'host_key': '{{ s_role_host_key }}', 'dept': 'Roster', 'assistants': ['helper@example.com']},
        {'email': 'rolenew@example.com', 'create_method': 'custcreate', 'password': '{{ s_role_password }}',
         'host_key': '{{ s_role_host_key }}'},
        {'email': 'helper@example.com'},
    ]

    def roster(name, users_, **block):
        # ignore_errors does not reach into an included role: a rescue keeps the play going.
        return dict({'name': name, 'block': [
            {'name': name + ' (role)', 'ansible.builtin.include_role': {'name': 'zoomops.zoom.zoom_roster'},
             'vars': {'zoom_roster_users': users_}}],
            'rescue': [{'name': name + ' failed', 'ansible.builtin.debug': {'msg': 'failed as expected'}}]}, **block)

    bad_connection = {'group/zoomops.zoom.zoom': {'api_url': emu.url, 'api_key': emu.api_key,
                                                  'api_secret': '{{ s_wrong_secret }}', 'retries': 0}}
    return [
        roster('roster', users),
        fault_task(emu, '/user/update', count_=3),
        roster('roster with a fault', [dict(users[0], dept='Faulted')]),
        roster('roster with bad credentials', users, module_defaults=bad_connection),
        {'name': 'clear faults', 'ansible.builtin.uri': {'url': emu.root + '/_emulator/faults', 'method': 'DELETE'},
         'check_mode': False},
    ]


# Secrets reach the playbook as extra vars (as from a vault): ansible-core 2.19 shows the source lines
# around a failed task, so literal values written in the playbook file would be printed by Ansible itself.
SECRET_VARS = {'s_api_secret': API_SECRET, 's_wrong_secret': WRONG_SECRET, 's_password': PASSWORD,
               's_password2': PASSWORD2, 's_host_key': HOST_KEY, 's_host_key2': HOST_KEY2,
               's_bad_host_key': BAD_HOST_KEY, 's_zpk': ZPK, 's_role_password': ROLE_PASSWORD,
               's_role_host_key': ROLE_HOST_KEY}


def play_secretly(player, emu, tasks, check):
    # Not as -e: at -vvvv ansible-playbook prints its command line arguments, extra vars included. The
    # secrets come from the inventory's group_vars, like vault-encrypted variables would.
    inventory_dir = player.tmp_path / 'inventory'
    (inventory_dir / 'group_vars').mkdir(parents=True, exist_ok=True)
    (inventory_dir / 'hosts').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    (inventory_dir / 'group_vars' / 'all.yml').write_text(json.dumps(SECRET_VARS))
    connection = {'api_url': emu.url, 'api_key': emu.api_key, 'api_secret': '{{ s_api_secret }}', 'retries': 2}
    return player(tasks, check=check, diff=True, verbosity=4, connection=connection,
                  inventory=inventory_dir / 'hosts')


def secret_values(emu):
    """Every secret this test knows of, including the users' current token/zak/zpk (rotated by revoke_token)."""
    values = {API_SECRET, WRONG_SECRET, PASSWORD, PASSWORD2, HOST_KEY, HOST_KEY2, HOST_KEY_SEEDED, BAD_HOST_KEY,
              TOKEN, ZAK, ZPK, ROLE_PASSWORD, ROLE_HOST_KEY}
    for user in emu.state()['users']:
        for key in ('token', 'zak', 'zpk'):
            if user.get(key):
                values.add(user[key])
    return values


def leaks(run, values):
    text = run.stdout + '\n' + run.stderr + '\n' + json.dumps(run.results)
    found = []
    for value in values:
        pattern = re.escape(value)
        if value.isdigit():   # a host key: not part of a longer number (temp dir names, timestamps)
            pattern = r'(?<![0-9])%s(?![0-9])' % pattern
        for match in re.finditer(pattern, text):
            found.append((value, text[max(0, match.start() - 150):match.end() + 150]))
    return found


def check_run(emu, run, expect_failures):
    values = secret_values(emu)
    found = leaks(run, values)
    count('secret_runs')
    count('secret_values_checked', len(values))
    count('leaks', len(found))
    assert found == [], "\n=====\n".join(repr(f) for f in found[:3])
    assert run.rc == 0, run.stdout[-5000:]
    failed = [entry['task'] for entry in run.results if entry['status'] == 'failed']
    for task in expect_failures:
        assert task in failed, (task, failed)


MODULE_FAILURES = ['bad credentials user', 'bad credentials info', 'bad credentials assistant', 'invalid host key',
                   'fault on update', 'fault on password', 'fault on zpk', 'fault on assistant']


@pytest.mark.parametrize('check', [True, False], ids=['check', 'real'])
def test_modules_never_show_a_secret(secret_emulator, secret_play, check):
    emu = secret_emulator
    run = play_secretly(secret_play, emu, module_tasks(emu), check)
    expected = list(MODULE_FAILURES)
    if check:
        # In check mode no write is sent: the write faults are not met.
        expected = [task for task in expected if task not in ('fault on update', 'fault on password',
                                                              'fault on assistant')]
    check_run(emu, run, expected)
    succeeded = [entry['task'] for entry in run.results if entry['status'] == 'ok']
    assert 'create with password and host key' in succeeded and 'check zpk' in succeeded, succeeded
    if not check:
        assert emu.check_password('fresh@example.com', PASSWORD)
        assert emu.user('holder@example.com')['token'] != TOKEN


@pytest.mark.parametrize('check', [True, False], ids=['check', 'real'])
def test_role_never_shows_a_secret(secret_emulator, secret_play, check):
    if not os.path.exists(ROLE_MAIN):
        pytest.skip('roles/zoom_roster is not there yet')
    emu = secret_emulator
    run = play_secretly(secret_play, emu, role_tasks(emu), check)
    check_run(emu, run, [])
    assert any(entry['status'] == 'failed' for entry in run.results), 'the failing roster runs did not fail'
