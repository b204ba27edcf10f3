#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zoom_user
short_description: Manage a user of a Zoom account
version_added: 0.1.0
description:
  - Creates, updates, activates, deactivates and deletes a user of a Zoom account through the Zoom User API, v2
    (Server-to-Server OAuth, real accounts) or v1 (see O(api_version)). The endpoints named below are v1's.
  - On API v2 an unchanged user costs one API call (two when O(settings) are given) plus one token request (none with
    O(access_token)); O(group_id) means "is a member of" (a membership is added, never moved); O(host_key) cannot be
    read back (see O(update_host_key)); O(track_id), O(imgroup_id), O(type=corp), settings that v2 dropped and
    O(password) with O(create_method=custcreate) or O(create_method=ssocreate) fail before any call.
  - Idempotent. The user is read first and only the options that are set and differ are sent; an existing,
    unchanged active user costs one API call and no write.
  - A pending user (invited with O(create_method=create), not yet accepted) counts as present and is never
    invited twice. Zoom cannot change it until the invitation is accepted, so the module changes nothing on it and
    warns that the requested values will be applied by a run after that.
author:
  - zoomops.zoom contributors (@zoomops)
extends_documentation_fragment:
  - zoomops.zoom.connection
  - zoomops.zoom.attributes.check_mode_plan
  - zoomops.zoom.attributes.action_group
attributes:
  diff_mode:
    support: full
    description: Shows the managed fields before and after; C(state) absent/present for a creation or a deletion.
