# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The domain-facing operations on users, implemented over Zoom API v1.

The domain (users.py, assistants.py) calls only these methods, so a v2 backend (REST verbs,
OAuth bearer token) can be added beside this class without touching the modules.
Records are returned as the API gives them (v1 JSON), with ``status`` always set.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.zoomops.zoom.plugins.module_utils.client import CODE_USER_NOT_EXIST, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import CREATE_METHODS

PAGE_SIZE = 300
STATUS_PENDING = 2


class ZoomV1Users:
    """User operations of Zoom API v1 over a ZoomClient."""

    def __init__(self, client):
        self.client = client

    # --- reads -------------------------------------------------------------------------------
    def get_by_id(self, user_id):
        """The active or inactive user with this id, or None."""
        return self._get_or_none('/user/get', id=user_id)

    def get_by_email(self, email, login_type=None):
        """The active or inactive user with this email (and login type, when given), or None."""
        return self._get_or_none('/user/getbyemail', email=email, login_type=login_type)

    def email_exists(self, email):
        """True when the account has a user (active, inactive or pending) with this email."""
        return bool(self.client.request('/user/checkemail', email=email).get('existed_email'))

    def list_users(self, pending=False, page_size=PAGE_SIZE):
        """Every user of /user/list (active and inactive), or of /user/pending, walking every page."""
        endpoint = '/user/pending' if pending else '/user/list'
        page_number = 1
        while True:
            page = self.client.request(endpoint, page_size=page_size, page_number=page_number)
            for user in page.get('users') or []:
                if pending:
                    user['status'] = STATUS_PENDING
                yield user
            if page_number >= int(page.get('page_count') or 0) or not page.get('users'):
                return
            page_number += 1

    def find_pending(self, email=None, user_id=None):
        """The pending (invited) user with this email or id, or None."""
        email = email.lower() if email else None
        for user in self.list_users(pending=True):
            if (email and str(user.get('email', '')).lower() == email) or (user_id and user.get('id') == user_id):
                return user
        return None

    def assistants(self, host_id):
        """The users holding scheduling privilege for this host: [{id, email, first_name, last_name}]."""
        return self.client.request('/user/scheduleforhost/list', id=host_id).get('users') or []

    def check_zpk(self, zpk):
        """Seconds until this zpk expires."""
        return self.client.request('/user/checkzpk', zpk=zpk).get('expire_in')

    # --- writes ------------------------------------------------------------------------------
    def create(self, create_method, fields):
        """Create a user with ``create_method`` and ``fields`` (email, type and what the method
        carries); returns the new record."""
        record = self.client.request(CREATE_METHODS[create_method]['endpoint'], **fields)
        if 'status' not in record:
            record['status'] = STATUS_PENDING if CREATE_METHODS[create_method]['pending'] else 0
        return record

    @property
    def last_call_attempts(self):
        """How many attempts the last request took (more than 1: a retried write may have been applied)."""
        return self.client.last_attempts

    @property
    def last_call_timed_out(self):
        """True when an attempt of the last request timed out: the server may still apply it later."""
        return bool(getattr(self.client, 'last_timed_out', False))

    def wait_for_late_attempts(self):
        """Wait one timeout, so that an attempt that timed out (and was retried) lands before we re-read."""
        time.sleep(self.client.timeout)

    def update(self, user_id, fields):
        self.client.request('/user/update', id=user_id, **fields)

    def activate(self, user_id):
        self.client.request('/user/activate', id=user_id)

    def deactivate(self, user_id):
        self.client.request('/user/deactivate', id=user_id)

    def set_password(self, user_id, password):
        self.client.request('/user/updatepassword', id=user_id, password=password)

    def revoke_token(self, user_id):
        self.client.request('/user/revoketoken', id=user_id)

    def delete(self, user_id, pending=False, permanent=False):
        """Remove a user; a user already gone counts as removed (a retried delete may have been
        applied before its answer was lost)."""
        try:
            if permanent:
                self.client.request('/user/permanentdelete', id=user_id)
            else:
                self.client.request('/user/delete', id=user_id, type=1 if pending else 0)
        except ZoomError as exc:
            if exc.code != CODE_USER_NOT_EXIST:
                raise

    def add_assistant(self, host_id, assistant_email):
        self.client.request('/user/assistant/set', id=host_id, assistant_email=assistant_email)

    def clear_assistants(self, host_id):
        self.client.request('/user/assistant/delete', id=host_id)

    def _get_or_none(self, endpoint, **fields):
        try:
            return self.client.request(endpoint, **fields)
        except ZoomError as exc:
            if exc.code == CODE_USER_NOT_EXIST:
                return None
            raise
