"""The zoomops.zoom.zoom_roster role against the emulator: converge, idempotence, purge guards, check mode -- on API v1
and v2 (every test runs on both; the calls each API makes are spelt per backend).

What the role adds to its module stays proven by real ansible-playbook runs of the role (``play``): its argument
spec, its variables reaching the module, the summary fact and message, the last task that fails naming each failed
user, warnings printed as Ansible warnings, -vvvv output, its former name. Where a run only shows how the
zoomops.zoom.zoom_roster module plans and converges (its result, calls and the account), the role's one module task
runs with the roster given literally (``roster_task``: the role's options, as its task gives them to the module once
the action plugin has read zoom_roster_users) through the ``direct`` fixture (test_direct_equivalence.py covers a
literal-users zoom_roster task).

The role's playbook runs are shared (shared_runs.accounts_run): one ansible-playbook run per kind of run (real, check
mode, -vvvv, the role twice, the former name) on an inventory host per case and API, each host calling an account (an
emulator) of its own through the play's module_defaults templated from its host variables. Each test reads its own
host's results and output lines, and its account's calls and users; the tests that read one run share an xdist group
(one worker makes the run once)."""

import os

import pytest
import yaml

from harness import is_write

from .conftest import endpoints
from .direct import DirectPlayer, DirectRun
from .shared_runs import MARKER, accounts_run


def writes(calls):
    """The calls of a call log that change the account, on either API."""
    return [call for call in calls if is_write(call['endpoint'])]


@pytest.fixture(params=['v1', 'v2'])
def backend(request):
    """The API the role speaks (overrides the integration conftest's v1-only fixture for this module)."""
    return request.param


