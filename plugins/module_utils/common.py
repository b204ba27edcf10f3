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
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import DEFAULT_API_URL, check_api_url

_CONNECTION_SPEC = dict(
    api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['ZOOM_API_URL']), no_log=False),
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
        if field.choices is not None:
            option['choices'] = list(field.choices)
        settings[field.name] = option
    spec['settings'] = dict(type='dict', options=settings)
    return spec


def connection_problem(params):
    """What is wrong with the connection options (a message naming the option and its environment
    variable), or None. Checked before any call."""
    missing = [(option, variable) for option, variable in (('api_key', 'ZOOM_API_KEY'), ('api_secret', 'ZOOM_API_SECRET'))
               if not params.get(option)]
    if missing:
        options = ' and '.join(option for option, _variable in missing)
        variables = ' and '.join(variable for _option, variable in missing)
        return ('missing %s: set the %s option%s (on the task, or once for all tasks with module_defaults for'
                ' group/zoomops.zoom.zoom) or the %s environment variable%s' % (
                    options, options, 's' if len(missing) > 1 else '', variables, 's' if len(missing) > 1 else ''))
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
