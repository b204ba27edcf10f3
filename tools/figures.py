"""The README's figures, rendered from the measured data in docs/figures/*.json (no figure is typed in the README).

    python tools/figures.py [--check]   rewrite README.md's figure regions (--check: exit 1 naming those that differ)
    python tools/figures.py --reliability .build/logs/reliability-figures.json   first take a reliability run's
                                        figures (and the junit-reliability.xml beside them) into docs/figures/

Regions (``<!-- figures: NAME -->`` ... ``<!-- /figures -->``): ``v2-noop`` (bench_v2_noop.json), ``roster``
(bench_roster.json: the table and every figure derived from it), ``reliability`` (reliability.json: the table's last
column, RELIABILITY_FIGURES by each row's first cell). A field missing from a JSON file fails naming file and field.
"""

import argparse
import datetime
import json
import os
import re
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, version
from xml.etree import ElementTree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGION = re.compile(r'(<!-- figures: ([a-z0-9-]+) -->\n)(.*?)(<!-- /figures -->)', re.S)
TOKEN_ENDPOINT = 'POST /oauth/token'
# The list calls of bench_roster.py (LIST_ENDPOINTS there): a run's list_calls counts them.
LIST_ENDPOINTS = ('/user/list', '/user/pending', '/user/scheduleforhost/list', 'GET /users')
ROUTES = {'file': 'roster file', 'host_vars': 'roster in host_vars', 'extra_vars': 'roster as extra vars (`-e @file`)'}
GOAL_ROUTES = ('file', 'host_vars')


class FiguresError(Exception):
    """A data file or a region that cannot be rendered (its message names the file, field or region)."""


class Data:
    """JSON data whose missing fields fail naming the file and the field's path (``value``: the JSON itself)."""

    def __init__(self, value, source, path=''):
        self.value, self.source, self.path = value, source, path

    def __getitem__(self, key):
        path = '%s[%d]' % (self.path, key) if isinstance(key, int) else (self.path + '.' if self.path else '') + key
        try:
            value = self.value[key]
        except (KeyError, IndexError, TypeError):
            raise FiguresError('%s: no field %s' % (self.source, path)) from None
        return Data(value, self.source, path) if isinstance(value, (dict, list)) else value

    def __iter__(self):
        return (self[index] for index in range(len(self.value)))


def load(root, name):
    try:
        with open(os.path.join(root, 'docs', 'figures', name)) as handle:
            return Data(json.load(handle), 'docs/figures/' + name)
    except (OSError, ValueError) as exc:
        raise FiguresError('docs/figures/%s: %s' % (name, exc)) from exc


