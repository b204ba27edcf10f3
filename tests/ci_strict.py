"""pytest plugin (pyproject.toml's addopts load it for every suite): under CI=true a skipped test fails.

A skip in CI hides a test that did not run (a missing file, interpreter or role); locally a skip stays a skip.
The only way to skip under CI is the marker ``ci_may_skip(reason)``, for what genuinely depends on the platform.
"""

import os

import pytest

_SKIPS = []


def pytest_configure(config):
    config.addinivalue_line('markers', 'ci_may_skip(reason): this test may skip under CI=true (platform-dependent)')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get('CI') == 'true' and report.skipped and not hasattr(report, 'wasxfail') \
            and item.get_closest_marker('ci_may_skip') is None:
        report.outcome = 'failed'
        report.longrepr = 'skipped under CI=true (a skip there hides a test that did not run): %s' % (report.longrepr,)


def pytest_collectreport(report):
    if os.environ.get('CI') == 'true' and report.skipped:
        _SKIPS.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _SKIPS and exitstatus in (0, 5):   # 5: nothing left to run once they were skipped
        print('\nCI=true: skipped at collection, which fails: %s' % ', '.join(_SKIPS))
        session.exitstatus = 1
