"""One ansible-playbook pass through every part of the collection a playbook uses, per API: the version
matrix's integration test (tests/matrix.txt), run on the oldest and the newest ansible-core, and in the full
suite on the default one.

One run at -vvvv with --diff: the zoom_roster role with its roster in host_vars (the action plugin's users_var,
a template in an entry, a secret from group_vars), check mode of zoom_user against its real run and rerun,
zoom_user_assistant, zoom_user_info with the collection's filters, a warning Ansible prints, and a failure
ignored. The output is scanned for every secret in play.
"""

import pytest

from .conftest import logged, task_calls, writes
from .shared_runs import inventory_of

PASSWORD = 'Matrix-Vault-Pw-6612'
ZU, ZA, ZI = 'zoomops.zoom.zoom_user', 'zoomops.zoom.zoom_user_assistant', 'zoomops.zoom.zoom_user_info'
SUMMARY = 'zoomops.zoom.zoom_roster : Summarise the run'
TASKS = [
    {'name': 'roster', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.zoom_roster'}},
    {'name': 'predicted', ZU: {'email': 'host@example.com', 'dept': 'Maths', 'timezone': 'Europe/Rome'},
     'check_mode': True},
    {'name': 'applied', ZU: {'email': 'host@example.com', 'dept': 'Maths', 'timezone': 'Europe/Rome'}},
    {'name': 'again', ZU: {'email': 'host@example.com', 'dept': 'Maths', 'timezone': 'Europe/Rome'}},
    {'name': 'assistant', ZA: {'host_email': 'host@example.com', 'assistants': ['aide@example.com']}},
    {'name': 'leaver', ZU: {'email': 'leaver@example.com', 'create': False}},
    {'name': 'refused', ZU: {'email': 'host@example.com', 'timezone': 'Not/AZone'}, 'ignore_errors': True},
    {'name': 'export', ZI: {'include_assistants': True}, 'register': 'account'},
    {'name': 'options', 'ansible.builtin.set_fact': {
        'options': '{{ account.users | zoomops.zoom.zoom_user_options }}',
        'notes': '{{ account.users | zoomops.zoom.zoom_user_not_carried }}'}},
]
ROSTER = [{'email': 'host@example.com', 'create_method': 'custcreate', 'first_name': 'Hosta', 'dept': '{{ unit }}'},
          {'email': 'aide@example.com', 'create_method': 'autocreate', 'password': '{{ vault_password }}'}]


@pytest.fixture(params=['v1', 'v2'])
def backend(request):
    return request.param


def test_one_playbook_pass_through_the_role_every_module_and_the_filters(emu, play, tmp_path, backend):
    emu.seed([{'email': 'old@example.com', 'dept': 'Kept'}])
    hosts = inventory_of(tmp_path, {'localhost': {'zoom_roster_users': ROSTER, 'unit': 'Lab'}},
                         group_vars={'vault_password': PASSWORD})
    run = play(TASKS[:1] + logged(emu, TASKS[1:2]) + TASKS[2:], inventory=hosts, verbosity=4, expect_rc=0)
    summary = run.result(SUMMARY)['ansible_facts']['zoom_roster_summary']
    assert (summary['created'], summary['failed'], summary['removed']) == (2, 0, 0)
    assert emu.user('host@example.com')['first_name'] == 'Hosta' and emu.check_password('aide@example.com', PASSWORD)

    predicted, applied, again = (run.result(name) for name in ('predicted', 'applied', 'again'))
    assert predicted['changed'] is applied['changed'] is True and again['changed'] is False
    assert predicted['diff'] == applied['diff'] and applied['diff']['before']['dept'] == 'Lab'
    assert writes(task_calls(run, 'predicted')) == [] and task_calls(run, 'predicted')
    assert emu.user('host@example.com')['dept'] == 'Maths'
    assert run.result('assistant')['changed'] is True
    assert 'Not/AZone' in run.result('refused')['msg'] and run.failed == []   # the failure was ignored

    options = dict((item['email'], item) for item in run.result('options')['ansible_facts']['options'])
    assert options['host@example.com']['dept'] == 'Maths' and options['old@example.com']['dept'] == 'Kept'
    assert any(note.startswith('aide@example.com: ') for note in run.result('options')['ansible_facts']['notes'])
    output = ' '.join((run.stdout + run.stderr).split())
    assert 'leaver@example.com does not exist and create is false' in output   # printed as a warning
    secrets = [PASSWORD] + ([emu.api_secret] if backend == 'v1' else [emu.client_secret])
    assert [secret for secret in secrets if secret in run.stdout + run.stderr] == []
