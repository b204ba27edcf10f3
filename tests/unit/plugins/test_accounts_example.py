"""docs/examples/accounts: the many-accounts example (one inventory host per Zoom account) holds what the role needs:
every host runs locally and names a roster file that exists and passes the roster's own check."""

import os

import yaml

from ansible_collections.zoomops.zoom.plugins.module_utils.roster import check_roster, load_roster

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLE = os.path.join(ROOT, 'docs', 'examples', 'accounts')


def test_every_account_is_a_local_host_with_a_valid_roster_file_and_protected_users_in_it():
    with open(os.path.join(EXAMPLE, 'inventory.yml'), encoding='utf-8') as handle:
        group = yaml.safe_load(handle)['zoom_accounts']
    assert group['vars']['ansible_connection'] == 'local'
    assert len(group['hosts']) >= 2
    for name, host in group['hosts'].items():
        path = host['zoom_roster_users_file'].replace('{{ inventory_dir }}', EXAMPLE)
        options, entries = check_roster(load_roster(path), purge=True, protected=host['zoom_roster_protected'])
        assert entries, name
        # a protected user listed in its own roster is never a purge candidate
        assert set(options['protected']) <= set(entry['email'] for entry in entries), name


def test_the_playbook_runs_the_role_on_the_accounts_group():
    with open(os.path.join(EXAMPLE, 'roster.yml'), encoding='utf-8') as handle:
        (play,) = yaml.safe_load(handle)
    assert play['hosts'] == 'zoom_accounts'
    assert [role['role'] for role in play['roles']] == ['zoomops.zoom.zoom_roster']
