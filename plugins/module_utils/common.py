# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options and their checks, and the argument spec of user
fields derived from the catalogue."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible.module_utils.basic import env_fallback

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import BOOL, INT, PROFILE_FIELDS, SETTINGS_FIELDS
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import check_api_url

from ansible_collections.zoomops.zoom.plugins.module_utils.connection import (
    DEFAULT_OAUTH_URL, KEY_OPTIONS, OAUTH_OPTIONS, resolved_api_version,
)

# api_url has no default in the spec: it follows api_version (resolved_api_url), and the docs say so.
_CONNECTION_SPEC = dict(
    api_url=dict(type='str', fallback=(env_fallback, ['ZOOM_API_URL']), no_log=False),
    api_version=dict(type='str', choices=['v1', 'v2'], fallback=(env_fallback, ['ZOOM_API_VERSION'])),
    account_id=dict(type='str', fallback=(env_fallback, ['ZOOM_ACCOUNT_ID']), no_log=False),
    client_id=dict(type='str', fallback=(env_fallback, ['ZOOM_CLIENT_ID']), no_log=False),
    client_secret=dict(type='str', fallback=(env_fallback, ['ZOOM_CLIENT_SECRET']), no_log=True),
    oauth_url=dict(type='str', default=DEFAULT_OAUTH_URL, fallback=(env_fallback, ['ZOOM_OAUTH_URL']), no_log=False),
    access_token=dict(type='str', no_log=True),
    token_cache=dict(type='path'),
    # Not 'required': they often come from module_defaults or ZOOM_* variables, which linters
    # cannot see; module.ZoomModule.backend() checks them before any call.
    api_key=dict(type='str', fallback=(env_fallback, ['ZOOM_API_KEY']), no_log=False),
    api_secret=dict(type='str', fallback=(env_fallback, ['ZOOM_API_SECRET']), no_log=True),
    timeout=dict(type='float', default=30),
    validate_certs=dict(type='bool', default=True),
    retries=dict(type='int', default=5),
)

# Options that accept a name or a number are 'raw' and checked by the domain's parsers.
_RAW_PROFILE = ('type', 'pmi')


def connection_argument_spec():
    """A fresh copy of the connection options every module takes (doc fragment zoomops.zoom.connection)."""
    return copy.deepcopy(_CONNECTION_SPEC)


def user_fields_argument_spec():
    """The profile options and the ``settings`` dict of zoom_user, derived from the field catalogue."""
    spec = {}
    for field in PROFILE_FIELDS:
        option = {'type': 'raw' if field.name in _RAW_PROFILE else 'str'}
        if field.secret:
            option['no_log'] = True
        spec[field.name] = option
    settings = {}
    for field in SETTINGS_FIELDS:
        option = {'type': 'bool' if field.kind == BOOL else 'int' if field.kind == INT else 'str'}
        # Every value some API accepts: the domain checks it against the API at hand (fields.Field.rule).
        if field.any_choices is not None:
            option['choices'] = list(field.any_choices)
        settings[field.name] = option
    spec['settings'] = dict(type='dict', options=settings)
    return spec


def _missing_message(missing):
    options = ' and '.join(option for option, _variable in missing)
    variables = ' and '.join(variable for _option, variable in missing)
    plural = 's' if len(missing) > 1 else ''
    return ('missing %s: set the %s option%s (on the task, or once for all tasks with module_defaults for'
            ' group/zoomops.zoom.zoom) or the %s environment variable%s' % (options, options, plural, variables, plural))


def connection_problem(params):
    """What is wrong with the connection options (a message naming the option and its environment
    variable), or None. Checked before any call."""
    has_v2_options = any(params.get(option) for option, _variable in OAUTH_OPTIONS) or params.get('access_token')
    if not params.get('api_version') and not has_v2_options:
        version = 'v1'   # v1's own message names what is missing, as before API v2
    else:
        try:
            version = resolved_api_version(params)
        except ValueError as exc:
            return str(exc)
    if version == 'v2':
        return _v2_problem(params)
    missing = [(option, variable) for option, variable in KEY_OPTIONS if not params.get(option)]
    if missing:
        return _missing_message(missing)
    return _common_problem(params)


def _v2_problem(params):
    if not params.get('access_token'):
        missing = [(option, variable) for option, variable in OAUTH_OPTIONS if not params.get(option)]
        if missing:
            return _missing_message(missing) + ' (Zoom API v2 needs account_id, client_id and client_secret)'
    try:
        check_api_url(params.get('oauth_url') or DEFAULT_OAUTH_URL)
    except ValueError as exc:
        return 'invalid oauth_url (or ZOOM_OAUTH_URL): %s' % str(exc).replace('api_url', 'oauth_url')
    return _common_problem(params)


def _common_problem(params):
    try:
        check_api_url(params.get('api_url'))
    except ValueError as exc:
        return 'invalid api_url (or ZOOM_API_URL): %s' % exc
    if params['retries'] < 0:
        return 'retries must be 0 or more, not %d' % params['retries']
    timeout = params['timeout']
    if not timeout > 0 or timeout == float('inf'):
        return 'timeout must be a number of seconds more than 0'
    return None


def mask_url_secrets(module, api_url):
    """Hide the user:password, query and fragment of a rejected api_url from every output of the
    module (the invocation shown at -vvvv included): Ansible masks its no_log values everywhere."""
    if not api_url:
        return
    text = str(api_url)
    rest = text.split('://', 1)[-1]
    authority = rest.split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]
    secrets = []
    if '@' in authority:
        userinfo = authority.rsplit('@', 1)[0]
        secrets.append(userinfo)
        if ':' in userinfo:
            secrets.append(userinfo.split(':', 1)[1])
    for mark in ('?', '#'):
        if mark in text:
            secrets.append(text.split(mark, 1)[1])
    for secret in secrets:
        if secret:
            module.no_log_values.add(secret)
