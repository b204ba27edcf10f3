# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Zoom API v1 backend: everything v1 knows, and nothing else does.

- The protocol (``V1Client``): every call a form-encoded POST (booleans as 'true'/'false') with
  ``api_key`` and ``api_secret`` in the form (auth.FormKeyAndSecret), over the shared transport;
  errors come back in the body, ``{"error": {"code", "message"}}``, whatever the HTTP status; code
  403 is the rate limit (retried by the transport's loop through RetryAnswer).
- Error numbers become the exceptions of errors.py (1001 UserNotFound, 1005/1009
  UserAlreadyExists, 102/200 AuthenticationFailed, 403 RateLimited).
- The operations (``V1Users``, the backends.base contract): the endpoints, the shape each answer
  must have, bounded paging, the login-type walk of getbyemail then checkemail then the pending
  list, the one-by-one or list lookup of many users, and the assistants that can only be deleted
  all at once.
- The wire format of records: status 0/1/2, type 1/2/3 and login type 0/1/99/100/101 as numbers,
  settings flat; converted to the neutral record (record.py) on the way in, and the catalogue's v1
  wire names (fields.Field.v1) on the way out.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible.module_utils.six import string_types

from ansible_collections.zoomops.zoom.plugins.module_utils.auth import FormKeyAndSecret
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import ClientBackend, email_key
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import (
    AuthenticationFailed, RateLimited, UserAlreadyExists, UserNotFound, ZoomError,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    FIELDS, FIELDS_BY_NAME, LOGIN_TYPE_NAMES, TYPE_NAMES,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.record import (
    READ_ONLY_KEYS, SETTINGS, normalise_current, to_int, vanity_name_of,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import (
    RATE_LIMIT_MIN_WAIT, RetryAnswer, Transport,
)

# v1 error codes this backend acts on (docs/docsite/rst/emulator.rst has the full table).
CODE_RATE_LIMITED = 403
CODE_USER_NOT_EXIST = 1001
USER_EXISTS_CODES = (1005, 1009)
AUTH_ERROR_CODES = (102, 200)
# The answer of /user/checkzpk for a zpk it does not know.
CODE_INVALID_ZPK = 1020

# v1's numbers for the neutral names (the emulator numbers status the same way: docs/docsite/rst/emulator.rst).
V1_STATUS = {'active': 0, 'inactive': 1, 'pending': 2}
STATUS_BY_NUMBER = dict((number, name) for name, number in V1_STATUS.items())
LOGIN_TYPE_BY_NUMBER = dict((number, name) for name, number in LOGIN_TYPE_NAMES.items())
TYPE_BY_NUMBER = dict((number, name) for name, number in TYPE_NAMES.items())
# getbyemail is tried with these login types, the most common first.
LOGIN_TYPE_ORDER = ('zoom', 'api', 'sso', 'google', 'facebook')

CREATE_ENDPOINTS = {
    'create': '/user/create',
    'autocreate': '/user/autocreate',
    'custcreate': '/user/custcreate',
    'ssocreate': '/user/ssocreate',
}
# What /user/create makes: an invitation (the user is pending until accepted).
PENDING_CREATE_METHODS = ('create',)

PAGE_SIZE = 300
# Up to this many users to find are looked up one by one (1 call each for an active user of the
# likely login type, 10 calls/second allowed); more are found with one pass over /user/list (1 call
# per 300 users, but only 1 list call per second).
LOOKUP_ONE_BY_ONE_MAX = 10

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


class V1Client(Transport):
    """Zoom API v1 over the transport. ``request(endpoint, **fields)`` POSTs the fields (None values
    left out) with the credentials and returns the parsed JSON answer (a dict), or raises ZoomError
    (a subclass of errors.py for the codes this backend knows). Raises ValueError at once for an
    unusable ``api_url``."""

    def __init__(self, api_url, api_key, api_secret, **options):
        super(V1Client, self).__init__(api_url, auth=FormKeyAndSecret(api_key, api_secret), **options)

    def request(self, endpoint, **fields):
        """POST ``fields`` to ``endpoint``; retries what is transient (v1's rate limit included)."""
        form = dict((key, form_value(value)) for key, value in fields.items() if value is not None)
        return self.send(endpoint, 'POST', form=form, inspect=inspect_answer)


def inspect_answer(answer):
    """Decode v1's error body, ``{"error": {"code": N, "message": "..."}}``, whatever the HTTP status:
    the rate limit (403) is retried by the transport, any other code fails as its exception class."""
    body = answer.body
    if not isinstance(body, dict) or 'error' not in body:
        return
    error = body['error']
    if not isinstance(error, dict) or not _is_int(error.get('code')):
        if answer.status >= 400:
            raise answer.http_error()
        raise answer.not_zoom("'error' is not a Zoom error object ({\"code\": N, \"message\": ...})")
    code = error['code']
    message = answer.text(error.get('message', 'no message'))
    if code == CODE_RATE_LIMITED:
        raise RetryAnswer(code, 'rate limit reached at %s: %s' % (answer.host, message), answer.retry_after,
                          RATE_LIMIT_MIN_WAIT, error_class=RateLimited)
    if answer.status >= 400:
        message = 'HTTP %d: %s' % (answer.status, message)
    raise error_class(code)(answer.endpoint, code, message, host=answer.host)


def error_class(code):
    """The errors.py class of a v1 error code."""
    if code == CODE_USER_NOT_EXIST:
        return UserNotFound
    if code in USER_EXISTS_CODES:
        return UserAlreadyExists
    if code in AUTH_ERROR_CODES:
        return AuthenticationFailed
    return ZoomError


def form_value(value):
    """Form encoding of one field: booleans as v1's 'true'/'false', the rest as text."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


# --- records: v1 wire <-> neutral --------------------------------------------------------------
def neutral_record(raw):
    """The neutral record (record.py) of a v1 user record: names for status, type and login type,
    canonical values, settings nested; the host key kept (for comparison only), other secrets dropped."""
    user = {}
    for key in READ_ONLY_KEYS:
        if key in raw:
            user[key] = raw[key]
    if 'status' in raw:
        user['status'] = STATUS_BY_NUMBER.get(_number(raw['status']), raw['status'])
    if 'login_type' in raw:
        user['login_type'] = LOGIN_TYPE_BY_NUMBER.get(_number(raw['login_type']), raw['login_type'])
    settings = {}
    for field in FIELDS:
        if field.name == 'vanity_name':
            user['vanity_name'] = vanity_name_of(raw)
            continue
        if field.v1 not in raw:
            continue
        value = normalise_current(field, raw[field.v1])
        if field.name == 'type':
            value = TYPE_BY_NUMBER.get(value, value)
        if field.group == 'settings':
            settings[field.name] = value
        else:
            user[field.name] = value
    user[SETTINGS] = settings
    return user


def wire_fields(values):
    """The v1 form fields of neutral values ({catalogue name or email/password: value}): v1 wire names,
    the user type as its number."""
    fields = {}
    for name, value in values.items():
        field = FIELDS_BY_NAME.get(name)
        if name == 'type':
            value = TYPE_NAMES.get(value, value)
        fields[field.v1 if field is not None else name] = value
    return fields


def v1_login_type(name):
    """v1's number of a login type name (None stays None)."""
    return None if name is None else LOGIN_TYPE_NAMES.get(name, name)


class V1Users(ClientBackend):
    """The backends.base contract over Zoom API v1 (a V1Client). Every answer is checked for the
    shape its endpoint gives; another shape fails with the client's not_zoom error (InvalidAnswer)."""

    can_remove_one_assistant = False
    returns_host_key = True

    # --- reads -------------------------------------------------------------------------------
    def find_user(self, email=None, user_id=None, login_type=None, settings=True):
        """The neutral record of the user, or None; fewest calls first.

        By id: /user/get, then the pending list. By email: getbyemail with the likely login type
        (1 call for an existing user), then checkemail (2 calls for a missing one), then the pending
        list (an invited user, the default create method's result: usually 1 more call, stopping at
        the page that has it), then getbyemail with the other login types.
        """
        raw = self._find_raw(email, user_id, login_type)
        return neutral_record(raw) if raw is not None else None

    def _find_raw(self, email, user_id, login_type):
        if user_id:
            return self._get_or_none('/user/get', id=user_id) or self._find_pending(user_id=user_id)
        first = LOGIN_TYPE_ORDER[0] if login_type is None else login_type
        record = self._get_by_email(email, first)
        if record is not None:
            return record
        if not self.email_exists(email):
            return None
        record = self._find_pending(email=email)
        if record is not None:
            return record
        for other in LOGIN_TYPE_ORDER:
            if other != first:
                record = self._get_by_email(email, other)
                if record is not None:
                    return record
        return None

    def user_settings(self, user_id):
        """The user's settings: /user/get (v1 lists them too, so the roster never asks)."""
        return dict((self.find_user(user_id=user_id) or {}).get('settings') or {})

    def find_users(self, emails, login_type=None):
        """{email_key: neutral record or None} for ``emails`` (pending users included).

        Up to LOOKUP_ONE_BY_ONE_MAX emails: find_user for each (1 call per existing active user of
        the login type ``login_type``, default Zoom's own). More: one pass over /user/list, then
        /user/checkemail for each email not found there, and the pending list only if one of them
        exists (it is then pending).
        """
        unique, seen = [], set()
        for email in emails:
            if email_key(email) not in seen:
                seen.add(email_key(email))
                unique.append(email)
        if len(unique) <= LOOKUP_ONE_BY_ONE_MAX:
            return dict((email_key(email), self.find_user(email=email, login_type=login_type)) for email in unique)
        wanted = set(email_key(email) for email in unique)
        records = dict((key, None) for key in wanted)
        for user in self._walk():
            key = email_key(user.get('email', ''))
            if key in wanted:
                records[key] = neutral_record(user)
        pending = [email for email in unique if records[email_key(email)] is None and self.email_exists(email)]
        if pending:
            pending_keys = set(email_key(email) for email in pending)
            for user in self._walk(pending=True):
                key = email_key(user.get('email', ''))
                if key in pending_keys:
                    records[key] = neutral_record(user)
        return records

    def list_users(self, statuses=('active', 'inactive', 'pending')):
        """Neutral records of every user whose status is in ``statuses``: /user/list for active and
        inactive users, /user/pending for pending ones (each only when asked for)."""
        if 'active' in statuses or 'inactive' in statuses:
            for user in self._walk():
                record = neutral_record(user)
                if record.get('status') in statuses:
                    yield record
        if 'pending' in statuses:
            for user in self._walk(pending=True):
                yield neutral_record(user)

    def email_exists(self, email):
        """True when the account has a user (active, inactive or pending) with this email."""
        endpoint = '/user/checkemail'
        existed = self.client.request(endpoint, email=email).get('existed_email')
        if not isinstance(existed, bool):
            raise self.client.not_zoom(endpoint, "'existed_email' is not true or false")
        return existed

    def _walk(self, pending=False, page_size=PAGE_SIZE):
        """Every raw record of /user/list (active and inactive), or of /user/pending, walking every page.

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
            self._pace_list_call()
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
                    user['status'] = V1_STATUS['pending']
                yield user
            if page_number >= page['page_count'] or not users:
                return
            page_number += 1
            if page_number > page_limit:
                raise self.client.not_zoom(endpoint, 'page_count asks for page %d, past the %d pages that the first'
                                           " page's total_records allows (%d users, %d a page, one more page for"
                                           ' users added meanwhile)' % (page_number, page_limit, first_total, page_size))

    def _find_pending(self, email=None, user_id=None):
        """The raw pending (invited) user with this email or id, or None."""
        email = email.lower() if email else None
        for user in self._walk(pending=True):
            if (email and str(user.get('email', '')).lower() == email) or (user_id and user.get('id') == user_id):
                return user
        return None

    def _get_by_email(self, email, login_type):
        return self._get_or_none('/user/getbyemail', email=email, login_type=v1_login_type(login_type))

    def assistants(self, host_id):
        """The emails of the users holding scheduling privilege for this host."""
        endpoint = '/user/scheduleforhost/list'
        self._pace_list_call()
        answer = self.client.request(endpoint, id=host_id)
        return [user.get('email') for user in self._users_of(endpoint, answer)]

    def check_zpk(self, zpk):
        """Seconds until this zpk expires (an integer, 0 or more), None when v1 does not know it."""
        endpoint = '/user/checkzpk'
        try:
            expire_in = self.client.request(endpoint, zpk=zpk).get('expire_in')
        except ZoomError as exc:
            if exc.code == CODE_INVALID_ZPK:
                return None
            raise
        if not _is_count(expire_in):
            raise self.client.not_zoom(endpoint, "'expire_in' is not a number of seconds")
        return expire_in

    # --- writes ------------------------------------------------------------------------------
    def create(self, create_method, fields):
        """Create a user with ``create_method`` and neutral ``fields`` (email, type and what the method
        carries); returns the new neutral record (status set from the method when v1 leaves it out)."""
        endpoint = CREATE_ENDPOINTS[create_method]
        try:
            raw = self._user_record(endpoint, self.client.request(endpoint, **wire_fields(fields)))
        except UserAlreadyExists as exc:
            # More than one attempt: our own create may have been applied before its answer was lost.
            exc.retried = self.client.last_attempts > 1
            raise
        if 'status' not in raw:
            raw['status'] = V1_STATUS['pending' if create_method in PENDING_CREATE_METHODS else 'active']
        return neutral_record(raw)

    def update(self, user_id, changes):
        self._write('/user/update', id=user_id, **wire_fields(changes))

    def set_status(self, user_id, active):
        self._write('/user/activate' if active else '/user/deactivate', id=user_id)

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
        except UserNotFound:
            pass

    def add_assistant(self, host_id, assistant_email):
        self._write('/user/assistant/set', id=host_id, assistant_email=assistant_email)

    def clear_assistants(self, host_id):
        """/user/assistant/delete: v1 removes all of a host's assistants at once (never one alone)."""
        self._write('/user/assistant/delete', id=host_id)

    # --- answers -----------------------------------------------------------------------------
    def _get_or_none(self, endpoint, **fields):
        try:
            answer = self.client.request(endpoint, **fields)
        except UserNotFound:
            return None
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


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value):
    """An integer code (status, login type) from an int or a string of digits; None otherwise."""
    try:
        return to_int(value)
    except ValueError:
        return None
