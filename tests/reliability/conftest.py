import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'emulator'))

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
