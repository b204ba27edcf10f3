"""Playbook runs that several tests read: one ansible-playbook run on an inventory of local hosts, a host per case,
each with its own variables, where one run per case would cost an ansible-playbook start each. A failing host stops
only itself, so cases that fail share a run as well as cases that succeed. Each test reads its host's results
(``host_view``); the call log and the account's users are kept as they were after the run, since ``emu`` is reset
before every test."""

import json

from .conftest import Player, Run

# (name, backend): (run, calls, users, folder) of the runs made so far in this pytest process.
RUNS = {}


def inventory_of(tmp_path, hosts, group_vars=None):
    """An inventory of the hosts of ``hosts`` (name: its host_vars, written to host_vars/NAME.json; ``group_vars``
    to group_vars/all.json), each on the local connection."""
    folder = tmp_path / 'inventory'
    (folder / 'host_vars').mkdir(parents=True, exist_ok=True)
    (folder / 'hosts').write_text(''.join('%s ansible_connection=local\n' % name for name in hosts))
    for name, host_vars in hosts.items():
        (folder / 'host_vars' / (name + '.json')).write_text(json.dumps(host_vars))
    if group_vars is not None:
        (folder / 'group_vars').mkdir(exist_ok=True)
        (folder / 'group_vars' / 'all.json').write_text(json.dumps(group_vars))
    return folder / 'hosts'


def shared_run(name, emulator, tmp_path_factory, backend, tasks, hosts, env=None, expect_rc=None):
    """(run, calls, users, folder): ``tasks`` run once on every host of ``hosts(folder)`` (name: host_vars) against an
    emptied account of ``emulator``, by the first test that asks; the calls of the whole run and the account's users
    after it. ``env(folder)``, if given, is the run's environment. The account is emptied again afterwards."""
    if (name, backend) not in RUNS:
        folder = tmp_path_factory.mktemp(name.replace(' ', '-'))
        emulator.reset()
        run = Player(emulator, folder, backend)(tasks, hosts='all', inventory=inventory_of(folder, hosts(folder)),
                                                env=env(folder) if env else None, expect_rc=expect_rc)
        RUNS[(name, backend)] = (run, emulator.calls(), emulator.state()['users'], folder)
        emulator.reset()
    return RUNS[(name, backend)]


def host_view(run, host):
    """The run as a run of ``host`` alone is read: its results only (return code and output are the whole run's)."""
    return Run(run.rc, run.stdout, run.stderr, [entry for entry in run.results if entry['host'] == host])


def user_of(users, email):
    """The user of ``users`` (an account's users) with this email, else None (as Emulator.user)."""
    return next((user for user in users if user['email'].lower() == email.lower()), None)
