# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract between the domain and a backend: the operations the domain needs, on neutral records.

Records in and out are neutral (record.py): status, type and login type as names, settings nested.
Login types are passed as names (``zoom``, ``api``, ``sso``, ...). A backend raises the exceptions of
errors.py (UserNotFound, UserAlreadyExists, RateLimited, AuthenticationFailed, InvalidAnswer, or
ZoomError) and converts its API's wire format, endpoints, codes and paging at its own boundary.

Capability flags say where APIs differ, so that the domain plans for the API at hand without knowing
which one it is.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time


def email_key(email):
    """The form in which two emails are compared: stripped, lower case."""
    return str(email).strip().lower()


class UsersBackend:
    """The user operations of one Zoom API. Every method not overridden raises NotImplementedError."""

    # One assistant can be removed alone (else: remove all, then re-add those that stay).
    can_remove_one_assistant = False
    # find_user's record carries the user's host key, so that a wanted host key can be compared.
    returns_host_key = False
    # How many assistants one call adds: more than 1, the backend has add_assistants(host_id, emails) (all or
    # nothing); 1, add_assistant for each.
    assistants_per_call = 1
    # group_id means "is a member of": the record lists every group in ``group_ids``, and a membership is added.
    group_membership = False
    # The settings kept in one enumeration per pair (v2): automatic cloud recording is automatic recording, and a
    # chime that is off has no type (users.wanted_for_backend then compares what the API can hold).
    combined_settings = False
    # The fields an invitation (create_method create: a pending user) carries besides email and type, None when
    # the catalogue's (fields.Field.carried_by) are right for this API.
    invitation_carries = None
    # list_users' records carry every field find_user's do (settings included); else zoom_user_info completes them.
    lists_full_records = True
    # A pacing.Pace that list calls wait for (the factory sets it from the API version and host), or None.
    list_pace = None

    def _pace_list_call(self):
        """Wait, before a list call, as long as ``list_pace`` asks (pacing.py)."""
        if self.list_pace is not None:
            self.list_pace.wait()

    # --- reads -----------------------------------------------------------------------------------
    def find_user(self, email=None, user_id=None, login_type=None, settings=True):
        """The user with this id, or this email (``login_type``: the likely login type, a hint), in any
        status (pending included), or None when there is none. ``settings`` false: the caller does not need
        the user's settings (a backend that reads them with another call may leave them out)."""
        raise NotImplementedError

    def find_users(self, emails, login_type=None):
        """{email_key(email): record or None} for every email (pending users included), in as few calls
        as the API allows."""
        raise NotImplementedError

    def list_users(self, statuses=('active', 'inactive', 'pending')):
        """Every user of the account whose status is in ``statuses`` (every page read)."""
        raise NotImplementedError

    def user_settings(self, user_id):
        """The settings of the user with this id (not pending), as a record's ``settings``: for a backend whose
        list_users leaves them out (``lists_full_records`` false), which the roster then reads for the users whose
        settings it manages."""
        raise NotImplementedError

    def assistants(self, host_id):
        """The emails of the host's assistants (users holding scheduling privilege for the host)."""
        raise NotImplementedError

    def check_zpk(self, zpk):
        """Seconds until this zpk expires (0 or more), or None when Zoom does not know it."""
        raise NotImplementedError

    # --- writes ----------------------------------------------------------------------------------
    def create(self, create_method, fields):
        """Create a user (``create_method``: create, autocreate, custcreate or ssocreate; ``fields``:
        email, type and the catalogue fields that method carries, password for autocreate); returns the
        new neutral record. Raises UserAlreadyExists (``retried`` set when the create took more than one
        attempt: it may be our own create applied before its answer was lost)."""
        raise NotImplementedError

    def update(self, user_id, changes):
        """Set profile fields and settings: ``changes`` is {catalogue field name: canonical value}."""
        raise NotImplementedError

    def set_status(self, user_id, active):
        """Activate (``active`` true) or deactivate the user."""
        raise NotImplementedError

    def set_password(self, user_id, password):
        raise NotImplementedError

    def revoke_token(self, user_id):
        raise NotImplementedError

    def delete(self, user_id, pending=False, permanent=False):
        """Remove the user from the account (``permanent``: delete it for good); a user already gone
        counts as removed."""
        raise NotImplementedError

    def add_assistant(self, host_id, assistant_email):
        raise NotImplementedError

    def remove_assistant(self, host_id, assistant_email):
        """Remove one assistant (only when ``can_remove_one_assistant``)."""
        raise NotImplementedError

    def clear_assistants(self, host_id):
        """Remove every assistant of the host (the first half of a replace when one cannot be removed alone)."""
        raise NotImplementedError

    # --- what a timed-out write may still do -----------------------------------------------------
    @property
    def last_write_may_land_late(self):
        """True when an attempt of the last call timed out and was retried: the server may still apply it."""
        return False

    def wait_for_late_writes(self):
        """Wait until a timed-out attempt of the last call has landed (or never will)."""


class ClientBackend(UsersBackend):
    """A backend over one transport.Transport client (``client``): what the client knows of the last call (whether an
    attempt of it timed out, its timeout) answers for the late writes, the same for every API."""

    def __init__(self, client):
        self.client = client

    @property
    def last_write_may_land_late(self):
        """True when an attempt of the last request timed out (and was retried): the server may still apply it."""
        return bool(self.client.last_timed_out)

    def wait_for_late_writes(self):
        """Wait one timeout, so that an attempt that timed out (and was retried) lands before the caller re-reads."""
        time.sleep(self.client.timeout)
