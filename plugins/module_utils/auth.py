# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a request carries the credentials: one class per way, plugged into the transport.

A new way to log in (v2's Server-to-Server OAuth bearer token) is a new class here with the same two
methods, not a change in the transport or in a backend's calls.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


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
