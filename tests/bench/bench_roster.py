"""Benchmark: the zoomops.zoom.zoom_roster role against the emulator, on API v1 and v2, versus a naive loop.

    python tests/bench/bench_roster.py [--quick] [--sizes 1000,10000,100000] [--backends v1,v2]
                                       [--variable-sizes 1000,10000] [--settings-size 1000] [--changes 10]
                                       [--naive 100] [--accounts 4 --account-size 10000] [--json PATH]

For each backend and size N the emulator is seeded with N users (1 in 50 pending) and the role is run with a roster
equal to the account (nothing to change), given as ``zoom_roster_users_file`` (the module reads it), as the variable
``zoom_roster_users`` in the account's host_vars (a JSON file beside the inventory: the Ansible way to keep a
variable per account) and, for the sizes of --variable-sizes, as the same variable in extra vars (``-e @file``).
Then the same roster with k users changed. Printed for each run: wall time of ansible-playbook, API calls (the
emulator's call log), module processes (module results, loop items included), the peak resident size of the largest
process of ansible-playbook's process tree (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss in a wrapper process whose
only child is ansible-playbook: Linux keeps the largest maxrss among the descendants it waited for) and of the module
process alone (VmHWM polled in /proc), and the API floor: the time Zoom's documented limits need for those calls
(v1: 1 list call/s, 10 calls/s overall; v2 Pro: GET /users 20/s, other calls 30/s).

Then v2 with a roster that manages a setting (GET /users carries no settings: each active or inactive user costs
GET /users/{userId}/settings), its calls per user and the API floor they make at N = 100,000;
a naive `loop:` over zoom_user at N = --naive, extrapolated per user; and several accounts at once: one emulator per
account, each an inventory host (connection local, its credentials and roster file in host variables), run with
forks = number of accounts versus forks 1, with the CPU seconds of each run (ansible-playbook's process tree, from
the same wrapper's RUSAGE_CHILDREN, and the emulators' processes, from /proc/<pid>/stat) and the cores the serial run
keeps busy (CPU / wall): on C cores the speed-up is bounded by C / that.

--quick: sizes 1,000, accounts 4 x 1,000, naive 20 (about a minute). --json PATH writes every figure as JSON, with
when and where it was measured (tests/bench/measured.py); docs/figures/bench_roster.json is that file for the README
(tools/figures.py).
"""

import argparse
import collections
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

from tests.bench.measured import machine  # noqa: E402
from tests.conftest import COLLECTIONS  # noqa: E402  (importing it links .build/collections/.../zoomops/zoom here)
from tests.integration.conftest import HERE as INTEGRATION, ansible_bin, connection_for  # noqa: E402

from harness import TOKEN_ENDPOINT, Emulator, is_write  # noqa: E402

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
# The routes the goals hold for; the floor of the v2 run with a setting is derived at FLOOR_SIZE users.
GOAL_ROUTES = ('file', 'host_vars')
FLOOR_SIZE = 100000

# The wrapper ansible-playbook runs under: its only child is ansible-playbook, so RUSAGE_CHILDREN's maxrss is the
# largest resident size any process of that tree reached (Linux propagates it up as each process is waited for), and
# its user + system time the CPU time of the whole tree (ansible-playbook, its forks, the module processes).
WRAPPER = ('import json, os, resource, subprocess, sys\n'
           'rc = subprocess.call(sys.argv[1:])\n'
           'usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
           'with open(os.environ["BENCH_USAGE_FILE"], "w") as handle:\n'
           '    json.dump({"maxrss_kib": usage.ru_maxrss, "cpu_seconds": usage.ru_utime + usage.ru_stime}, handle)\n'
           'sys.exit(rc)\n')
TICKS = os.sysconf('SC_CLK_TCK')
# The roster routes: a file the module reads; the variable in the account's host_vars (a JSON file beside the
# inventory, as an inventory of accounts holds it); the variable as extra vars (-e @file).
ROUTES = ('file', 'host_vars', 'extra_vars')
ROUTE_LABELS = {'file': 'roster file', 'host_vars': 'roster in host_vars', 'extra_vars': 'roster as extra vars'}
ACCOUNT = 'zoom-account'


def process_cpu_seconds(pid):
    """User + system CPU seconds of process ``pid`` so far (/proc/<pid>/stat, fields 14 and 15)."""
    with open('/proc/%d/stat' % pid) as handle:
        fields = handle.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / float(TICKS)


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


