# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API the connection options ask for, and its base URL: pure, shared by the module base (which checks
the options) and the backend factory (which builds the backend for them)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DEFAULT_V1_API_URL = 'https://api.zoom.us/v1'
DEFAULT_V2_API_URL = 'https://api.zoom.us/v2'
DEFAULT_OAUTH_URL = 'https://zoom.us/oauth/token'
OAUTH_OPTIONS = (('account_id', 'ZOOM_ACCOUNT_ID'), ('client_id', 'ZOOM_CLIENT_ID'), ('client_secret', 'ZOOM_CLIENT_SECRET'))
KEY_OPTIONS = (('api_key', 'ZOOM_API_KEY'), ('api_secret', 'ZOOM_API_SECRET'))


def resolved_api_version(params):
    """The API version the connection options ask for: ``api_version`` when set, else v2 when OAuth credentials
    (or an access token) are given, v1 when only api_key/api_secret are. Raises ValueError when it is unset and
    both kinds or neither are given."""
    version = params.get('api_version')
    if version:
        return version
    oauth = any(params.get(option) for option, _variable in OAUTH_OPTIONS) or bool(params.get('access_token'))
    key = any(params.get(option) for option, _variable in KEY_OPTIONS)
    if oauth and key:
        raise ValueError('both API v1 credentials (api_key/api_secret) and API v2 credentials (account_id/client_id/'
                         'client_secret or access_token) are given: set api_version (or ZOOM_API_VERSION) to v1 or v2')
    if oauth:
        return 'v2'
    if key:
        return 'v1'
    raise ValueError('no credentials: give account_id, client_id and client_secret (Zoom API v2, Server-to-Server '
                     'OAuth; or ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), or api_key and api_secret '
                     '(API v1; or ZOOM_API_KEY and ZOOM_API_SECRET), on the task or once for all tasks with '
                     'module_defaults for group/zoomops.zoom.zoom')


def resolved_api_url(params, version):
    """``api_url``, or the default of the API version."""
    return params.get('api_url') or (DEFAULT_V2_API_URL if version == 'v2' else DEFAULT_V1_API_URL)
