#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zoom_token
short_description: Get a Zoom API v2 access token once, for the tasks that follow
version_added: 0.2.0
description:
  - Asks Zoom's Server-to-Server OAuth endpoint (O(oauth_url)) for an access token with O(account_id), O(client_id)
    and O(client_secret), and returns it as RV(access_token).
  - Every Ansible task is a new process, so by default every task of the collection asks for its own token. Register
    this module's result once per play and pass RV(access_token) to the other modules as O(access_token) through
    C(module_defaults); they then ask for no token (a task whose token has expired asks for a new one when the
    credentials are given too).
  - The result holds a secret. The task B(must) set C(no_log) to C(true) (the module fails otherwise, before asking
    for a token), so that the token never appears in the output, even at C(-vvvv). Do not print the registered
    variable; the modules that take it as O(access_token) never log it.
  - Nothing is written to disk unless O(token_cache) is set. The token lives one hour (RV(expires_in)).
author:
  - zoomops.zoom contributors (@zoomops)
extends_documentation_fragment:
  - zoomops.zoom.connection
  - zoomops.zoom.attributes.check_mode_read_only
  - zoomops.zoom.attributes.diff_mode_none
  - zoomops.zoom.attributes.action_group
options: {}
"""

EXAMPLES = r"""
# One access token for the whole play: the connection options come from module_defaults
# (group/zoomops.zoom.zoom) or the ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET variables.
- name: Get an access token (the result holds a secret - keep no_log)
  zoomops.zoom.zoom_token:
  register: zoom_login
  no_log: true

- name: Tasks that reuse it ask for no token
  module_defaults:
    group/zoomops.zoom.zoom:
      account_id: "{{ zoom_account_id }}"
      client_id: "{{ zoom_client_id }}"
      client_secret: "{{ zoom_client_secret }}"
      access_token: "{{ zoom_login.access_token }}"
  block:
    - name: Ada exists
      zoomops.zoom.zoom_user:
        email: ada@example.com
        first_name: Ada
"""

RETURN = r"""
access_token:
  description:
    - The access token, a secret. Pass it as O(access_token); never print it.
  returned: success
  type: str
expires_in:
  description: Seconds the token is valid for, as Zoom said (usually 3600).
  returned: when Zoom said it
  type: int
  sample: 3600
scope:
  description: The scopes of the token, separated by spaces.
  returned: when Zoom said it
  type: str
  sample: user:read:admin user:write:admin
endpoint:
  description:
    - On an API failure, the call that failed - a v1 endpoint such as C(/user/get), or a v2 method and path template
      such as C(GET /users/{userId}) (C(POST /oauth/token) for a token request).
  returned: failed
  type: str
  sample: GET /users/{userId}
zoom_code:
  description: On an API failure, Zoom's error code (null when no answer came back).
  returned: failed
  type: int
  sample: 1001
"""

from ansible_collections.zoomops.zoom.plugins.module_utils.common import connection_argument_spec
from ansible_collections.zoomops.zoom.plugins.module_utils.module import ZoomModule


def main():
    module = ZoomModule(connection_argument_spec())
    if not module.no_log:
        module.fail_json(msg='zoom_token returns an access token, a secret: set no_log: true on the task (and never '
                             'print the registered result)')
    token, expires_in, scope = module.new_access_token()
    result = {'changed': False, 'access_token': token}
    if expires_in is not None:
        result['expires_in'] = expires_in
    if scope is not None:
        result['scope'] = scope
    module.exit_json(**result)


if __name__ == '__main__':
    main()
