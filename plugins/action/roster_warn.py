# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zoomops.zoom.roster_warn: print messages as Ansible warnings (documented in plugins/modules/roster_warn.py).

No builtin action returns warnings from a variable (ansible.builtin.debug prints a message, not a
"[WARNING]"), so the roster role's notices - protected users kept, invited users that cannot change
yet, users the account lists without an email - were hidden inside its summary. An action's
``warnings`` result is shown by Ansible as "[WARNING]: ..." and counted like any other warning.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.six import string_types
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    """Answers ``warnings`` (the messages given), ``changed`` false; runs on the controller only."""

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('warnings',))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # no longer has any effect
        messages = self._task.args.get('warnings')
        if messages is None:
            messages = []
        if isinstance(messages, string_types):
            messages = [messages]
        if not isinstance(messages, (list, tuple)):
            result.update(failed=True, msg='warnings must be a list of messages, not %s' % type(messages).__name__)
            return result
        messages = [str(message) for message in messages if message not in (None, '')]
        result.update(changed=False, msg='%d warning(s)' % len(messages))
        if messages:
            result['warnings'] = messages
        return result
