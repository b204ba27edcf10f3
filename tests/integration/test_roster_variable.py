"""The roster given as the variable ``zoom_roster_users`` from inventory (host_vars, group_vars), the Ansible way for
"each account is an inventory host": the role hands the variable's NAME to the zoom_roster action plugin, which reads
it untemplated (templating only the strings that hold a template) and gives it to the module in a private file.

Run against the emulator on API v1 and v2 where the calls differ; the rest on v1.

Everything here is what the controller does (the action plugin, inventory variables, templating, -vvvv), so every
test runs ansible-playbook. Tests whose runs are independent share one: an inventory host per case, each with its
own variables (shared_runs.py: one run for the rosters refused before any call, one for the rosters that converge);
each test reads its host's results."""

import json
import os

import pytest

from harness import is_write

from .conftest import endpoints
from .shared_runs import host_view, inventory_of, shared_run, user_of

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


def test_a_roster_in_host_vars_converges_then_re_runs_with_list_calls_only_in_one_module_process(
        emu, play, tmp_path, backend):
    emu.seed([{'email': 'a@example.com', 'first_name': 'Old', 'dept': MARKER}, {'email': 'c@example.com'}])
    hosts = inventory(tmp_path, {'zoom_roster_users': roster_with_templates(), 'region': 'EU'},
                      group_vars={'vault_password': PASSWORD})
    first = play(ROLE, inventory=hosts, expect_rc=0)
    assert {key: summary(first)[key] for key in ('created', 'updated', 'unchanged', 'failed')} == \
        {'created': 2, 'updated': 2, 'unchanged': 0, 'failed': 0}
    # the entry strings that hold a template were templated: the password from group_vars, the dept from host_vars
    assert emu.user('b@example.com')['dept'] == 'Ops-EU'
    assert emu.check_password('b@example.com', PASSWORD)
    assert emu.user('a@example.com')['first_name'] == 'Ada'

    emu.clear_calls()
    second = play(ROLE, inventory=hosts, expect_rc=0)
    assert second.changed == 0 and summary(second)['unchanged'] == 4
    assert writes(emu.calls()) == []
    assert set(endpoints(emu.calls())) <= LISTING[backend]
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


def keeping_remote_files(folder):
    remote_tmp = folder / 'remote_tmp'
    remote_tmp.mkdir()
    return {'ANSIBLE_REMOTE_TMP': str(remote_tmp), 'ANSIBLE_KEEP_REMOTE_FILES': 'true'}


@pytest.fixture
def converging(emulator, tmp_path_factory, backend):
    """One run (ansible-core keeping its remote files) in which each host's roster converges."""
    return shared_run('roster variable converging', emulator, tmp_path_factory, backend, ROLE, converging_hosts,
                      env=keeping_remote_files, expect_rc=0)


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


@pytest.fixture
def refused(emulator, tmp_path_factory, backend):
    """One run in which each host's roster is refused (each host fails on its own; the others go on)."""
    return shared_run('roster variable refused', emulator, tmp_path_factory, backend, ROLE, refused_hosts)


@V1_ONLY
@pytest.mark.parametrize('host, expected', [(host, expected) for host, _value, expected in NO_LIST_OF_USERS],
                         ids=[host for host, _value, _expected in NO_LIST_OF_USERS])
def test_a_roster_variable_that_is_no_list_of_users_fails_before_any_call_naming_it(refused, host, expected):
    whole, calls, _users, _folder = refused
    run = host_view(whole, host)
    assert run.rc != 0
    assert [entry['task'] for entry in run.failed] == [CONVERGE]
    message = run.result(CONVERGE)['msg']
    assert expected in message
    assert 'roster.json' not in run.stdout + run.stderr   # the private file is never what a message names
    assert calls == []


@V1_ONLY
def test_the_roster_variable_and_the_roster_file_together_fail_before_any_call(refused):
    whole, calls, _users, _folder = refused
    run = host_view(whole, 'variable-and-file')
    assert run.rc != 0
    assert [entry['task'] for entry in run.failed] == [CONVERGE]
    assert 'mutually exclusive' in run.result(CONVERGE)['msg']
    assert 'zoom_roster_users_file' in run.result(CONVERGE)['msg']
    assert calls == []


