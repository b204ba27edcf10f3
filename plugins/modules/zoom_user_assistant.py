#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zoom_user_assistant
short_description: Manage the assistants of a Zoom host as a set
version_added: 0.1.0
description:
  - Makes users of a Zoom account assistants of a host (they can schedule meetings on the host's behalf), or makes
    sure they are not, through the Zoom User API (v2 or v1, see O(api_version)). The endpoints named below are v1's.
  - On API v2 an assistant is removed alone (never all then the others re-added) and up to 30 are added per call.
  - Reads the host's assistants with C(/user/scheduleforhost/list) and compares emails without regard to case. When
    nothing has to change, no write call is made.
  - Zoom v1 adds one assistant per call (C(/user/assistant/set)) and can only delete B(all) of a host's assistants
    (C(/user/assistant/delete)). Removing some assistants therefore deletes all of them, then re-adds those that stay
    (see the notes for the window this opens).
  - Every check is made B(before) any write, so that a typo can never wipe a host's assistants. The host must exist
    and be active; every assistant to add (or to re-add) must be an active user of the account and not the host.
  - In check mode, a host or an assistant that is not a user of the account (yet) is assumed to be created, active,
    by an earlier task of the play; the task warns and reports the change it predicts instead of failing. A real run
    still fails, before any write, if it is not an active user by then.
author:
  - zoomops.zoom contributors (@zoomops)
extends_documentation_fragment:
  - zoomops.zoom.connection
  - zoomops.zoom.attributes.check_mode_plan
  - zoomops.zoom.attributes.action_group
attributes:
  diff_mode:
    support: full
    description: Shows the host's assistants (sorted emails) before and after.
options:
  host_email:
    description:
      - The email address of the host, compared without regard to case.
      - Exactly one of O(host_email) and O(host_id) is required.
    type: str
  host_id:
    description:
      - The Zoom user ID of the host.
      - Exactly one of O(host_email) and O(host_id) is required.
    type: str
  assistants:
    description:
      - Emails of users of the account, compared without regard to case; duplicates are ignored.
      - With O(state=present) and O(exclusive=true), an empty list removes all of the host's assistants.
    type: list
    elements: str
    required: true
  state:
    description:
      - V(present) makes every user in O(assistants) an assistant of the host.
      - V(absent) makes sure none of them is; the host's other assistants stay.
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description:
      - With O(state=present), the host ends up with exactly O(assistants); every other assistant is removed.
      - Not allowed with O(state=absent).
    type: bool
    default: false
  login_type:
    description:
      - The login type of the host, tried first when the host is looked up by email (V(facebook), V(google), V(api),
        V(zoom), V(sso), or their numbers 0, 1, 99, 100, 101).
      - A hint only; a host of another login type is still found, with more calls. Unset, V(zoom) is tried first,
        so a lookup in an SSO account costs about 5 calls instead of 1.
    type: raw
    version_added: 0.2.0
  assistants_login_type:
    description:
      - The login type of the assistants to add, tried first when each is looked up by email (as O(login_type)).
      - Unset, O(login_type) is used.
    type: raw
    version_added: 0.2.0
seealso:
  - module: zoomops.zoom.zoom_user_info
  - module: zoomops.zoom.zoom_user
notes:
  - In check mode, a host or assistant missing from the account is assumed to be created earlier in the play (with a
    warning).
  - B(The window.) Removing some but not all assistants (O(state=absent), or O(exclusive=true)) calls
    C(/user/assistant/delete), which removes all of them, then C(/user/assistant/set) once for each assistant that
    stays (those first, then the new ones). Between these calls, usually well under a second per assistant, the host
    has fewer assistants than before and after the run.
  - If a call fails in that window (after the client's retries), the task fails and names exactly the assistants
    the host now lacks (re-read from Zoom when possible), in the message and in RV(missing). Running the same task
    again with O(state=present) converges. With O(state=absent) the module cannot know on a rerun which other
    assistants were lost, so re-add the ones in RV(missing) (or manage the full set with O(exclusive=true)).
  - Before a delete-all, every assistant to re-add is checked to be active; if one is not (Zoom would refuse to
    re-add it), the task fails without any write.
  - Up to 10 assistants to add are looked up one by one (usually 1 call each); more are checked with one pass
    over C(/user/list) (1 call per 300 users; Zoom v1 allows one list call per second).
"""

EXAMPLES = r"""
- name: Ada and Grace can schedule for the CEO (others stay)
  zoomops.zoom.zoom_user_assistant:
    host_email: ceo@example.com
    assistants:
      - ada@example.com
      - grace@example.com

- name: Exactly these assistants, every other one removed
  zoomops.zoom.zoom_user_assistant:
    host_email: ceo@example.com
    assistants:
      - ada@example.com
    exclusive: true

- name: Grace is no longer an assistant of the host
  zoomops.zoom.zoom_user_assistant:
    host_id: WXjQnDMEQsucU5v1YyHWIA
    assistants:
      - grace@example.com
    state: absent

- name: Remove all of the host's assistants
  zoomops.zoom.zoom_user_assistant:
    host_email: ceo@example.com
    assistants: []
    exclusive: true
"""

RETURN = r"""
assistants:
  description:
    - The host's assistants after the run (predicted in check mode), sorted emails as the account spells them.
    - After a failure, the assistants the host has now.
  returned: always
  type: list
  elements: str
  sample: [ada@example.com, grace@example.com]
host:
  description: The host.
  returned: when the host was found
  type: dict
  contains:
    id:
      description: The host's Zoom user ID.
      type: str
      returned: always
    email:
      description: The host's email.
      type: str
      returned: always
  sample:
    id: WXjQnDMEQsucU5v1YyHWIA
    email: ceo@example.com
msg:
  description: What was done, in a few words.
  returned: always
  type: str
  sample: "assistants of ceo@example.com: removed grace@example.com (delete-all, then 1 re-add)"
diff:
  description:
    - The host's assistants before and after, as sorted emails under the key C(assistants) (Ansible's diff
      display needs dictionaries). The same in check mode as in a real run.
  returned: when the host was found
  type: dict
  contains:
    before:
      description: The assistants before the run.
      type: dict
      returned: always
      sample:
        assistants: [ada@example.com, grace@example.com]
    after:
      description: The assistants after the run.
      type: dict
      returned: always
      sample:
        assistants: [ada@example.com]
missing:
  description:
    - After a failure between the delete-all and the re-adds, the assistants the host had, must keep and has lost.
  returned: on failure after a write
  type: list
  elements: str
  sample: [ada@example.com]
not_added:
  description: After a failure part-way, the new assistants not added yet.
  returned: on failure after a write
  type: list
  elements: str
  sample: [grace@example.com]
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

from ansible_collections.zoomops.zoom.plugins.module_utils.assistants import ensure_assistants, wanted_assistants
from ansible_collections.zoomops.zoom.plugins.module_utils.common import connection_argument_spec
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused
from ansible_collections.zoomops.zoom.plugins.module_utils.module import ZoomModule
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput, check_email, login_type_hint


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        host_email=dict(type='str'),
        host_id=dict(type='str'),
        assistants=dict(type='list', elements='str', required=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        exclusive=dict(type='bool', default=False),
        login_type=dict(type='raw'),
        assistants_login_type=dict(type='raw'),
    )
    return spec


def main():
    module = ZoomModule(
        argument_spec(),
        mutually_exclusive=[('host_email', 'host_id')],
        required_one_of=[('host_email', 'host_id')],
    )
    params = module.params
    if params['exclusive'] and params['state'] == 'absent':
        module.fail_json(msg='exclusive=true is only allowed with state=present')
    try:
        host_email = check_email(params['host_email']) if params['host_email'] else None
        wanted = wanted_assistants(params['assistants'], host_email)
        hint = login_type_hint(params['login_type']) if params['login_type'] not in (None, '') else None
        assistants_hint = hint if params['assistants_login_type'] in (None, '') \
            else login_type_hint(params['assistants_login_type'])
    except (InvalidInput, ValueError) as exc:
        module.fail_invalid(exc, assistants=[])
    backend = module.backend()
    try:
        result, warnings = ensure_assistants(backend, wanted, host_email=host_email, host_id=params['host_id'],
                                             state=params['state'], exclusive=params['exclusive'], login_type=hint,
                                             assistants_login_type=assistants_hint, check_mode=module.check_mode)
    except (Failed, Refused) as failure:
        module.fail_on(failure)
    module.exit_with(warnings, **result)


if __name__ == '__main__':
    main()
