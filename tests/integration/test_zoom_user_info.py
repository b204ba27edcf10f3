"""zoom_user_info against the emulator: results, call counts, secrets, export → re-apply.

Tasks of this collection's modules with literal options run with the ``direct`` fixture (each a forked process
running the module's main(); test_direct_equivalence.py proves the results and calls of a playbook run); real
ansible-playbook runs stay for what Ansible prints, the export's filter in set_fact and the version matrix's test."""

import json

import pytest

from .conftest import BACKENDS, api_calls, api_endpoints, endpoints, token_requests, writes
from .direct import DirectPlayer
from .reapply import apply_tasks, item_results
from .shared_runs import accounts_run

from harness import Emulator

SECRETS = ('token', 'zak', 'zpk', 'host_key', 'password')
GET = 'GET /users/{userId}'
SETTINGS_GET = 'GET /users/{userId}/settings'
LIST = 'GET /users'


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


ADA_ZPK = 'zpk-of-ada-0123456789'


def info(name, **options):
    return {'name': name, 'zoomops.zoom.zoom_user_info': options, 'register': name.replace(' ', '_')}


def seed_account(emu, active=0, inactive=0, pending=0):
    users = [{'email': 'active%03d@example.com' % n} for n in range(active)]
    users += [{'email': 'inactive%03d@example.com' % n, 'status': 'inactive'} for n in range(inactive)]
    users += [{'email': 'pending%03d@example.com' % n, 'status': 'pending'} for n in range(pending)]
    emu.seed(users)


ADA = [{'email': 'ada@example.com', 'first_name': 'Ada', 'type': 2, 'timezone': 'Europe/London', 'host_key': '123456',
        'zpk': ADA_ZPK, 'enable_waiting_room': 'true'}]
ASSISTANT_ACCOUNT = [{'email': 'host@example.com', 'zpk': ADA_ZPK, 'assistants': ['b@example.com', 'A@example.com']},
                     {'email': 'A@example.com'}, {'email': 'b@example.com'},
                     {'email': 'invited@example.com', 'status': 'pending'}]


def export_account(backend):
    # type corp (3) exists on v1 only: a v2 account holds basic and licensed users.
    corp = 3 if backend == 'v1' else 1
    return [
        {'email': 'ada@example.com', 'first_name': 'Ada', 'last_name': 'Lovelace', 'type': 2, 'dept': 'R&D',
         'timezone': 'Europe/London', 'vanity_name': 'ada.lovelace', 'host_key': '654321', 'group_id': 'g1',
         'enable_waiting_room': 'true', 'meeting_capacity': 100, 'auto_delete_cmr_days': 7},
        {'email': 'bot@example.com', 'create_method': 'custcreate', 'dept': 'Automation'},
        {'email': 'sso@example.com', 'create_method': 'ssocreate', 'type': corp, 'enable_large': 'true',
         'large_capacity': 500},
        {'email': 'gone@example.com', 'status': 'inactive'},
        {'email': 'invited@example.com', 'status': 'pending', 'first_name': 'Iva'},
    ]


def on(case, task):
    """``task`` run only on the hosts of ``case`` (the host variable case)."""
    return dict(task, when="case == '%s'" % case)


# The playbook run that the tests on play read: a host per case and API, each on an account of its own (v2 has no zpk
# check: its zpk tasks fail before any call, and go on).
PLAYED_TASKS = [
    on('one-user', info('by email', email='ADA@Example.com')),
    on('one-user', info('by id', id='{{ ada_id }}')),
    on('one-user', info('missing', email='nobody@example.com')),
    on('assistants', info('with assistants', include_assistants=True, full_records=False)),
    on('assistants', dict(info('zpk only', zpk=ADA_ZPK), ignore_errors="{{ zoom_api == 'v2' }}")),
    on('assistants', dict(info('bad zpk', zpk='not-a-zpk'), ignore_errors="{{ zoom_api == 'v2' }}")),
    # The export (the filter in set_fact); the re-apply, one zoom_user task per exported item (direct).
    on('export', info('export')),
    on('export', {'name': 'options', 'ansible.builtin.set_fact': {
        'zoom_users': '{{ export.users | zoomops.zoom.zoom_user_options }}'}}),
]


