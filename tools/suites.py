"""Run the suites of `make test`, SUITE_JOBS (default 2) at a time, each into $LOG_DIR/<suite>.log.

Usage: python tools/suites.py [SUITE ...]   (default: every suite; a path runs pytest on that folder)
A line tells each suite's PASS/FAIL/SKIP, wall and CPU time as it ends (a failure shows its log's tail); a summary
and the test counts of the JUnit files close the run. pytest's exit 5 (no tests) fails; under CI=true nothing passes
by not running: an empty suite folder and a skipped nox session fail too, as do skipped tests (tests/ci_strict.py).
"""

import glob
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

LOG_DIR = os.environ.get('LOG_DIR', '.build/logs')
CI = os.environ.get('CI') == 'true'
NOX = ['nox', '--reuse-existing-virtualenvs', '--no-install', '--no-color', '-e']
EXTRA = os.environ.get('PYTEST_ARGS', '').split()
JOBS = int(os.environ.get('SUITE_JOBS', '2'))
# Longest first, so that the slots end together. The behaviour suites run on xdist workers (reliability on three: it waits:
# delays, timeouts, held requests). Only reliability uses hypothesis: the others skip its plugin (0.65 CPU-s a start).
SUITES = {
    'reliability': ['tests/reliability', '-n', os.environ.get('RELIABILITY_WORKERS', '3')],
    'integration': ['tests/integration', '-n', os.environ.get('INTEGRATION_WORKERS', '2'), '-p', 'no:hypothesispytest'],
    'sanity': NOX + ['sanity'],
    'matrix-2.17': NOX + ['matrix(2.17)'],
    'matrix-2.21': NOX + ['matrix(2.21)'],
    'checks': NOX + ['lint', 'docs-check', 'extra-checks', 'build-import-check', 'ansible-lint', 'changelog'],
    'ecosystem': ['tests/ecosystem', '-p', 'no:hypothesispytest'],
    'emulator-tests': ['tests/emulator', '-p', 'no:hypothesispytest'],
    'units': NOX + ['units'],
}
SKIPPED = re.compile(r'Session \S+ skipped|^skipped: no test files', re.M)


def command(name):
    """(argv, reason to skip or None) of a suite: a nox command, or pytest on a test folder."""
    spec = SUITES.get(name, name)
    if isinstance(spec, list) and spec[0] == 'nox':
        return spec, None
    folder, args = (spec, []) if isinstance(spec, str) else (spec[0], spec[1:])
    tests = glob.glob(os.path.join(folder, '**', 'test_*.py'), recursive=True)
    junit = os.path.join(LOG_DIR, 'junit-%s.xml' % os.path.basename(folder.rstrip('/')))
    argv = [sys.executable, '-m', 'pytest', folder, '--junitxml=' + junit] + args + EXTRA
    return argv, (None if tests else 'skipped: no test files (test_*.py) in %s' % folder)


def verdict(rc, log, skip_reason):
    if rc:
        return 'FAIL', 'pytest collected no tests (exit 5)' if rc == 5 else 'exit %d' % rc
    match = SKIPPED.search(open(log, encoding='utf-8', errors='replace').read())
    reason = skip_reason or (match and match.group(0))
    if reason:
        return ('FAIL' if CI else 'SKIP'), reason + (' (CI=true: a skipped suite fails)' if CI else '')
    return 'PASS', ''


def run_one(name):
    """Run one suite into its log; print its verdict and its log's tail; (status, wall seconds, CPU seconds, why)."""
    argv, skip_reason = command(name)
    log = os.path.join(LOG_DIR, '%s.log' % name.replace('/', '_'))
    start, rc, cpu = time.monotonic(), 0, 0.0
    print('==> start %s: %s' % (name, ' '.join(argv)), flush=True)
    with open(log, 'w', encoding='utf-8') as handle:
        if skip_reason:
            handle.write(skip_reason + '\n')
        else:
            proc = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            # wait4: the CPU time of the suite and every process it waited for (a load-independent figure)
            status, usage = os.wait4(proc.pid, 0)[1:]
            rc = proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
    status, why = verdict(rc, log, skip_reason)
    wall = time.monotonic() - start
    lines = open(log, encoding='utf-8', errors='replace').read().splitlines()
    tail = [line for line in lines if "WARNING: Location '" not in line][-(300 if status == 'FAIL' else 3):]
    print('==> %s %s (%.0fs, CPU %.0fs) %s log: %s' % (status, name, wall, cpu, why, log), flush=True)
    print('\n'.join('    [%s] %s' % (name, line) for line in tail), flush=True)
    return status, wall, cpu, why


def junit_files(names):
    # ansible-test (the units suite) leaves its JUnit files in tests/output/junit.
    return glob.glob(os.path.join(LOG_DIR, 'junit-*.xml')) + (glob.glob('tests/output/junit/*.xml') if 'units' in names else [])


def test_counts(names):
    suites = [suite for path in junit_files(names) for suite in ElementTree.parse(path).getroot().iter('testsuite')]
    tests, failures, errors, skipped = (sum(int(suite.get(key, 0)) for suite in suites) for key in ('tests', 'failures', 'errors', 'skipped'))
    return '%d passed, %d failed, %d skipped' % (tests - failures - errors - skipped, failures + errors, skipped)


def main(names):
    os.makedirs(LOG_DIR, exist_ok=True)
    names = names or list(SUITES)
    for path in junit_files(names):
        os.remove(path)
    start = time.monotonic()
    with ThreadPoolExecutor(JOBS) as pool:   # its queue starts the suites in the listed order
        results = dict(zip(names, pool.map(run_one, names)))
    print('\n==> summary (wall time %.0fs, %s at a time)' % (time.monotonic() - start, JOBS))
    for name in names:
        print('    %-16s %-5s %5.0fs  CPU %5.0fs  %s' % ((name,) + results[name]))
    # On a quiet machine with SUITE_JOBS cores, the run takes at least its CPU time shared over them.
    print('    CPU time of all suites %.0fs' % sum(result[2] for result in results.values()))
    failed = [name for name in names if results[name][0] == 'FAIL']
    print('suites: %d passed, %d failed' % (len(names) - len(failed), len(failed)))
    closing = 'tests: ' + test_counts(names)
    print(closing)
    with open(os.path.join(LOG_DIR, 'summary.txt'), 'w', encoding='utf-8') as handle:
        handle.write(closing + '\n')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
