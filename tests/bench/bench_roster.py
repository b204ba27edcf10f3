"""Benchmark: the zoomops.zoom.zoom_roster role against the emulator, on API v1 and v2, versus a naive loop.

    python tests/bench/bench_roster.py [--quick] [--sizes 1000,10000,100000] [--backends v1,v2]
                                       [--variable-sizes 1000,10000] [--changes 10] [--naive 100]
                                       [--accounts 4 --account-size 10000] [--json PATH]

For each backend and size N the emulator is seeded with N users (1 in 50 pending) and the role is run with a roster
equal to the account (nothing to change), given as ``zoom_roster_users_file`` (the module reads it) and, for the
sizes of --variable-sizes, as the variable ``zoom_roster_users`` (``-e @file``: Ansible loads, templates and copies
it). Then the same roster with k users changed. Printed for each run: wall time of ansible-playbook, API calls (the
emulator's call log), module processes (module results, loop items included), the peak resident size of the largest
process of ansible-playbook's process tree (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss in a wrapper process whose
only child is ansible-playbook: Linux keeps the largest maxrss among the descendants it waited for) and of the module
process alone (VmHWM polled in /proc), and the API floor: the time Zoom's documented limits need for those calls
(v1: 1 list call/s, 10 calls/s overall; v2 Pro: GET /users 20/s, other calls 30/s).

Then a naive `loop:` over zoom_user at N = --naive, extrapolated per user, and several accounts at once: one
emulator per account, each an inventory host (connection local, its credentials and roster file in host variables),
run with forks = number of accounts versus forks 1.

--quick: sizes 1,000, accounts 4 x 1,000, naive 20 (about a minute). --json PATH writes every figure as JSON.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, REPO)

from tests.integration.conftest import HERE as INTEGRATION, ansible_bin, collections_path, connection_for  # noqa: E402

from harness import Emulator, is_write  # noqa: E402

PAGE = 300
PENDING_EVERY = 50
# Documented limits, calls per second (docs/docsite/rst/architecture.rst, "Pacing"): list calls, and every other call.
LIMITS = {'v1': {'list': 1.0, 'other': 10.0}, 'v2': {'list': 20.0, 'other': 30.0}}
LIST_ENDPOINTS = {'/user/list', '/user/pending', '/user/scheduleforhost/list', 'GET /users'}
# Goals of issue 13 (quiet 2-core machine): N=100,000 no-op under 60 s and no process above 1 GiB; N=10,000 under
# 8 s; the 100k/10k ratio of time at most 10.
GOAL_100K_SECONDS = 60.0
GOAL_10K_SECONDS = 8.0
GOAL_RSS_MIB = 1024.0
GOAL_RATIO = 10.0

# The wrapper ansible-playbook runs under: its only child is ansible-playbook, so RUSAGE_CHILDREN's maxrss is the
# largest resident size any process of that tree reached (Linux propagates it up as each process is waited for).
WRAPPER = ('import os, resource, subprocess, sys\n'
           'rc = subprocess.call(sys.argv[1:])\n'
           'open(os.environ["BENCH_MAXRSS_FILE"], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN)'
           '.ru_maxrss))\n'
           'sys.exit(rc)\n')


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


def roster_of(seed, backend='v1'):
    """The roster equal to the seeded account. On v2 without settings: GET /users carries no settings, so a roster
    that manages them reads them per user (1 call each); the benchmark measures the list-only path on both APIs."""
    roster = []
    for user in seed:
        entry = {'email': user['email'], 'first_name': user['first_name'], 'last_name': user['last_name'],
                 'type': user['type'], 'dept': user['dept']}
        if backend == 'v1':
            entry['settings'] = {'enable_waiting_room': user['enable_waiting_room']}
        roster.append(entry)
    return roster


def list_pages(seed, backend):
    pending = sum(1 for user in seed if user.get('create_method') == 'create')
    if backend == 'v1':   # /user/list holds active and inactive users; /user/pending always answers one page
        return math.ceil((len(seed) - pending) / PAGE) + max(1, math.ceil(pending / PAGE))
    # GET /users once per status (active, inactive, pending), each at least one page
    return max(1, math.ceil((len(seed) - pending) / PAGE)) + 1 + max(1, math.ceil(pending / PAGE))


def api_floor(calls, backend):
    """Seconds Zoom's documented rate limits need for these calls (list calls and the others, each at its limit)."""
    listed = sum(1 for call in calls if call['endpoint'] in LIST_ENDPOINTS)
    other = sum(1 for call in calls if call['endpoint'] not in LIST_ENDPOINTS and call['endpoint'] != 'POST /oauth/token')
    return listed / LIMITS[backend]['list'] + other / LIMITS[backend]['other']