def roster_of(seed, settings=True):
    """The roster equal to the seeded account, managing a setting when ``settings``. The list pages of v2
    (GET /users) carry no settings: on v2 a roster that manages one reads each user's settings (bench_settings);
    the size runs measure v2's list-only path (no settings) and v1 with a setting (v1's list pages carry them)."""
    roster = []
    for user in seed:
        entry = {'email': user['email'], 'first_name': user['first_name'], 'last_name': user['last_name'],
                 'type': user['type'], 'dept': user['dept']}
        if settings:
            entry['settings'] = {'enable_waiting_room': user['enable_waiting_room']}
        roster.append(entry)
    return roster


def pending_count(size):
    """Pending users among seed_users(size)."""
    return size // PENDING_EVERY


def list_pages(size, backend):
    """List calls that read an account of seed_users(size)."""
    pending = pending_count(size)
    if backend == 'v1':   # /user/list holds active and inactive users; /user/pending always answers one page
        return math.ceil((size - pending) / PAGE) + max(1, math.ceil(pending / PAGE))
    # GET /users once per status (active, inactive, pending), each at least one page
    return max(1, math.ceil((size - pending) / PAGE)) + 1 + max(1, math.ceil(pending / PAGE))


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
        usage_file = self.path('usage.json')
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.environ.get('ZOOM_TEST_COLLECTIONS') or COLLECTIONS,
                   ANSIBLE_CALLBACK_PLUGINS=os.path.join(INTEGRATION, 'callback_plugins'),
                   ANSIBLE_CALLBACKS_ENABLED='record_results', ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
                   ZOOM_TEST_RESULTS=results_file, BENCH_USAGE_FILE=usage_file)
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
        emulator_cpu = [process_cpu_seconds(emulator.proc.pid) for emulator in calls_of]
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                cwd=self.workdir)
        peaks = Peaks(proc.pid)
        stdout, stderr = proc.communicate()
        seconds = time.monotonic() - start
        emulator_cpu = sum(process_cpu_seconds(emulator.proc.pid) - before
                           for emulator, before in zip(calls_of, emulator_cpu))
        peaks.stop()
        if proc.returncode != 0:
            sys.stderr.write(stdout[-4000:] + stderr[-4000:])
        results = []
        if os.path.exists(results_file):
            with open(results_file) as handle:
                results = [json.loads(line) for line in handle if line.strip()]
        with open(usage_file) as handle:
            usage = json.load(handle)
        calls = [call for emulator in calls_of for call in emulator.calls()]
        return {'seconds': round(seconds, 2), 'rc': proc.returncode, 'processes': module_processes(results),
                'maxrss_mib': round(usage['maxrss_kib'] / 1024.0, 1),
                'module_rss_mib': round(peaks.module_kib / 1024.0, 1), 'cpu_seconds': round(usage['cpu_seconds'], 2),
                'emulator_cpu_seconds': round(emulator_cpu, 2),
                'calls': len(calls), 'writes': sum(1 for call in calls if is_write(call['endpoint'])),
                'list_calls': sum(1 for call in calls if call['endpoint'] in LIST_ENDPOINTS),
                'endpoints': dict(collections.Counter(call['endpoint'] for call in calls)), '_calls': calls}


def module_processes(results):
    """Results of the collection's tasks, loop items counted one by one (not the loop's summary): each is one module
    process. By the task's action, as the integration tests count them (ansible-core 2.21 leaves ``invocation`` out of
    results, and an action plugin may too)."""
    return sum(1 for entry in results if entry['status'] in ('ok', 'failed', 'item_ok', 'item_failed')
               and entry['action'].startswith('zoomops.zoom.') and 'results' not in entry['result'])


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
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write('\n')


def write_roster_file(runner, roster):
    path = runner.path('roster.json')
    with open(path, 'w') as handle:
        json.dump(roster, handle)
    return path


def host_vars_inventory(runner, variables):
    """An inventory of one account host (connection local) whose host_vars file (JSON) holds ``variables``."""
    directory = runner.path('inventory')
    os.makedirs(os.path.join(directory, 'host_vars'))
    with open(os.path.join(directory, 'host_vars', ACCOUNT + '.json'), 'w') as handle:
        json.dump(variables, handle)
    inventory = os.path.join(directory, 'hosts.json')
    with open(inventory, 'w') as handle:
        json.dump({'all': {'hosts': {ACCOUNT: {'ansible_connection': 'local',
                                               'ansible_python_interpreter': sys.executable}}}}, handle)
    return inventory


