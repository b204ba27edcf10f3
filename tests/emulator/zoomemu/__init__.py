"""The Zoom API emulator as a package (standard library only); ``zoom_emulator.py`` beside it starts it.

Layers, each knowing only the one below it:

* ``store``   - the account in no API's terms: users (names for status, login type and user type),
  assistants, tokens, passwords, faults, call log, rate windows, state file, seeding;
* ``v1``      - the v1 front-end (``/v1/user/...``): form fields, validation, v1 codes and numbers,
  JSON/XML records, the v1 rate rule, what faults do to a v1 answer;
* ``control`` - the control API (``/_emulator/...``) on the store;
* ``server``  - HTTP parsing, the worker pool, connections, routing by path prefix, the command line.

A v2 front-end (``/v2/...``, REST + JSON, OAuth) is one more module beside ``v1`` on the same store,
added to ``server.build_emulator``. See docs/docsite/rst/emulator.rst.
"""
