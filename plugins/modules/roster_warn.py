#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The code is the action plugin plugins/action/roster_warn.py; this file documents it.

DOCUMENTATION = r"""
module: roster_warn
short_description: Show messages as Ansible warnings
version_added: 0.2.0
description:
  - Shows each message as an Ansible warning (a C([WARNING]) line), with no change and no API call.
  - Used by the C(zoomops.zoom.zoom_roster) role to show the warnings of its plan (protected users kept, invited users
    that cannot be changed yet, users listed without an email) where Ansible shows warnings, not inside a summary.
author:
  - zoomops.zoom contributors (@zoomops)
attributes:
  check_mode:
    support: full
    description: Warns the same in check mode.
  diff_mode:
    support: none
    description: Changes nothing, so has no diff.
  platform:
    support: full
    platforms: all
    description: Runs on the controller (an action plugin); needs no connection.
options:
  warnings:
    description: The messages; empty ones are skipped, a single string is one message.
    type: list
    elements: str
    default: []
seealso:
  - name: ansible.builtin.debug
    description: Prints a message without making it a warning.
    link: https://docs.ansible.com/ansible/latest/collections/ansible/builtin/debug_module.html
"""

EXAMPLES = r"""
- name: Show the roster plan's warnings as warnings
  zoomops.zoom.roster_warn:
    warnings: "{{ plan.warnings }}"
"""

RETURN = r"""
msg:
  description: How many warnings were shown.
  returned: always
  type: str
  sample: 2 warning(s)
"""