def how_given(runner, route, roster):
    """Runner.run's arguments that give ``roster`` to the role by ``route`` (ROUTES)."""
    if route == 'file':
        return {'extra_vars': {'zoom_roster_users_file': write_roster_file(runner, roster)}}
    if route == 'host_vars':
        return {'inventory': host_vars_inventory(runner, {'zoom_roster_users': roster}), 'hosts': ACCOUNT}
    vars_file = runner.path('vars.json')
    with open(vars_file, 'w') as handle:
        json.dump({'zoom_roster_users': roster}, handle)
    return {'extra_vars_file': vars_file}


def finish(figures, backend, **labels):
    """The run's figures without its call log, with its API floor and labels."""
    figures['floor'] = round(api_floor(figures.pop('_calls'), backend), 1)
    figures.update(backend=backend, **labels)
    return figures


def bench_sizes(runner, emu, args, report):
    failures = []
    for backend in args.backends:
        connection = dict(connection_for(emu, backend), retries=5)
        for size in args.sizes:
            emu.reset()
            seed = seed_users(size)
            emu.seed(seed)
            roster = roster_of(seed, settings=backend == 'v1')
            expected = list_pages(size, backend) + (1 if backend == 'v2' else 0)   # v2: one access token request
            routes = [route for route in ROUTES if route != 'extra_vars' or size in args.variable_sizes]
            for route in routes:
                figures = finish(runner.run(ROLE, connection, calls_of=[emu], **how_given(runner, route, roster)),
                                 backend, size=size, roster=route, changes=0, expected_calls=expected)
                report['runs'].append(figures)
                row('role %s N=%d no-op (%s)' % (backend, size, ROUTE_LABELS[route]), figures)
                if figures['rc'] != 0 or figures['calls'] != expected or figures['processes'] != 1:
                    failures.append('%s N=%d %s: rc %d, %d calls (expected %d), %d processes' % (
                        backend, size, ROUTE_LABELS[route], figures['rc'], figures['calls'], expected,
                        figures['processes']))
            if args.changes and size >= 1000:
                changed = [dict(entry) for entry in roster]
                targets = [n for n in range(size) if n % PENDING_EVERY != PENDING_EVERY - 1][::7][:args.changes]
                for n in targets:
                    changed[n]['dept'] = 'Moved'
                figures = finish(runner.run(ROLE, connection, calls_of=[emu], **how_given(runner, 'file', changed)),
                                 backend, size=size, roster='file', changes=len(targets))
                report['runs'].append(figures)
                row('role %s N=%d, k=%d to update' % (backend, size, len(targets)), figures)
                if figures['rc'] != 0 or figures['writes'] != len(targets) or figures['processes'] != 1:
                    failures.append('%s N=%d k=%d: rc %d, %d writes, %d processes' % (
                        backend, size, len(targets), figures['rc'], figures['writes'], figures['processes']))
    return failures


def settings_floor(figures, size, target):
    """The API floor of the v2 no-op managing a setting at ``target`` users, from the calls measured at ``size``:
    the list calls of ``target`` users at the list limit, the other calls per user (token requests aside) times
    ``target`` at the overall limit."""
    per_user = (figures['calls'] - figures['list_calls'] - figures['endpoints'].get(TOKEN_ENDPOINT, 0)) / float(size)
    limits = LIMITS['v2']
    return per_user, list_pages(target, 'v2') / limits['list'] + per_user * target / limits['other']


