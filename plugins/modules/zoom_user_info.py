#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zoom_user_info
short_description: Read the users of a Zoom account
version_added: 0.1.0
description:
  - Reads one user of a Zoom account (by O(email) or O(id)) or every user, through the Zoom User API (v2 or v1, see
    O(api_version)). Read-only; never changes anything. The endpoints named below are v1's.
  - On API v2 a listing reads C(GET /users) once per status, following C(next_page_token) (300 users a call); any
    error part-way fails the task. O(zpk) has no v2 equivalent and fails before any call.
  - Every user is returned with the same record shape as the RV(zoomops.zoom.zoom_user#module:user) result of
    M(zoomops.zoom.zoom_user), so the filter P(zoomops.zoom.zoom_user_options#filter) can turn it back into
    options of that module (export, then re-apply).
  - Listing walks every page of C(/user/list) and C(/user/pending) with 300 users per call. Zoom v1 allows one
    list call per second; the client waits and retries when that limit is reached (see O(retries)).
author:
  - zoomops.zoom contributors (@zoomops)
extends_documentation_fragment:
  - zoomops.zoom.connection
  - zoomops.zoom.attributes.check_mode_read_only
  - zoomops.zoom.attributes.diff_mode_none
  - zoomops.zoom.attributes.action_group
options:
  email:
    description:
      - The email of the one user to read, compared without regard to case. Mutually exclusive with O(id).
      - Without O(email) and O(id), every user of the account is read (see O(status)).
    type: str
  id:
    description:
      - The Zoom user ID of the one user to read. Mutually exclusive with O(email).
    type: str
  login_type:
    description:
      - The login type of the user given by O(email), when the playbook knows it; the user is looked up with it first.
      - V(facebook), V(google), V(api), V(zoom) or V(sso), or the number V(0), V(1), V(99), V(100) or V(101).
      - A user of another login type is still found, with a few more calls. Ignored without O(email).
    type: raw
  status:
    description:
      - Only return users with this status. V(all) returns active, inactive and pending (invited) users.
      - When listing, V(active) and V(inactive) read only C(/user/list), V(pending) only C(/user/pending).
    type: str
    choices: [active, inactive, pending, all]
    default: all
  include_assistants:
    description:
      - Add to each returned user the emails of its assistants (C(/user/scheduleforhost/list)), as RV(users[].assistants).
      - One more call per active or inactive user; Zoom v1 allows one such call per second, so this is slow for
        a whole account. Pending users have no assistants and cost no call.
    type: bool
    default: false
  assistants_for:
    description:
      - Add RV(users[].assistants) only to the users with these emails (compared without regard to case), with one
        C(/user/scheduleforhost/list) call per such active or inactive user and none for the others.
      - This is how the C(zoomops.zoom.zoom_roster) role reads the assistants of the hosts it manages without paying
        one call per second for every user of the account. Emails that are not users of the account are ignored.
      - Ignored when O(include_assistants=true) (every user then gets its assistants).
    type: list
    elements: str
  full_records:
    description:
      - When listing on Zoom API v2, whose C(GET /users) pages carry no vanity name, login type, CMS user ID nor settings,
        read each listed user too (C(GET /users/{userId}), and C(GET /users/{userId}/settings) for a user who is not
        pending), so that RV(users) holds what an export with the P(zoomops.zoom.zoom_user_options#filter) filter needs
        (without them, re-applying an export would clear every vanity name and re-create API and SSO users as
        invitations). One or two more calls per user.
      - V(false) reads the list pages only (a cheap census of emails, names, types, statuses and groups).
      - Ignored on Zoom API v1, whose list pages hold every field, and when reading one user.
    type: bool
    default: true
    version_added: 0.2.0
  zpk:
    description:
      - A user's zpk to check with C(/user/checkzpk); its remaining lifetime is returned as RV(expire_in).
      - Never logged or returned. Without O(email) or O(id), setting it reads no users.
    type: str
seealso:
  - module: zoomops.zoom.zoom_user
  - module: zoomops.zoom.zoom_user_assistant
  - plugin: zoomops.zoom.zoom_user_options
    plugin_type: filter
notes:
  - A user that does not exist is not an error; RV(users) is then empty.
"""

EXAMPLES = r"""
- name: Read one user
  zoomops.zoom.zoom_user_info:
    email: ada@example.com
  register: ada

- name: Every active user, with their assistants
  zoomops.zoom.zoom_user_info:
    status: active
    include_assistants: true
  register: account

- name: Count the users of a Zoom API v2 account by status, reading the list pages only
  zoomops.zoom.zoom_user_info:
    full_records: false
  register: census

- name: Export every user as zoom_user options ...
  ansible.builtin.copy:
    dest: users.yml
    content: "{{ {'zoom_users': account.users | map('zoomops.zoom.zoom_user_options') | list} | to_nice_yaml }}"
    mode: "0600"

- name: ... and re-apply them later (no change on an unchanged account; see the zoom_user_options filter)
  zoomops.zoom.zoom_user:
    email: "{{ item.email }}"
    state: "{{ item.state }}"
    login_type: "{{ item.login_type | default(omit) }}"
    create_method: "{{ item.create_method | default(omit) }}"
    create: "{{ item.create | default(omit) }}"
    active: "{{ item.active | default(omit) }}"
    first_name: "{{ item.first_name | default(omit) }}"
    last_name: "{{ item.last_name | default(omit) }}"
    type: "{{ item.type | default(omit) }}"
    dept: "{{ item.dept | default(omit) }}"
    timezone: "{{ item.timezone | default(omit) }}"
    pmi: "{{ item.pmi | default(omit) }}"
    vanity_name: "{{ item.vanity_name | default(omit) }}"
    group_id: "{{ item.group_id | default(omit) }}"
    imgroup_id: "{{ item.imgroup_id | default(omit) }}"
    cms_user_id: "{{ item.cms_user_id | default(omit) }}"
    track_id: "{{ item.track_id | default(omit) }}"
    settings: "{{ item.settings | default(omit) }}"
  loop: "{{ zoom_users }}"
  loop_control:
    label: "{{ item.email }}"

- name: Every user, and the assistants of two hosts only
  zoomops.zoom.zoom_user_info:
    assistants_for: [ceo@example.com, cfo@example.com]
  register: account

- name: How long is this zpk valid?
  zoomops.zoom.zoom_user_info:
    zpk: "{{ user_zpk }}"
  register: zpk_check
"""

RETURN = r"""
users:
  description:
    - The users found, with the option names of M(zoomops.zoom.zoom_user) (flat profile fields and a C(settings)
      dictionary) plus read-only keys. Secrets (C(token), C(zak), C(zpk), C(host_key)) are never returned.
    - Empty when no user matched. In the order Zoom lists them, active and inactive users before pending ones.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The Zoom user ID.
      type: str
      returned: always
    email:
      description: The user's email.
      type: str
      returned: always
    status:
      description: V(active), V(inactive) or V(pending) (invited, not accepted yet).
      type: str
      returned: always
    login_type:
      description: V(facebook), V(google), V(api), V(zoom) or V(sso).
      type: str
      returned: when Zoom returns it
    type:
      description: V(basic), V(pro) or V(corp).
      type: str
      returned: when Zoom returns it
    settings:
      description: The feature settings, named as the O(zoomops.zoom.zoom_user#module:settings) option.
      type: dict
      returned: always
    group_id:
      description:
        - The user's group (V('') for none). On Zoom API v2, where a user may be in several groups, the first of
          RV(users[].group_ids).
      type: str
      returned: when Zoom returns it
      version_added: 0.2.0
    group_ids:
      description: Every group the user is a member of (Zoom API v2).
      type: list
      elements: str
      returned: on Zoom API v2
      version_added: 0.2.0
    assistants:
      description: Emails of the user's assistants, sorted.
      type: list
      elements: str
      returned: with O(include_assistants=true), or for the users named by O(assistants_for)
  sample:
    - id: WXjQnDMEQsucU5v1YyHWIA
      email: ada@example.com
      status: active
      login_type: zoom
      type: pro
      first_name: Ada
      last_name: Lovelace
      dept: Engineering
      timezone: Europe/London
      pmi: 2035134243
      vanity_name: ada.lovelace
      vanity_url: https://zoom.us/my/ada.lovelace
      created_at: "2026-11-27T09:00:00.000Z"
      settings:
        enable_waiting_room: true
        meeting_capacity: 100
      assistants: [grace@example.com]
expire_in:
  description: Seconds until O(zpk) expires; V(0) when Zoom does not know it (see RV(zpk_valid)).
  returned: when O(zpk) is set
  type: int
  sample: 7200
zpk_valid:
  description: Whether Zoom knows O(zpk).
  returned: when O(zpk) is set
  type: bool
  sample: true
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
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed
from ansible_collections.zoomops.zoom.plugins.module_utils.module import ZoomModule
from ansible_collections.zoomops.zoom.plugins.module_utils.user_info import read_info
from ansible_collections.zoomops.zoom.plugins.module_utils.users import check_email, login_type_hint


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        email=dict(type='str'),
        id=dict(type='str'),
        login_type=dict(type='raw'),
        status=dict(type='str', choices=['active', 'inactive', 'pending', 'all'], default='all'),
        include_assistants=dict(type='bool', default=False),
        assistants_for=dict(type='list', elements='str'),
        full_records=dict(type='bool', default=True),
        zpk=dict(type='str', no_log=True),
    )
    return spec


def main():
    module = ZoomModule(argument_spec(), mutually_exclusive=[('email', 'id')])
    params = module.params
    try:
        email = check_email(params['email']) if params['email'] else None
        hint = login_type_hint(params['login_type'])
    except ValueError as exc:
        module.fail_invalid(exc)
    backend = module.backend()
    try:
        result = read_info(backend, email=email, user_id=params['id'], login_type=hint, status=params['status'],
                           include_assistants=params['include_assistants'], assistants_for=params['assistants_for'],
                           zpk=params['zpk'], full_records=params['full_records'])
    except Failed as failure:
        module.fail_on(failure)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
