"""Playbook runs that several tests read: one ansible-playbook run on an inventory of local hosts, a host per case
(and per API: v1 and v2 hosts share a run), each with its own variables, where one run per case would cost an
ansible-playbook start each. A failing host stops only itself, so cases that fail share a run as well as cases that
succeed. ``accounts_run`` gives each host an account of its own (an emulator, seeded) and the play's module_defaults
templated from the host's connection: each test reads its host's results and output lines (``Accounts.view``) and its
account's calls and users as they were after the run (``emu``, reset before every test, is not the shared run's).
A module-scoped fixture makes the run; its readers share an xdist_group so that one worker makes it once."""

import json
import re

from harness import Emulator

from .conftest import Player, Run, calls_snapshot, connection_for, snapshot_calls


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


def host_view(run, host):
    """The run as a run of ``host`` alone is read: its results only (return code and output are the whole run's)."""
    return Run(run.rc, run.stdout, run.stderr, [entry for entry in run.results if entry['host'] == host])


def user_of(users, email):
    """The user of ``users`` (an account's users) with this email, else None (as Emulator.user)."""
    return next((user for user in users if user['email'].lower() == email.lower()), None)


# A task that snapshots the host's call log (accounts_run's hosts have their emulator's root in zoom_emulator).
MARKER = calls_snapshot('calls so far', 'zoom_emulator')


# The play's connection on a run of accounts: each host's own (its host variable zoom_connection).
HOST_CONNECTION = '{{ zoom_connection }}'


class Accounts:
    """A run of accounts_run: each host's results (``view``), and the calls and users of the host's account after
    the run."""

    def __init__(self, run, accounts, owners):
        self.run = run
        self.accounts = accounts   # account name: (calls, users)
        self.owners = owners       # host: account name
        self.emulators = {}

    @classmethod
    def of(cls, player, inventory, tasks, emulators, owners, options):
        """The run of ``tasks`` by ``player`` on the hosts of ``inventory``, whose accounts are ``emulators``."""
        run = player(tasks, connection=HOST_CONNECTION, hosts='all', inventory=inventory, **options)
        accounts = dict((account, (emulator.calls(), emulator.state()['users']))
                        for account, emulator in emulators.items())
        result = cls(run, accounts, owners)
        result.again_with = (player, inventory, emulators)
        return result

    def again(self, tasks, **options):
        """Another run on the same hosts and the accounts as this run left them (kept emulators, their call logs
        emptied first): its own Accounts, whose emulators this one stops."""
        player, inventory, emulators = self.again_with
        assert self.emulators, 'again() needs the emulators kept (accounts_run(..., keep=True))'
        for emulator in emulators.values():
            emulator.clear_calls()
        result = Accounts.of(player, inventory, tasks, emulators, self.owners, options)
        result.emulators = self.emulators
        return result

    def view(self, host):
        """The run as a run of ``host`` alone: its results, and of the output the lines about it or no host."""
        return Run(self.run.rc, host_output(self.run.stdout, host, list(self.owners)), self.run.stderr,
                   [entry for entry in self.run.results if entry['host'] == host])

    def calls(self, host):
        """The calls of the host's account in the run."""
        return self.accounts[self.owners[host]][0]

    def stop(self):
        for emulator in set(self.emulators.values()):
            emulator.stop()

    def users(self, host):
        return self.accounts[self.owners[host]][1]

    def user(self, host, email):
        return user_of(self.users(host), email)

    def phases(self, host, marker=MARKER['name']):
        """[(run, calls)]: the host's view and its account's calls before and after each ``marker`` task (tasks that
        snapshot the host's call log in the controller, no module process: tasks + [MARKER] + tasks runs them twice)."""
        view, calls = self.view(host), self.calls(host)
        out, results, seen = [], [], 0
        for entry in view.results + [None]:
            if entry is None or entry['task'] == marker:
                logged = len(calls) if entry is None else len(snapshot_calls(entry['result']))
                out.append((Run(view.rc, view.stdout, view.stderr, results), calls[seen:logged]))
                results, seen = [], logged
            else:
                results.append(entry)
        return out


def accounts_run(name, tmp_path_factory, tasks, cases, keep=False, group_vars=None, **options):
    """(Accounts) ``tasks`` run once on a host per case of ``cases`` (host: dict of backend, seed: the users of its
    account, vars: its host_vars, derived: a function of its seeded account's emulator that gives more host_vars,
    account: the name of an account several hosts share, default the host's own; every host has zoom_api, its
    backend, and zoom_emulator, its emulator's root). Each account is an emulator of its own, seeded, that the host's
    module processes call with the connection of the host's backend (the play's module_defaults are templated from
    the host's variable zoom_connection): the hosts of one run never see each other's users or calls, and each host's
    test reads its account's calls and users. The emulators stop after the run, or with ``keep`` at Accounts.stop() (``emulators``: each host's, to go on with;
    Accounts.again: another run on the same hosts and accounts). ``group_vars``: the variables of every host.
    ``options``: the Player's (check, verbosity, env, expect_rc). Made by a module-scoped fixture, the run is made
    once for the tests of the module that read it (under xdist, the tests of one xdist_group)."""
    folder = tmp_path_factory.mktemp(name.replace(' ', '-'))
    emulators, hosts, owners = {}, {}, {}
    try:
        for host, case in cases.items():
            account = owners[host] = case.get('account', host)
            if account not in emulators:
                emulators[account] = Emulator().start()
                emulators[account].seed(case.get('seed', []))
            hosts[host] = dict(case.get('vars', {}), zoom_emulator=emulators[account].root, zoom_api=case['backend'],
                               zoom_connection=connection_for(emulators[account], case['backend']))
            hosts[host].update(case['derived'](emulators[account]) if 'derived' in case else {})
        inventory = inventory_of(folder, hosts, group_vars)
        result = Accounts.of(Player(None, folder), inventory, tasks, emulators, owners, options)
    except BaseException:
        keep = False
        raise
    finally:
        if not keep:
            for emulator in emulators.values():
                emulator.stop()
    if keep:
        result.emulators = dict((host, emulators[account]) for host, account in owners.items())
    return result


# ansible-playbook's default output: a line that gives a host's status (the host in brackets) or its recap line, and
# the lines that head a play or a task. What the default callback prints about a result comes as a block of lines
# that ends with the status line (ansible-core 2.19 prints a failure's [ERROR] lines and a diff before it) and goes on
# with its indented continuation (a result shown as JSON).
_HOST_LINE = re.compile(r'^(?:[a-z. ]+: \[(?P<host>[^\]]+)\]|(?P<recap>\S+)\s+: ok=)')
_HEADER = ('PLAY ', 'PLAY [', 'TASK [', 'RUNNING HANDLER [')


def host_output(text, host, hosts):
    """The lines of ``text`` (ansible-playbook's output) about ``host`` or about no host of ``hosts``: what a run of
    ``host`` alone would print (headers, and lines that belong to no host's result, kept)."""
    kept, pending, owner = [], [], None
    for line in text.splitlines(True):
        match = _HOST_LINE.match(line)
        if match:
            name = (match.group('host') or match.group('recap')).split(' -> ')[0]
            owner = name if name in hosts else None
            if owner in (None, host):
                kept.extend(pending + [line])
            pending = []
        elif owner is not None and line[:1] in (' ', '\t', '}', ']'):
            if owner == host:
                kept.append(line)
        elif line.startswith(_HEADER):
            kept.extend(pending + [line])
            pending, owner = [], None
        else:
            pending.append(line)
            owner = None
    return ''.join(kept + pending)
