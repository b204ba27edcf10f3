"""Stateful emulator of the Zoom User API: v1 (``/v1/user/...``) and v2 (``/v2/users...``, with
Server-to-Server OAuth at ``/oauth/token``) on one account store.

Zoom shut the v1 API down in 2020; this server is the only thing the
``zoomops.zoom`` v1 modules can run against.  Standard library only.

Start::

    python3 zoom_emulator.py [--host 127.0.0.1] [--port 0] [--api-key KEY --api-secret SECRET]
                             [--account-id ID --client-id ID --client-secret SECRET] [--token-ttl SECONDS]
                             [--single-token] [--state-file FILE] [--rate-limit] [--seed FILE]

The first line printed on stdout is the v1 base URL (``http://HOST:PORT/v1``); v2 is at ``/v2``.
See docs/docsite/rst/emulator.rst for the behaviour, the error codes and the control API.

This file only starts the emulator: the code is the ``zoomemu`` package beside it (the account
store, the v1 and v2 front-ends, the control API, the server). Importing this module gives the names older
tests import from it (``import zoom_emulator; zoom_emulator.FAULT_KINDS``).
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:  # imported from elsewhere than its own folder (run as a script, it is sys.path[0])
    sys.path.insert(0, _HERE)

from zoomemu.server import build_parser, main  # noqa: E402
from zoomemu.v1 import (  # noqa: E402
    BOOL_FIELDS, CREATE_SETTINGS, ENDPOINTS, FAULT_KINDS, INT_FIELDS, SSO_SETTINGS, STRING_FIELDS, UPDATE_FIELDS, is_email,
)

__all__ = ["BOOL_FIELDS", "CREATE_SETTINGS", "ENDPOINTS", "FAULT_KINDS", "INT_FIELDS", "SSO_SETTINGS", "STRING_FIELDS",
           "UPDATE_FIELDS", "build_parser", "is_email", "main"]

if __name__ == "__main__":
    sys.exit(main())
