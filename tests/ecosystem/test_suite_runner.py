"""Nothing passes CI by not running (issue 14): tools/suites.py fails an empty suite, pytest's exit 5 and a skipped
nox session under CI=true, and tests/ci_strict.py fails a skipped test there.

The pytest runs these tests start leave out hypothesis's plugin (NO_HYPOTHESIS): it imports hypothesis at start-up,
0.65 of the 0.9 CPU-s a pytest start costs here, and no test folder written here uses it. tools/suites.py passes the
environment on to the pytest it starts."""

import importlib.util
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NO_HYPOTHESIS = '-p no:hypothesispytest'


def suites(*args, ci, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ('CI', 'PYTEST_ARGS')}
    env.update(LOG_DIR=str(tmp_path / 'logs'), PYTHONPATH=REPO, PYTEST_ADDOPTS=NO_HYPOTHESIS, **({'CI': 'true'} if ci else {}))
    return subprocess.run([sys.executable, os.path.join(REPO, 'tools', 'suites.py')] + [str(arg) for arg in args], cwd=REPO,
                          env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                          check=False)


def test_an_empty_suite_folder_fails_under_ci_and_is_reported_skipped_otherwise(tmp_path):
    empty = tmp_path / 'empty'
    empty.mkdir()
    proc = suites(empty, ci=True, tmp_path=tmp_path)
    assert proc.returncode == 1 and '==> FAIL' in proc.stdout and 'no test files' in proc.stdout, proc.stdout
    proc = suites(empty, ci=False, tmp_path=tmp_path)
    assert proc.returncode == 0 and '==> SKIP' in proc.stdout, proc.stdout


def test_a_suite_whose_test_files_hold_no_test_fails_even_outside_ci(tmp_path):
    suite = tmp_path / 'hollow'
    suite.mkdir()
    (suite / 'test_nothing.py').write_text('VALUE = 1\n')
    proc = suites(suite, ci=False, tmp_path=tmp_path)
    assert proc.returncode == 1 and 'exit 5' in proc.stdout, proc.stdout


def test_a_passing_suite_passes_and_the_closing_line_counts_its_tests(tmp_path):
    suite = tmp_path / 'real'
    suite.mkdir()
    (suite / 'test_one.py').write_text('def test_one():\n    assert 1 + 1 == 2\n')
    proc = suites(suite, ci=True, tmp_path=tmp_path)
    assert proc.returncode == 0 and '==> PASS' in proc.stdout, proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1] == 'tests: 1 passed, 0 failed, 0 skipped'


def test_a_skipped_nox_session_fails_under_ci():
    spec = importlib.util.spec_from_file_location('suites', os.path.join(REPO, 'tools', 'suites.py'))
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    text = 'nox > Session matrix(2.21) skipped: Python interpreter 3.12 not found.\n'
    assert runner.SKIPPED.search(text)
    runner.CI = True
    log = os.path.join(REPO, '.build', 'test-suite-runner.log')
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, 'w', encoding='utf-8') as handle:
        handle.write(text)
    assert runner.verdict(0, log, None)[0] == 'FAIL'
    runner.CI = False
    assert runner.verdict(0, log, None)[0] == 'SKIP'
    os.remove(log)


def pytest_run(folder, ci):
    env = {key: value for key, value in os.environ.items() if key != 'CI'}
    env.update(PYTHONPATH=REPO, **({'CI': 'true'} if ci else {}))
    return subprocess.run([sys.executable, '-m', 'pytest', '-p', 'tests.ci_strict', '-q', '-p', 'no:cacheprovider']
                          + NO_HYPOTHESIS.split() + [str(folder)],
                          cwd=str(folder), env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)


def test_a_skipped_test_fails_under_ci_unless_marked_platform_dependent(tmp_path):
    (tmp_path / 'test_skips.py').write_text(
        'import pytest\n\n\ndef test_skips():\n    pytest.skip("role file missing")\n')
    proc = pytest_run(tmp_path, ci=True)
    assert proc.returncode == 1 and 'skipped under CI=true' in proc.stdout, proc.stdout
    assert pytest_run(tmp_path, ci=False).returncode == 0
    (tmp_path / 'test_skips.py').write_text(
        'import pytest\n\n\n@pytest.mark.ci_may_skip("only on Windows")\ndef test_skips():\n    pytest.skip("not Windows")\n')
    assert pytest_run(tmp_path, ci=True).returncode == 0


def test_a_module_skipped_at_collection_fails_under_ci(tmp_path):
    (tmp_path / 'test_gone.py').write_text('import pytest\n\npytest.skip("no role", allow_module_level=True)\n')
    proc = pytest_run(tmp_path, ci=True)
    assert proc.returncode == 1 and 'skipped at collection' in proc.stdout, proc.stdout
