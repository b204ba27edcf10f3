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

    def __init__(self, transport, account_id, on_token=None):
        self.transport = transport
        self.account_id = account_id
        self.on_token = on_token
        self.requests = 0
        # expires_in (seconds) and scope of the last token, when the server gave them.
        self.expires_in = None
        self.scope = None

    def token(self):
        """A new access token (text); raises errors.AuthenticationFailed when the app's credentials or the
        account are refused, ZoomError/InvalidAnswer for what else goes wrong."""
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
