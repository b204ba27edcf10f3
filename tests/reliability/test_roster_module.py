"""The zoom_roster module run as Ansible runs it (in this process): what its result may carry. Never the roster or the
account's records (only the changes and the counts), never a password or host key (also not in the invocation it
reports), but names and emails are not masked as secrets would be."""

import json

from ansible_collections.zoomops.zoom.plugins.modules import zoom_roster

from .conftest import count
from .inprocess import run_module

PASSWORD = 'RosterPass-Qw3Er5Ty7'
HOST_KEY = '918273'


def connection(emu):
    return dict(api_url=emu.url, api_key=emu.api_key, api_secret=emu.api_secret, retries=0)


def test_a_no_op_result_holds_counts_not_records_and_the_invocation_counts_the_entries(emu):
    emu.seed([{'email': 'user%d@example.com' % n, 'first_name': 'Distinctive%d' % n} for n in range(20)])
    users = [{'email': 'user%d@example.com' % n, 'first_name': 'Distinctive%d' % n} for n in range(20)]
    result = run_module(zoom_roster, dict(connection(emu), users=users))
    assert not result.get('failed'), result
    assert result['summary']['unchanged'] == 20 and result['changes'] == []
    assert 'Distinctive' not in json.dumps(result)
    assert result['invocation']['module_args']['users'] == '20 entries (not returned)'


def test_secrets_are_masked_and_nothing_else_is(emu, tmp_path):
    emu.seed([{'email': 'keyed@example.com', 'host_key': '123456', 'dept': 'Ops'}])
    users = [{'email': 'new@example.com', 'create_method': 'autocreate', 'password': PASSWORD, 'dept': 'Ops'},
             {'email': 'keyed@example.com', 'host_key': HOST_KEY, 'dept': 'Ops'}]
    for check_mode in (True, False):
        result = run_module(zoom_roster, dict(connection(emu), users=users), check_mode=check_mode)
        count('secrets_checked', 2)
        text = json.dumps(result)
        assert PASSWORD not in text and HOST_KEY not in text, result
        # the emails and departments of the roster are not taken for secrets (no_log on the whole roster would be)
        assert [change['email'] for change in result['changes']] == ['new@example.com', 'keyed@example.com']
        assert '********' not in text
    assert emu.check_password('new@example.com', PASSWORD)


def test_a_roster_file_is_read_by_the_module_and_excludes_the_variable(emu, tmp_path):
    emu.seed([{'email': 'a@example.com', 'dept': 'Old'}])
    roster = tmp_path / 'roster.yml'
    roster.write_text('- email: a@example.com\n  dept: New\n')
    result = run_module(zoom_roster, dict(connection(emu), users_file=str(roster)))
    assert result['summary']['updated'] == 1 and emu.user('a@example.com')['dept'] == 'New'
    both = run_module(zoom_roster, dict(connection(emu), users_file=str(roster), users=[]))
    assert both['failed'] and 'mutually exclusive' in both['msg']


def test_neither_a_roster_nor_a_file_fails_before_any_call_naming_the_variable(emu):
    emu.clear_calls()
    result = run_module(zoom_roster, dict(connection(emu), users=None))
    count('inputs_rejected')
    assert result['failed'] and result['msg'].startswith('missing required arguments: zoom_roster_users')
    assert emu.calls() == []
