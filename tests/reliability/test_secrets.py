"""Secrets: every module (and the roster role) at -vvvv with --diff, in check mode and for real,
succeeding and failing (bad credentials, invalid input, faults beyond the retries), on API v1 and v2, with
distinctive values for api_secret, client_secret, password, host_key, the users' token/zak/zpk, and on v2 the
access tokens: the one zoom_token gets and the play reuses through module_defaults, an invalid one given alone,
and every token a module gets for itself (found by their form: the emulator issues "eyJ" and 64 URL-safe
characters). None of those values may appear in ansible-playbook's stdout/stderr or in any task result.

One ansible-playbook run per backend: the modules in check mode (check_mode on each task), the modules for
real, then the role in check mode and for real.
"""

import json
import os
import re
import sys

import pytest

from harness import Emulator

from integration.conftest import BACKENDS, Player

from .conftest import secret_scan

API_SECRET = 'ApiSecret-Qx7Zr2Wv9Kp4'
CLIENT_SECRET = 'ClientSecret-Pq8Rs3Tu6Vw1'
FAKE_TOKEN = 'eyJFakeAccessToken-Gh7Jk2Lm9Np4Qr6St1'
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


# The form of the emulator's access tokens (tests/emulator/zoomemu/v2.py: "eyJ" + secrets.token_urlsafe(48)).
ACCESS_TOKEN_FORM = re.compile(r'eyJ[A-Za-z0-9_-]{60,}')


@pytest.fixture(scope='module')
def secret_emulator():
    emu = Emulator(api_secret=API_SECRET, client_secret=CLIENT_SECRET).start()
    yield emu
    emu.stop()


@pytest.fixture
def secret_play(secret_emulator, tmp_path, backend):
    secret_emulator.reset()
    secret_emulator.seed(SEED)
    return Player(secret_emulator, tmp_path, backend)


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


# The emulator is set up mid-play by the controller (the emulator_control lookup: a request, no module process).
LOOKUP_PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lookup_plugins')


def fault_task(emu, endpoint, kind='http_500', count_=3):
    return {'name': 'queue a fault on %s' % endpoint, 'ansible.builtin.set_fact': {
        'emulator_answer': "{{ lookup('emulator_control', '%s/_emulator/faults', method='POST', endpoint='%s', "
                           "kind='%s', count=%d) }}" % (emu.root, endpoint, kind, count_)}, 'check_mode': False}


def clear_faults(emu):
    return {'name': 'clear faults', 'ansible.builtin.set_fact': {
        'emulator_answer': "{{ lookup('emulator_control', '%s/_emulator/faults', method='DELETE') }}" % emu.root},
        'check_mode': False}


def connection(emu, backend, secret='{{ s_api_secret }}', client_secret='{{ s_client_secret }}', retries=2):
    if backend == 'v1':
        return {'api_url': emu.url, 'api_key': emu.api_key, 'api_secret': secret, 'retries': retries}
    return {'api_url': emu.root + '/v2', 'oauth_url': emu.root + '/oauth/token', 'account_id': emu.account_id,
            'client_id': emu.client_id, 'client_secret': client_secret, 'retries': retries}


def bad_credentials(backend):
    return {'api_secret': '{{ s_wrong_secret }}'} if backend == 'v1' else {'client_secret': '{{ s_wrong_secret }}'}


