#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zoom_roster
short_description: Converge every user of a Zoom account on a declared roster, in one process
version_added: 0.2.0
description:
  - The engine of the C(zoomops.zoom.zoom_roster) role, which passes its C(zoom_roster_*) variables to the options of
    the same names (the roster by its name, O(users_var)). Checks the roster before any API call, reads the account once (list calls only, plus the
    assistants of the hosts whose assistants the roster manages), plans with the comparison code of
    M(zoomops.zoom.zoom_user) and M(zoomops.zoom.zoom_user_assistant), and applies only what differs with their own
    calls - all inside this one module process, so that a large account is not copied through Ansible's templating.
  - One user's failure does not stop the others; the module fails at the end naming every user that failed, with the
    counts of what went through.
  - The result holds the counts and the changes only, never the records of the account; passwords and host keys of
    the roster are never returned, shown in a diff or logged.
  - Messages about the switches name the role's variables (C(zoom_roster_purge), ...).
author:
  - zoomops.zoom contributors (@zoomops)
extends_documentation_fragment:
  - zoomops.zoom.connection
attributes:
  check_mode:
    support: full
    description: Reads, plans and predicts every change (the same counts and diff as a real run), writes nothing.
  diff_mode:
    support: full
    description: One diff per user or host that changes, headed by its email; secrets shown as C(<hidden>).
  action_group:
    support: full
    description: Use C(group/zoomops.zoom.zoom) in C(module_defaults) to set the connection options once.
    membership:
      - zoomops.zoom.zoom
