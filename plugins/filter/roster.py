# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The filters of this file are documented in roster_validate.yml, roster_check.yml, roster_plan.yml,
# roster_secrets.yml and roster_summary.yml beside it (one documentation file per filter: `ansible-doc -t filter zoomops.zoom.roster_plan`).

from ansible.errors import AnsibleFilterError

from ansible_collections.zoomops.zoom.plugins.module_utils.roster import (
    DEFAULT_MAX_REMOVALS, RosterRefused, check_roster, managed_hosts, parse_boolean, plan_roster, secrets, summarise,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput


def _checked(users, **switches):
    """roster.check_roster on the native form of the lazy containers Ansible hands filters."""
    return check_roster(_plain(users), **switches)


def _entries(users, **switches):
    try:
        return _checked(users, **switches)
    except (InvalidInput, RosterRefused) as exc:
        raise AnsibleFilterError(str(exc))


def _plain(value):
    """Native lists, dicts and scalars (Ansible hands filters lazy containers, templating each value read)."""
    if isinstance(value, dict):
        return dict((str(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _records(value):
    """zoom_user_info's user records as native data, without templating each of their values.

    A module result is never a template (Ansible does not trust it), so templating its values on access, as
    ansible-core 2.19's lazy containers do, changes nothing but costs about as much as the whole plan for
    10,000 users of about 60 values each. Where the lazy container offers its raw copy, take it.
    """
    raw_copy = getattr(value, '_non_lazy_copy', None)
    if raw_copy is not None:
        try:
            value = raw_copy()
        except Exception:  # pylint: disable=broad-exception-caught  # a private API: fall back to the slow path
            return _plain(value)
    # A record that is not a dictionary is passed as it is: the plan ignores it with a warning.
    return [dict(user) if isinstance(user, dict) else user for user in value or []]


def roster_validate(users, purge=False, allow_empty=False, permanent=False, protected=None,
                    max_removals=DEFAULT_MAX_REMOVALS):
    """Validate the roster (no API call); answers the emails of the hosts whose assistants it manages."""
    return managed_hosts(_entries(users, purge=purge, permanent=permanent, allow_empty=allow_empty,
                                  protected=protected, max_removals=max_removals)[1])


def roster_check(users, purge=False, allow_empty=False, permanent=False, protected=None,
                 max_removals=DEFAULT_MAX_REMOVALS):
    """roster_validate that answers its problems instead of raising them: {problems: [...], hosts: [...]}.

    For a task that fails with exactly the validation message (ansible.builtin.fail), instead of a filter
    error wrapped in Ansible's "Finalization of task args ... failed".
    """
    try:
        _options, entries = _checked(users, purge=purge, permanent=permanent, allow_empty=allow_empty,
                                     protected=protected, max_removals=max_removals)
    except (InvalidInput, RosterRefused) as exc:
        return {'problems': [str(exc)], 'hosts': []}
    return {'problems': [], 'hosts': managed_hosts(entries)}


def roster_plan(users, current, purge=False, permanent=False, protected=None, allow_empty=False,
                max_removals=DEFAULT_MAX_REMOVALS):
    """The plan from ``current`` (zoom_user_info's users) to the roster ``users``."""
    options, entries = _entries(users, purge=purge, permanent=permanent, allow_empty=allow_empty,
                                protected=protected, max_removals=max_removals)
    if not isinstance(current, (list, tuple)):
        raise AnsibleFilterError('roster_plan: current must be the users list of zoom_user_info, not %s'
                                 % type(current).__name__)
    try:
        return plan_roster(entries, _records(current), purge=options['purge'], permanent=options['permanent'],
                           protected=options['protected'], max_removals=options['max_removals'])
    except ValueError as exc:
        raise AnsibleFilterError('roster_plan: %s' % exc)


def roster_secrets(users):
    """{email: {password, host_key}} of the roster entries that set one (to keep secrets out of loop items)."""
    try:
        return secrets(_plain(users))
    except ValueError as exc:
        raise AnsibleFilterError('roster_secrets: %s' % exc)


def roster_summary(plan, applied=None, removed=None, assistants=None, check_mode=False):
    """Counts and failures of a roster run from the plan and the registered module results."""
    try:
        return summarise(plan, applied, removed, assistants, parse_boolean(check_mode, 'check_mode'))
    except InvalidInput as exc:
        raise AnsibleFilterError('roster_summary: %s' % exc)


class FilterModule(object):
    """zoomops.zoom filters of the roster role."""

    def filters(self):
        return {
            'roster_validate': roster_validate,
            'roster_check': roster_check,
            'roster_plan': roster_plan,
            'roster_secrets': roster_secrets,
            'roster_summary': roster_summary,
        }
