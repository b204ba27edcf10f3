"""When and where a benchmark ran, for its JSON (docs/figures/*.json; tools/figures.py prints it beside the figures)."""

import datetime
import os
import platform
from importlib.metadata import PackageNotFoundError, version


def load_average():
    with open('/proc/loadavg') as handle:
        return [float(value) for value in handle.read().split()[:3]]


def ansible_core_version():
    try:
        return version('ansible-core')
    except PackageNotFoundError:
        return None


def machine():
    """The date (UTC), the cores this process may use, the load average (1, 5, 15 min), ansible-core and Python."""
    return {'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
            'cores': len(os.sched_getaffinity(0)), 'load_average': load_average(),
            'ansible_core': ansible_core_version(), 'python': platform.python_version()}