options:
  email:
    description:
      - The email address of the user, compared without regard to case.
      - Required to create a user. Mutually exclusive with O(id).
    type: str
  id:
    description:
      - The Zoom user ID. Mutually exclusive with O(email).
    type: str
  login_type:
    description:
      - The login type of the user, when the playbook knows it; the user is looked up with it first.
      - V(facebook), V(google), V(api), V(zoom) or V(sso), or the number V(0), V(1), V(99), V(100) or V(101).
      - A user of another login type is still found, with a few more calls.
      - Without O(create_method), a missing user is created with the login type given here - V(api) with
        V(custcreate), V(sso) with V(ssocreate), V(zoom) with V(create) (an invitation; V(autocreate) is used only
        when O(create_method) says so). Zoom's API cannot create V(facebook) or V(google) users - creating one fails
        before any write (set O(create=false) to leave it missing).
      - With O(create_method) as well, both must agree (V(sso) with V(ssocreate), and so on); otherwise the task
        fails before any call.
    type: raw
  state:
    description:
      - Whether the user should exist in the account.
    type: str
    choices: [present, absent]
    default: present
  active:
    description:
      - V(true) activates the user, V(false) deactivates it. Unset leaves the status as it is.
    type: bool
  permanent:
    description:
      - With O(state=absent), delete the user permanently (C(/user/permanentdelete)) instead of removing it from
        the account (C(/user/delete)).
    type: bool
    default: false
  create:
    description:
      - Whether a missing user may be created. With V(false), a user that does not exist is left missing - the task
        is ok and unchanged (in check mode as well) and warns, naming the email - and no call writes anything.
      - Use V(false) for offboarding (O(active=false)) so that a misspelt address is never invited.
    type: bool
    default: true
    version_added: 0.2.0
  create_method:
    description:
      - How a missing user is created.
      - V(create) invites the user by email; the user stays pending until the invitation is accepted. This is the
        default, unless O(login_type) names another login type.
      - V(autocreate) creates an active user with O(password); only for accounts with a managed domain. Requires O(password).
      - V(custcreate) creates an active API user, who has no password and cannot sign in.
      - V(ssocreate) creates an active single sign-on user.
      - Also the first hint for the login type to look the user up with.
      - Must agree with O(login_type) when both are given.
    type: str
    choices: [create, autocreate, custcreate, ssocreate]
  password:
    description:
      - The user's password. Never logged or returned.
      - Sent with O(create_method=autocreate); set with C(/user/updatepassword) after a custcreate or ssocreate
        creation, and on every run with O(update_password=always).
    type: str
  update_host_key:
    description:
      - When to send O(host_key) on Zoom API v2, which never returns it (so it cannot be compared).
      - V(on_create) sets it only when the user is created; V(always) sets it on every run (the task then
        reports a change each time).
      - On API v1 the host key is read back and compared, and this option has no effect.
    type: str
    choices: [on_create, always]
    default: on_create
    version_added: 0.2.0
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created (a password cannot be read back to compare).
      - V(always) sets it on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  revoke_token:
    description:
      - Revoke the user's token with C(/user/revoketoken). Always reports a change.
    type: bool
    default: false
  first_name:
    description:
      - The user's first name.
    type: str
  last_name:
    description:
      - The user's last name.
    type: str
  type:
    description:
      - The user type, V(basic), V(pro) or V(corp), or the number V(1), V(2) or V(3). A user is created as V(basic) when this is not set.
    type: raw
  dept:
    description:
      - Department, used for reports.
    type: str
  timezone:
    description:
      - The time zone of the user profile, an IANA name such as V(Europe/Paris).
    type: str
  pmi:
    description:
      - Personal Meeting ID, 10 digits, not starting with 0.
    type: raw
  vanity_name:
    description:
      - Personal meeting room name (5 to 40 letters, digits or dots, starting with a letter); compared with the C(vanity_url) Zoom returns. V('') removes it.
    type: str
  host_key:
    description:
      - Host key, 6 digits on Zoom API v1, 6 to 10 digits on v2. Never returned; shown as C(<hidden>) in diffs.
    type: str
  group_id:
    description:
      - User group ID.
    type: str
  imgroup_id:
    description:
      - IM group ID.
    type: str
  cms_user_id:
    description:
      - User ID on an external CMS.
    type: str
  track_id:
    description:
      - Referral partner track ID.
    type: str
  settings:
    description:
      - Feature settings, named exactly as the fields of C(/user/update). Only the settings given are compared and sent.
    type: dict
    suboptions:
      disable_chat:
        description:
          - Disable in-meeting chat.
        type: bool
      enable_e2e_encryption:
        description:
          - Enable end-to-end encryption.
        type: bool
      enable_silent_mode:
        description:
          - Enable attendee on-hold.
        type: bool
      disable_group_hd:
        description:
          - Disable group HD.
        type: bool
      disable_recording:
        description:
          - Disable recording.
        type: bool
      enable_cmr:
        description:
          - Enable cloud meeting recording.
        type: bool
      enable_record_speaker_view:
        description:
          - Record the active speaker view.
        type: bool
      enable_record_gallery_view:
        description:
          - Record the gallery view.
        type: bool
      enable_record_audio_file:
        description:
          - Record an audio-only file.
        type: bool
      enable_auto_recording:
        description:
          - Enable automatic recording.
        type: bool
      enable_cloud_auto_recording:
        description:
          - Enable automatic cloud recording.
        type: bool
      meeting_capacity:
        description:
          - Meeting capacity; V(0) follows the account capacity.
        type: int
      enable_webinar:
        description:
          - Enable the webinar feature.
        type: bool
      webinar_capacity:
        description:
          - Webinar capacity - V(0), V(100), V(500), V(1000), V(3000), V(5000) or V(10000) on Zoom API v1; V(100), V(500),
            V(501), V(1000), V(1001), V(3000), V(5000) or V(10000) on v2.
        type: int
        choices: [0, 100, 500, 501, 1000, 1001, 3000, 5000, 10000]
      enable_large:
        description:
          - Enable the large meeting feature.
        type: bool
      large_capacity:
        description:
          - Large meeting capacity - V(0), V(100), V(200), V(300) or V(500) on Zoom API v1; V(500) or V(1000) on v2.
        type: int
        choices: [0, 100, 200, 300, 500, 1000]
      disable_feedback:
        description:
          - Disable feedback.
        type: bool
      disable_jbh_reminder:
        description:
          - Disable the join-before-host email reminder.
        type: bool
      enable_breakout_room:
        description:
          - Enable breakout rooms.
        type: bool
      enable_polling:
        description:
          - Enable polling in meetings.
        type: bool
      enable_annotation:
        description:
          - Enable annotation.
        type: bool
      enable_share_dual_camera:
        description:
          - Enable sharing a dual camera.
        type: bool
      enable_far_end_camera_control:
        description:
          - Enable far end camera control.
        type: bool
      disable_private_chat:
        description:
          - Disable private chat.
        type: bool
      enable_enter_exit_chime:
        description:
          - Enable the enter/exit chime.
        type: bool
      option_enter_exit_chime_type:
        description:
          - Who hears the enter/exit chime (V(0) everybody, V(1) the host only).
        type: int
        choices: [0, 1]
      disable_cancel_meeting_notification:
        description:
          - Disable the email notification when a meeting is cancelled.
        type: bool
      enable_remote_support:
        description:
          - Enable remote support.
        type: bool
      enable_file_transfer:
        description:
          - Enable file transfer.
        type: bool
      enable_virtual_background:
        description:
          - Enable virtual background.
        type: bool
      enable_attention_tracking:
        description:
          - Enable attention tracking.
        type: bool
      enable_waiting_room:
        description:
          - Enable the waiting room.
        type: bool
      enable_use_pmi:
        description:
          - Use the Personal Meeting ID for instant meetings.
        type: bool
      enable_closed_caption:
        description:
          - Enable closed captions.
        type: bool
      enable_co_host:
        description:
          - Enable co-hosts.
        type: bool
      enable_auto_saving_chats:
        description:
          - Enable auto-saving chats.
        type: bool
      enable_phone_participants_password:
        description:
          - Generate and require a password for participants joining by phone.
        type: bool
      enable_auto_delete_cmr:
        description:
          - Enable auto-deleting cloud recordings.
        type: bool
      auto_delete_cmr_days:
        description:
          - Delete cloud recordings after this many days - 1 to 365 on Zoom API v1; V(30), V(60), V(90) or V(120) on v2.
        type: int