def bench_settings(runner, emu, args, report):
    """v2, N = args.settings_size, a roster that manages a setting: GET /users carries no settings, so the module
    reads the settings of each active or inactive user the roster names (GET /users/{userId}/settings; a pending user
    has no settings to compare: no call)."""
    size = args.settings_size
    emu.reset()
    seed = seed_users(size)
    emu.seed(seed)
    connection = dict(connection_for(emu, 'v2'), retries=5)
    figures = finish(runner.run(ROLE, connection, calls_of=[emu], **how_given(runner, 'file', roster_of(seed))),
                     'v2', size=size, roster='file', changes=0, settings=True)
    per_user, floor = settings_floor(figures, size, FLOOR_SIZE)
    figures.update(calls_per_user=round(per_user, 3), floor_size=FLOOR_SIZE,
                   floor_list_calls=list_pages(FLOOR_SIZE, 'v2'), floor_at_size=round(floor, 1))
    report['settings'] = figures
    row('role v2 N=%d no-op, a setting managed' % size, figures)
    print('v2 with a setting managed, N=%d: %s; %.2f calls per user besides the listing -> API floor at N=%d about '
          '%.0f s on Zoom' % (size, ', '.join('%s %d' % item for item in sorted(figures['endpoints'].items())),
                              per_user, FLOOR_SIZE, floor), flush=True)
    if figures['rc'] != 0 or figures['writes'] != 0 or figures['processes'] != 1:
        return ['v2 N=%d with a setting: rc %d, %d writes, %d processes' % (
            size, figures['rc'], figures['writes'], figures['processes'])]
    return []


def bench_naive(runner, emu, args, report):
    emu.reset()
    seed = seed_users(args.naive)
    emu.seed(seed)
    vars_file = runner.path('naive.json')
    with open(vars_file, 'w') as handle:
        json.dump({'zoom_roster_users': roster_of(seed)}, handle)
    figures = finish(runner.run(NAIVE, connection_for(emu, 'v1'), extra_vars_file=vars_file, calls_of=[emu]),
                     'v1', size=args.naive)
    figures['per_user_seconds'] = round(figures['seconds'] / args.naive, 3)
    report['naive'] = figures
    row('naive loop v1 N=%d no-op' % args.naive, figures)
    return [] if figures['rc'] == 0 else ['naive loop: rc %d' % figures['rc']]


def cores_busy(figures):
    """CPU seconds of the run (ansible-playbook's tree and the emulators) per wall second."""
    return (figures['cpu_seconds'] + figures['emulator_cpu_seconds']) / figures['seconds']


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
            result = finish(runner.run(ROLE, connection, inventory=inventory_file, hosts='all', forks=forks,
                                       calls_of=emulators), 'v1', forks=forks)
            figures['forks_%d' % forks] = result
            row('%d accounts x %d users, forks %d' % (args.accounts, args.account_size, forks), result)
        serial, parallel = figures['forks_1'], figures['forks_%d' % args.accounts]
        speedup = serial['seconds'] / parallel['seconds']
        cores = report['machine_before']['cores']
        busy = cores_busy(serial)
        report['accounts'] = dict(figures, accounts=args.accounts, size=args.account_size, speedup=round(speedup, 2),
                                  serial_cores_busy=round(busy, 2), bound=round(cores / busy, 2))
        for result in (serial, parallel):
            print('forks %d: CPU %.1f s (ansible-playbook and its processes %.1f s, emulators %.1f s) in %.1f s wall: '
                  '%.2f cores busy' % (result['forks'], result['cpu_seconds'] + result['emulator_cpu_seconds'],
                                       result['cpu_seconds'], result['emulator_cpu_seconds'], result['seconds'],
                                       cores_busy(result)))
        print('%d accounts at once (forks %d): %.1fx faster than one after another; the serial run keeps %.2f cores '
              'busy, so %d cores bound the speed-up at %d / %.2f = %.1fx'
              % (args.accounts, args.accounts, speedup, busy, cores, cores, busy, cores / busy))
        return [] if all(result['rc'] == 0 and result['processes'] == args.accounts for result in figures.values()) \
            else ['accounts: a run failed or did not start one module process per account']
    finally:
        for emu in emulators:
            emu.stop()


def goals(report):
    """The issue's goals checked on the no-op runs with the roster as a file and in host_vars, per backend."""
    missed = []
    by_key = dict(((run['backend'], run['size'], run['roster'], run['changes']), run) for run in report['runs'])
    for backend in report['backends']:
        for route in GOAL_ROUTES:
            what = '%s %s' % (backend, ROUTE_LABELS[route])
            small = by_key.get((backend, 10000, route, 0))
            large = by_key.get((backend, 100000, route, 0))
            if small and small['seconds'] >= GOAL_10K_SECONDS:
                missed.append('%s N=10,000 took %.1f s (goal: under %.0f s)' % (what, small['seconds'],
                                                                                GOAL_10K_SECONDS))
            if large:
                if large['seconds'] >= GOAL_100K_SECONDS:
                    missed.append('%s N=100,000 took %.1f s (goal: under %.0f s)' % (
                        what, large['seconds'], GOAL_100K_SECONDS))
                if large['maxrss_mib'] > GOAL_RSS_MIB:
                    missed.append('%s N=100,000: a process reached %.0f MiB (goal: at most %.0f)' % (
                        what, large['maxrss_mib'], GOAL_RSS_MIB))
                if small and large['seconds'] / small['seconds'] > GOAL_RATIO:
                    missed.append('%s: 100k/10k time ratio %.1f (goal: at most %.0f)' % (
                        what, large['seconds'] / small['seconds'], GOAL_RATIO))
    return missed


