"""Run the suites of `make test`, SUITE_JOBS (default 2) at a time, each into $LOG_DIR/<suite>.log.

As each suite ends, one line tells PASS/FAIL/SKIP and its wall time (a failing suite shows its log's tail);
a summary table and the test counts of every pytest suite (from the JUnit files) close the run.
Under CI=true nothing may pass by not running: an empty suite folder, pytest's exit 5 (no tests) and a
skipped nox session (no interpreter for the matrix) fail; pytest skips fail through tests/ci_strict.py.

Usage: python tools/suites.py [SUITE ...]   (default: every suite; a path runs pytest on that folder)
"""

import glob
import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

LOG_DIR = os.environ.get('LOG_DIR', '.build/logs')
CI = os.environ.get('CI') == 'true'
NOX = ['nox', '--reuse-existing-virtualenvs', '--no-install', '--no-color', '-e']
EXTRA = os.environ.get('PYTEST_ARGS', '').split()
# Longest first, so that the slots end together. Integration and reliability are both backends' behaviour
# suites, each on two xdist workers: integration is a third ansible-playbook start-up, and reliability mostly
# waits (delays, timeouts, held requests: 436 s wall for 249 s CPU on one worker, 215 s on two).
SUITES = {
    'reliability': ['tests/reliability', '-n', os.environ.get('RELIABILITY_WORKERS', '2')],
    'integration': ['tests/integration', '-n', os.environ.get('INTEGRATION_WORKERS', '2')],
    'sanity': NOX + ['sanity'],
    'matrix-2.17': NOX + ['matrix(2.17)'],
    'matrix-2.21': NOX + ['matrix(2.21)'],
    'checks': NOX + ['lint', 'docs-check', 'extra-checks', 'build-import-check', 'ansible-lint', 'changelog'],
    'ecosystem': 'tests/ecosystem',
    'emulator-tests': 'tests/emulator',
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
    text = open(log, encoding='utf-8', errors='replace').read()
    if rc == 5:
        return 'FAIL', 'pytest collected no tests (exit 5)'
    if rc:
        return 'FAIL', 'exit %d' % rc
    match = SKIPPED.search(text)
    reason = skip_reason or (match and match.group(0))
    if reason:
        return ('FAIL' if CI else 'SKIP'), reason + (' (CI=true: a skipped suite fails)' if CI else '')
    return 'PASS', ''


def run_one(name, results):
    argv, skip_reason = command(name)
    log = os.path.join(LOG_DIR, '%s.log' % name.replace('/', '_'))
    start = time.monotonic()
    print('==> start %s: %s' % (name, ' '.join(argv)), flush=True)
    with open(log, 'w', encoding='utf-8') as handle:
        rc, cpu = 0, 0.0
        if not skip_reason:
            proc = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            # wait4: the CPU time of the suite and every process it waited for (a load-independent figure)
            status, usage = os.wait4(proc.pid, 0)[1:]
            rc = proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        if skip_reason:
            handle.write(skip_reason + '\n')
    status, why = verdict(rc, log, skip_reason)
    results[name] = (status, time.monotonic() - start, cpu, why)
    lines = open(log, encoding='utf-8', errors='replace').read().splitlines()
    tail = [line for line in lines if "WARNING: Location '" not in line][-(300 if status == 'FAIL' else 3):]
    print('==> %s %s (%.0fs, CPU %.0fs) %s log: %s' % (status, name, results[name][1], cpu, why, log), flush=True)
    print('\n'.join('    [%s] %s' % (name, line) for line in tail), flush=True)


def junit_files(names):
    # ansible-test (the units suite) leaves its JUnit files in tests/output/junit.
    return glob.glob(os.path.join(LOG_DIR, 'junit-*.xml')) + (glob.glob('tests/output/junit/*.xml') if 'units' in names else [])


def test_counts(names):
    total = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}
    for path in junit_files(names):
        for suite in ET.parse(path).getroot().iter('testsuite'):
            for key in total:
                total[key] += int(suite.get(key, 0))
    failed = total['failures'] + total['errors']
    return '%d passed, %d failed, %d skipped' % (total['tests'] - failed - total['skipped'], failed, total['skipped'])


def main(names):
    os.makedirs(LOG_DIR, exist_ok=True)
    names = names or list(SUITES)
    for path in junit_files(names):
        os.remove(path)
    slots = threading.Semaphore(int(os.environ.get('SUITE_JOBS', '2')))
    results, threads, start = {}, [], time.monotonic()

    def worker(name):
        with slots:
            run_one(name, results)
    for name in names:
        threads.append(threading.Thread(target=worker, args=(name,)))
        threads[-1].start()
        time.sleep(0.05)   # start in the listed order
    for thread in threads:
        thread.join()
    print('\n==> summary (wall time %.0fs, %s at a time)' % (time.monotonic() - start, os.environ.get('SUITE_JOBS', '2')))
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