def module_tasks(emu, backend, token_file):
    bad = bad_credentials(backend)
    # v2 sets passwords only for Zoom logins (autocreate) and cannot read a host key back (update_host_key).
    create = 'custcreate' if backend == 'v1' else 'autocreate'
    host_key_always = {} if backend == 'v1' else {'update_host_key': 'always'}
    tasks = []
    if backend == 'v2':
        tasks += [{'name': 'token', 'zoomops.zoom.zoom_token': {}, 'register': 'zoom_login', 'no_log': True}]
    if backend == 'v2' and token_file is not None:
        # Only to learn the token in this test (never do this in a playbook). The real phase's token is kept; the
        # check phase's, like every token a module gets for itself, is found by its form (ACCESS_TOKEN_FORM).
        tasks += [
            {'name': 'keep the token', 'ansible.builtin.copy': {
                'content': '{{ zoom_login.access_token }}', 'dest': str(token_file), 'mode': '0600'},
             'no_log': True, 'check_mode': False},
        ]
    tasks += [
        {'name': 'create with password and host key', 'zoomops.zoom.zoom_user': {
            'email': 'fresh@example.com', 'create_method': create, 'password': '{{ s_password }}', 'host_key': '{{ s_host_key }}',
            'timezone': 'Europe/Paris', 'first_name': 'Fresh'}},
        {'name': 'update host key, password always, revoke token', 'zoomops.zoom.zoom_user': dict({
            'email': 'holder@example.com', 'host_key': '{{ s_host_key2 }}', 'password': '{{ s_password }}', 'update_password': 'always',
            'revoke_token': True, 'dept': 'Vault'}, **host_key_always)},
        {'name': 'autocreate', 'zoomops.zoom.zoom_user': {
            'email': 'auto@example.com', 'create_method': 'autocreate', 'password': '{{ s_password2 }}'}},
        {'name': 'read one', 'zoomops.zoom.zoom_user_info': {'email': 'holder@example.com'}},
        {'name': 'read all with assistants', 'zoomops.zoom.zoom_user_info': {'include_assistants': True}},
        {'name': 'assistants', 'zoomops.zoom.zoom_user_assistant': {
            'host_email': 'holder@example.com', 'assistants': ['helper@example.com']}},
        # failures
        {'name': 'bad credentials user',
         'zoomops.zoom.zoom_user': dict(bad, email='holder@example.com', password='{{ s_password }}',
                                        host_key='{{ s_host_key }}', update_password='always'),
         'ignore_errors': True},
        {'name': 'bad credentials info', 'zoomops.zoom.zoom_user_info': dict(bad, email='holder@example.com'),
         'ignore_errors': True},
        {'name': 'bad credentials assistant', 'zoomops.zoom.zoom_user_assistant': dict(
            bad, host_email='holder@example.com', assistants=['helper@example.com']), 'ignore_errors': True},
        {'name': 'invalid host key', 'zoomops.zoom.zoom_user': {
            'email': 'holder@example.com', 'host_key': '{{ s_bad_host_key }}', 'password': '{{ s_password }}'}, 'ignore_errors': True},
    ]
    if backend == 'v1':
        tasks += [
            {'name': 'check zpk', 'zoomops.zoom.zoom_user_info': {'zpk': '{{ s_zpk }}', 'email': 'holder@example.com'}},
            {'name': 'bad credentials zpk', 'zoomops.zoom.zoom_user_info': dict(bad, zpk='{{ s_zpk }}'),
             'ignore_errors': True},
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
        ]
    else:
        reuse = {'group/zoomops.zoom.zoom': dict(connection(emu, backend), access_token='{{ zoom_login.access_token }}')}
        tasks += [
            {'name': 'reused token', 'zoomops.zoom.zoom_user': {
                'email': 'holder@example.com', 'password': '{{ s_password2 }}', 'update_password': 'always',
                'host_key': '{{ s_host_key }}', 'update_host_key': 'always'}, 'module_defaults': reuse},
            {'name': 'reused token info', 'zoomops.zoom.zoom_user_info': {'include_assistants': True},
             'module_defaults': reuse},
            {'name': 'zpk refused', 'zoomops.zoom.zoom_user_info': {'zpk': '{{ s_zpk }}'}, 'ignore_errors': True},
            {'name': 'invalid access token', 'zoomops.zoom.zoom_user': {
                'email': 'holder@example.com', 'password': '{{ s_password }}', 'update_password': 'always'},
             'module_defaults': {'group/zoomops.zoom.zoom': {'api_url': emu.root + '/v2',
                                                             'access_token': '{{ s_fake_token }}'}},
             'ignore_errors': True},
            fault_task(emu, '/oauth/token', 'http_503'),
            {'name': 'fault on token', 'zoomops.zoom.zoom_user': {
                'email': 'holder@example.com', 'host_key': '{{ s_host_key }}', 'update_host_key': 'always'},
             'ignore_errors': True},
            fault_task(emu, '/users/{userId}/password', 'drop'),
            {'name': 'fault on password', 'zoomops.zoom.zoom_user': {
                'email': 'holder@example.com', 'password': '{{ s_password2 }}', 'update_password': 'always'}, 'ignore_errors': True},
            fault_task(emu, '/users/{userId}', 'bad_json'),
            {'name': 'fault on read', 'zoomops.zoom.zoom_user': {
                'email': 'holder@example.com', 'host_key': '{{ s_host_key2 }}', 'update_host_key': 'always'},
             'ignore_errors': True},
            fault_task(emu, '/users/{userId}/assistants', 'rate_limit'),
            {'name': 'fault on assistant', 'zoomops.zoom.zoom_user_assistant': {
                'host_email': 'holder@example.com', 'assistants': ['auto@example.com']},
             'ignore_errors': True},
        ]
    return tasks + [clear_faults(emu)]