def wrapped(text, indent=''):
    """A paragraph or a bullet (``indent``: its continuation lines' indent) wrapped at 118 columns, as the README is."""
    return textwrap.fill(text, 118, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def number(value):
    return '{:,}'.format(value)


def seconds(value):
    return '%.1f s' % value if value < 100 else '%.0f s' % value


def floor(value):
    return '%.1f s' % value if value < 10 else '{:,.0f} s'.format(value)


def duration(value):
    """Seconds as '42 s', '12 min' or '1.8 h'."""
    return '%.0f s' % value if value < 120 else '%.0f min' % (value / 60) if value < 7200 else '%.1f h' % (value / 3600)


def measured(what, machine, load_after=None):
    """'WHAT on DATE: N cores, load average A (at the start and B at the end), ansible-core V'."""
    text = '%s on %s: %d cores, load average %.1f' % (what, machine['date'], machine['cores'], machine['load_average'][0])
    after = '' if load_after is None else ' at the start and %.1f at the end' % load_after[0]
    return text + after + ', ansible-core %s' % machine['ansible_core']


def render_v2_noop(root, _current):
    data = load(root, 'bench_v2_noop.json')
    lines = ['| one unchanged `zoom_user` task | v2: API calls + token requests | v1: API calls |', '|---|---|---|']
    for label, key in (('profile fields', 'noop'), ('a setting managed too', 'noop_settings'),
                       ('token reused (`zoom_token` + `access_token`)', 'reused_token')):
        v2 = data['v2'][key]
        v1 = number(data['v1'][key]['api_calls']) if key in data['v1'].value else '–'
        lines.append('| %s | %s + %s | %s |' % (label, number(v2['api_calls']), number(v2['token_requests']), v1))
    return lines + ['', wrapped('Counted from the emulator\'s call log by `tests/bench/bench_v2_noop.py` (%s; data: '
                                '[docs/figures/bench_v2_noop.json](docs/figures/bench_v2_noop.json)).'
                                % measured('measured', data['machine']))]


def calls_text(run):
    """'25 (5 list pages, 10 `/user/getbyemail`, 10 `/user/update`)': the calls of a run by endpoint."""
    endpoints = run['endpoints'].value
    parts = ['%s list pages' % number(run['list_calls'])] if run['list_calls'] else []
    parts += ['%s `%s`' % (number(count), endpoint) for endpoint, count in sorted(endpoints.items())
              if endpoint not in LIST_ENDPOINTS + (TOKEN_ENDPOINT,)]
    parts += ['%s token' % number(endpoints[TOKEN_ENDPOINT])] if TOKEN_ENDPOINT in endpoints else []
    return '%s (%s)' % (number(run['calls']), ', '.join(parts))


def run_row(label, run, floor_text=None, wall=None):
    cells = (label, wall or seconds(run['seconds']), calls_text(run), number(run['writes']), number(run['processes']),
             '{:,.0f} MiB'.format(run['maxrss_mib']), '{:,.0f} MiB'.format(run['module_rss_mib']), floor_text or floor(run['floor']))
    return '| %s |' % ' | '.join(cells)


def cpu_text(run):
    """(cores busy, text): the CPU time of a run's process tree and of the emulators over its wall time."""
    cpu, emulators = run['cpu_seconds'], run['emulator_cpu_seconds']
    busy = (cpu + emulators) / run['seconds']
    return busy, ('CPU %.1f s (ansible-playbook and its processes %.1f s, the emulators %.1f s) in %.1f s: '
                  '%.2f cores busy' % (cpu + emulators, cpu, emulators, run['seconds'], busy))


def render_roster(root, _current):
    data = load(root, 'bench_roster.json')
    failed = list(data['failures'])
    if failed:
        raise FiguresError('docs/figures/bench_roster.json: a failed run is no figure: %s' % '; '.join(failed))
    before, after = data['machine_before'], data['machine_after']
    head = '%s (data: [docs/figures/bench_roster.json](docs/figures/bench_roster.json), `%s`).' % (
        measured('Measured', before, after['load_average']), data['command'])
    quick = '**A `--quick` run**, smaller than the full benchmark (`make bench`). ' if data['quick'] else ''
    lines = [wrapped(quick + head), '', '| run | wall time | API calls | writes | module processes | max RSS | module RSS '
             '| API floor |', '|---|---|---|---|---|---|---|---|']
    runs, backends = list(data['runs']), list(data['backends'])
    for run in [run for backend in backends for run in runs if run['backend'] == backend]:
        route = ROUTES[run['roster']]
        route = 'k = %d to update (%s)' % (run['changes'], route) if run['changes'] else route
        lines.append(run_row('%s, N = %s, %s' % (run['backend'], number(run['size']), route), run))
    settings, naive = data['settings'], data['naive']
    lines.append(run_row('v2, N = %s, a setting managed (roster file)' % number(settings['size']), settings))
    per_user = naive['seconds'] / naive['size']
    lines.append(run_row('naive `loop:` over `zoom_user`, v1, N = %s' % number(naive['size']), naive,
                         wall='%s (%.2f s/user)' % (seconds(naive['seconds']), per_user)))
    accounts = data['accounts']
    count = int(accounts['accounts'])
    parallel, serial = accounts['forks_%d' % count], accounts['forks_1']
    each = '%s per account' % floor(parallel['floor'] / count)
    lines += [run_row('%d accounts × %s users (v1), `--forks %d`' % (count, number(accounts['size']), count), parallel, each),
              run_row('the same, `--forks 1`', serial, each), '']
    return lines + [wrapped(note, '  ') for note in roster_notes(data, per_user, count, serial, parallel)]


def roster_notes(data, per_user, count, serial, parallel):
    """The bullets under the roster table: what its runs mean."""
    runs, backends, settings = list(data['runs']), list(data['backends']), data['settings']
    noop = {(run['backend'], run['size'], run['roster']): run for run in runs if not run['changes']}
    largest = max(size for _backend, size, _route in noop)
    pairs = [(backend, route) for backend in backends for route in GOAL_ROUTES]
    faster = ['%s %s %s×' % (backend, ROUTES[route], '{:,.0f}'.format(per_user * largest / noop[backend, largest, route]['seconds']))
              for backend, route in pairs if (backend, largest, route) in noop]
    notes = ['- The naive loop costs %.2f s per user: N = %s would take about %s. At N = %s the role is faster by: %s.'
             % (per_user, number(largest), duration(per_user * largest), number(largest), ', '.join(faster))]
    growth = []
    for backend, route in pairs:
        if (backend, 10000, route) in noop and (backend, 100000, route) in noop:
            small, large = noop[backend, 10000, route], noop[backend, 100000, route]
            growth.append('%s %s %.1f× the time, %.1f× the max RSS' % (
                backend, ROUTES[route], large['seconds'] / small['seconds'], large['maxrss_mib'] / small['maxrss_mib']))
    if growth:
        goals = data['goals']
        notes.append('- From N = 10,000 to N = 100,000 (issue 13: at most %.0f×): %s.' % (goals['ratio'], '; '.join(growth)))
        missed = list(data['goals_missed'])
        notes.append('- Issue 13\'s goals (N = 100,000 under %.0f s and %s MiB, N = 10,000 under %.0f s, the ratio at'
                     ' most %.0f, with the roster as a file and in host_vars): %s.'
                     % (goals['seconds_100k'], number(int(goals['rss_mib'])), goals['seconds_10k'], goals['ratio'],
                        'missed: ' + '; '.join(missed) if missed else 'met on this run'))
    limits, size, at = data['limits']['v2'], settings['size'], settings['floor_size']
    token = settings['endpoints'].value.get(TOKEN_ENDPOINT, 0)
    calls_per_user = (settings['calls'] - settings['list_calls'] - token) / float(size)
    at_floor = settings['floor_list_calls'] / limits['list'] + calls_per_user * at / limits['other']
    notes.append('- v2 with a setting managed: `GET /users` carries no settings, so each active or inactive user the'
                 ' roster names costs `GET /users/{userId}/settings`: %.2f calls per user'
                 ' besides the listing at N = %s. At N = %s that is an API floor of about %s on Zoom'
                 ' (`GET /users` %.0f/s, other calls %.0f/s); without settings it is the list calls alone.'
                 % (calls_per_user, number(size), number(at), duration(at_floor), limits['list'], limits['other']))
    busy, serial_text = cpu_text(serial)
    cores = data['machine_before']['cores']
    notes.append('- %d accounts at once (`--forks %d`) are %.1f× faster than one after another. `--forks 1`: %s;'
                 ' `--forks %d`: %s. On %d cores the speed-up is bounded by %d / %.2f = %.1f×; against Zoom, where each'
                 ' account waits on its own rate limit, the accounts overlap fully.'
                 % (count, count, serial['seconds'] / parallel['seconds'], serial_text, count, cpu_text(parallel)[1],
                    cores, cores, busy, cores / busy))
    return notes


# The last cell of each row of the reliability table, by the row's first cell; {name:,} is a figure of reliability.json.
RELIABILITY_FIGURES = {
    'Faults': '{faults_tried:,} faults tried on API v1 and v2: {faults_converged:,} converged, {faults_failed_cleanly:,} '
              'failed cleanly, {fault_reruns_converged:,} reruns converged',
    'Hostile server': '{hostile_answers_tried:,} hostile answers tried, each a clean failure naming the endpoint and host;'
                      ' {redirects_refused:,} redirects refused, the target reached 0 times',
    'Secrets': '{secret_runs:,} runs scanned, {secret_values:,} distinct secret values, **{leaks:,} leaks**',
    'Bad input': '{inputs_rejected:,} rejected on API v1 and v2 (and what v2 cannot hold, on v2) with a message naming '
                 'the problem, **0 API calls** each',
    'String switches': '{string_booleans_tried:,} string switches tried on API v1 and v2: **nothing deleted**, no delete '
                       'call in the emulator\'s log',
    'Concurrency': '{concurrent_hosts:,} hosts observed running at once: state exact, rerun changed=0 with no write; '
                   '{races_overlapped:,} races observed overlapping: one user each, the losers met "already exists", '
                   're-read and converged; overlapping rosters report one creation, not two',
    'Property': '{property_examples:,} examples checked, {property_v2_refusals:,} v2 refusals',
}


def render_reliability(root, current):
    data = load(root, 'reliability.json')
    figures, run = data['figures'], data['measured']
    lines = [wrapped('Figures of the run of %s (%s reliability tests in %s, %d cores, ansible-core %s; data: '
                     '[docs/figures/reliability.json](docs/figures/reliability.json)):'
                     % (run['date'], number(run['tests']), duration(run['seconds']), int(run['cores']),
                        run['ansible_core'])), '', '| what | how | figures |', '|---|---|---|']
    rows = [line for line in current.splitlines() if line.startswith('|')]
    if len(rows) < 3:
        raise FiguresError('README.md: no table (a header, a separator and rows)')
    problems, seen = [], set()
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
        if len(cells) != 3:
            problems.append('README.md: a row without 3 cells: %s' % line[:60])
        elif cells[0] not in RELIABILITY_FIGURES:
            problems.append('README.md: row %r has no figures in tools/figures.py (RELIABILITY_FIGURES)' % cells[0])
        else:
            seen.add(cells[0])
            lines.append('| %s | %s | %s |' % (cells[0], cells[1], RELIABILITY_FIGURES[cells[0]].format_map(figures)))
    missing = sorted(set(RELIABILITY_FIGURES) - seen)
    problems += ['README.md: no row for %s' % ', '.join(missing)] if missing else []
    if problems:
        raise FiguresError('; '.join(problems))
    return lines


def import_reliability(root, path):
    """docs/figures/reliability.json from a reliability run's figures and the junit-reliability.xml beside them (date,
    test count and time); the cores and ansible-core are this machine's and Python's, as in the run (make figures)."""
    with open(path) as handle:
        figures = json.load(handle)
    junit = os.path.join(os.path.dirname(path), 'junit-reliability.xml')
    try:
        suite = ElementTree.parse(junit).getroot().find('testsuite')
    except (OSError, ElementTree.ParseError) as exc:
        raise FiguresError('%s: %s (the reliability run writes it beside %s)' % (junit, exc, path)) from exc
    date = datetime.datetime.fromisoformat(suite.get('timestamp')).astimezone(datetime.timezone.utc)
    try:
        ansible_core = version('ansible-core')
    except PackageNotFoundError:   # no ansible-core in this Python: say so rather than guess
        ansible_core = 'unknown'
    data = {'figures': figures, 'measured': {
        'date': date.strftime('%Y-%m-%d %H:%M UTC'), 'tests': int(suite.get('tests')),
        'seconds': round(float(suite.get('time')), 1), 'cores': os.cpu_count(), 'ansible_core': ansible_core,
        'source': 'tests/reliability (make reliability), %s' % os.path.basename(path)}}
    with open(os.path.join(root, 'docs', 'figures', 'reliability.json'), 'w') as handle:
        handle.write(json.dumps(data, indent=1, sort_keys=True) + '\n')


RENDERERS = {'v2-noop': render_v2_noop, 'roster': render_roster, 'reliability': render_reliability}


def rendered(root, text):
    """README ``text`` with every region rendered, and the names of the regions that changed."""
    found, changed, failures = [], [], []

    def replace(match):
        name, current = match.group(2), match.group(3)
        found.append(name)
        if name not in RENDERERS:
            failures.append('README.md: unknown figures region %r (known: %s)' % (name, ', '.join(sorted(RENDERERS))))
            return match.group(0)
        try:
            new = '\n'.join(RENDERERS[name](root, current)) + '\n'
        except FiguresError as exc:
            failures.append('region %s: %s' % (name, exc))
            return match.group(0)
        changed.extend([name] if new != current else [])
        return match.group(1) + new + match.group(4)

    result = REGION.sub(replace, text)
    missing, duplicates = sorted(set(RENDERERS) - set(found)), sorted({name for name in found if found.count(name) > 1})
    failures += ['README.md: no figures region %s' % ', '.join(missing)] if missing else []
    failures += ['README.md: figures region %s more than once' % ', '.join(duplicates)] if duplicates else []
    if failures:
        raise FiguresError('\n'.join(failures))
    return result, changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='exit 1 if README.md differs from what the data renders')
    parser.add_argument('--reliability', metavar='PATH', help='take this reliability-figures.json in first')
    parser.add_argument('--root', default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    readme = os.path.join(args.root, 'README.md')
    try:
        if args.reliability:
            import_reliability(args.root, args.reliability)
        with open(readme) as handle:
            text = handle.read()
        result, changed = rendered(args.root, text)
    except (FiguresError, OSError, ValueError) as exc:
        print('figures: %s' % exc, file=sys.stderr)
        return 2
    if args.check:
        if changed:
            print('figures: README.md differs from docs/figures/ in region(s) %s: run python tools/figures.py'
                  % ', '.join(changed), file=sys.stderr)
        else:
            print('figures: README.md matches docs/figures/')
        return 1 if changed else 0
    if result != text:
        with open(readme, 'w') as handle:
            handle.write(result)
    print('figures: %s' % ('rewrote region(s) %s' % ', '.join(changed) if changed else 'README.md already up to date'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