@pytest.fixture(scope='module')
def played(tmp_path_factory):
    cases = {}
    for api in BACKENDS:
        cases['one-user-' + api] = {'backend': api, 'seed': ADA, 'vars': {'case': 'one-user'},
                                    'derived': lambda emulator: {'ada_id': emulator.user('ada@example.com')['id']}}
        cases['assistants-' + api] = {'backend': api, 'seed': ASSISTANT_ACCOUNT, 'vars': {'case': 'assistants'}}
        cases['export-' + api] = {'backend': api, 'seed': export_account(api), 'vars': {'case': 'export'}}
    played = accounts_run('zoom_user_info', tmp_path_factory, PLAYED_TASKS, cases, keep=True, expect_rc=0)
    try:
        yield played
    finally:
        played.stop()


PLAYED = pytest.mark.xdist_group('zoom-user-info-played')


@PLAYED
def test_one_user_by_email_id_or_missing_with_fewest_calls(played, backend):
    host = 'one-user-' + backend
    run, calls = played.view(host), played.calls(host)
    ada_id = played.user(host, 'ada@example.com')['id']

    by_email = run.result('by email')
    assert by_email['changed'] is False
    assert len(by_email['users']) == 1
    user = by_email['users'][0]
    assert user['email'] == 'ada@example.com' and user['id'] == ada_id
    assert user['status'] == 'active' and user['type'] == 'pro' and user['login_type'] == 'zoom'
    assert user['first_name'] == 'Ada' and user['timezone'] == 'Europe/London'
    assert user['settings']['enable_waiting_room'] is True
    assert 'assistants' not in user
    assert not set(SECRETS) & set(user)
    assert run.result('by id')['users'] == by_email['users']
    assert run.result('missing')['users'] == [] and not run.result('missing').get('failed')
    # (the whole run's output and results)
    assert ADA_ZPK not in played.run.stdout and ADA_ZPK not in json.dumps(played.run.results)
    # v1: 1 call for an existing user (by email or id), 2 for a missing one; v2: the user and its settings, 1 for
    # a missing one (and one token request per task). No write.
    assert api_endpoints(calls) == {
        'v1': ['/user/getbyemail', '/user/get', '/user/getbyemail', '/user/checkemail'],
        'v2': [GET, SETTINGS_GET, GET, SETTINGS_GET, GET]}[backend]
    assert token_requests(calls) == {'v1': 0, 'v2': 3}[backend]
    assert writes(calls) == []


def test_every_user_walks_every_page_of_list_and_pending(emu, direct, backend):
    seed_account(emu, active=330, inactive=20, pending=310)
    run = direct([info('all users', full_records=False),
                  info('only pending', status='pending', full_records=False),
                  info('only inactive', status='inactive', full_records=False)], check=True, expect_rc=0)

    users = run.result('all users')['users']
    assert len(users) == 660
    assert len(set(user['email'] for user in users)) == 660
    statuses = [user['status'] for user in users]
    assert statuses.count('active') == 330 and statuses.count('inactive') == 20 and statuses.count('pending') == 310
    assert run.result('only pending')['users'] == [user for user in users if user['status'] == 'pending']
    assert [user['email'] for user in run.result('only inactive')['users']] == \
        ['inactive%03d@example.com' % n for n in range(20)]
    for user in users:
        assert not set(SECRETS) & set(user)
    calls = api_calls(emu.calls())
    if backend == 'v1':
        # page_size 300, fewest calls: 350 listed users = 2 pages, 310 pending = 2 pages.
        assert endpoints(calls) == ['/user/list', '/user/list', '/user/pending', '/user/pending',   # all
                                    '/user/pending', '/user/pending',                              # pending
                                    '/user/list', '/user/list']                                    # inactive
        assert all('page_size' in call['fields'] and 'page_number' in call['fields'] for call in calls)
    else:
        # page_size 300 per status, following next_page_token: active 330 = 2 pages, inactive 20 = 1, pending
        # 310 = 2; then pending alone 2, inactive alone 1.
        assert endpoints(calls) == [LIST] * 8
        fields = [call['fields'] for call in calls]
        first, following = ['page_size', 'status'], ['next_page_token', 'page_size', 'status']
        assert fields == [first, following, first, first, following, first, following, first], fields
        assert token_requests(emu.calls()) == 3
    assert writes(calls) == []