ROLE = [{'name': 'roster', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.zoom_roster'}}]
# The calls of each API in the call log (v2 lists each status, active, inactive and pending, with its own call, and
# asks for one access token per module process).
LISTING = {'v1': ['/user/list', '/user/pending'], 'v2': ['GET /users', 'GET /users', 'GET /users', 'POST /oauth/token']}
ASSISTANTS = {'v1': '/user/scheduleforhost/list', 'v2': 'GET /users/{userId}/assistants'}
FIND = {'v1': '/user/getbyemail', 'v2': 'GET /users/{userId}'}
UPDATE = {'v1': '/user/update', 'v2': 'PATCH /users/{userId}'}
DELETE = {'v1': '/user/delete', 'v2': 'DELETE /users/{userId}'}
CUSTCREATE = {'v1': '/user/custcreate', 'v2': 'POST /users'}
# How Zoom refuses a pmi that another user holds.
PMI_TAKEN = {'v1': 'Zoom error 1014', 'v2': 'Personal meeting ID 2035134243 is already in use'}
SUMMARY = 'zoomops.zoom.zoom_roster : Summarise the run'
# The one module task of the role (zoomops.zoom.zoom_roster: read, plan and apply in one process).
CONVERGE = 'zoomops.zoom.zoom_roster : Converge the account on the roster'
LIST_ENDPOINTS = {'/user/list', '/user/pending', '/user/scheduleforhost/list'}
OWNER = 'owner@example.com'


# The role's defaults: the options its module task gives when the play sets none of the role's variables.
with open(os.path.join(os.path.dirname(__file__), '..', '..', 'roles', 'zoom_roster', 'defaults', 'main.yml'),
          encoding='utf-8') as _defaults:
    ROLE_OPTIONS = dict((key[len('zoom_roster_'):], value) for key, value in yaml.safe_load(_defaults).items())
# The name of the module task of a direct run (roster_task).
DIRECT = 'roster'


def roster_task(users, **options):
    """The role's module task with the roster given literally, for the direct fixture: ``options`` as
    roster_vars(users, **options) sets the role's variables."""
    unknown = set(options) - set(ROLE_OPTIONS)
    assert not unknown, 'not a variable of the role: %s' % sorted(unknown)
    arguments = dict(ROLE_OPTIONS, **options)
    arguments['users'] = users
    return [{'name': DIRECT, 'zoomops.zoom.zoom_roster': arguments}]


def summary(run):
    """The roster's summary: the role's zoom_roster_summary fact (a playbook run of the role), or the result's summary
    of the module task (a direct run of roster_task)."""
    if isinstance(run, DirectRun):
        return run.result(DIRECT)['summary']
    return run.result(SUMMARY)['ansible_facts']['zoom_roster_summary']


def counts(run):
    found = summary(run)
    return dict((key, found[key]) for key in ('created', 'updated', 'deactivated', 'removed', 'unchanged',
                                              'assistants', 'failed'))


def roster_vars(users, **options):
    variables = {'zoom_roster_users': users}
    variables.update(('zoom_roster_%s' % key, value) for key, value in options.items())
    return variables


def seed_mixed_account(emu):
    """An account of 50 roster users (40 present: 30 equal, 10 differing, 2 of them pending) plus extras."""
    emu.seed(mixed_account())


def mixed_account():
    """The users of seed_mixed_account."""
    seed = [{'email': OWNER, 'first_name': 'Owner'}]
    for n in range(30):
        seed.append({'email': 'same%02d@example.com' % n, 'first_name': 'Same', 'dept': 'Ops', 'type': 2,
                     'enable_waiting_room': 'true'})
    for n in range(6):
        seed.append({'email': 'differ%02d@example.com' % n, 'first_name': 'Old', 'dept': 'Ops'})
    for n in range(2):
        seed.append({'email': 'leaving%02d@example.com' % n, 'first_name': 'Leaving'})
    for n in range(2):
        seed.append({'email': 'pending%02d@example.com' % n, 'create_method': 'create'})
    for n in range(4):
        seed.append({'email': 'extra%02d@example.com' % n})
    seed.append({'email': 'extra-pending@example.com', 'create_method': 'create'})
    return seed


def mixed_roster():
    roster = [{'email': 'same%02d@example.com' % n, 'first_name': 'Same', 'dept': 'Ops', 'type': 'pro',
               'settings': {'enable_waiting_room': True}} for n in range(30)]
    roster += [{'email': 'differ%02d@example.com' % n, 'first_name': 'New', 'dept': 'Ops'} for n in range(6)]
    roster += [{'email': 'leaving%02d@example.com' % n, 'active': False} for n in range(2)]
    roster += [{'email': 'pending%02d@example.com' % n} for n in range(2)]
    roster += [{'email': 'missing%02d@example.com' % n, 'create_method': 'custcreate', 'first_name': 'Missing',
                'timezone': 'Europe/Paris'} for n in range(10)]
    roster[0]['assistants'] = ['same01@example.com', 'missing00@example.com']
    return roster


PURGE = dict(purge=True, protected=[OWNER], max_removals=10)


@pytest.fixture(scope='module')
def fifty(tmp_path_factory):
    """The role run twice (a MARKER task between) on the mixed account's roster, purging, on a host per API."""
    cases = dict(('fifty-' + api, {'backend': api, 'seed': mixed_account(), 'vars': roster_vars(mixed_roster(), **PURGE)})
                 for api in ('v1', 'v2'))
    return accounts_run('roster of fifty', tmp_path_factory, ROLE + [MARKER] + ROLE, cases, expect_rc=0)


@pytest.mark.xdist_group('roster-fifty')
def test_roster_of_50_converges_then_changes_nothing_with_list_calls_only(fifty, backend):
    host = 'fifty-' + backend
    assert len(mixed_roster()) == 50
    (first, first_calls), (second, second_calls) = fifty.phases(host)

    assert counts(first) == {'created': 10, 'updated': 6, 'deactivated': 2, 'removed': 5, 'unchanged': 32,
                             'assistants': 1, 'failed': 0}
    # (the account after both runs: the second writes nothing, below)
    assert fifty.user(host, 'differ03@example.com')['first_name'] == 'New'
    assert fifty.user(host, 'leaving01@example.com')['status'] == 'inactive'
    assert fifty.user(host, 'missing09@example.com')['timezone'] == 'Europe/Paris'
    assert fifty.user(host, 'extra00@example.com') is None and fifty.user(host, 'extra-pending@example.com') is None
    assert fifty.user(host, OWNER) is not None
    assistants = fifty.user(host, 'same00@example.com')['assistants']
    assert sorted(assistants) == ['missing00@example.com', 'same01@example.com']
    # Only the users that differ were handed to a module: 6 + 2 + 10 creates, 5 removals, 1 host.
    calls = endpoints(first_calls)
    assert calls.count(LISTING[backend][0]) == LISTING[backend].count(LISTING[backend][0])
    assert calls.count(UPDATE[backend]) == 6 + 10
    assert calls.count(FIND[backend]) < 60

    assert second.changed == 0
    # one module process read, planned and found nothing to do (the role ran one module per changed user before)
    # (the collection's tasks: set_fact, debug and fail run in the controller; the invocation key is not counted on,
    # ansible-core 2.21 leaves it out)
    assert [entry['task'] for entry in second.results if entry['action'].startswith('zoomops.zoom.')] == [CONVERGE]
    assert counts(second) == {'created': 0, 'updated': 0, 'deactivated': 0, 'removed': 0, 'unchanged': 50,
                              'assistants': 0, 'failed': 0}
    calls = endpoints(second_calls)
    assert writes(second_calls) == []
    # one page of each listing, the assistants of the one host the roster names
    reads = sorted(LISTING[backend] + [ASSISTANTS[backend]])
    if backend == 'v2':
        # GET /users carries no settings: the settings of the 30 users whose settings the roster manages are read one
        # by one, and nothing more (each user's own GET /users/{userId} too, before: 2 reads per user).
        reads = sorted(reads + ['GET /users/{userId}/settings'] * 30)
    else:
        assert set(calls) <= LIST_ENDPOINTS
    assert sorted(calls) == reads


# The role's check-mode run that two tests read (on a host per case and API, as the real run's).
ASSISTANT_SEED = [{'email': OWNER}, {'email': 'host@example.com', 'create_method': 'ssocreate',
                                     'assistants': ['old@example.com']},
                  {'email': 'old@example.com'}]
ASSISTANT_ROSTER = [{'email': 'host@example.com', 'assistants': ['new@example.com']},
                    {'email': 'new@example.com', 'create_method': 'custcreate'},
                    {'email': 'old@example.com'},
                    {'email': OWNER, 'state': 'absent'}]
ASSISTANT_OPTIONS = dict(protected=[OWNER])


@pytest.fixture(scope='module')
def checked(tmp_path_factory):
    """The role's run in check mode of the mixed account's roster (purging) and of the assistants' on both APIs."""
    cases = {}
    for api in ('v1', 'v2'):
        cases['mixed-' + api] = {'backend': api, 'seed': mixed_account(), 'vars': roster_vars(mixed_roster(), **PURGE)}
        cases['assistants-' + api] = {'backend': api, 'seed': ASSISTANT_SEED,
                                      'vars': roster_vars(ASSISTANT_ROSTER, **ASSISTANT_OPTIONS)}
    return accounts_run('roster check', tmp_path_factory, ROLE, cases, check=True, expect_rc=0)


CHECKED = pytest.mark.xdist_group('roster-check')


@CHECKED
def test_check_mode_writes_nothing_and_predicts_the_counts_of_the_real_run(emu, checked, direct, backend):
    roster = mixed_roster()
    check = checked.view('mixed-' + backend)
    assert writes(checked.calls('mixed-' + backend)) == []
    found = summary(check)
    assert found['check_mode'] is True
    assert found['planned_removals'] == ['extra-pending@example.com', 'extra00@example.com', 'extra01@example.com',
                                         'extra02@example.com', 'extra03@example.com']
    assert 'planned removals: extra-pending@example.com' in check.stdout

    seed_mixed_account(emu)
    real = direct(roster_task(roster, **PURGE), expect_rc=0)
    assert counts(check) == counts(real)


def test_purge_never_removes_a_protected_user(emu, direct, backend):
    emu.seed([{'email': OWNER}, {'email': 'api@example.com'}, {'email': 'keep@example.com'},
              {'email': 'gone@example.com'}])
    run = direct(roster_task([{'email': 'keep@example.com'}], purge=True,
                             protected=['OWNER@example.com', 'api@example.com']), expect_rc=0)
    assert summary(run)['removed'] == 1
    assert summary(run)['protected_kept'] == ['api@example.com', OWNER]
    assert [user['email'] for user in emu.state()['users']] == [OWNER, 'api@example.com', 'keep@example.com']
    assert endpoints(writes(emu.calls())) == [DELETE[backend]]


# The role's real runs that several tests read: one ansible-playbook run on a host per case and API (the host
# '<case>-<api>'), each host calling an account of its own (accounts_run); the readers of a run sit in one xdist group,
# so that one worker makes it once.
# Rosters the module refuses before any API call (the three share an account per API, which no call may reach).
INVALID_ENTRIES = [{'email': 'ok@example.com'},
                   {'email': 'bad@example.com', 'settings': {'webinar_capacity': 123}},
                   {'email': 'host@example.com', 'assistants': ['HOST@example.com']},
                   {'email': 'OK@example.com'},
                   {'email': 'not-an-email'}]
REFUSED = {'empty-with-purge': roster_vars([], purge=True),
           'invalid-entries': roster_vars(INVALID_ENTRIES),
           'unknown-option': roster_vars([{'email': 'a@example.com', 'frist_name': 'typo'}])}
PMI_ROSTER = [{'email': 'a@example.com', 'pmi': 2035134243, 'dept': 'X'},   # pmi of b: Zoom refuses (1014)
              {'email': 'b@example.com', 'dept': 'X'},
              {'email': 'c@example.com', 'dept': 'X'}]
# case: (its account's users, the host's variables)
REAL_CASES = {
    'over-max-removals': ([{'email': 'keep@example.com'}] + [{'email': 'x%d@example.com' % n} for n in range(4)],
                          roster_vars([{'email': 'keep@example.com', 'first_name': 'Changed'}], purge=True,
                                      max_removals=3)),
    'allowed-empty': ([{'email': 'a@example.com'}], roster_vars([], purge=True, allow_empty=True)),
    'undefined': ([{'email': 'a@example.com'}], {'zoom_roster_user': [{'email': 'a@example.com'}]}),   # misspelt
    'one-failure': ([{'email': 'a@example.com'}, {'email': 'b@example.com', 'pmi': 2035134243},
                     {'email': 'c@example.com'}], roster_vars(PMI_ROSTER)),
}


def real_cases():
    cases = {}
    for api in ('v1', 'v2'):
        for case, variables in REFUSED.items():
            cases['%s-%s' % (case, api)] = {'backend': api, 'vars': variables, 'account': 'refused-' + api}
        for case, (seed, variables) in REAL_CASES.items():
            cases['%s-%s' % (case, api)] = {'backend': api, 'seed': seed, 'vars': variables}
    return cases


@pytest.fixture(scope='module')
def real(tmp_path_factory):
    """The role's run (not in check mode) of the cases of REFUSED and REAL_CASES on both APIs."""
    return accounts_run('roster real', tmp_path_factory, ROLE, real_cases())


REAL = pytest.mark.xdist_group('roster-real')


def refused_on(real, host):
    """The shared run of the refused rosters as the run of ``host`` alone (the role's module task is the host's one
    failure), and the calls of its account."""
    run = real.view(host)
    assert [entry['task'] for entry in run.failed] == [CONVERGE]
    return run, real.calls(host)


@REAL
def test_purge_over_max_removals_is_refused_before_any_write_naming_each_user(real, backend):
    host = 'over-max-removals-' + backend
    run = real.view(host)
    assert run.rc != 0
    assert [entry['task'] for entry in run.failed] == [CONVERGE]
    assert 'refusing to purge 4 users, more than zoom_roster_max_removals (3)' in run.stdout
    assert 'x0@example.com, x1@example.com, x2@example.com, x3@example.com' in run.stdout
    assert writes(real.calls(host)) == []


@REAL
def test_empty_roster_with_purge_is_refused_with_no_api_call(real, backend):
    run, calls = refused_on(real, 'empty-with-purge-' + backend)
    assert run.rc != 0
    assert 'refusing to purge: the roster is empty' in run.stdout
    assert calls == []

    allowed = real.view('allowed-empty-' + backend)
    assert allowed.failed == []
    assert summary(allowed)['removed'] == 1 and real.user('allowed-empty-' + backend, 'a@example.com') is None


@REAL
def test_invalid_entries_fail_before_any_api_call_naming_index_and_email(real, backend):
    run, calls = refused_on(real, 'invalid-entries-' + backend)
    assert run.rc != 0
    assert 'entry 1 (bad@example.com): webinar_capacity' in run.stdout
    assert 'entry 2 (host@example.com): host@example.com is the host' in run.stdout
    assert 'entry 3 (OK@example.com): duplicate email, already in entry 0' in run.stdout
    assert "entry 4 (not-an-email): 'not-an-email' is not an email address" in run.stdout
    assert calls == []


@REAL
def test_unknown_option_is_refused_naming_the_entry_in_a_short_message(real, backend):
    run, calls = refused_on(real, 'unknown-option-' + backend)
    assert run.rc != 0
    # The role's own check names the entry; the argument spec (which cannot) no longer checks entry keys, and no
    # filter error wrapped in Ansible's "Finalization of task args" reaches the user.
    assert '"msg": "invalid roster: entry 0 (a@example.com): unknown keys: frist_name"' in run.stdout
    assert 'Finalization of task args' not in real.run.stdout + run.stderr
    assert calls == []


@REAL
def test_an_undefined_roster_fails_clearly_instead_of_doing_nothing(real, backend):
    host = 'undefined-' + backend
    run = real.view(host)
    assert run.rc != 0 and run.failed
    assert 'missing required arguments: zoom_roster_users' in run.stdout + run.stderr
    # The argument spec's own failure prints the spec: kept short (entry keys are documented in the README).
    assert len(run.stdout) < 4000
    assert real.calls(host) == []


@REAL
def test_one_failure_does_not_stop_the_others_and_fails_at_the_end_naming_it(real, backend):
    host = 'one-failure-' + backend
    run = real.view(host)
    assert run.rc != 0
    found = summary(run)
    assert found['updated'] == 2 and found['failed'] == 1
    assert found['failures'][0]['email'] == 'a@example.com' and PMI_TAKEN[backend] in found['failures'][0]['msg']
    assert real.user(host, 'b@example.com')['dept'] == 'X' and real.user(host, 'c@example.com')['dept'] == 'X'
    assert real.user(host, 'a@example.com')['dept'] == ''
    assert '1 of the roster\'s changes failed (the others were applied): a@example.com:' in run.stdout


KEYED_SEED = [{'email': 'keyed@example.com', 'host_key': '123456'}]
SECRET_ROSTER = [{'email': 'new@example.com', 'create_method': 'autocreate', 'password': 'Sup3r-Secret-pw'},
                 {'email': 'keyed@example.com', 'host_key': '654321'}]


@pytest.fixture(scope='module')
def verbose(tmp_path_factory):
    """The role's run at -vvvv of a roster with secrets, on a host per API; the accounts kept for a re-run."""
    cases = dict(('secrets-' + api, {'backend': api, 'seed': KEYED_SEED, 'vars': roster_vars(SECRET_ROSTER)})
                 for api in ('v1', 'v2'))
    accounts = accounts_run('roster verbose', tmp_path_factory, ROLE, cases, keep=True, verbosity=4, expect_rc=0)
    yield accounts
    accounts.stop()


@pytest.mark.xdist_group('roster-verbose')
def test_secrets_never_appear_in_verbose_output_and_host_key_users_are_verified(verbose, tmp_path, backend):
    host = 'secrets-' + backend
    roster = SECRET_ROSTER
    run = verbose.view(host)
    assert 'Sup3r-Secret-pw' not in verbose.run.stdout and '654321' not in verbose.run.stdout
    account = verbose.emulators[host]
    assert account.check_password('new@example.com', 'Sup3r-Secret-pw')
    # v1 lists host keys, so the role compares and sets keyed@'s; v2 never returns one: set on create only
    # (zoom_user's update_host_key=on_create), so keyed@ is left as it is.
    assert summary(run)['created'] == 1 and summary(run)['updated'] == (1 if backend == 'v1' else 0)

    again = DirectPlayer(account, tmp_path, backend)(roster_task(roster), expect_rc=0)
    calls = again.task_calls(DIRECT)
    assert again.changed == 0 and writes(calls) == []
    # a host key is never listed: the user is read to compare it (one call; v2 never returns it: set on create only)
    assert sorted(endpoints(calls)) == sorted(LISTING[backend] + [FIND[backend]])


def test_assistants_are_read_only_for_the_roster_hosts_and_set_exclusively(emu, direct, backend):
    emu.seed([{'email': 'host@example.com', 'assistants': ['old@example.com']}, {'email': 'old@example.com'},
              {'email': 'new@example.com'}, {'email': 'other@example.com', 'assistants': ['old@example.com']}])
    roster = [{'email': 'host@example.com', 'assistants': ['new@example.com']}, {'email': 'old@example.com'},
              {'email': 'new@example.com'}, {'email': 'other@example.com'}]
    run = direct(roster_task(roster), expect_rc=0)
    assert summary(run)['assistants'] == 1
    assert emu.user('host@example.com')['assistants'] == ['new@example.com']
    assert emu.user('other@example.com')['assistants'] == ['old@example.com']
    reading = LISTING[backend] + [ASSISTANTS[backend]]
    assert sorted(endpoints(emu.calls())[:len(reading)]) == sorted(reading)


def test_zoom_user_info_assistants_for_reads_only_the_named_hosts(emu, direct, backend):
    emu.seed([{'email': 'host@example.com', 'assistants': ['a@example.com']}, {'email': 'a@example.com'},
              {'email': 'b@example.com', 'assistants': ['a@example.com']},
              {'email': 'invited@example.com', 'create_method': 'create'}])
    run = direct([{'name': 'info', 'zoomops.zoom.zoom_user_info': {
        'assistants_for': ['HOST@example.com', 'invited@example.com', 'nobody@example.com'],
        # The list pages only (v2 completes every listed record by default: two more calls per user).
        'full_records': False}}], expect_rc=0)
    users = dict((user['email'], user) for user in run.result('info')['users'])
    assert users['host@example.com']['assistants'] == ['a@example.com']
    assert users['invited@example.com']['assistants'] == []
    assert 'assistants' not in users['b@example.com'] and 'assistants' not in users['a@example.com']
    assert sorted(endpoints(emu.calls())) == sorted(LISTING[backend] + [ASSISTANTS[backend]])


def test_assistants_that_the_run_itself_makes_impossible_are_refused_before_any_write(emu, direct):
    emu.seed([{'email': 'host@example.com'}, {'email': 'host2@example.com'}, {'email': 'leaver@example.com'},
              {'email': 'ok@example.com'}])
    roster = [{'email': 'host@example.com', 'assistants': ['leaver@example.com', 'invited@example.com']},
              {'email': 'leaver@example.com', 'active': False, 'dept': 'Gone'},
              {'email': 'invited@example.com', 'create_method': 'create'},
              {'email': 'host2@example.com', 'active': False, 'assistants': ['ok@example.com']},
              {'email': 'ok@example.com', 'dept': 'Changed'}]
    for check in (True, False):
        run = direct(roster_task(roster), check=check)
        assert run.rc != 0, check
        text = run.result(DIRECT)['msg']
        assert 'entry 0 (host@example.com): its assistants cannot be set' in text
        assert 'leaver@example.com is made inactive (deactivated) by this run by entry 1' in text
        assert 'invited@example.com is invited (pending, until the invitation is accepted) by this run by entry 2' in text
        assert 'entry 3 (host2@example.com): its assistants cannot be set: the host host2@example.com is made ' \
            'inactive' in text
        assert writes(emu.calls()) == []


@CHECKED
def test_check_mode_predicts_assistants_with_new_users_and_warns_as_ansible_warnings(emu, checked, direct, backend):
    roster, options = ASSISTANT_ROSTER, ASSISTANT_OPTIONS
    check = checked.view('assistants-' + backend)
    assert writes(checked.calls('assistants-' + backend)) == []
    result = check.result(CONVERGE)
    host = [diff for diff in result['diff'] if diff['before_header'] == 'assistants of host@example.com']
    # The host loses old@ although new@ does not exist before the real run: check mode shows it.
    assert result['changed'] is True and len(host) == 1
    assert (host[0]['before'], host[0]['after']) == ({'assistants': ['old@example.com']},
                                                     {'assistants': ['new@example.com']})
    # Ansible prints the warning once for the hosts that give it (both APIs here): each host's result gives it.
    assert '[WARNING]: owner@example.com is protected: not removed' in check.stdout + check.stderr
    assert any(warning.startswith('owner@example.com is protected: not removed') for warning in result['warnings'])
    assert 'warning(s): ' not in checked.run.stdout   # the summary no longer carries the warnings themselves

    emu.seed(ASSISTANT_SEED)
    real = direct(roster_task(roster, **options), diff=False, expect_rc=0)
    assert counts(check) == counts(real)
    assert counts(real)['created'] == 1 and counts(real)['assistants'] == 1
    assert emu.user('host@example.com')['assistants'] == ['new@example.com']
    # The host is an SSO user: looked up with its login type first (one getbyemail instead of about five).
    calls = endpoints(emu.calls())
    assert calls[calls.index(CUSTCREATE[backend]) + 1:].count(FIND[backend]) == 2  # host (sso), new (api)


OLD_NAME = [{'name': 'roster by its former name', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.roster'},
             'vars': roster_vars([{'email': 'ada@example.com', 'first_name': 'Ada'}], purge=True, protected=[OWNER])}]


@pytest.fixture(scope='module')
def old_name(tmp_path_factory):
    """The role by its former name, its variables given to the task, on a host per API."""
    seed = [{'email': OWNER}, {'email': 'ada@example.com', 'first_name': 'Ada'}]
    cases = dict(('old-name-' + api, {'backend': api, 'seed': seed}) for api in ('v1', 'v2'))
    return accounts_run('roster old name', tmp_path_factory, OLD_NAME, cases, expect_rc=0)


@pytest.mark.xdist_group('roster-old-name')
def test_the_deprecated_name_runs_zoom_roster_with_the_same_variables_after_a_warning(old_name, backend):
    """zoomops.zoom.roster (removed in 1.0.0) is zoom_roster under its former name: the variables given to the
    task that calls it reach zoom_roster, whose tasks run under their own name, after a deprecation warning."""
    run = old_name.view('old-name-' + backend)
    assert run.results and run.changed == 0
    assert counts(run) == {'created': 0, 'updated': 0, 'deactivated': 0, 'removed': 0, 'unchanged': 1,
                           'assistants': 0, 'failed': 0}
    assert summary(run)['protected_kept'] == [OWNER]   # the purge switch and the protected list reached the role
    # ansible-core 2.17 wraps warnings at the terminal width; 2.19 does not. (The role is imported once for the play:
    # the warning is the play's, whatever the hosts.)
    assert ('[WARNING]: The role zoomops.zoom.roster is deprecated and will be removed in version 1.0.0 of '
            'zoomops.zoom: use zoomops.zoom.zoom_roster') in ' '.join((run.stdout + run.stderr).split())
    assert sorted(endpoints(old_name.calls('old-name-' + backend))) == sorted(LISTING[backend])
