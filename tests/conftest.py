"""Shared by every test suite.

- The collection is importable as ``ansible_collections.zoomops.zoom``: .build/collections holds a
  symlink ansible_collections/zoomops/zoom -> the repository root (pyproject.toml puts that folder
  on sys.path; the integration harness passes it to ansible-playbook).
- ``emulator``: one Zoom v1 emulator process for the session (tests/emulator/harness.py), on
  127.0.0.1 and a free port; ``emu``: the same emulator, reset before the test.
"""

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(REPO, '.build', 'collections')


def _link_collection():
    link = os.path.join(COLLECTIONS, 'ansible_collections', 'zoomops', 'zoom')
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        try:
            os.symlink(REPO, link)
        except FileExistsError:
            pass


_link_collection()
for _path in (COLLECTIONS, os.path.join(REPO, 'tests', 'emulator')):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from harness import Emulator  # noqa: E402


@pytest.fixture(scope='session')
def emulator():
    emu = Emulator().start()
    yield emu
    emu.stop()


@pytest.fixture
def emu(emulator):
    emulator.reset()
    return emulator


def pytest_addoption(parser):
    parser.addoption('--matrix-list', help='run only the tests whose function names this file lists (tests/matrix.txt)')


def pytest_collection_modifyitems(config, items):
    path = config.getoption('--matrix-list')
    if not path:
        return
    with open(path, encoding='utf-8') as handle:
        wanted = {line.strip() for line in handle if line.strip() and not line.startswith('#')}
    found = {getattr(item, 'originalname', item.name) for item in items}
    if wanted - found:
        raise pytest.UsageError('%s names tests that do not exist: %s' % (path, ', '.join(sorted(wanted - found))))
    config.hook.pytest_deselected(items=[item for item in items if getattr(item, 'originalname', item.name) not in wanted])
    items[:] = [item for item in items if getattr(item, 'originalname', item.name) in wanted]