options:
  users:
    description:
      - The users the account must have (the role's C(zoom_roster_users)), each a dictionary of options of
        M(zoomops.zoom.zoom_user) (by C(email)) plus C(assistants); see the role's documentation for the keys.
      - Every entry is checked before any API call, and each bad one is named by index and email. V([]) is an empty
        roster; null fails.
      - Hidden from the logged invocation and not returned (it may hold passwords and host keys).
      - One of O(users), O(users_var) and O(users_file) is required.
    type: list
    elements: raw
  users_var:
    description:
      - The name of a variable holding the roster (the role passes C(zoom_roster_users)), for example from
        C(host_vars) or C(group_vars) when each account is an inventory host. Read by this module's action plugin on
        the controller, as it is in the host's variables; only the strings that hold a template (a password from a
        vault variable, V("{{ vault_pw }}")) are templated, one by one, or the whole value when it is itself a
        template (V("{{ staff + contractors }}")).
      - The roster reaches the module as a JSON file (mode 0600) in the task's private temporary directory, removed
        afterwards, instead of as a module argument. That spares Ansible's templating, copying and validation of
        every entry, which costs tens of seconds and hundreds of MiB at 100,000 users; the entries are checked by the
        module before any API call, as those of O(users).
      - Undefined or null fails before any API call, naming the variable (a misspelt name never does nothing);
        when O(users_file) is given too, the variable must be undefined (the role passes both, so that setting both
        of its variables fails). A value that is not a list fails naming the variable and the type.
      - Mutually exclusive with O(users). Not with C(async).
    type: str
    version_added: 0.2.0
  users_file:
    description:
      - A JSON or YAML file holding the roster (a list of entries, or a mapping with C(zoom_roster_users)), read by
        the module itself where it runs (the controller, with C(connection=local)); the role's
        C(zoom_roster_users_file).
      - Its values are data, never templated. For tens of thousands of users this is much faster than O(users), which
        Ansible loads, templates and copies as any variable (see the role's documentation for figures).
      - Mutually exclusive with O(users) (and with the variable O(users_var) names, when it is defined).
    type: path
  purge:
    description:
      - Remove the users of the account that are not in O(users) (except O(protected)).
      - Parsed as Ansible parses booleans (the string C(false) is false); anything else fails before any call.
    type: raw
    default: false
  purge_permanent:
    description: With O(purge), remove users for good (v1 C(/user/permanentdelete), v2 C(action=delete)).
    type: raw
    default: false
  protected:
    description: Emails never removed, by purge or by an entry with C(state=absent).
    type: raw
    default: []
  allow_empty:
    description: Allow O(purge) with an empty O(users); refused otherwise, with no API call.
    type: raw
    default: false
  max_removals:
    description: The run is refused before any write when O(purge) would remove more users than this.
    type: raw
    default: 10
seealso:
  - module: zoomops.zoom.zoom_user
  - module: zoomops.zoom.zoom_user_assistant
  - module: zoomops.zoom.zoom_user_info
notes:
  - The role C(zoomops.zoom.zoom_roster) is the usual way to call it; it sets the fact C(zoom_roster_summary) from
    RV(summary).
  - List calls are paced to the documented rate limits of Zoom's hosts (see the C(ZOOM_LIST_PACE) environment variable
    in the role's documentation).
"""

EXAMPLES = r"""
- name: Converge the account (the role zoomops.zoom.zoom_roster does this, and sets zoom_roster_summary)
  zoomops.zoom.zoom_roster:
    users:
      - email: ada@example.com
        first_name: Ada
        type: pro
      - email: grace@example.com
        create_method: custcreate
        assistants: [ada@example.com]
    purge: true
    protected: [owner@example.com]
  register: roster

- name: Converge on the roster held by the variable account_users (host_vars of this account's inventory host)
  zoomops.zoom.zoom_roster:
    users_var: account_users
"""

RETURN = r"""
summary:
  description:
    - The counts of the run (what the role sets as C(zoom_roster_summary)); in check mode, what a real run would do.
  returned: after the account was read and the plan was not refused
  type: dict
  contains:
    created:
      description: Users created.
      type: int
      returned: always
    updated:
      description: Users updated.
      type: int
      returned: always
    deactivated:
      description: Users deactivated.
      type: int
      returned: always
    removed:
      description: Users removed.
      type: int
      returned: always
    unchanged:
      description: Roster users that needed no change.
      type: int
      returned: always
    assistants:
      description: Hosts whose assistants were set.
      type: int
      returned: always
    failed:
      description: Changes that failed.
      type: int
      returned: always
    failures:
      description: Each failed change, C(email) and C(msg).
      type: list
      elements: dict
      returned: always
    warnings:
      description: How many warnings the run gave (shown as Ansible warnings).
      type: int
      returned: always
    check_mode:
      description: Whether this was check mode.
      type: bool
      returned: always
    planned_removals:
      description: The emails a real run removes.
      type: list
      elements: str
      returned: in check mode
    protected_kept:
      description: Protected users that were not removed.
      type: list
      elements: str
      returned: when there are any
  sample:
    created: 1
    updated: 2
    deactivated: 0
    removed: 0
    unchanged: 99997
    assistants: 0
    failed: 0
    failures: []
    warnings: 0
    check_mode: false
changes:
  description: The users and hosts that changed or failed (never those that did not), in the order they were handled.
  returned: after the account was read and the plan was not refused
  type: list
  elements: dict
  sample:
    - email: ada@example.com
      what: user
      changed: true
      msg: user ada@example.com updated (type)
msg:
  description: The summary in one line, or the failure naming every user that failed.
  returned: always
  type: str
  sample: created 1, updated 2, deactivated 0, removed 0, unchanged 99997, hosts with new assistants 0
endpoint:
  description: When reading the account failed, the endpoint that failed.
  returned: failed
  type: str
  sample: /user/list
zoom_code:
  description: When reading the account failed, Zoom's error code (null when no answer came back).
  returned: failed
  type: int
  sample: 403
"""

from ansible.module_utils.six import string_types

from ansible_collections.zoomops.zoom.plugins.module_utils.common import connection_argument_spec
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused
from ansible_collections.zoomops.zoom.plugins.module_utils.module import ZoomModule
from ansible_collections.zoomops.zoom.plugins.module_utils.roster import (
    DEFAULT_MAX_REMOVALS, SECRET_OPTIONS, RosterRefused, check_roster, converge_roster, load_roster, secrets,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        # no_log keeps the roster (passwords, host keys) out of the logged invocation; RosterModule then hides only
        # its secrets in the result, not every name and email of the roster.
        users=dict(type='list', elements='raw', no_log=True),
        users_file=dict(type='path'),
        # Read by the action plugin, which hands the roster over in users_file (see plugins/action/zoom_roster.py).
        users_var=dict(type='str'),
        purge=dict(type='raw', default=False),
        purge_permanent=dict(type='raw', default=False),
        protected=dict(type='raw', default=[]),
        allow_empty=dict(type='raw', default=False),
        max_removals=dict(type='raw', default=DEFAULT_MAX_REMOVALS),
    )
    return spec


class RosterModule(ZoomModule):
    """A ZoomModule whose result never carries the roster: the invocation it returns counts the entries."""

    def hide_only_secrets(self, spec, users):
        """Mask in every output the roster's passwords and host keys and the connection's secrets, but not every
        value of the roster (which ``no_log`` on ``users`` would mask: names, emails, departments)."""
        self.no_log_values = set(str(self.params[name]) for name, option in spec.items()
                                 if option.get('no_log') and name != 'users' and self.params.get(name) not in (None, ''))
        for entry in users or []:
            if isinstance(entry, dict):
                for name in SECRET_OPTIONS:
                    if isinstance(entry.get(name), (string_types, int)) and entry.get(name) not in ('', None):
                        self.no_log_values.add(str(entry[name]))

    def _invocation(self):
        users = self.params.get('users')
        args = dict(self.params, users='%d entries (not returned)' % len(users) if isinstance(users, list) else users)
        if self.params.get('users_var'):
            args['users_file'] = None   # the action's private copy of the variable, removed after the run
        return {'module_args': args}

    def exit_json(self, **kwargs):
        kwargs.setdefault('invocation', self._invocation())
        super(RosterModule, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs.setdefault('invocation', self._invocation())
        super(RosterModule, self).fail_json(msg, **kwargs)


def main():
    spec = argument_spec()
    module = RosterModule(spec, mutually_exclusive=[('users', 'users_file'), ('users', 'users_var')])
    params = module.params
    users = params['users']
    module.hide_only_secrets(spec, users)
    # The values an entry may take depend on the API (v2: host keys of 6 to 10 digits, no track_id, ...).
    api_version = module.api_version()
    try:
        if params['users_var'] and not params['users_file']:
            raise InvalidInput('users_var (%s) is read by the action plugin %s on the controller, which did not run'
                               % (params['users_var'], 'zoomops.zoom.zoom_roster'))
        if params['users_file']:
            what = 'the variable %s' % params['users_var'] if params['users_var'] else None
            users = load_roster(params['users_file'], what=what)
            module.hide_only_secrets(spec, users)
        options, entries = check_roster(users, purge=params['purge'], permanent=params['purge_permanent'],
                                        allow_empty=params['allow_empty'], protected=params['protected'],
                                        max_removals=params['max_removals'], api_version=api_version)
    except (InvalidInput, RosterRefused) as exc:
        module.fail_json(msg=str(exc))
    backend = module.backend()
    try:
        result = converge_roster(backend, entries, options, secrets(users), check_mode=module.check_mode,
                                 api_version=api_version)
    except (Failed, Refused) as failure:
        module.fail_on(failure)
    for warning in result.pop('warnings'):
        module.warn(warning)
    if result['summary']['failed']:
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
