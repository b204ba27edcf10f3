# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the Zoom v1 API.
      - Point it at the emulator shipped in C(tests/emulator/) to test playbooks offline.
      - If not set, the environment variable E(ZOOM_API_URL) is used.
    type: str
    default: https://api.zoom.us/v1
  api_key:
    description:
      - The API key of the Zoom account.
      - If not set, the environment variable E(ZOOM_API_KEY) is used.
    type: str
    required: true
  api_secret:
    description:
      - The API secret of the Zoom account. It is never logged or returned.
      - If not set, the environment variable E(ZOOM_API_SECRET) is used.
    type: str
    required: true
  timeout:
    description:
      - Seconds to wait for each answer from the API.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to check the API's TLS certificate. Turn off only for a test server.
    type: bool
    default: true
  retries:
    description:
      - How many times a call is retried after a connection error, a timeout, an HTTP 5xx answer, an answer
        that is not JSON or Zoom's rate-limit error (code 403), with exponential backoff and jitter.
      - Other API errors are never retried.
    type: int
    default: 5
requirements:
  - requests
notes:
  - Set the connection options once for all modules of the collection with
    C(module_defaults) and the action group C(group/zoomops.zoom.zoom), or with the E(ZOOM_API_URL),
    E(ZOOM_API_KEY) and E(ZOOM_API_SECRET) environment variables.
'''
