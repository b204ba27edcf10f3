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

from ansible.module_utils.six import string_types

from ansible_collections.zoomops.zoom.plugins.module_utils.client import CODE_USER_NOT_EXIST, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import CREATE_METHODS

PAGE_SIZE = 300
STATUS_PENDING = 2

# What each v1 endpoint answers on success (tests/emulator/spec/zoom-user-v1.openapi.json): keys
# that must hold text. An unrelated JSON API answering 200 does not have them, so it cannot pass
# for Zoom. Reads are checked where they are parsed (_user_record, _page, check_zpk, ...).
WRITE_ANSWER_KEYS = {
    '/user/update': ('id', 'updated_at'),
    '/user/updatepassword': ('id', 'updated_at'),
    '/user/activate': ('id', 'activated_at'),
    '/user/deactivate': ('id', 'deactivated_at'),
    '/user/delete': ('id', 'deleted_at'),
    '/user/permanentdelete': ('id', 'deleted_at'),
    '/user/revoketoken': ('id', 'updated_at'),
    '/user/assistant/set': ('id', 'updated_at'),
    '/user/assistant/delete': ('id', 'updated_at'),
}
USER_RECORD_KEYS = ('id', 'email')


class ZoomV1Users:
    """User operations of Zoom API v1 over a ZoomClient. Every answer is checked for the shape
    its endpoint gives; another shape fails with the client's not_zoom error."""

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
        endpoint = '/user/checkemail'
        existed = self.client.request(endpoint, email=email).get('existed_email')
        if not isinstance(existed, bool):
            raise self.client.not_zoom(endpoint, "'existed_email' is not true or false")
        return existed

    def list_users(self, pending=False, page_size=PAGE_SIZE):
        """Every user of /user/list (active and inactive), or of /user/pending, walking every page.

        Bounded whatever the server says: the first page's total_records fixes how many pages are
        read (one more for users added meanwhile); a page that repeats an earlier one, more users
        than total_records announced, or a page past that count fails the call.
        """
        endpoint = '/user/pending' if pending else '/user/list'
        page_number = 1
        seen_pages = set()
        received = 0
        most_announced = 0
        page_limit = first_total = None
        while True:
            page = self._page(endpoint, self.client.request(endpoint, page_size=page_size, page_number=page_number),
                              page_number, page_size)
            users = page['users']
            most_announced = max(most_announced, page['total_records'])
            if page_limit is None:
                first_total = page['total_records']
                page_limit = _pages_for(first_total, page_size) + 1
            received += len(users)
            if received > most_announced:
                raise self.client.not_zoom(endpoint, 'page %d brings the users to %d, more than the %d that'
                                           ' total_records announced' % (page_number, received, most_announced))
            if users:
                fingerprint = tuple((user.get('id'), user['email'].lower()) for user in users)
                if fingerprint in seen_pages:
                    raise self.client.not_zoom(endpoint, 'page %d repeats an earlier page' % page_number)
                seen_pages.add(fingerprint)
            for user in users:
                if pending:
                    user['status'] = STATUS_PENDING
                yield user
            if page_number >= page['page_count'] or not users:
                return
            page_number += 1
            if page_number > page_limit:
                raise self.client.not_zoom(endpoint, 'page_count asks for page %d, past the %d pages that the first'
                                           " page's total_records allows (%d users, %d a page, one more page for"
                                           ' users added meanwhile)' % (page_number, page_limit, first_total, page_size))

    def find_pending(self, email=None, user_id=None):
        """The pending (invited) user with this email or id, or None."""
        email = email.lower() if email else None
        for user in self.list_users(pending=True):
            if (email and str(user.get('email', '')).lower() == email) or (user_id and user.get('id') == user_id):
                return user
        return None

    def assistants(self, host_id):
        """The users holding scheduling privilege for this host: [{id, email, first_name, last_name}]."""
        endpoint = '/user/scheduleforhost/list'
        answer = self.client.request(endpoint, id=host_id)
        return self._users_of(endpoint, answer)

    def check_zpk(self, zpk):
        """Seconds until this zpk expires (an integer, 0 or more)."""
        endpoint = '/user/checkzpk'
        expire_in = self.client.request(endpoint, zpk=zpk).get('expire_in')
        if not _is_count(expire_in):
            raise self.client.not_zoom(endpoint, "'expire_in' is not a number of seconds")
        return expire_in

    # --- writes ------------------------------------------------------------------------------
    def create(self, create_method, fields):
        """Create a user with ``create_method`` and ``fields`` (email, type and what the method
        carries); returns the new record."""
        endpoint = CREATE_METHODS[create_method]['endpoint']
        record = self._user_record(endpoint, self.client.request(endpoint, **fields))
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
        self._write('/user/update', id=user_id, **fields)

    def activate(self, user_id):
        self._write('/user/activate', id=user_id)

    def deactivate(self, user_id):
        self._write('/user/deactivate', id=user_id)

    def set_password(self, user_id, password):
        self._write('/user/updatepassword', id=user_id, password=password)

    def revoke_token(self, user_id):
        self._write('/user/revoketoken', id=user_id)

    def delete(self, user_id, pending=False, permanent=False):
        """Remove a user; a user already gone counts as removed (a retried delete may have been
        applied before its answer was lost)."""
        try:
            if permanent:
                self._write('/user/permanentdelete', id=user_id)
            else:
                self._write('/user/delete', id=user_id, type=1 if pending else 0)
        except ZoomError as exc:
            if exc.code != CODE_USER_NOT_EXIST:
                raise

    def add_assistant(self, host_id, assistant_email):
        self._write('/user/assistant/set', id=host_id, assistant_email=assistant_email)

    def clear_assistants(self, host_id):
        self._write('/user/assistant/delete', id=host_id)

    # --- answers -----------------------------------------------------------------------------
    def _get_or_none(self, endpoint, **fields):
        try:
            answer = self.client.request(endpoint, **fields)
        except ZoomError as exc:
            if exc.code == CODE_USER_NOT_EXIST:
                return None
            raise
        return self._user_record(endpoint, answer)

    def _write(self, endpoint, **fields):
        """Send one write; its answer must carry the keys the endpoint documents."""
        answer = self.client.request(endpoint, **fields)
        missing = [key for key in WRITE_ANSWER_KEYS[endpoint] if not _is_text(answer.get(key))]
        if missing:
            raise self.client.not_zoom(endpoint, 'the answer lacks %s' % ', '.join("'%s'" % key for key in missing))
        return answer

    def _user_record(self, endpoint, answer):
        """A user record: a JSON object with a textual id and email."""
        missing = [key for key in USER_RECORD_KEYS if not _is_text(answer.get(key))]
        if missing:
            raise self.client.not_zoom(endpoint, 'the user record lacks %s' % ', '.join("'%s'" % key for key in missing))
        return answer

    def _users_of(self, endpoint, answer, what='the answer'):
        """The ``users`` list of an answer: JSON objects each with a textual email."""
        if 'users' not in answer:
            raise self.client.not_zoom(endpoint, "%s has no 'users'" % what)
        users = answer['users']
        if not isinstance(users, list):
            raise self.client.not_zoom(endpoint, "'users' of %s is not a list" % what)
        for position, user in enumerate(users):
            if not isinstance(user, dict) or not _is_text(user.get('email')):
                raise self.client.not_zoom(endpoint, "'users' of %s holds an entry (#%d) that is not a user with an"
                                           " email" % (what, position + 1))
        return users

    def _page(self, endpoint, answer, page_number, page_size):
        """One page of a list: users, and page_count/total_records as counts (0 or more)."""
        what = 'page %d' % page_number
        for key in ('page_count', 'total_records'):
            if not _is_count(answer.get(key)):
                raise self.client.not_zoom(endpoint, "'%s' of %s is not a count" % (key, what))
        if 'page_number' in answer and answer['page_number'] != page_number:
            raise self.client.not_zoom(endpoint, 'asked for page %d, got page %s' % (
                page_number, _short(answer['page_number'])))
        users = self._users_of(endpoint, answer, what)
        if len(users) > page_size:
            raise self.client.not_zoom(endpoint, '%s holds %d users, more than the page size %d' % (
                what, len(users), page_size))
        if answer['page_count'] > _pages_for(answer['total_records'], page_size) and users:
            raise self.client.not_zoom(endpoint, 'page_count %d is more than the %d pages of %d users that'
                                       ' total_records (%d) implies' % (
                                           answer['page_count'], _pages_for(answer['total_records'], page_size),
                                           page_size, answer['total_records']))
        return dict(answer, users=users)


def _is_text(value):
    return isinstance(value, string_types) and value != ''


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pages_for(total, page_size):
    return (total + page_size - 1) // page_size


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + '...'