def role_tasks(emu, backend):
    create = 'custcreate' if backend == 'v1' else 'autocreate'
    users = [
        {'email': 'holder@example.com', 'password': '{{ s_role_password }}', 'update_password': 'always',
         'host_key': '{{ s_role_host_key }}', 'dept': 'Roster', 'assistants': ['helper@example.com']},
        {'email': 'rolenew@example.com', 'create_method': create, 'password': '{{ s_role_password }}',
         'host_key': '{{ s_role_host_key }}'},
        {'email': 'helper@example.com'},
    ]

    def roster(name, users_, **block):
        # ignore_errors does not reach into an included role: a rescue keeps the play going.
        return dict({'name': name, 'block': [
            {'name': name + ' (role)', 'ansible.builtin.include_role': {'name': 'zoomops.zoom.zoom_roster'},
             'vars': {'zoom_roster_users': users_}}],
            'rescue': [{'name': name + ' failed', 'ansible.builtin.debug': {'msg': 'failed as expected'}}]}, **block)

    bad_connection = {'group/zoomops.zoom.zoom': dict(connection(emu, backend), retries=0, **bad_credentials(backend))}
    return [
        roster('roster', users),
        fault_task(emu, '/user/update' if backend == 'v1' else '/users/{userId}', count_=3),
        roster('roster with a fault', [dict(users[0], dept='Faulted')]),
        roster('roster with bad credentials', users, module_defaults=bad_connection),
        clear_faults(emu),
    ]


def phase(prefix, tasks, check):
    """``tasks`` renamed ``prefix: name``, each run in check mode or not (tasks that set check_mode keep it)."""
    out = []
    for task in tasks:
        task = dict(task, name='%s: %s' % (prefix, task['name']))
        for part in ('block', 'rescue'):
            if part in task:
                task[part] = [dict(inner, name='%s: %s' % (prefix, inner['name'])) for inner in task[part]]
        task.setdefault('check_mode', check)
        out.append(task)
    return out


# Secrets reach the playbook as inventory variables (as from a vault): ansible-core 2.19 shows the source lines
# around a failed task, so literal values written in the playbook file would be printed by Ansible itself.
SECRET_VARS = {'s_api_secret': API_SECRET, 's_client_secret': CLIENT_SECRET, 's_fake_token': FAKE_TOKEN,
               's_wrong_secret': WRONG_SECRET, 's_password': PASSWORD,
               's_password2': PASSWORD2, 's_host_key': HOST_KEY, 's_host_key2': HOST_KEY2,
               's_bad_host_key': BAD_HOST_KEY, 's_zpk': ZPK, 's_role_password': ROLE_PASSWORD,
               's_role_host_key': ROLE_HOST_KEY}


def play_secretly(player, emu, tasks, backend):
    # Not as -e: at -vvvv ansible-playbook prints its command line arguments, extra vars included. The
    # secrets come from the inventory's group_vars, like vault-encrypted variables would.
    inventory_dir = player.tmp_path / 'inventory'
    (inventory_dir / 'group_vars').mkdir(parents=True, exist_ok=True)
    (inventory_dir / 'hosts').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    (inventory_dir / 'group_vars' / 'all.yml').write_text(json.dumps(SECRET_VARS))
    return player(tasks, diff=True, verbosity=4, connection=connection(emu, backend), inventory=inventory_dir / 'hosts',
                  env={'ANSIBLE_LOOKUP_PLUGINS': LOOKUP_PLUGINS})