seealso:
  - module: zoomops.zoom.zoom_user_info
notes:
  - Creating applies all requested fields. Those the create call of Zoom v1 does not carry (for example
    O(timezone), O(vanity_name), O(host_key)) are sent by a C(/user/update) right after, except for a pending user.
  - A user created by invitation (O(create_method=create)) gets only the fields the create call carries; the others,
    and O(active=false), wait until the invitation is accepted. The diff and the returned C(user) show only what the
    invitation holds; a warning names what waits.
"""

EXAMPLES = r"""
- name: Invite a user (stays pending until the invitation is accepted)
  zoomops.zoom.zoom_user:
    email: ada@example.com
    first_name: Ada
    last_name: Lovelace
    type: pro

- name: An API user with settings, connection from module_defaults or ZOOM_* variables
  zoomops.zoom.zoom_user:
    email: build-bot@example.com
    create_method: custcreate
    type: basic
    dept: Engineering
    timezone: Europe/London
    settings:
      enable_waiting_room: true
      meeting_capacity: 100

- name: Offboard a user - deactivate it, and never invite a misspelt address
  zoomops.zoom.zoom_user:
    email: leaver@example.com
    active: false
    create: false

- name: Delete a user permanently
  zoomops.zoom.zoom_user:
    email: leaver@example.com
    state: absent
    permanent: true

- name: Set credentials once for every module of the collection
  module_defaults:
    group/zoomops.zoom.zoom:
      api_url: "{{ zoom_api_url }}"
      api_key: "{{ zoom_api_key }}"
      api_secret: "{{ zoom_api_secret }}"
  block:
    - name: Make sure a user exists
      zoomops.zoom.zoom_user:
        email: grace@example.com
        create_method: ssocreate