class Peaks:
    """Polls /proc for the largest VmHWM of a module process (AnsiballZ) below ``root``."""

    def __init__(self, root):
        self.root = root
        self.module_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            for pid, command in _descendants(self.root):
                if 'AnsiballZ' in command or 'ansible_zoomops' in command:
                    self.module_kib = max(self.module_kib, _vm_hwm(pid))
            self._stop.wait(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()


def _descendants(root):
    children = {}
    for name in os.listdir('/proc'):
        if name.isdigit():
            try:
                with open('/proc/%s/stat' % name) as handle:
                    parent = int(handle.read().rsplit(')', 1)[1].split()[1])
                children.setdefault(parent, []).append(int(name))
            except (OSError, ValueError, IndexError):
                continue
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        try:
            with open('/proc/%d/cmdline' % pid, 'rb') as handle:
                found.append((pid, handle.read().replace(b'\0', b' ').decode('utf-8', 'replace')))
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return found


def _vm_hwm(pid):
    try:
        with open('/proc/%d/status' % pid) as handle:
            for line in handle:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Runner:
    def __init__(self, workdir):
        self.workdir = workdir
        self.count = 0

    def path(self, name):
        self.count += 1
        return os.path.join(self.workdir, '%d-%s' % (self.count, name))

    def run(self, tasks, connection=None, extra_vars_file=None, extra_vars=None, inventory=None, hosts='localhost',
            forks=None, calls_of=()):
        """A dict of figures of one ansible-playbook run: seconds, rc, processes, maxrss_mib, module_rss_mib."""
        play = {'name': 'bench', 'hosts': hosts, 'gather_facts': False, 'tasks': tasks}
        if connection is not None:
            play['module_defaults'] = {'group/zoomops.zoom.zoom': connection}
        playbook = self.path('play.yml')
        with open(playbook, 'w') as handle:
            json.dump([play], handle)   # JSON is YAML
        results_file = self.path('results.jsonl')
        rss_file = self.path('maxrss')
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(),
                   ANSIBLE_CALLBACK_PLUGINS=os.path.join(INTEGRATION, 'callback_plugins'),
                   ANSIBLE_CALLBACKS_ENABLED='record_results', ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
                   ZOOM_TEST_RESULTS=results_file, BENCH_MAXRSS_FILE=rss_file)
        for key in ('ZOOM_LIST_PACE', 'ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET', 'ZOOM_API_VERSION'):
            env.pop(key, None)
        command = [sys.executable, '-c', WRAPPER, ansible_bin('ansible-playbook'), playbook]
        command += ['-i', inventory] if inventory else ['-i', 'localhost,', '-c', 'local']
        if extra_vars_file:
            command += ['-e', '@' + extra_vars_file]
        for key, value in (extra_vars or {}).items():
            command += ['-e', '%s=%s' % (key, value)]
        if forks:
            command += ['--forks', str(forks)]
        for emulator in calls_of:
            emulator.clear_calls()
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                cwd=self.workdir)
        peaks = Peaks(proc.pid)
        stdout, stderr = proc.communicate()
        seconds = time.monotonic() - start
        peaks.stop()
        if proc.returncode != 0:
            sys.stderr.write(stdout[-4000:] + stderr[-4000:])
        results = []
        if os.path.exists(results_file):
            with open(results_file) as handle:
                results = [json.loads(line) for line in handle if line.strip()]
        with open(rss_file) as handle:
            maxrss_kib = int(handle.read())
        calls = [call for emulator in calls_of for call in emulator.calls()]
        return {'seconds': round(seconds, 2), 'rc': proc.returncode, 'processes': module_processes(results),
                'maxrss_mib': round(maxrss_kib / 1024.0, 1), 'module_rss_mib': round(peaks.module_kib / 1024.0, 1),
                'calls': len(calls), 'writes': sum(1 for call in calls if is_write(call['endpoint'])),
                'list_calls': sum(1 for call in calls if call['endpoint'] in LIST_ENDPOINTS), '_calls': calls}


