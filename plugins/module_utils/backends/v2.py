# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Zoom API v2 backend (REST + JSON, Server-to-Server OAuth): everything v2 knows, and nothing else does.

- The protocol (``V2Client``): REST verbs with JSON bodies and a bearer token (auth.BearerToken) got from
  Server-to-Server OAuth (auth.ServerToServerOAuth) or given (``access_token``); refreshed once on HTTP 401
  / code 124 and the call retried; a missing scope (4711) fails at once naming the scopes. Errors are the
  HTTP status plus ``{"code", "message"}``, decoded into errors.py's classes; messages name the method and
  the path template (``PATCH /users/{userId}``), never the email in the path. HTTP 5xx is retried only for
  idempotent requests (not POST).
- The operations (``V2Users``, the backends.base contract): one GET per user (settings read only when
  asked for, never for a pending user), create then PATCH, settings nested with the catalogue's v2 paths
  and inversions, paging by next_page_token, one assistant removed alone.
- ``unsupported_options(params)``: the module options v2 has no equivalent for, refused before any call.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2.7
    from urllib import quote

from ansible.module_utils.six import string_types

from ansible_collections.zoomops.zoom.plugins.module_utils.auth import BearerToken
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import ClientBackend, email_key
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import (
    AuthenticationFailed, RateLimited, UserAlreadyExists, UserNotFound, ZoomError,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    FIELDS, FIELDS_BY_NAME, INVITATION_CARRIES, LOGIN_TYPE_NAMES, V2_AUTO_RECORDING, V2_CHIME, V2_COMBINED,
    V2_CREATE_CARRIES, v2_option_problems,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.record import SETTINGS, normalise_current, vanity_name_of
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import RATE_LIMIT_MIN_WAIT, RetryAnswer, Transport


# v2 error codes this backend acts on (v2-mapping.md, "Error shape and code table").
CODE_TOKEN = 124
CODE_SCOPES = 4711
NOT_FOUND_CODES = (1001, 1010, 1120)
USER_EXISTS_CODES = (1005, 1009)
CODE_RATE_LIMITED = 429

# v2's user types: 1 basic, 2 licensed (the collection's pro), 3 the v1 corp (read only), 4 unassigned, 99 none.
V2_TYPES = {'basic': 1, 'pro': 2, 'corp': 3, 'unassigned': 4, 'none': 99}
TYPE_BY_V2 = dict((number, name) for name, number in V2_TYPES.items())
LOGIN_TYPE_BY_NUMBER = dict((number, name) for name, number in LOGIN_TYPE_NAMES.items())
CREATE_ACTIONS = {'create': 'create', 'autocreate': 'autoCreate', 'custcreate': 'custCreate', 'ssocreate': 'ssoCreate'}
# Settings v2 keeps in one enumeration for two catalogue fields (v2-mapping.md section a.3).
AUTO_RECORDING = V2_AUTO_RECORDING
CHIME = V2_CHIME
COMBINED = V2_COMBINED
# Profile fields written with PATCH /users/{userId} under another name or not read back as such.
WRITE_ONLY_PROFILE = {'vanity_name': 'vanity_name', 'host_key': 'host_key'}

PAGE_SIZE = 300
ASSISTANTS_PER_CALL = 30


def unsupported_options(params):
    """The problems of module options that v2 cannot honour (a message naming each option), [] when none: the
    catalogue's fields.v2_option_problems, checked before any call. (Values that v2 accepts in another range than
    v1, such as host_key or webinar_capacity, are the catalogue's too: fields.Field.rule.)"""
    return v2_option_problems(params)


def inspect_answer(answer):
    """Decode v2's errors: the HTTP status plus ``{"code": N, "message": "..."}``."""
    if answer.status < 400:
        return
    body = answer.body
    if not isinstance(body, dict) or not _is_int(body.get('code')):
        raise answer.http_error()
    code = body['code']
    message = answer.text(body.get('message', 'no message'))
    errors = body.get('errors')
    if isinstance(errors, list):
        details = ['%s: %s' % (answer.text(item.get('field', '?')), answer.text(item.get('message', '')))
                   for item in errors[:5] if isinstance(item, dict)]
        if details:
            message = '%s (%s)' % (message, '; '.join(details))
    if answer.status == 429 or code == CODE_RATE_LIMITED:
        raise RetryAnswer(code, 'rate limit reached at %s: %s' % (answer.host, message), answer.retry_after,
                          RATE_LIMIT_MIN_WAIT, error_class=RateLimited)
    if code == CODE_SCOPES:
        message = ('the OAuth app lacks scopes this call needs: %s; add them to the Server-to-Server OAuth app'
                   ' (Scopes tab) and run again' % message)
    raise error_class(code, answer.status)(answer.endpoint, code, 'HTTP %d: %s' % (answer.status, message),
                                           host=answer.host)


def error_class(code, status=None):
    """The errors.py class of a v2 error code."""
    if code in NOT_FOUND_CODES:
        return UserNotFound
    if code in USER_EXISTS_CODES:
        return UserAlreadyExists
    if code in (CODE_TOKEN, CODE_SCOPES) or status == 401:
        return AuthenticationFailed
    return ZoomError


class V2Client(Transport):
    """Zoom API v2 over the transport, with a bearer token. ``request(method, template, ids, ...)`` sends one
    call to the path template filled with ``ids`` (quoted) and returns the JSON answer ({} for no body).

    ``oauth`` (auth.ServerToServerOAuth, or None when only ``access_token`` is given) gets the token when
    there is none and once more after an HTTP 401 / code 124."""

    def __init__(self, api_url, oauth=None, access_token=None, **options):
        super(V2Client, self).__init__(api_url, auth=BearerToken(access_token), **options)
        self.oauth = oauth

    def request(self, method, template, ids=(), query=None, body=None):
        path = fill_template(template, ids)
        endpoint = '%s %s' % (method, template)
        if self.auth.token is None:
            self._new_token(endpoint)
        for attempt in (0, 1):
            try:
                return self.send(endpoint, method, json_body=body, query=query, inspect=inspect_answer, path=path,
                                 empty_ok=True, retry_server_errors=method != 'POST')
            except AuthenticationFailed as exc:
                if exc.code != CODE_TOKEN or attempt == 1 or self.oauth is None:
                    if exc.code == CODE_TOKEN and self.oauth is None:
                        exc.message += (' (the access_token given is invalid or expired: give account_id, client_id'
                                        ' and client_secret to get a new one)')
                    raise
                self._new_token(endpoint, fresh=True)
        raise AssertionError('unreachable')  # pragma: no cover

    def _new_token(self, endpoint, fresh=False):
        if self.oauth is None:
            raise AuthenticationFailed(endpoint, None, 'no access token and no OAuth credentials')
        self.auth.token = self.oauth.token(fresh=fresh)


def fill_template(template, ids):
    """The path of a template (``/users/{userId}``) with its placeholders replaced, in order, by ``ids`` (quoted)."""
    values = iter(ids)
    return _PLACEHOLDER.sub(lambda _match: quote(str(next(values)), safe='@'), template)


_PLACEHOLDER = re.compile(r'\{[A-Za-z]+\}')


# --- records: v2 JSON <-> neutral ------------------------------------------------------------------
def _get_path(data, path):
    for part in path.split('.'):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _set_path(data, path, value):
    parts = path.split('.')
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def neutral_settings(raw):
    """The catalogue's settings of a v2 settings object (nested; inversions and combined enumerations undone;
    values outside v2's lists left out)."""
    settings = {}
    for field in FIELDS:
        if field.group != 'settings' or field.v2 is None:
            continue
        value = _get_path(raw, field.v2)
        if value is None:
            continue
        value = normalise_current(field, value)
        if value is not None and field.inverted:
            value = not value
        choices = field.rule('v2').choices
        if choices is not None and value not in choices:
            # Outside what v2 accepts (a webinar capacity of 0 for a user without the plan): no task can ask for
            # it on v2 and an export could not write it back, so it is not part of the record.
            continue
        settings[field.name] = value
    recording = _get_path(raw, AUTO_RECORDING)
    if recording in ('local', 'cloud', 'none'):
        settings['enable_auto_recording'] = recording != 'none'
        settings['enable_cloud_auto_recording'] = recording == 'cloud'
    chime = _get_path(raw, CHIME)
    if chime in ('host', 'all', 'none'):
        settings['enable_enter_exit_chime'] = chime != 'none'
        if chime != 'none':
            settings['option_enter_exit_chime_type'] = 1 if chime == 'host' else 0
    return settings


def wire_settings(changes, current=None):
    """The nested v2 settings object of neutral setting ``changes`` (only the leaves that change); the
    combined enumerations take the other field of their pair from ``current`` when it is not changed."""
    current = current or {}
    body = {}
    for name, value in changes.items():
        field = FIELDS_BY_NAME[name]
        if name in COMBINED or field.v2 is None:
            continue
        _set_path(body, field.v2, (not value) if field.inverted else value)
    both = dict(current, **changes)
    if 'enable_auto_recording' in changes or 'enable_cloud_auto_recording' in changes:
        if changes.get('enable_auto_recording') is False:
            mode = 'none'     # no automatic recording at all (the current cloud flag must not win)
        elif both.get('enable_cloud_auto_recording'):
            mode = 'cloud'
        else:
            mode = 'local' if both.get('enable_auto_recording') else 'none'
        _set_path(body, AUTO_RECORDING, mode)
    if 'enable_enter_exit_chime' in changes or 'option_enter_exit_chime_type' in changes:
        chime = both.get('enable_enter_exit_chime')
        if chime is True:
            _set_path(body, CHIME, 'host' if both.get('option_enter_exit_chime_type') == 1 else 'all')
        elif 'enable_enter_exit_chime' in changes:
            _set_path(body, CHIME, 'none')
        # else: only the type changes while the chime is off or unknown: a chime that is off has no type, and a type
        # alone must not turn it on (nothing written)
    return body


def neutral_record(raw):
    """The neutral record of a v2 user, without settings (read apart: V2Users.user_settings)."""
    user = {}
    for key in ('id', 'email', 'created_at', 'vanity_url', 'pic_url', 'verified', 'account_id'):
        if key in raw:
            user[key] = raw[key]
    if raw.get('status') in ('active', 'inactive', 'pending'):
        user['status'] = raw['status']
    login_types = raw.get('login_types')
    if isinstance(login_types, list) and login_types:
        user['login_type'] = LOGIN_TYPE_BY_NUMBER.get(login_types[0], login_types[0])
    for field in FIELDS:
        if field.group != 'profile' or field.v2 is None or field.v2 not in raw:
            continue
        user[field.name] = normalise_current(field, raw[field.v2])
    if 'type' in raw:
        user['type'] = TYPE_BY_V2.get(raw['type'], raw['type'])
    if 'vanity_url' in raw or 'vanity_name' in raw:
        user['vanity_name'] = vanity_name_of(raw)
    group_ids = raw.get('group_ids')
    if isinstance(group_ids, list):
        # Every membership; group_id (the option, one group) is the first, as v1 records hold one group.
        user['group_ids'] = [str(group) for group in group_ids if group not in (None, '')]
        user['group_id'] = user['group_ids'][0] if user['group_ids'] else ''
    user[SETTINGS] = {}
    return user


class V2Users(ClientBackend):
    """The backends.base contract over Zoom API v2 (a V2Client)."""

    can_remove_one_assistant = True
    returns_host_key = False
    assistants_per_call = ASSISTANTS_PER_CALL
    # group_id means "is a member of" (a v2 user may be in several groups): compared against group_ids.
    group_membership = True
    combined_settings = True
    # POST /users carries these in user_info; the only PATCH an invited (pending) user takes is its group.
    invitation_carries = INVITATION_CARRIES['v2']
    # GET /users lists no vanity_url, login_types, cms_user_id nor settings (v2-mapping.md c).
    lists_full_records = False

    def __init__(self, client, page_size=PAGE_SIZE):
        super(V2Users, self).__init__(client)
        self.page_size = page_size
        # The settings last read per user id: the other half of a combined enumeration when only one is changed.
        self._settings = {}

    # --- reads -------------------------------------------------------------------------------
    def find_user(self, email=None, user_id=None, login_type=None, settings=True):
        """The neutral record of the user (id or email, any status), or None: GET /users/{userId}, then
        GET /users/{userId}/settings when ``settings`` and the user is not pending."""
        query = {'login_type': LOGIN_TYPE_NAMES.get(login_type)} if login_type in LOGIN_TYPE_NAMES else None
        try:
            raw = self.client.request('GET', '/users/{userId}', [user_id or email], query=query)
        except UserNotFound:
            return None
        self._check_user(raw, 'GET /users/{userId}')
        record = neutral_record(raw)
        if settings and raw.get('status') != 'pending':
            record[SETTINGS] = self.user_settings(raw['id'])
        return record

    def user_settings(self, user_id):
        """GET /users/{userId}/settings, as neutral settings (also kept: the other half of a combined enumeration
        when only one half is changed)."""
        settings = neutral_settings(self.client.request('GET', '/users/{userId}/settings', [user_id]))
        self._settings[user_id] = settings
        return settings

    def find_users(self, emails, login_type=None):
        records = {}
        for email in emails:
            if email_key(email) not in records:
                records[email_key(email)] = self.find_user(email=email, login_type=login_type, settings=False)
        return records

    def list_users(self, statuses=('active', 'inactive', 'pending')):
        """Neutral records of every user with these statuses: GET /users per status, following
        next_page_token; any error part-way fails the whole read."""
        for status in statuses:
            for raw in self._walk(status):
                raw.setdefault('status', status)
                yield neutral_record(raw)

    def _walk(self, status):
        endpoint = 'GET /users'
        token = None
        seen = set()
        pages = 0
        limit = None
        while True:
            query = {'status': status, 'page_size': self.page_size}
            if token:
                query['next_page_token'] = token
            self._pace_list_call()
            page = self.client.request('GET', '/users', query=query)
            users = page.get('users')
            if not isinstance(users, list) or any(not isinstance(user, dict) or not _is_text(user.get('email'))
                                                  for user in users):
                raise self.client.not_zoom(endpoint, "'users' is not a list of users with an email")
            total = page.get('total_records')
            if limit is None:
                limit = (total // self.page_size + 2) if _is_int(total) and total >= 0 else 10000
            pages += 1
            yield from users
            token = page.get('next_page_token')
            if not token:
                return
            if token in seen or pages >= limit:
                raise self.client.not_zoom(endpoint, 'next_page_token leads past the %d pages the first page'
                                           ' announced, or back to a page already read' % limit)
            seen.add(token)

    def assistants(self, host_id):
        answer = self.client.request('GET', '/users/{userId}/assistants', [host_id])
        found = answer.get('assistants')
        if not isinstance(found, list):
            # pylint: disable-next=raising-format-tuple  # {userId} is a path template, not a format field
            raise self.client.not_zoom('GET /users/{userId}/assistants', "the answer has no 'assistants' list")
        return [item.get('email') for item in found if isinstance(item, dict)]

    def check_zpk(self, zpk):
        raise ZoomError('zpk', None, 'zpk has no Zoom API v2 equivalent')

    # --- writes ------------------------------------------------------------------------------
    def create(self, create_method, fields):
        """POST /users with the action and user_info, then (unless the user is invited, pending) PATCH
        /users/{id} and /users/{id}/settings for what the create does not carry, and the group."""
        fields = dict(fields)
        info = {'email': fields.pop('email'), 'type': V2_TYPES.get(fields.pop('type', 'basic'), 1)}
        password = fields.pop('password', None)
        if create_method == 'autocreate' and password is not None:
            info['password'] = password
        for name in V2_CREATE_CARRIES:
            if fields.get(name) is not None:
                info[name] = fields.pop(name)
        try:
            raw = self.client.request('POST', '/users', body={'action': CREATE_ACTIONS[create_method],
                                                              'user_info': info})
        except UserAlreadyExists as exc:
            exc.retried = self.client.last_attempts > 1
            raise
        self._check_user(raw, 'POST /users')
        pending = create_method == 'create'
        raw['status'] = 'pending' if pending else 'active'
        raw['login_types'] = [LOGIN_TYPE_NAMES[{'custcreate': 'api', 'ssocreate': 'sso'}.get(create_method, 'zoom')]]
        record = neutral_record(raw)
        if pending:
            # v2 applies only the group to an invited user (PATCH /users/{userId} answers 204 and drops the rest).
            if fields.get('group_id'):
                self.client.request('PATCH', '/users/{userId}', [raw['id']], body={'group_id': fields['group_id']})
            return record
        rest = dict((name, value) for name, value in fields.items() if value is not None)
        if rest:
            self.update(raw['id'], rest)
        return record

    def update(self, user_id, changes):
        """PATCH /users/{userId} (profile), PATCH /users/{userId}/settings (nested), POST /groups/{g}/members."""
        profile, settings = {}, {}
        group = None
        for name, value in changes.items():
            field = FIELDS_BY_NAME[name]
            if field.group == 'settings':
                settings[name] = value
            elif name == 'group_id':
                group = value
            elif name == 'type':
                profile['type'] = V2_TYPES.get(value, value)
            elif name in WRITE_ONLY_PROFILE:
                profile[WRITE_ONLY_PROFILE[name]] = value
            elif field.v2 is not None:
                profile[field.v2] = value
            else:
                # pylint: disable-next=raising-format-tuple  # {userId} is a path template, not a format field
                raise ZoomError('PATCH /users/{userId}', None, '%s has no Zoom API v2 equivalent' % name)
        if profile:
            self.client.request('PATCH', '/users/{userId}', [user_id], body=profile)
        if settings:
            body = wire_settings(settings, self._settings.get(user_id))
            self.client.request('PATCH', '/users/{userId}/settings', [user_id], body=body)
        if group:
            self.client.request('POST', '/groups/{groupId}/members', [group], body={'members': [{'id': user_id}]})

    def set_status(self, user_id, active):
        self.client.request('PUT', '/users/{userId}/status', [user_id], body={'action': 'activate' if active else 'deactivate'})

    def set_password(self, user_id, password):
        self.client.request('PUT', '/users/{userId}/password', [user_id], body={'password': password})

    def revoke_token(self, user_id):
        self.client.request('DELETE', '/users/{userId}/token', [user_id])

    def delete(self, user_id, pending=False, permanent=False):
        """DELETE /users/{userId}: action=delete (permanent) or disassociate; no query for a pending user."""
        query = None if pending else {'action': 'delete' if permanent else 'disassociate'}
        try:
            self.client.request('DELETE', '/users/{userId}', [user_id], query=query)
        except UserNotFound:
            pass

    def add_assistant(self, host_id, assistant_email):
        self.add_assistants(host_id, [assistant_email])

    def add_assistants(self, host_id, emails):
        """POST /users/{userId}/assistants, up to 30 assistants a call."""
        emails = list(emails)
        for start in range(0, len(emails), ASSISTANTS_PER_CALL):
            chunk = emails[start:start + ASSISTANTS_PER_CALL]
            self.client.request('POST', '/users/{userId}/assistants', [host_id],
                                body={'assistants': [{'email': email} for email in chunk]})

    def remove_assistant(self, host_id, assistant_email):
        self.client.request('DELETE', '/users/{userId}/assistants/{assistantId}', [host_id, assistant_email])

    def clear_assistants(self, host_id):
        self.client.request('DELETE', '/users/{userId}/assistants', [host_id])

    def _check_user(self, raw, endpoint):
        if not _is_text(raw.get('id')) or not _is_text(raw.get('email')):
            raise self.client.not_zoom(endpoint, "the user record lacks 'id' or 'email'")


def _is_text(value):
    return isinstance(value, string_types) and value != ''


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)
