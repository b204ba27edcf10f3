"""The emulator's own tests use the ``emulator`` and ``emu`` fixtures of tests/conftest.py."""