def module_processes(results):
    """Module task results (loop items counted one by one): each is one module process."""
    return sum(1 for entry in results if entry['status'] in ('ok', 'failed', 'item_ok', 'item_failed')
               and 'invocation' in entry['result'])


ROLE = [{'name': 'roster', 'ansible.builtin.import_role': {'name': 'zoomops.zoom.zoom_roster'}}]
NAIVE = [{'name': 'naive loop', 'zoomops.zoom.zoom_user': {
    'email': '{{ item.email }}', 'first_name': '{{ item.first_name }}', 'last_name': '{{ item.last_name }}',
    'type': '{{ item.type }}', 'dept': '{{ item.dept }}', 'settings': '{{ item.settings }}'},
    'loop': '{{ zoom_roster_users }}', 'loop_control': {'label': '{{ item.email }}'}}]

HEADER = ('| %-44s | %7s | %6s | %6s | %5s | %9s | %9s | %9s |'
          % ('run', 'wall s', 'calls', 'writes', 'procs', 'max RSS', 'module', 'API floor'))


def row(label, figures):
    print('| %-44s | %7.1f | %6d | %6d | %5d | %5.0f MiB | %5.0f MiB | %7.0f s |%s' % (
        label, figures['seconds'], figures['calls'], figures['writes'], figures['processes'], figures['maxrss_mib'],
        figures['module_rss_mib'], figures.get('floor', 0.0), '' if figures['rc'] == 0 else ' rc=%d' % figures['rc']),
        flush=True)


def write_json(path, data):
    with open(path, 'w') as handle:
        json.dump(data, handle, indent=2, sort_keys=True)


def machine():
    with open('/proc/loadavg') as handle:
        load = handle.read().split()[:3]
    return {'cpus': os.cpu_count(), 'load_average': [float(value) for value in load]}


def bench_sizes(runner, emu, args, report):
    failures = []
    for backend in args.backends:
        connection = dict(connection_for(emu, backend), retries=5)
        for size in args.sizes:
            emu.reset()
            seed = seed_users(size)
            emu.seed(seed)
            roster = roster_of(seed, backend)
            roster_file = runner.path('roster.json')
            with open(roster_file, 'w') as handle:
                json.dump(roster, handle)
            pages = list_pages(seed, backend)
            expected = pages + (1 if backend == 'v2' else 0)   # v2: one access token (POST /oauth/token)
            runs = [('file', {'extra_vars': {'zoom_roster_users_file': roster_file}})]
            if size in args.variable_sizes:
                vars_file = runner.path('vars.json')
                with open(vars_file, 'w') as handle:
                    json.dump({'zoom_roster_users': roster}, handle)
                runs.append(('variable', {'extra_vars_file': vars_file}))
            for how, given in runs:
                figures = runner.run(ROLE, connection, calls_of=[emu], **given)
                figures['floor'] = round(api_floor(figures.pop('_calls'), backend), 1)
                figures.update(backend=backend, size=size, roster=how, changes=0, expected_calls=expected)
                report['runs'].append(figures)
                row('%s %s N=%d no-op (roster %s)' % ('role', backend, size, how), figures)
                if figures['rc'] != 0 or figures['calls'] != expected or figures['processes'] != 1:
                    failures.append('%s N=%d roster %s: rc %d, %d calls (expected %d), %d processes'
                                    % (backend, size, how, figures['rc'], figures['calls'], expected, figures['processes']))
            if args.changes and size >= 1000:
                changed = [dict(entry) for entry in roster]
                targets = [n for n in range(size) if n % PENDING_EVERY != PENDING_EVERY - 1][::7][:args.changes]
                for n in targets:
                    changed[n]['dept'] = 'Moved'
                with open(roster_file, 'w') as handle:
                    json.dump(changed, handle)
                figures = runner.run(ROLE, connection, calls_of=[emu],
                                     extra_vars={'zoom_roster_users_file': roster_file})
                figures['floor'] = round(api_floor(figures.pop('_calls'), backend), 1)
                figures.update(backend=backend, size=size, roster='file', changes=len(targets))
                report['runs'].append(figures)
                row('role %s N=%d, k=%d to update' % (backend, size, len(targets)), figures)
                if figures['rc'] != 0 or figures['writes'] != len(targets) or figures['processes'] != 1:
                    failures.append('%s N=%d k=%d: rc %d, %d writes, %d processes' % (
                        backend, size, len(targets), figures['rc'], figures['writes'], figures['processes']))
    return failures


