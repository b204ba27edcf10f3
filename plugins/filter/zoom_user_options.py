# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# zoom_user_not_carried, the second filter of this file, is documented in zoom_user_not_carried.yml beside it.

DOCUMENTATION = r"""
name: zoom_user_options
short_description: Turn a user record of zoom_user_info into options of zoom_user
version_added: 0.1.0
description:
  - Takes a user as returned by M(zoomops.zoom.zoom_user_info) (an element of its C(users) result) or by
    M(zoomops.zoom.zoom_user) (its C(user) result) and returns the options of M(zoomops.zoom.zoom_user) that re-create
    it - O(zoomops.zoom.zoom_user#module:email), O(zoomops.zoom.zoom_user#module:state=present),
    O(zoomops.zoom.zoom_user#module:login_type), the profile options that are set, the
    O(zoomops.zoom.zoom_user#module:settings) dictionary, and O(zoomops.zoom.zoom_user#module:active) for an
    active or inactive user.
  - The login type gives O(zoomops.zoom.zoom_user#module:create_method) - V(custcreate) for an API user,
    V(ssocreate) for an SSO user, V(create) (an invitation) for a Zoom login, whose password cannot be carried; so an
    active Zoom login is re-created pending until it accepts, and a pending one is invited again.
  - Users that Zoom's API cannot create as they are get O(zoomops.zoom.zoom_user#module:create=false) instead - Facebook
    and Google logins, and inactive Zoom logins (which could only be invited, sending an invitation to a deactivated
    user) - they are updated where they exist and left missing, with a warning, where they do not.
  - An empty vanity name is exported as V(''), because Zoom names the personal room of a new SSO user by itself - re-applying
    clears it.
  - Never a secret - passwords and host keys are not returned by Zoom and not exported; read-only keys (C(id),
    C(status), C(created_at), C(assistants), ...) are left out; so are other empty values.
    P(zoomops.zoom.zoom_user_not_carried#filter) lists, user by user, what the options leave behind.
  - Every key of the result is an option of M(zoomops.zoom.zoom_user). Applying the result to the same account
    reports no change; this is how an account is exported to variables and re-applied.
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
  - plugin: zoomops.zoom.zoom_user_not_carried
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Read every user of the account
  zoomops.zoom.zoom_user_info:
  register: account

- name: Re-apply them (reports no change on an unchanged account; re-creates them on an empty one)
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
  loop: "{{ account.users | zoomops.zoom.zoom_user_options }}"
  loop_control:
    label: "{{ item.email }}"

- name: What the export does not carry (passwords, host keys, users the API cannot create)
  ansible.builtin.debug:
    msg: "{{ account.users | zoomops.zoom.zoom_user_not_carried }}"

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
    login_type: api
    create_method: custcreate
    active: true
    first_name: Ada
    last_name: Lovelace
    type: pro
    timezone: Europe/London
    vanity_name: ''
    settings:
      enable_waiting_room: true
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.zoomops.zoom.plugins.module_utils.users import not_carried, user_options


def _each(name, function, value, flatten):
    """``function`` of a user record, or of each record of a list (concatenated when ``flatten``)."""
    if isinstance(value, (list, tuple)):
        results = [_each(name, function, item, False) for item in value]
        return [entry for result in results for entry in result] if flatten else results
    if not isinstance(value, dict):
        raise AnsibleFilterError('%s expects a user record (a dict) or a list of them, not %s'
                                 % (name, type(value).__name__))
    if not value.get('email'):
        raise AnsibleFilterError('%s: the user record has no email' % name)
    return function(dict(value))


def zoom_user_options(user):
    """The zoom_user options that re-create ``user`` (a record of zoom_user_info), or a list of them."""
    return _each('zoom_user_options', user_options, user, flatten=False)


def zoom_user_not_carried(user):
    """What zoom_user_options leaves behind for ``user`` (or a list of users): sentences naming the email."""
    return _each('zoom_user_not_carried', not_carried, user, flatten=True)


class FilterModule(object):
    """zoomops.zoom filters for users."""

    def filters(self):
        return {'zoom_user_options': zoom_user_options, 'zoom_user_not_carried': zoom_user_not_carried}
