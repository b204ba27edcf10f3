import collections
import json
import os

import pytest

# Figures gathered by the reliability tests, printed at the end of the run (and written to
# $LOG_DIR/reliability-figures.json when LOG_DIR is set). Keys:
#   faults_tried, faults_converged, faults_failed_cleanly, fault_reruns_converged,
#   inputs_rejected (with 0 API calls), secret_runs, secret_values_checked, leaks,
#   property_examples, concurrent_hosts, races
FIGURES = collections.Counter()


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
    line = ('reliability: faults tried %d (converged %d, failed cleanly %d, reruns converged %d), '
            'inputs rejected %d with 0 API calls, secret runs %d (values checked %d, leaks %d), '
            'property examples %d, concurrent hosts %d, races %d' % (
                f['faults_tried'], f['faults_converged'], f['faults_failed_cleanly'], f['fault_reruns_converged'],
                f['inputs_rejected'], f['secret_runs'], f['secret_values_checked'], f['leaks'],
                f['property_examples'], f['concurrent_hosts'], f['races']))
    terminalreporter.write_sep('=', 'reliability figures')
    terminalreporter.write_line(line)
    log_dir = os.environ.get('LOG_DIR')
    if log_dir:
        try:
            os.makedirs(log_dir, exist_ok=True)
            with open(os.path.join(log_dir, 'reliability-figures.json'), 'w') as handle:
                json.dump(dict(f), handle, indent=1, sort_keys=True)
        except OSError:
            pass


@pytest.fixture
def play(emu, tmp_path):
    """The integration suite's playbook runner (tests/integration/conftest.py), on this suite's emulator."""
    from integration.conftest import Player
    return Player(emu, tmp_path)