def bench_naive(runner, emu, args, report):
    emu.reset()
    seed = seed_users(args.naive)
    emu.seed(seed)
    vars_file = runner.path('naive.json')
    with open(vars_file, 'w') as handle:
        json.dump({'zoom_roster_users': roster_of(seed)}, handle)
    figures = runner.run(NAIVE, connection_for(emu, 'v1'), extra_vars_file=vars_file, calls_of=[emu])
    figures['floor'] = round(api_floor(figures.pop('_calls'), 'v1'), 1)
    figures.update(backend='v1', size=args.naive)
    report['naive'] = figures
    row('naive loop v1 N=%d no-op' % args.naive, figures)
    return [] if figures['rc'] == 0 else ['naive loop: rc %d' % figures['rc']]


def bench_accounts(runner, args, report):
    """args.accounts accounts of args.account_size users, one emulator each, with forks N versus forks 1."""
    emulators = [Emulator().start() for _n in range(args.accounts)]
    try:
        inventory = {'all': {'hosts': {}}}
        for n, emu in enumerate(emulators):
            seed = seed_users(args.account_size)
            emu.seed(seed)
            roster_file = runner.path('account%d.json' % n)
            with open(roster_file, 'w') as handle:
                json.dump(roster_of(seed), handle)
            connection = connection_for(emu, 'v1')
            inventory['all']['hosts']['account%d' % n] = {
                'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                'zoom_api_url': connection['api_url'], 'zoom_api_key': connection['api_key'],
                'zoom_api_secret': connection['api_secret'], 'zoom_roster_users_file': roster_file}
        inventory_file = runner.path('inventory.json')
        with open(inventory_file, 'w') as handle:
            json.dump(inventory, handle)
        connection = {'api_url': '{{ zoom_api_url }}', 'api_key': '{{ zoom_api_key }}',
                      'api_secret': '{{ zoom_api_secret }}'}
        figures = {}
        for forks in (args.accounts, 1):
            result = runner.run(ROLE, connection, inventory=inventory_file, hosts='all', forks=forks,
                                calls_of=emulators)
            result['floor'] = round(api_floor(result.pop('_calls'), 'v1'), 1)
            figures['forks_%d' % forks] = result
            row('%d accounts x %d users, forks %d' % (args.accounts, args.account_size, forks), result)
        speedup = figures['forks_1']['seconds'] / figures['forks_%d' % args.accounts]['seconds']
        report['accounts'] = dict(figures, accounts=args.accounts, size=args.account_size, speedup=round(speedup, 2))
        print('%d accounts at once (forks %d): %.1fx faster than one after another'
              % (args.accounts, args.accounts, speedup))
        return [] if all(result['rc'] == 0 and result['processes'] == args.accounts for result in figures.values()) \
            else ['accounts: a run failed or did not start one module process per account']
    finally:
        for emu in emulators:
            emu.stop()


