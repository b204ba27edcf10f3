"""Benchmark: the zoomops.zoom.zoom_roster role against the emulator, versus a naive loop over zoom_user.

    python tests/bench/bench_roster.py [--sizes 100,1000,10000] [--naive 100] [--changes 10]

For each size N the emulator is seeded with N users (1 in 50 pending) and the role is run with a roster
equal to the account (nothing to change). Printed: wall time of ansible-playbook, API calls made (the
emulator's call log), and module processes started (module task results, loop items included, from the
results callback). Then the same roster with k users changed (k writes-worth of calls expected), and a
naive `loop:` over zoom_user at N = --naive, extrapolated per user.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, REPO)

from tests.integration.conftest import HERE as INTEGRATION, ansible_bin, collections_path  # noqa: E402

from harness import WRITE_ENDPOINTS, Emulator  # noqa: E402

PAGE = 300
PENDING_EVERY = 50


def seed_users(count):
    """Seed items: N users with a few profile fields and settings, 1 in PENDING_EVERY pending."""
    users = []
    for n in range(count):
        user = {'email': 'user%05d@example.com' % n, 'first_name': 'User', 'last_name': str(n), 'type': 1 + n % 2,
                'dept': 'Dept%d' % (n % 7), 'enable_waiting_room': n % 3 == 0}
        if n % PENDING_EVERY == PENDING_EVERY - 1:
            user['create_method'] = 'create'
        users.append(user)
    return users


def roster_of(seed):
    """The roster equal to the seeded account."""
    roster = []
    for user in seed:
        roster.append({'email': user['email'], 'first_name': user['first_name'], 'last_name': user['last_name'],
                       'type': user['type'], 'dept': user['dept'],
                       'settings': {'enable_waiting_room': user['enable_waiting_room']}})
    return roster


class Runner:
    def __init__(self, emu, workdir):
        self.emu = emu
        self.workdir = workdir
        self.count = 0

    def run(self, tasks, variables, check=False):
        """(seconds, rc, module processes, results) of one ansible-playbook run."""
        self.count += 1
        vars_file = os.path.join(self.workdir, 'vars%d.json' % self.count)
        with open(vars_file, 'w') as handle:
            json.dump(variables, handle)
        play = [{'name': 'bench', 'hosts': 'localhost', 'gather_facts': False,
                 'module_defaults': {'group/zoomops.zoom.zoom': {'api_url': self.emu.url, 'api_key': self.emu.api_key,
                                                                 'api_secret': self.emu.api_secret}},
                 'tasks': tasks}]
        playbook = os.path.join(self.workdir, 'play%d.yml' % self.count)
        with open(playbook, 'w') as handle:
            json.dump(play, handle)   # JSON is YAML
        results_file = os.path.join(self.workdir, 'results%d.jsonl' % self.count)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(),
                   ANSIBLE_CALLBACK_PLUGINS=os.path.join(INTEGRATION, 'callback_plugins'),
                   ANSIBLE_CALLBACKS_ENABLED='record_results', ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
                   ZOOM_TEST_RESULTS=results_file)
        command = [ansible_bin('ansible-playbook'), playbook, '-i', 'localhost,', '-c', 'local', '-e', '@' + vars_file]
        if check:
            command.append('--check')
        self.emu.clear_calls()
        start = time.monotonic()
        proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=self.workdir, check=False)
        seconds = time.monotonic() - start
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        results = []
        if os.path.exists(results_file):
            with open(results_file) as handle:
                results = [json.loads(line) for line in handle if line.strip()]
        return seconds, proc.returncode, module_processes(results), results


def module_processes(results):
    """Module task results (loop items counted one by one): each is one module process."""
    return sum(1 for entry in results if entry['status'] in ('ok', 'failed', 'item_ok', 'item_failed')
               and 'invocation' in entry['result'])


ROLE = [{'name': 'roster', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.zoom_roster'}}]
NAIVE = [{'name': 'naive loop', 'zoomops.zoom.zoom_user': {
    'email': '{{ item.email }}', 'first_name': '{{ item.first_name }}', 'last_name': '{{ item.last_name }}',
    'type': '{{ item.type }}', 'dept': '{{ item.dept }}', 'settings': '{{ item.settings }}'},
    'loop': '{{ zoom_roster_users }}', 'loop_control': {'label': '{{ item.email }}'}}]


def row(label, seconds, calls, writes, processes, expected=''):
    print('| %-34s | %9.1f | %9d | %6d | %9d | %s' % (label, seconds, calls, writes, processes, expected), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', default='100,1000,10000')
    parser.add_argument('--naive', type=int, default=100)
    parser.add_argument('--changes', type=int, default=10)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(',') if size]
    print('| %-34s | %9s | %9s | %6s | %9s | %s' % ('run', 'wall s', 'API calls', 'writes', 'processes', 'expected'))
    print('|%s|%s|%s|%s|%s|%s' % ('-' * 36, '-' * 11, '-' * 11, '-' * 8, '-' * 11, '-' * 20))
    role_times = {}
    failures = 0
    with tempfile.TemporaryDirectory(prefix='bench-roster-') as workdir, Emulator() as emu:
        runner = Runner(emu, workdir)
        for size in sizes:
            emu.reset()
            seed = seed_users(size)
            emu.seed(seed)
            roster = roster_of(seed)
            pending = sum(1 for user in seed if user.get('create_method') == 'create')
            list_pages = math.ceil((size - pending) / PAGE) + max(1, math.ceil(pending / PAGE))
            seconds, rc, processes, _results = runner.run(ROLE, {'zoom_roster_users': roster})
            calls = emu.calls()
            role_times[size] = seconds
            row('role, nothing to change, N=%d' % size, seconds, len(calls),
                sum(1 for call in calls if call['endpoint'] in WRITE_ENDPOINTS), processes,
                'calls = %d list pages, 1 process' % list_pages)
            failures += rc != 0 or len(calls) != list_pages or processes != 1
            if args.changes and size >= 1000:
                changed = [dict(user) for user in roster]
                # every 7th non-pending user gets a new department, k in all
                targets = [n for n in range(size) if n % PENDING_EVERY != PENDING_EVERY - 1][::7][:args.changes]
                for n in targets:
                    changed[n]['dept'] = 'Moved'
                seconds, rc, processes, _results = runner.run(ROLE, {'zoom_roster_users': changed})
                calls = emu.calls()
                row('role, k=%d to update, N=%d' % (len(targets), size), seconds, len(calls),
                    sum(1 for call in calls if call['endpoint'] in WRITE_ENDPOINTS), processes,
                    'k writes, ~2k + pages calls')
                failures += rc != 0
        naive_n = args.naive
        emu.reset()
        seed = seed_users(naive_n)
        emu.seed(seed)
        roster = roster_of(seed)
        seconds, rc, processes, _results = runner.run(NAIVE, {'zoom_roster_users': roster})
        calls = emu.calls()
        row('naive loop, nothing to change, N=%d' % naive_n, seconds, len(calls),
            sum(1 for call in calls if call['endpoint'] in WRITE_ENDPOINTS), processes, 'N processes')
        failures += rc != 0
        per_user = seconds / naive_n
        print()
        print('naive loop: %.3f s per user -> N=1,000 about %.0f s, N=10,000 about %.0f s (%.1f h)'
              % (per_user, per_user * 1000, per_user * 10000, per_user * 10000 / 3600))
        for size in sizes:
            print('role vs naive at N=%d: %.0fx faster' % (size, per_user * size / role_times[size]))
        if 1000 in role_times and per_user * 1000 / role_times[1000] < 100:
            print('TARGET MISSED: role less than 100x faster than the naive loop at N=1,000')
            failures += 1
        if 10000 in role_times and role_times[10000] >= 60:
            print('TARGET MISSED: N=10,000 took 60 s or more')
            failures += 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