@pytest.fixture(scope='module')
def rate_limited():
    """An emulator enforcing the rate limits (v1: one /user/list call a second; v2: per category), for this module."""
    with Emulator(rate_limit=True) as emu:
        yield emu


def test_listing_is_carried_through_the_list_rate_limit(rate_limited, tmp_path, backend):
    # v1 allows one /user/list call per second: the second page is refused (403) and retried. v2 answers 429.
    emu = rate_limited
    emu.reset()
    seed_account(emu, active=700)
    emu.clear_calls()
    run = DirectPlayer(emu, tmp_path, backend)([info('all users', status='active', full_records=False)], expect_rc=0)
    assert len(run.result('all users')['users']) == 700
    calls = api_calls(emu.calls())
    refused = {'v1': 403, 'v2': 429}[backend]
    assert [call for call in calls if call.get('error') not in (None, refused)] == []
    assert len([call for call in calls if not call.get('error')]) == 3


@PLAYED
def test_include_assistants_and_zpk(played, backend):
    host = 'assistants-' + backend
    run, calls = played.view(host), played.calls(host)

    users = dict((user['email'], user) for user in run.result('with assistants')['users'])
    assert users['host@example.com']['assistants'] == ['A@example.com', 'b@example.com']
    assert users['b@example.com']['assistants'] == []
    assert users['invited@example.com']['assistants'] == []
    assert ADA_ZPK not in played.run.stdout and ADA_ZPK not in json.dumps(played.run.results)
    if backend == 'v1':
        zpk = run.result('zpk only')
        assert zpk['zpk_valid'] is True and 0 < zpk['expire_in'] <= 7 * 24 * 3600 and zpk['users'] == []
        assert run.result('bad zpk')['zpk_valid'] is False and run.result('bad zpk')['expire_in'] == 0
        # 1 list + 1 pending page, one assistants call per listed (not pending) user, then the 2 zpk checks.
        assert endpoints(calls) == ['/user/list', '/user/pending'] + ['/user/scheduleforhost/list'] * 3 + \
            ['/user/checkzpk', '/user/checkzpk']
    else:
        for name in ('zpk only', 'bad zpk'):
            assert [entry['status'] for entry in run.results if entry['task'] == name] == ['failed'], name
            assert 'zpk has no Zoom API v2 equivalent' in run.result(name)['msg']
        # One page per status, one assistants call per listed (not pending) user; the zpk tasks make no call.
        assert api_endpoints(calls) == [LIST] * 3 + ['GET /users/{userId}/assistants'] * 3
        assert token_requests(calls) == 1


@PLAYED
@pytest.mark.parametrize('backend', ['v1', 'v2'])
def test_export_then_re_apply_reports_no_change(played, tmp_path, backend):
    # The export (the played run's, of its host's account); the re-apply to the same account, one zoom_user task per
    # exported item (direct).
    exported = played.view('export-' + backend).result('options')['ansible_facts']['zoom_users']
    account = played.emulators['export-' + backend]
    applied = DirectPlayer(account, tmp_path, backend)(apply_tasks(exported, 're-apply'), expect_rc=0)

    options = dict((item['email'], item) for item in exported)
    assert set(options) == {'ada@example.com', 'bot@example.com', 'sso@example.com', 'gone@example.com',
                            'invited@example.com'}
    ada = options['ada@example.com']
    assert ada['state'] == 'present' and ada['active'] is True and ada['type'] == 'pro'
    assert ada['vanity_name'] == 'ada.lovelace' and ada['settings']['meeting_capacity'] == 100
    assert not set(SECRETS) & set(ada) and 'id' not in ada and 'status' not in ada
    assert options['gone@example.com']['active'] is False
    assert 'active' not in options['invited@example.com']
    re_apply = item_results(applied, exported, 're-apply')
    assert len(re_apply) == 5
    assert [item['changed'] for item in re_apply] == [False] * 5
    assert writes([call for item in exported for call in applied.task_calls('re-apply ' + item['email'])]) == []
