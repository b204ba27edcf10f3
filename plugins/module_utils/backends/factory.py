# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that picks a backend from the connection options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.zoomops.zoom.plugins.module_utils.auth import BasicClient, ServerToServerOAuth, TokenCache
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client, V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v2 import V2Client, V2Users, unsupported_options
from ansible_collections.zoomops.zoom.plugins.module_utils.connection import (
    DEFAULT_OAUTH_URL, resolved_api_url, resolved_api_version,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.pacing import pace_for
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, Transport

DEFAULT_API_VERSION = 'v1'
KNOWN_API_VERSIONS = ('v1', 'v2')


def missing_requirement():
    """The traceback of the failed import of requests, the HTTP library every backend needs, or None when
    it is there (the module base then fails cleanly, naming it)."""
    return None if HAS_REQUESTS else REQUESTS_IMPORT_ERROR


def api_version_problem(params):
    """A message when the connection options ask for an API version no backend speaks, else None."""
    version = params.get('api_version') or DEFAULT_API_VERSION
    if version not in KNOWN_API_VERSIONS:
        return 'api_version %r is not supported: this collection speaks %s' % (version, ', '.join(KNOWN_API_VERSIONS))
    return None


def option_problems(params):
    """Module options the chosen API cannot honour (messages naming each), [] when none: checked before any call."""
    try:
        version = resolved_api_version(params)
    except ValueError:
        return []
    return unsupported_options(params) if version == 'v2' else []


def backend_for(params, on_secret=None):
    """The backend (backends.base.UsersBackend) for checked connection options (common.connection_problem):
    Zoom API v1 or v2 (common.resolved_api_version). ``on_secret(value)`` is called with every secret obtained
    at run time (an OAuth access token) as soon as it is known. List calls are paced (pacing.py). Raises ValueError
    for an unknown ``api_version`` or a bad ZOOM_LIST_PACE."""
    problem = api_version_problem(params)
    if problem:
        raise ValueError(problem)
    version = resolved_api_version(params)
    options = dict(timeout=params['timeout'], validate_certs=params['validate_certs'], retries=params['retries'])
    api_url = resolved_api_url(params, version)
    if version == 'v1':
        backend = V1Users(V1Client(api_url, params['api_key'], params['api_secret'], **options))
    else:
        oauth = token_source_for(params, on_secret)
        backend = V2Users(V2Client(api_url, oauth=oauth, access_token=params.get('access_token') or None, **options))
    backend.list_pace = pace_for(version, backend.client.host)
    return backend


def token_source_for(params, on_secret=None):
    """The Server-to-Server OAuth token source (auth.ServerToServerOAuth) of checked connection options, None when
    they do not hold account_id, client_id and client_secret."""
    if not (params.get('client_id') and params.get('client_secret') and params.get('account_id')):
        return None
    token_transport = Transport(params.get('oauth_url') or DEFAULT_OAUTH_URL,
                                auth=BasicClient(params['client_id'], params['client_secret']),
                                timeout=params['timeout'], validate_certs=params['validate_certs'],
                                retries=params['retries'])
    cache = None
    if params.get('token_cache'):
        cache = TokenCache(params['token_cache'], params.get('oauth_url') or DEFAULT_OAUTH_URL, params['account_id'],
                           params['client_id'], params['client_secret'])
    return ServerToServerOAuth(token_transport, params['account_id'], on_token=on_secret, cache=cache)