def goals(report):
    """The issue's goals checked on the no-op runs with the roster file, per backend."""
    missed = []
    by_key = dict(((run['backend'], run['size'], run['roster'], run['changes']), run) for run in report['runs'])
    for backend in report['backends']:
        small = by_key.get((backend, 10000, 'file', 0))
        large = by_key.get((backend, 100000, 'file', 0))
        if small and small['seconds'] >= GOAL_10K_SECONDS:
            missed.append('%s N=10,000 took %.1f s (goal: under %.0f s)' % (backend, small['seconds'], GOAL_10K_SECONDS))
        if large:
            if large['seconds'] >= GOAL_100K_SECONDS:
                missed.append('%s N=100,000 took %.1f s (goal: under %.0f s)' % (
                    backend, large['seconds'], GOAL_100K_SECONDS))
            if large['maxrss_mib'] > GOAL_RSS_MIB:
                missed.append('%s N=100,000: a process reached %.0f MiB (goal: at most %.0f)' % (
                    backend, large['maxrss_mib'], GOAL_RSS_MIB))
            if small and large['seconds'] / small['seconds'] > GOAL_RATIO:
                missed.append('%s: 100k/10k time ratio %.1f (goal: at most %.0f)' % (
                    backend, large['seconds'] / small['seconds'], GOAL_RATIO))
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='N=1,000 only, 4 accounts of 1,000, naive 20')
    parser.add_argument('--sizes', help='default 1000,10000,100000 (--quick: 1000)')
    parser.add_argument('--backends', default='v1,v2')
    parser.add_argument('--variable-sizes', help='sizes also run with zoom_roster_users as a variable (default '
                                                 '1000,10000; --quick: 1000; 100000 takes minutes and >1 GiB)')
    parser.add_argument('--naive', type=int, help='default 100 (--quick: 20)')
    parser.add_argument('--changes', type=int, default=10)
    parser.add_argument('--accounts', type=int, default=4)
    parser.add_argument('--account-size', type=int, help='default 10000 (--quick: 1000)')
    parser.add_argument('--json', metavar='PATH', help='write every figure as JSON to PATH')
    args = parser.parse_args()
    args.sizes = [int(size) for size in (args.sizes or ('1000' if args.quick else '1000,10000,100000')).split(',')
                  if size]
    args.variable_sizes = [int(size) for size in (args.variable_sizes or (
        '1000' if args.quick else '1000,10000')).split(',') if size]
    args.backends = [backend for backend in args.backends.split(',') if backend]
    args.naive = args.naive if args.naive is not None else (20 if args.quick else 100)
    args.account_size = args.account_size or (1000 if args.quick else 10000)
    report = {'machine_before': machine(), 'backends': args.backends, 'runs': [], 'limits': LIMITS}
    print('machine: %(cpus)d CPUs, load average %(load_average)s' % report['machine_before'])
    print(HEADER)
    print('|%s|' % '|'.join('-' * width for width in (46, 9, 8, 8, 7, 11, 11, 11)))
    failures = []
    with tempfile.TemporaryDirectory(prefix='bench-roster-') as workdir, Emulator() as emu:
        runner = Runner(workdir)
        failures += bench_sizes(runner, emu, args, report)
        if args.naive:
            failures += bench_naive(runner, emu, args, report)
        if args.accounts:
            failures += bench_accounts(runner, args, report)
    print()
    if report.get('naive'):
        per_user = report['naive']['seconds'] / args.naive
        report['naive']['per_user_seconds'] = round(per_user, 3)
        print('naive loop: %.3f s per user -> N=10,000 about %.0f s, N=100,000 about %.1f h'
              % (per_user, per_user * 10000, per_user * 100000 / 3600))
        for run in report['runs']:
            if run['changes'] == 0 and run['roster'] == 'file':
                print('role %s N=%d: %.0fx faster than the naive loop; API floor %.0f s at Zoom\'s documented limits'
                      % (run['backend'], run['size'], per_user * run['size'] / run['seconds'], run['floor']))
    missed = goals(report)
    for line in missed:
        print('GOAL MISSED: %s' % line)
    for line in failures:
        print('FAILED: %s' % line)
    report['machine_after'] = machine()
    report['goals_missed'] = missed
    report['failures'] = failures
    print('machine after: load average %s' % report['machine_after']['load_average'])
    if args.json:
        write_json(args.json, report)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
