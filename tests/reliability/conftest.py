import collections
import hashlib
import json
import os

import pytest

# Figures gathered by the reliability tests, printed at the end of the run (and written to
# $LOG_DIR/reliability-figures.json when LOG_DIR is set). A figure is an OBSERVED event: a test counts it once
# the outcome it names was seen (a fault that hit and converged, a race whose racers all met the missing user,
# a run whose output was scanned), never an attempt. A figure nothing observed is not printed, not even as 0.
FIGURES = collections.Counter()
# Distinct values behind a figure (kept as digests: the secret values themselves never leave the test).
DISTINCT = collections.defaultdict(set)
KNOWN_FIGURES = (
    ('faults_tried', 'faults tried'),
    ('faults_converged', 'converged'),
    ('faults_failed_cleanly', 'failed cleanly'),
    ('fault_reruns_converged', 'reruns converged'),
    ('inputs_rejected', 'inputs rejected with 0 API calls'),
    ('hostile_answers_tried', 'hostile answers tried'),
    ('redirects_refused', 'redirects refused (target reached 0 times)'),
    ('secret_runs', 'secret runs scanned'),
    ('secret_values', 'distinct secret values'),
    ('leaks', 'leaks'),
    ('property_examples', 'property examples'),
    ('concurrent_hosts', 'hosts observed running at once'),
    ('races_overlapped', 'races observed overlapping'),
)
# Counters of attempts (counted before the outcome was known): never printed as figures. Tests count the
# observed events instead (secret_scan(), race_observed(), concurrent_hosts from overlapping()).
ATTEMPT_COUNTERS = frozenset({'races', 'secret_values_checked'})
# A figure printed only next to the one that gives it meaning: leaks only when a scan happened.
NEEDS = {'leaks': 'secret_runs', 'secret_values': 'secret_runs'}


def count(name, n=1):
    FIGURES[name] += n


def digest(value):
    return hashlib.sha256(value.encode('utf-8')).hexdigest()


def secret_scan(values, found):
    """Record one scan of a run's whole output for the secret ``values`` (the values actually in play in that run)
    and the leaks ``found``: one run scanned, the distinct values (across every run), the leaks."""
    count('secret_runs')
    DISTINCT['secret_values'].update(digest(value) for value in values)
    count('leaks', len(found))


def race_observed():
    """Record one race seen to overlap: every racer met the user missing and sent its create."""
    count('races_overlapped')


def overlapping(intervals):
    """How many of the (start, end) ``intervals`` overlap at least one other interval (a pure function)."""
    ordered = sorted(intervals)
    overlapped = set()
    for index, (start, end) in enumerate(ordered):
        for other in range(index + 1, len(ordered)):
            if ordered[other][0] >= end:
                break
            overlapped.update((index, other))
    return len(overlapped)


def observed_figures(counters, distinct):
    """The figures to print, as (name, words, number) in print order, from the event ``counters`` and the ``distinct``
    value sets (a pure function): the known ones in KNOWN_FIGURES' order, then any other counter, sorted, under
    its own name. A figure is printed only when it was observed: a counter above 0 (``leaks`` is the one
    figure printed at 0, and only when runs were scanned), a distinct set that is not empty; attempt counters
    are never printed."""
    numbers = dict((name, value) for name, value in counters.items() if name not in ATTEMPT_COUNTERS)
    numbers.update((name, len(values)) for name, values in distinct.items())

    def observed(name):
        if name in NEEDS and not numbers.get(NEEDS[name]):
            return False
        if name == 'leaks':
            return name in numbers
        return numbers.get(name, 0) > 0

    known = dict(KNOWN_FIGURES)
    figures = [(name, words, numbers[name]) for name, words in KNOWN_FIGURES if observed(name)]
    figures.extend((name, name.replace('_', ' '), numbers[name]) for name in sorted(numbers)
                   if name not in known and observed(name))
    return figures


def figures_line(counters, distinct=None):
    """One line of the observed figures (observed_figures), or None when nothing was observed."""
    figures = observed_figures(counters, distinct or {})
    if not figures:
        return None
    return 'reliability: ' + ', '.join('%s %d' % (words, number) for _name, words, number in figures)


def pytest_sessionfinish(session):
    # Under pytest-xdist, a worker hands its figures to the controller.
    if hasattr(session.config, 'workeroutput'):
        session.config.workeroutput['reliability_figures'] = dict(FIGURES)
        session.config.workeroutput['reliability_distinct'] = dict((name, sorted(values))
                                                                   for name, values in DISTINCT.items())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, 'workeroutput', {})
    FIGURES.update(output.get('reliability_figures', {}))
    for name, values in output.get('reliability_distinct', {}).items():
        DISTINCT[name].update(values)


def pytest_terminal_summary(terminalreporter):
    line = figures_line(FIGURES, DISTINCT)
    if line is None:
        return
    terminalreporter.write_sep('=', 'reliability figures')
    terminalreporter.write_line(line)
    log_dir = os.environ.get('LOG_DIR')
    if log_dir:
        try:
            os.makedirs(log_dir, exist_ok=True)
            with open(os.path.join(log_dir, 'reliability-figures.json'), 'w') as handle:
                json.dump(dict((name, number) for name, _words, number in observed_figures(FIGURES, DISTINCT)), handle, indent=1, sort_keys=True)
        except OSError:
            pass


@pytest.fixture
def fast_backoff(monkeypatch):
    """The clients' waits between attempts (v1, v2 and the OAuth token requests), recorded instead of slept
    (monkeypatched for one test)."""
    from ansible_collections.zoomops.zoom.plugins.module_utils.backends import factory
    waits = []

    def recording(real):
        def client(*args, **kwargs):
            kwargs['sleep'] = waits.append
            return real(*args, **kwargs)
        return client

    for name in ('V1Client', 'V2Client', 'Transport'):
        monkeypatch.setattr(factory, name, recording(getattr(factory, name)))
    return waits


@pytest.fixture
def backend():
    """The API the ``play`` fixture speaks: v1 unless a module runs its tests on both (``params=BACKENDS`` on a
    ``backend`` fixture of its own, as in tests/integration)."""
    return 'v1'


@pytest.fixture
def play(emu, tmp_path, backend):
    """The integration suite's playbook runner (tests/integration/conftest.py), on this suite's emulator."""
    from integration.conftest import Player
    return Player(emu, tmp_path, backend)
