import collections
import json
import os

import pytest

# Figures gathered by the reliability tests, printed at the end of the run (and written to
# $LOG_DIR/reliability-figures.json when LOG_DIR is set). Any name given to count() is printed:
# the known ones first, in this order and with these words, then the others sorted by name.
FIGURES = collections.Counter()
KNOWN_FIGURES = (
    ('faults_tried', 'faults tried'),
    ('faults_converged', 'converged'),
    ('faults_failed_cleanly', 'failed cleanly'),
    ('fault_reruns_converged', 'reruns converged'),
    ('inputs_rejected', 'inputs rejected with 0 API calls'),
    ('hostile_answers_tried', 'hostile answers tried'),
    ('redirects_refused', 'redirects refused (target reached 0 times)'),
    ('secret_runs', 'secret runs'),
    ('secret_values_checked', 'secret values checked'),
    ('leaks', 'leaks'),
    ('property_examples', 'property examples'),
    ('concurrent_hosts', 'concurrent hosts'),
    ('races', 'races'),
)


def count(name, n=1):
    FIGURES[name] += n


def pytest_sessionfinish(session):
    # Under pytest-xdist, a worker hands its figures to the controller.
    if hasattr(session.config, 'workeroutput'):
        session.config.workeroutput['reliability_figures'] = dict(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    FIGURES.update(getattr(node, 'workeroutput', {}).get('reliability_figures', {}))


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    f = FIGURES
    terminalreporter.write_sep('=', 'reliability figures')
    terminalreporter.write_line(figures_line(f))
    log_dir = os.environ.get('LOG_DIR')
    if log_dir:
        try:
            os.makedirs(log_dir, exist_ok=True)
            with open(os.path.join(log_dir, 'reliability-figures.json'), 'w') as handle:
                json.dump(dict(f), handle, indent=1, sort_keys=True)
        except OSError:
            pass


def figures_line(figures):
    """One line of the figures the tests counted (a figure no test counted is not printed, not even as
    0): the known ones in KNOWN_FIGURES' order, then any other counter, sorted, under its own name."""
    known = dict(KNOWN_FIGURES)
    parts = ['%s %d' % (words, figures[name]) for name, words in KNOWN_FIGURES if name in figures]
    parts.extend('%s %d' % (name.replace('_', ' '), figures[name]) for name in sorted(figures) if name not in known)
    return 'reliability: ' + ', '.join(parts)


@pytest.fixture
def fast_backoff(monkeypatch):
    """The client's waits between attempts, recorded instead of slept (monkeypatched for one test)."""
    from ansible_collections.zoomops.zoom.plugins.module_utils.backends import factory
    waits = []
    real = factory.V1Client

    def client(*args, **kwargs):
        kwargs['sleep'] = waits.append
        return real(*args, **kwargs)

    monkeypatch.setattr(factory, 'V1Client', client)
    return waits


@pytest.fixture
def play(emu, tmp_path):
    """The integration suite's playbook runner (tests/integration/conftest.py), on this suite's emulator."""
    from integration.conftest import Player
    return Player(emu, tmp_path)