@V1_ONLY
def test_a_roster_variable_that_is_a_template_is_templated_as_a_whole(converging):
    run, _calls, users, _folder = converging
    assert summary(host_view(run, 'whole-template'))['created'] == 2
    assert user_of(users, 'a@example.com')['dept'] == 'Lab' and user_of(users, 'b@example.com') is not None


@V1_ONLY
def test_the_roster_file_alone_still_works_with_the_variable_undefined(converging):
    run, _calls, users, _folder = converging
    assert summary(host_view(run, 'file-alone'))['created'] == 1 and user_of(users, 'file@example.com')['dept'] == 'FromFile'


@V1_ONLY
def test_the_private_copy_of_the_roster_is_removed_even_when_ansible_keeps_its_remote_files(converging):
    run, _calls, users, folder = converging
    # the host whose roster is a variable given as it is (a private copy of it was handed to the module)
    assert summary(host_view(run, 'kept-remote-files'))['created'] == 1
    assert user_of(users, 'kept@example.com')['dept'] == MARKER
    kept = [name for _folder, _dirs, files in os.walk(str(folder / 'remote_tmp')) for name in files]
    assert any(name.startswith('AnsiballZ_') for name in kept), kept   # the debugging copy ansible-core keeps
    assert 'roster.json' not in kept


def test_check_mode_and_diff_from_host_vars_predict_the_real_run_exactly(emu, play, tmp_path, backend):
    emu.seed([{'email': 'a@example.com', 'first_name': 'Old', 'dept': MARKER}, {'email': 'c@example.com'}])
    hosts = inventory(tmp_path, {'zoom_roster_users': roster_with_templates(), 'region': 'EU'},
                      group_vars={'vault_password': PASSWORD})
    check = play(ROLE, inventory=hosts, check=True, expect_rc=0)
    assert writes(emu.calls()) == []
    real = play(ROLE, inventory=hosts, expect_rc=0)
    assert check.result(CONVERGE)['diff'] == real.result(CONVERGE)['diff']
    assert check.result(CONVERGE)['changes'] == real.result(CONVERGE)['changes']
    assert {key: value for key, value in summary(check).items() if key not in ('check_mode', 'planned_removals')} == \
        {key: value for key, value in summary(real).items() if key != 'check_mode'}
    assert PASSWORD not in json.dumps(check.results) + json.dumps(real.results)


def test_the_roster_never_shows_at_vvvv_nor_in_the_invocation_and_its_private_file_is_removed(
        emu, play, tmp_path, backend):
    emu.seed([{'email': 'a@example.com', 'first_name': 'Ada', 'dept': MARKER}])
    hosts = inventory(tmp_path, {'zoom_roster_users': roster_with_templates(host_key=True), 'region': 'EU'},
                      group_vars={'vault_password': PASSWORD})
    remote_tmp = tmp_path / 'remote_tmp'
    remote_tmp.mkdir()
    environment = {'ANSIBLE_REMOTE_TMP': str(remote_tmp), 'ANSIBLE_KEEP_REMOTE_FILES': 'false'}
    changing = play(ROLE, inventory=hosts, verbosity=4, env=environment, expect_rc=0)
    assert changing.changed > 0
    again = play(ROLE, inventory=hosts, verbosity=4, env=environment, expect_rc=0)
    for run in (changing, again):
        text = run.stdout + run.stderr + json.dumps(run.results)
        assert PASSWORD not in text and HOST_KEY not in text
        # the logged invocation names the variable, never holds the roster nor the private file
        arguments = run.result(CONVERGE).get('invocation', {}).get('module_args')
        if arguments is not None:   # ansible-core 2.21 leaves the invocation out of results
            assert arguments['users_var'] == 'zoom_roster_users'
            assert arguments['users'] is None and arguments['users_file'] is None
    # a run that changes nothing shows nothing of the roster, not even the values no diff names
    assert MARKER not in again.stdout + again.stderr + json.dumps(again.results)
    assert '"create_method": "custcreate"' not in again.stdout
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