"""

RETURN = r"""
user:
  description:
    - The user after the run (predicted in check mode), with the option names of this module, a C(settings)
      dictionary and read-only keys. Secrets (C(token), C(zak), C(zpk), C(host_key)) are never returned.
    - Empty when the user is absent.
  returned: always
  type: dict
  sample:
    id: WXjQnDMEQsucU5v1YyHWIA
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
msg:
  description: What was done, in a few words; on failure, the user, the endpoint and Zoom's code and message.
  returned: always
  type: str
  sample: user ada@example.com updated (dept, enable_waiting_room)
applied:
  description:
    - On failure, the planned actions that went through before it (C(create), C(update), C(set_password),
      C(activate), C(deactivate), C(revoke_token), C(delete), C(permanent_delete)); C(changed) is true when there are any.
  returned: failed
  type: list
  elements: str
  sample: [create, update]
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
diff:
  description:
    - The managed fields before and after (secrets shown as C(<hidden>)); C(state) absent/present for a
      creation or a deletion. The same in check mode as in a real run.
  returned: always
  type: dict
  contains:
    before:
      description: Before the run.
      type: dict
      returned: always
    after:
      description: After the run.
      type: dict
      returned: always
"""

from ansible_collections.zoomops.zoom.plugins.module_utils.common import (
    connection_argument_spec, user_fields_argument_spec,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused
from ansible_collections.zoomops.zoom.plugins.module_utils.module import ZoomModule
from ansible_collections.zoomops.zoom.plugins.module_utils.record import public_record
from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
    InvalidInput, check_email, create_method_for, describe, ensure_user, login_type_hint, wanted_from_options,
)


def argument_spec():
    spec = connection_argument_spec()
    spec.update(user_fields_argument_spec())
    spec.update(
        email=dict(type='str'),
        id=dict(type='str'),
        login_type=dict(type='raw'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        active=dict(type='bool'),
        permanent=dict(type='bool', default=False),
        create=dict(type='bool', default=True),
        create_method=dict(type='str', choices=['create', 'autocreate', 'custcreate', 'ssocreate']),
        password=dict(type='str', no_log=True),
        update_password=dict(type='str', choices=['on_create', 'always'], default='on_create', no_log=False),
        update_host_key=dict(type='str', choices=['on_create', 'always'], default='on_create', no_log=False),
        revoke_token=dict(type='bool', default=False),
    )
    return spec


def main():
    module = ZoomModule(
        argument_spec(),
        mutually_exclusive=[('email', 'id')],
        required_one_of=[('email', 'id')],
        required_if=[('create_method', 'autocreate', ('password',))],
    )
    params = module.params
    api_version = module.api_version()
    try:
        email = check_email(params['email']) if params['email'] else None
        wanted = wanted_from_options(params, api_version)
        hint = login_type_hint(params['login_type'], params['create_method'])
        create_method = create_method_for(params['create_method'], params['login_type'])
    except (InvalidInput, ValueError) as exc:
        module.fail_invalid(exc)
    backend = module.backend()
    try:
        outcome = ensure_user(backend, email=email, user_id=params['id'], login_type=hint, wanted=wanted,
                              check_mode=module.check_mode, state=params['state'], active=params['active'],
                              permanent=params['permanent'], create_method=create_method,
                              password=params['password'], update_password=params['update_password'], update_host_key=params['update_host_key'],
                              revoke_token=params['revoke_token'], create=params['create'])
    except (Failed, Refused) as failure:
        module.fail_on(failure)
    left_missing = outcome.after is None and params['state'] == 'present'
    module.exit_with(outcome.warnings, changed=outcome.changed, user=public_record(outcome.after), diff=outcome.diff,
                     msg=describe(outcome.plan, email or 'id %s' % params['id'], left_missing))


if __name__ == '__main__':
    main()
