# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a request carries the credentials: one class per way, plugged into the transport.

A new way to log in (v2's Server-to-Server OAuth bearer token) is a new class here with the same two
methods, not a change in the transport or in a backend's calls.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import json
import os
import stat
import time

from ansible.module_utils.six import string_types

from ansible_collections.zoomops.zoom.plugins.module_utils.errors import AuthenticationFailed


class Authentication:
    """What the transport asks of an authentication: add the credentials to a request, and name the
    values that must be masked in any message."""

    def apply(self, call):
        """Add the credentials to ``call``: a dict with ``method``, ``headers`` and, when the request
        has them, ``data`` (form fields), ``json`` and ``params``."""
        raise NotImplementedError

    def secrets(self):
        """The credential values (never shown in a message, even when a server echoes them)."""
        raise NotImplementedError


class FormKeyAndSecret(Authentication):
    """Zoom v1: ``api_key`` and ``api_secret`` travel as form fields of every request."""

    def __init__(self, api_key, api_secret):
        self._fields = {'api_key': api_key or '', 'api_secret': api_secret or ''}

    def apply(self, call):
        call.setdefault('data', {}).update(self._fields)

    def secrets(self):
        return [self._fields['api_secret']] if self._fields['api_secret'] else []


class BearerToken(Authentication):
    """An OAuth access token in the Authorization header (what Zoom v2 takes). Getting and renewing
    the token (Server-to-Server OAuth) belongs to the v2 backend, which gives it here."""

    def __init__(self, token):
        self.token = token

    def apply(self, call):
        call['headers']['Authorization'] = 'Bearer %s' % self.token

    def secrets(self):
        return [self.token] if self.token else []


class BasicClient(Authentication):
    """HTTP Basic ``client_id:client_secret`` (what Zoom's OAuth token endpoint takes)."""

    def __init__(self, client_id, client_secret):
        raw = ('%s:%s' % (client_id or '', client_secret or '')).encode('utf-8')
        self._header = 'Basic %s' % base64.b64encode(raw).decode('ascii')
        self._secret = client_secret or ''

    def apply(self, call):
        call['headers']['Authorization'] = self._header

    def secrets(self):
        return [value for value in (self._secret, self._header.split(' ', 1)[1]) if value]


class ServerToServerOAuth:
    """Zoom's Server-to-Server OAuth: ``token()`` asks ``oauth_url`` for an access token (POST with HTTP
    Basic client_id:client_secret and the form grant_type=account_credentials&account_id=...), through
    ``transport`` (a transport.Transport for oauth_url: no redirects, bounded, retried like any call).

    ``on_token(token)`` is called with each token as soon as it is obtained (the module adds it to its
    no_log values, so that Ansible masks it in every output)."""

    ENDPOINT = 'POST /oauth/token'

    def __init__(self, transport, account_id, on_token=None, cache=None):
        self.transport = transport
        self.account_id = account_id
        self.on_token = on_token
        self.cache = cache
        self.requests = 0
        # expires_in (seconds) and scope of the last token, when the server gave them.
        self.expires_in = None
        self.scope = None

    def token(self, fresh=False):
        """An access token (text): the cached one when there is a ``cache`` (TokenCache) holding a valid one and
        not ``fresh``, else a new one (then cached). Raises errors.AuthenticationFailed when the app's credentials
        or the account are refused, ZoomError/InvalidAnswer for what else goes wrong."""
        if self.cache is not None and not fresh:
            cached = self.cache.load()
            if cached is not None:
                if self.on_token is not None:
                    self.on_token(cached)
                return cached
        self.requests += 1
        answer = self.transport.send(self.ENDPOINT, 'POST', path='',
                                     form={'grant_type': 'account_credentials', 'account_id': self.account_id},
                                     inspect=_inspect_token_answer)
        token = answer.get('access_token')
        if not isinstance(token, string_types) or not token:
            raise self.transport.not_zoom(self.ENDPOINT, "the answer has no 'access_token'")
        if self.on_token is not None:
            self.on_token(token)
        expires_in = answer.get('expires_in')
        self.expires_in = expires_in if isinstance(expires_in, int) and not isinstance(expires_in, bool) else None
        self.scope = answer.get('scope') if isinstance(answer.get('scope'), string_types) else None
        if self.cache is not None:
            self.cache.store(token, self.expires_in)
        return token


def _inspect_token_answer(answer):
    """OAuth errors ({"error", "reason"}, HTTP 400/401) become AuthenticationFailed naming what to check."""
    if answer.status < 400:
        return
    body = answer.body if isinstance(answer.body, dict) else {}
    error = answer.text(body.get('error') or 'HTTP %d' % answer.status)
    reason = answer.text(body.get('reason') or body.get('message') or '')
    hint = {
        'invalid_client': 'check client_id and client_secret (ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET)',
        'invalid_grant': 'check account_id (ZOOM_ACCOUNT_ID)',
    }.get(error, 'check oauth_url, account_id, client_id and client_secret')
    raise AuthenticationFailed(answer.endpoint, None, 'the OAuth server at %s refused the token request (HTTP %d,'
                               ' %s%s): %s' % (answer.host, answer.status, error,
                                               ': %s' % reason if reason else '', hint), host=answer.host)


class TokenCache:
    """An access token kept in a file the user chose (``token_cache``), so that the tasks of a play share one.

    The file is the owner's alone: written atomically (a new file created with mode 0600, then renamed over the
    old one), and refused - never read nor replaced - when it is a symbolic link, belongs to another user or is
    readable or writable by the group or others. It holds the token, its expiry and a fingerprint of oauth_url,
    account_id, client_id and client_secret (a digest, never the secret): a token of other credentials is not used.
    """

    ENDPOINT = 'token_cache'
    # A cached token is not used in its last minute (a task may last that long).
    MARGIN = 60

    def __init__(self, path, oauth_url, account_id, client_id, client_secret, now=time.time):
        self.path = path
        self._now = now
        secret_digest = hashlib.sha256((client_secret or '').encode('utf-8')).hexdigest()
        self.key = hashlib.sha256('\n'.join([oauth_url or '', account_id or '', client_id or '', secret_digest])
                                  .encode('utf-8')).hexdigest()

    def _refuse(self, why):
        raise AuthenticationFailed(self.ENDPOINT, None, 'token_cache %s %s' % (self.path, why))

    def _check(self, info):
        if stat.S_ISLNK(info.st_mode):
            self._refuse('is a symbolic link: refused (give the path of a regular file)')
        if not stat.S_ISREG(info.st_mode):
            self._refuse('is not a regular file: refused')
        if hasattr(os, 'geteuid') and info.st_uid != os.geteuid():
            self._refuse('belongs to another user: refused')
        if info.st_mode & 0o077:
            self._refuse('can be read or written by the group or others (mode %04o): refused; make it 0600 or '
                         'remove it' % stat.S_IMODE(info.st_mode))

    def load(self):
        """The cached token when it is valid for these credentials, else None."""
        try:
            info = os.lstat(self.path)
        except OSError:
            return None
        self._check(info)
        flags = os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0)
        try:
            handle = os.open(self.path, flags)
        except OSError:
            return None
        try:
            self._check(os.fstat(handle))
            raw = os.read(handle, 65536)
        finally:
            os.close(handle)
        try:
            data = json.loads(raw.decode('utf-8'))
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get('key') != self.key:
            return None
        token, expires_at = data.get('access_token'), data.get('expires_at')
        if not isinstance(token, string_types) or not token or not isinstance(expires_at, (int, float)):
            return None
        return token if expires_at - self.MARGIN > self._now() else None

    def store(self, token, expires_in):
        """Keep ``token`` (valid ``expires_in`` seconds; one hour when unknown) for the next tasks."""
        try:
            info = os.lstat(self.path)
        except OSError:
            info = None
        if info is not None:
            self._check(info)
        expires_at = self._now() + (expires_in if expires_in is not None else 3600)
        payload = json.dumps({'key': self.key, 'access_token': token, 'expires_at': expires_at}).encode('utf-8')
        temporary = '%s.%d.%s.tmp' % (self.path, os.getpid(), base64.b16encode(os.urandom(6)).decode('ascii'))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, 'O_NOFOLLOW', 0)
        try:
            handle = os.open(temporary, flags, 0o600)
        except OSError as exc:
            self._refuse('cannot be written: %s' % exc.strerror)
        try:
            os.write(handle, payload)
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            os.rename(temporary, self.path)
        except OSError as exc:
            os.unlink(temporary)
            self._refuse('cannot be written: %s' % exc.strerror)
