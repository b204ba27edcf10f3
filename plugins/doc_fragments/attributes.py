# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The attribute blocks the modules share, one named fragment each (as community.hashi_vault's
    ``attributes`` fragment): a module lists ``zoomops.zoom.attributes.action_group`` and so on in
    ``extends_documentation_fragment`` instead of pasting the text. A module whose behaviour differs
    documents that attribute itself.

    RETURN has no fragments (ansible-core merges fragments into DOCUMENTATION only): the return values
    every module shares (``endpoint``, ``zoom_code``) are kept identical by a unit test
    (tests/unit/plugins/test_doc_fragments.py)."""

    # Nothing by itself: the named blocks below are what modules use.
    DOCUMENTATION = r'''
attributes: {}
'''

    ACTION_GROUP = r'''
attributes:
  action_group:
    support: full
    description: Use C(group/zoomops.zoom.zoom) in C(module_defaults) to set the connection options once.
    membership:
      - zoomops.zoom.zoom
'''

    # A module that plans its writes (users.Plan, assistants' plan): check mode is the plan without the writes.
    CHECK_MODE_PLAN = r'''
attributes:
  check_mode:
    support: full
    description: Computes the same plan as a real run and reports the same C(changed) and diff, with no write call.
'''

    # A module that changes nothing in the Zoom account.
    CHECK_MODE_READ_ONLY = r'''
attributes:
  check_mode:
    support: full
    description: Changes nothing in the Zoom account; runs the same way in check mode.
'''

    DIFF_MODE_NONE = r'''
attributes:
  diff_mode:
    support: none
    description: Changes nothing in the Zoom account; there is nothing to show.
'''
