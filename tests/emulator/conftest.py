"""Fixtures for tests that need the Zoom v1 emulator.

Copy this pattern into other suites: put tests/emulator on sys.path, then use ``emulator`` (one
process for the whole session) or ``emu`` (the same process, reset before the test).
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Emulator  # noqa: E402


@pytest.fixture(scope="session")
def emulator():
    emu = Emulator().start()
    yield emu
    emu.stop()


@pytest.fixture
def emu(emulator):
    emulator.reset()
    return emulator
