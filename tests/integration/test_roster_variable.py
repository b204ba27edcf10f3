"""The roster given as the variable ``zoom_roster_users`` from inventory (host_vars, group_vars), the Ansible way for
"each account is an inventory host": the role hands the variable's NAME to the zoom_roster action plugin, which reads
it untemplated (templating only the strings that hold a template) and gives it to the module in a private file.

Run against the emulator on API v1 and v2 where the calls differ; the rest on v1.

Everything here is what the controller does (the action plugin, inventory variables, templating, -vvvv), so every
test runs ansible-playbook. Tests whose runs are independent share one: an inventory host per case, each with its
own variables, on an account of its own (shared_runs.accounts_run: one run on v1 for the rosters refused before any
call and the rosters that converge; on both APIs, a host each, one run in check mode then one for real twice, and
two runs at -vvvv); each test reads its host's results, calls and users."""

import json
import os

import pytest

from harness import is_write

from .conftest import endpoints
from .shared_runs import MARKER as CALLS_SO_FAR, accounts_run, host_view, inventory_of

ROLE = [{'name': 'roster', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.zoom_roster'}}]
CONVERGE = 'zoomops.zoom.zoom_roster : Converge the account on the roster'
SUMMARY = 'zoomops.zoom.zoom_roster : Summarise the run'
LISTING = {'v1': {'/user/list', '/user/pending'}, 'v2': {'GET /users', 'POST /oauth/token'}}
PASSWORD = 'Vault-Only-Pw-8842'
HOST_KEY = '918273'
# A value of the roster that only the roster holds: it must not appear in the output of a run that changes nothing.
MARKER = 'Rosteronly-Dept-5531'


@pytest.fixture(params=['v1', 'v2'])
def backend(request):
    return request.param


# The tests whose calls do not differ between the APIs (or that make none) run on v1 only.
V1_ONLY = pytest.mark.parametrize('backend', ['v1'])


def writes(calls):
    return [call for call in calls if is_write(call['endpoint'])]


def inventory(tmp_path, host_vars, group_vars=None):
    """An inventory of one account, localhost, whose variables are in host_vars/localhost.json (and
    group_vars/all.json): the role reads the roster from there as any variable."""
    return inventory_of(tmp_path, {'localhost': host_vars}, group_vars)


def summary(run):
    return run.result(SUMMARY)['ansible_facts']['zoom_roster_summary']


def module_results(run):
    """The results of the collection's module tasks (each one module process)."""
    return [entry for entry in run.results if entry['action'].startswith('zoomops.zoom.')]


def roster_with_templates(host_key=False):
    """Four users, one whose password comes from a (vault) variable and whose dept is a template (and, with
    ``host_key``, one with a host key, which the module verifies with one lookup on every run, by design)."""
    roster = [
        {'email': 'a@example.com', 'first_name': 'Ada', 'dept': MARKER},
        {'email': 'b@example.com', 'create_method': 'autocreate', 'password': '{{ vault_password }}',
         'dept': "{{ 'Ops' ~ '-' ~ region }}"},
        {'email': 'c@example.com', 'last_name': 'Hopper'},
        {'email': 'd@example.com', 'create_method': 'custcreate', 'type': 'pro'},
    ]
    if host_key:
        roster[2]['host_key'] = HOST_KEY
    return roster


OLD_ADA = [{'email': 'a@example.com', 'first_name': 'Old', 'dept': MARKER}, {'email': 'c@example.com'}]
VAULT = {'vault_password': PASSWORD}


def templated_cases(prefix, seed, host_key=False):
    """A host per API ('<prefix>-<api>') whose roster (roster_with_templates) is in its host_vars, on an account of
    its own seeded with ``seed``."""
    return dict(('%s-%s' % (prefix, api), {'backend': api, 'seed': seed, 'vars': {
        'zoom_roster_users': roster_with_templates(host_key=host_key), 'region': 'EU'}}) for api in ('v1', 'v2'))


@pytest.fixture(scope='module')
def templated(tmp_path_factory):
    """(check, real): the role run in check mode, then for real twice (a CALLS_SO_FAR task between), on a host per API whose
    roster is in its host_vars and the vault password in group_vars (both runs on the same hosts and accounts)."""
    check = accounts_run('roster variable templated', tmp_path_factory, ROLE, templated_cases('templated', OLD_ADA),
                         keep=True, group_vars=VAULT, check=True, expect_rc=0)
    try:
        yield check, check.again(ROLE + [CALLS_SO_FAR] + ROLE, expect_rc=0)
    finally:
        check.stop()


TEMPLATED = pytest.mark.xdist_group('roster-variable-templated')


@TEMPLATED
def test_a_roster_in_host_vars_converges_then_re_runs_with_list_calls_only_in_one_module_process(
        templated, backend):
    # (the account before the first real run is OLD_ADA: the check-mode run before it writes nothing, which
    # test_check_mode_and_diff_from_host_vars_predict_the_real_run_exactly asserts)
    real = templated[1]
    host = 'templated-' + backend
    (first, _first_calls), (second, second_calls) = real.phases(host)
    assert {key: summary(first)[key] for key in ('created', 'updated', 'unchanged', 'failed')} == \
        {'created': 2, 'updated': 2, 'unchanged': 0, 'failed': 0}
    # the entry strings that hold a template were templated: the password from group_vars, the dept from host_vars
    # (the account after both runs: the second writes nothing, below)
    assert real.user(host, 'b@example.com')['dept'] == 'Ops-EU'
    assert real.emulators[host].check_password('b@example.com', PASSWORD)
    assert real.user(host, 'a@example.com')['first_name'] == 'Ada'

    assert second.changed == 0 and summary(second)['unchanged'] == 4
    assert writes(second_calls) == []
    assert set(endpoints(second_calls)) <= LISTING[backend]
    assert [entry['task'] for entry in module_results(second)] == [CONVERGE]


def converging_hosts(folder):
    """The hosts of the run in which every roster converges: each host's roster names its own users."""
    roster_file = folder / 'roster.yml'
    roster_file.write_text('- email: file@example.com\n  dept: FromFile\n')
    return {
        'whole-template': {'staff': [{'email': 'a@example.com', 'dept': '{{ unit }}'}],
                           'contractors': [{'email': 'b@example.com'}], 'unit': 'Lab',
                           'zoom_roster_users': '{{ staff + contractors }}'},
        'file-alone': {'zoom_roster_users_file': str(roster_file)},
        'kept-remote-files': {'zoom_roster_users': [{'email': 'kept@example.com', 'dept': MARKER}]},
    }


# (host, the variable zoom_roster_users, what the failure says)
NO_LIST_OF_USERS = [
    ('mapping', {'email': 'a@example.com'}, 'zoom_roster_users must be a list of users, not dict'),
    ('string', 'a@example.com', 'zoom_roster_users must be a list of users, not str'),
    ('template-of-a-mapping', "{{ {'email': 'a@example.com'} }}", 'zoom_roster_users must be a list of users, not dict'),
    ('template-of-an-undefined', '{{ roster_not_defined_anywhere }}',
     'the variable zoom_roster_users (users_var) could not be templated'),
    ('entry-template-of-an-undefined', [{'email': 'a@example.com', 'password': '{{ vault_missing }}'}],
     "could not be templated: entry 0 (a@example.com): 'vault_missing' is undefined"),
    ('bad-entry', [{'email': 'a@example.com', 'frist_name': 'Ada'}], 'entry 0 (a@example.com): unknown keys: frist_name'),
]


def refused_hosts(folder):
    """The hosts of the run in which every roster is refused: one per roster variable that is no list of users, and
    one with both the variable and the roster file."""
    roster_file = folder / 'roster.yml'
    roster_file.write_text('- email: a@example.com\n')
    hosts = dict((host, {'zoom_roster_users': value}) for host, value, _expected in NO_LIST_OF_USERS)
    hosts['variable-and-file'] = {'zoom_roster_users': [{'email': 'b@example.com'}],
                                  'zoom_roster_users_file': str(roster_file)}
    return hosts


@pytest.fixture(scope='module')
def one_run(tmp_path_factory):
    """(run, remote_tmp): one run (API v1, ansible-core keeping its remote files in remote_tmp) on a host per roster:
    each converging roster (converging_hosts) on an account of its own, each refused roster (refused_hosts: each
    host fails on its own, the others go on) on one account that no call may reach."""
    folder = tmp_path_factory.mktemp('roster-variable-files')
    (folder / 'converging').mkdir()
    (folder / 'refused').mkdir()
    remote_tmp = folder / 'remote_tmp'
    remote_tmp.mkdir()
    cases = dict((host, {'backend': 'v1', 'vars': variables})
                 for host, variables in converging_hosts(folder / 'converging').items())
    cases.update((host, {'backend': 'v1', 'vars': variables, 'account': 'refused'})
                 for host, variables in refused_hosts(folder / 'refused').items())
    run = accounts_run('roster variable', tmp_path_factory, ROLE, cases,
                       env={'ANSIBLE_REMOTE_TMP': str(remote_tmp), 'ANSIBLE_KEEP_REMOTE_FILES': 'true'})
    return run, remote_tmp


ONE_RUN = pytest.mark.xdist_group('roster-variable-one-run')


def accounts_of(one_run, backend):
    """The one run's Accounts, whose hosts all speak the API of the tests that read it (V1_ONLY)."""
    assert backend == 'v1', 'the one run speaks API v1'
    return one_run[0]


def converged(one_run, host, backend):
    """The host's view of the one run, in which its roster converged."""
    run = accounts_of(one_run, backend).view(host)
    assert run.results and run.failed == []
    return run


@ONE_RUN
@V1_ONLY
@pytest.mark.parametrize('host, expected', [(host, expected) for host, _value, expected in NO_LIST_OF_USERS],
                         ids=[host for host, _value, _expected in NO_LIST_OF_USERS])
def test_a_roster_variable_that_is_no_list_of_users_fails_before_any_call_naming_it(one_run, host, expected, backend):
    whole = accounts_of(one_run, backend)
    calls = whole.calls(host)
    run = whole.view(host)
    assert run.rc != 0
    assert [entry['task'] for entry in run.failed] == [CONVERGE]
    message = run.result(CONVERGE)['msg']
    assert expected in message
    # the private file is never what a message names (in the whole run's output)
    assert 'roster.json' not in whole.run.stdout + whole.run.stderr
    assert calls == []


@ONE_RUN
@V1_ONLY
def test_the_roster_variable_and_the_roster_file_together_fail_before_any_call(one_run, backend):
    whole = accounts_of(one_run, backend)
    calls = whole.calls('variable-and-file')
    run = whole.view('variable-and-file')
    assert run.rc != 0
    assert [entry['task'] for entry in run.failed] == [CONVERGE]
    assert 'mutually exclusive' in run.result(CONVERGE)['msg']
    assert 'zoom_roster_users_file' in run.result(CONVERGE)['msg']
    assert calls == []


@ONE_RUN
@V1_ONLY
def test_a_roster_variable_that_is_a_template_is_templated_as_a_whole(one_run, backend):
    host = 'whole-template'
    assert summary(converged(one_run, host, backend))['created'] == 2
    assert one_run[0].user(host, 'a@example.com')['dept'] == 'Lab' and one_run[0].user(host, 'b@example.com') is not None


@ONE_RUN
@V1_ONLY
def test_the_roster_file_alone_still_works_with_the_variable_undefined(one_run, backend):
    assert summary(converged(one_run, 'file-alone', backend))['created'] == 1
    assert one_run[0].user('file-alone', 'file@example.com')['dept'] == 'FromFile'


@ONE_RUN
@V1_ONLY
def test_the_private_copy_of_the_roster_is_removed_even_when_ansible_keeps_its_remote_files(one_run, backend):
    run, remote_tmp = accounts_of(one_run, backend), one_run[1]
    # the host whose roster is a variable given as it is (a private copy of it was handed to the module; the run's
    # other hosts, some refused, kept their files in the same remote_tmp)
    assert summary(converged(one_run, 'kept-remote-files', backend))['created'] == 1
    assert run.user('kept-remote-files', 'kept@example.com')['dept'] == MARKER
    kept = [name for _folder, _dirs, files in os.walk(str(remote_tmp)) for name in files]
    assert any(name.startswith('AnsiballZ_') for name in kept), kept   # the debugging copy ansible-core keeps
    assert 'roster.json' not in kept


@TEMPLATED
def test_check_mode_and_diff_from_host_vars_predict_the_real_run_exactly(templated, backend):
    host = 'templated-' + backend
    checked, real_runs = templated
    assert writes(checked.calls(host)) == []
    check, (real, _calls) = checked.view(host), real_runs.phases(host)[0]
    assert check.result(CONVERGE)['diff'] == real.result(CONVERGE)['diff']
    assert check.result(CONVERGE)['changes'] == real.result(CONVERGE)['changes']
    assert {key: value for key, value in summary(check).items() if key not in ('check_mode', 'planned_removals')} == \
        {key: value for key, value in summary(real).items() if key != 'check_mode'}
    assert PASSWORD not in json.dumps(checked.run.results) + json.dumps(real_runs.run.results)


@pytest.fixture(scope='module')
def verbose(tmp_path_factory):
    """(changing, again, remote_tmp): the role run twice at -vvvv, ansible-core keeping no remote files in remote_tmp,
    on a host per API whose roster (with a host key) is in its host_vars."""
    remote_tmp = tmp_path_factory.mktemp('roster-variable-remote-tmp')
    environment = {'ANSIBLE_REMOTE_TMP': str(remote_tmp), 'ANSIBLE_KEEP_REMOTE_FILES': 'false'}
    changing = accounts_run('roster variable verbose', tmp_path_factory, ROLE,
                            templated_cases('verbose', [{'email': 'a@example.com', 'first_name': 'Ada', 'dept': MARKER}],
                                            host_key=True),
                            keep=True, group_vars=VAULT, verbosity=4, env=environment, expect_rc=0)
    try:
        yield changing, changing.again(ROLE, verbosity=4, env=environment, expect_rc=0), remote_tmp
    finally:
        changing.stop()


@pytest.mark.xdist_group('roster-variable-verbose')
def test_the_roster_never_shows_at_vvvv_nor_in_the_invocation_and_its_private_file_is_removed(verbose, backend):
    host = 'verbose-' + backend
    changing, again, remote_tmp = verbose
    assert changing.view(host).changed > 0
    for run in (changing, again):
        # (the output and results of both hosts)
        text = run.run.stdout + run.run.stderr + json.dumps(run.run.results)
        assert PASSWORD not in text and HOST_KEY not in text
        # the logged invocation names the variable, never holds the roster nor the private file
        arguments = run.view(host).result(CONVERGE).get('invocation', {}).get('module_args')
        if arguments is not None:   # ansible-core 2.21 leaves the invocation out of results
            assert arguments['users_var'] == 'zoom_roster_users'
            assert arguments['users'] is None and arguments['users_file'] is None
    # a run that changes nothing shows nothing of the roster, not even the values no diff names
    assert again.view(host).changed == 0
    assert MARKER not in again.run.stdout + again.run.stderr + json.dumps(again.run.results)
    assert '"create_method": "custcreate"' not in again.run.stdout
    # the private copy of the roster is gone with the task's temporary directory
    assert [os.path.join(folder, name) for folder, _dirs, files in os.walk(str(remote_tmp)) for name in files] == []


@V1_ONLY
def test_the_module_reads_any_variable_named_by_users_var_and_names_it_in_messages(emu, play, tmp_path):
    account_roster = [{'email': 'a@example.com', 'first_name': 'Ada'}, {'email': 'not-an-email'}]
    task = {'name': 'converge', 'zoomops.zoom.zoom_roster': {'users_var': 'account_roster'}}
    # The refusals in one run, a host each (the variable in its host_vars): a bad entry, no variable, the variable
    # and a roster together (that host runs the task that gives both, the others the task that names the variable).
    hosts = inventory_of(tmp_path, {'bad': {'account_roster': account_roster}, 'missing': {},
                                    'both': {'account_roster': account_roster[:1]}})
    refused = play([{'name': 'converge', 'zoomops.zoom.zoom_roster': {'users_var': 'account_roster', 'users': []},
                     'when': "inventory_hostname == 'both'"},
                    dict(task, when="inventory_hostname != 'both'")], hosts='all', inventory=hosts)
    calls = emu.calls()
    bad, missing, both = (host_view(refused, host) for host in ('bad', 'missing', 'both'))
    for run in (bad, missing, both):
        assert [entry['task'] for entry in run.failed] == ['converge']
    assert bad.rc != 0 and 'entry 1 (not-an-email)' in bad.result('converge')['msg']
    assert missing.result('converge')['msg'].startswith('missing required arguments: account_roster (or users_file)')
    assert calls == []
    good = play([task], play_vars={'account_roster': account_roster[:1]}, expect_rc=0)
    assert good.result('converge')['summary']['created'] == 1 and emu.user('a@example.com')['first_name'] == 'Ada'
    assert both.rc != 0 and 'mutually exclusive' in both.result('converge')['msg']
