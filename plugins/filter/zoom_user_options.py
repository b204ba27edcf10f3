# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: zoom_user_options
short_description: Turn a user record of zoom_user_info into options of zoom_user
version_added: 0.1.0
description:
  - Takes a user as returned by M(zoomops.zoom.zoom_user_info) (an element of its C(users) result) or by
    M(zoomops.zoom.zoom_user) (its C(user) result) and returns exactly the options of M(zoomops.zoom.zoom_user)
    that re-create it - O(zoomops.zoom.zoom_user#module:email), O(zoomops.zoom.zoom_user#module:state=present),
    O(zoomops.zoom.zoom_user#module:login_type), the profile options that are set, the
    O(zoomops.zoom.zoom_user#module:settings) dictionary, and O(zoomops.zoom.zoom_user#module:active) for an
    active or inactive user.
  - Read-only keys (C(id), C(status), C(created_at), C(assistants), ...) are left out; so are empty values.
  - Applying the result to the same account reports no change; this is how an account is exported to variables and
    re-applied.
  - Also takes a list of users and then returns a list of options.
author:
  - zoomops.zoom contributors
positional: _input
options:
  _input:
    description: A user record, or a list of user records.
    type: raw
    required: true
seealso:
  - module: zoomops.zoom.zoom_user_info
  - module: zoomops.zoom.zoom_user
"""

EXAMPLES = r"""
- name: Read every user of the account
  zoomops.zoom.zoom_user_info:
  register: account

- name: Re-apply them (reports no change on an unchanged account)
  zoomops.zoom.zoom_user: "{{ item | zoomops.zoom.zoom_user_options }}"
  loop: "{{ account.users }}"
  loop_control:
    label: "{{ item.email }}"

- name: All the options at once
  ansible.builtin.set_fact:
    zoom_users: "{{ account.users | zoomops.zoom.zoom_user_options }}"
"""

RETURN = r"""
_value:
  description:
    - Options of M(zoomops.zoom.zoom_user) (a list of them for a list of users).
  type: raw
  sample:
    email: ada@example.com
    state: present
    login_type: zoom
    active: true
    first_name: Ada
    last_name: Lovelace
    type: pro
    timezone: Europe/London
    settings:
      enable_waiting_room: true
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.zoomops.zoom.plugins.module_utils.users import user_options


def zoom_user_options(user):
    """The zoom_user options that re-create ``user`` (a record of zoom_user_info), or a list of them."""
    if isinstance(user, (list, tuple)):
        return [zoom_user_options(item) for item in user]
    if not isinstance(user, dict):
        raise AnsibleFilterError('zoom_user_options expects a user record (a dict) or a list of them, not %s'
                                 % type(user).__name__)
    if not user.get('email'):
        raise AnsibleFilterError('zoom_user_options: the user record has no email')
    options = user_options(dict(user))
    # The login type only speeds up the lookup (1 call instead of 3 or more for a non-Zoom login).
    if user.get('login_type') not in (None, ''):
        options['login_type'] = user['login_type']
    return options


class FilterModule(object):
    """zoomops.zoom filters for users."""

    def filters(self):
        return {'zoom_user_options': zoom_user_options}
