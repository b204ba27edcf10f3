# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The filters of this file are documented in roster_validate.yml, roster_plan.yml, roster_secrets.yml and
# roster_summary.yml beside it (one documentation file per filter: `ansible-doc -t filter zoomops.zoom.roster_plan`).

from ansible.errors import AnsibleFilterError

from ansible_collections.zoomops.zoom.plugins.module_utils.roster import (
    DEFAULT_MAX_REMOVALS, RosterRefused, managed_hosts, plan_roster, secrets, summarise, validate_roster,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput


def _entries(users, purge=False, allow_empty=False):
    try:
        return validate_roster(_plain(users), purge=bool(purge), allow_empty=bool(allow_empty))
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
    return [dict(user) for user in value or []]


def roster_validate(users, purge=False, allow_empty=False):
    """Validate the roster (no API call); answers the emails of the hosts whose assistants it manages."""
    return managed_hosts(_entries(users, purge, allow_empty))


def roster_plan(users, current, purge=False, permanent=False, protected=None, allow_empty=False,
                max_removals=DEFAULT_MAX_REMOVALS):
    """The plan from ``current`` (zoom_user_info's users) to the roster ``users``."""
    entries = _entries(users, purge, allow_empty)
    try:
        return plan_roster(entries, _records(current), purge=bool(purge), permanent=bool(permanent),
                           protected=list(protected or []), max_removals=int(max_removals))
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
    return summarise(plan, applied, removed, assistants, bool(check_mode))


class FilterModule(object):
    """zoomops.zoom filters of the roster role."""

    def filters(self):
        return {
            'roster_validate': roster_validate,
            'roster_plan': roster_plan,
            'roster_secrets': roster_secrets,
            'roster_summary': roster_summary,
        }