def secret_values(emu, extra=()):
    """Every secret this test knows of, including the users' current token/zak/zpk (rotated by revoke_token)."""
    values = {API_SECRET, CLIENT_SECRET, FAKE_TOKEN, WRONG_SECRET, PASSWORD, PASSWORD2, HOST_KEY, HOST_KEY2,
              HOST_KEY_SEEDED, BAD_HOST_KEY, TOKEN, ZAK, ZPK, ROLE_PASSWORD, ROLE_HOST_KEY}
    values.update(extra)
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
    for match in ACCESS_TOKEN_FORM.finditer(text):
        found.append(('an access token', text[max(0, match.start() - 150):match.end() + 150]))
    return found


MODULE_FAILURES = {
    'v1': ['bad credentials user', 'bad credentials info', 'bad credentials assistant', 'invalid host key',
           'bad credentials zpk', 'fault on update', 'fault on password', 'fault on zpk', 'fault on assistant'],
    'v2': ['bad credentials user', 'bad credentials info', 'bad credentials assistant', 'invalid host key',
           'zpk refused', 'invalid access token', 'fault on token', 'fault on password', 'fault on read',
           'fault on assistant'],
}
# In check mode no write is sent: the faults queued on writes are not met.
WRITE_FAULTS = {'v1': ('fault on update', 'fault on password', 'fault on assistant'), 'v2': ('fault on password',)}


def test_modules_and_role_never_show_a_secret_in_check_mode_and_for_real(secret_emulator, secret_play, backend, tmp_path):
    # The role is part of the collection: a missing role is a failure, not a skip.
    assert os.path.exists(ROLE_MAIN), ROLE_MAIN
    emu = secret_emulator
    token_file = tmp_path / 'token.txt'
    tasks = (phase('check', module_tasks(emu, backend, None), True) +
             phase('real', module_tasks(emu, backend, token_file), False) +
             phase('role check', role_tasks(emu, backend), True) +
             phase('role real', role_tasks(emu, backend), False))
    run = play_secretly(secret_play, emu, tasks, backend)
    reused = [token_file.read_text()] if backend == 'v2' else []
    assert all(len(token) >= 16 for token in reused)
    values = secret_values(emu, reused)
    found = leaks(run, values)
    secret_scan(values, found)
    assert found == [], "\n=====\n".join(repr(f) for f in found[:3])
    assert run.rc == 0, run.stdout[-5000:]

    statuses = dict((entry['task'], entry['status']) for entry in run.results)
    failed = sorted(task for task, status in statuses.items() if status == 'failed')
    expected = ['real: ' + task for task in MODULE_FAILURES[backend]]
    expected += ['check: ' + task for task in MODULE_FAILURES[backend] if task not in WRITE_FAULTS[backend]]
    # The role's own tasks are named 'zoomops.zoom.zoom_roster : ...'; the playbook's, 'phase: name'.
    role_failed = [task for task in failed if task.startswith('role ') or ' : ' in task]
    assert sorted(set(failed) - set(role_failed)) == sorted(expected), failed
    succeeded = [task for task, status in statuses.items() if status == 'ok']
    assert 'real: create with password and host key' in succeeded and 'check: read all with assistants' in succeeded
    assert emu.check_password('fresh@example.com', PASSWORD)
    if backend == 'v1':
        assert emu.user('holder@example.com')['token'] != TOKEN
        assert 'real: check zpk' in succeeded
    else:
        assert 'real: reused token' in succeeded and 'real: reused token info' in succeeded
    # The failing roster runs failed (their rescue ran): bad credentials in check mode and for real, the fault on a
    # write for real (check mode sends no write); the good roster did not.
    rescued = [task for task, status in statuses.items() if task.endswith(' failed') and status == 'ok']
    assert sorted(set(rescued) - {'role check: roster with a fault failed'}) == [
        'role check: roster with bad credentials failed', 'role real: roster with a fault failed',
        'role real: roster with bad credentials failed'], (rescued, role_failed)