def command_line(argv):
    """The bench's command line as the README shows it: its options, without where --json writes."""
    shown, skip = ['tests/bench/bench_roster.py'], False
    for arg in argv:
        if skip or arg.startswith('--json='):
            skip = False
            continue
        skip = arg == '--json'
        if not skip:
            shown.append(arg)
    return ' '.join(shown)


def sizes(given, default):
    """The sizes of a comma-separated option (``default`` when not given; '' gives none)."""
    return [int(size) for size in (default if given is None else given).split(',') if size.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='N=1,000 only, 4 accounts of 1,000, naive 20')
    parser.add_argument('--sizes', help='default 1000,10000,100000 (--quick: 1000); each with the roster as a file '
                                        'and in host_vars')
    parser.add_argument('--backends', default='v1,v2')
    parser.add_argument('--variable-sizes', help='sizes also run with the roster as extra vars (-e @file; default '
                                                 '1000,10000; --quick: 1000; 100000 takes minutes and >1 GiB)')
    parser.add_argument('--settings-size', type=int, default=1000,
                        help='N of the v2 run that manages a setting (default 1000; 0: none)')
    parser.add_argument('--naive', type=int, help='default 100 (--quick: 20)')
    parser.add_argument('--changes', type=int, default=10)
    parser.add_argument('--accounts', type=int, default=4)
    parser.add_argument('--account-size', type=int, help='default 10000 (--quick: 1000)')
    parser.add_argument('--json', metavar='PATH', help='write every figure as JSON to PATH')
    args = parser.parse_args()
    args.sizes = sizes(args.sizes, '1000' if args.quick else '1000,10000,100000')
    args.variable_sizes = sizes(args.variable_sizes, '1000' if args.quick else '1000,10000')   # '': none
    args.backends = [backend for backend in args.backends.split(',') if backend]
    args.naive = args.naive if args.naive is not None else (20 if args.quick else 100)
    args.account_size = args.account_size or (1000 if args.quick else 10000)
    report = {'machine_before': machine(), 'quick': args.quick, 'backends': args.backends, 'runs': [],
              'limits': LIMITS, 'command': command_line(sys.argv[1:]),
              'goals': {'seconds_100k': GOAL_100K_SECONDS, 'seconds_10k': GOAL_10K_SECONDS, 'rss_mib': GOAL_RSS_MIB,
                        'ratio': GOAL_RATIO}}
    print('machine: %(cores)d cores, load average %(load_average)s, ansible-core %(ansible_core)s, %(date)s'
          % report['machine_before'])
    print(HEADER)
    print('|%s|' % '|'.join('-' * width for width in (46, 9, 8, 8, 7, 11, 11, 11)))
    failures = []
    with tempfile.TemporaryDirectory(prefix='bench-roster-') as workdir, Emulator() as emu:
        runner = Runner(workdir)
        failures += bench_sizes(runner, emu, args, report)
        if args.settings_size and 'v2' in args.backends:
            failures += bench_settings(runner, emu, args, report)
        if args.naive:
            failures += bench_naive(runner, emu, args, report)
        if args.accounts:
            failures += bench_accounts(runner, args, report)
    print()
    if report.get('naive'):
        per_user = report['naive']['per_user_seconds']
        print('naive loop: %.3f s per user -> N=10,000 about %.0f s, N=100,000 about %.1f h'
              % (per_user, per_user * 10000, per_user * 100000 / 3600))
        for run in report['runs']:
            if run['changes'] == 0 and run['roster'] in GOAL_ROUTES:
                print('role %s N=%d (%s): %.0fx faster than the naive loop; API floor %.0f s at Zoom\'s documented '
                      'limits' % (run['backend'], run['size'], ROUTE_LABELS[run['roster']],
                                  per_user * run['size'] / run['seconds'], run['floor']))
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
