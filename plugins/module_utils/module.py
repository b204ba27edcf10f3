# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module base: what every module of the collection does around its one domain call.

``ZoomModule`` is an AnsibleModule that checks the connection options before any call, builds the
backend for them (backends.factory) and turns the domain's failures into ``fail_json``: a ZoomError
with the endpoint and Zoom's code (``zoom_code``), ``applied`` and ``changed`` when actions went
through before it; a refusal (errors.Refused) or invalid input with the keys it carries.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.factory import (
    backend_for, missing_requirement, option_problems, token_source_for,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.common import (
    connection_problem, mask_url_secrets, resolved_api_version,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import API_NAMES


def invalid_input_prefix(params):
    """The one prefix of every refusal of input before any call: ``invalid input``, and on Zoom API v2
    ``invalid input for Zoom API v2``."""
    try:
        version = resolved_api_version(params)
    except ValueError:
        version = None
    return 'invalid input for %s' % API_NAMES['v2'] if version == 'v2' else 'invalid input'


class ZoomModule(AnsibleModule):
    """An AnsibleModule of this collection (``argument_spec`` includes the connection options:
    common.connection_argument_spec). Supports check mode."""

    def __init__(self, argument_spec, **kwargs):
        kwargs.setdefault('supports_check_mode', True)
        super(ZoomModule, self).__init__(argument_spec=argument_spec, **kwargs)

    def backend(self):
        """The backend for the connection options; fails the module, before any call, when they are
        unusable or the requests library is missing."""
        missing = missing_requirement()
        if missing is not None:
            self.fail_json(msg=missing_required_lib('requests'), exception=missing)
        self.check_connection(self.params)
        problems = option_problems(self.params)
        if problems:
            self.fail_invalid('; '.join(problems))
        try:
            return backend_for(self.params, on_secret=self.no_log_values.add)
        except ValueError as exc:
            self.fail_json(msg=str(exc))

    def api_version(self):
        """The API version (v1 or v2) the connection options ask for, to check values against that API's rules
        before any call; fails the module when the options name neither or both kinds of credentials."""
        try:
            return resolved_api_version(self.params)
        except ValueError:
            self.check_connection(self.params)   # fails, naming what is missing or contradictory
            raise

    def check_connection(self, params):
        """Fail, before any call, when the connection options ``params`` are unusable (URLs' secrets masked)."""
        problem = connection_problem(params)
        if problem:
            mask_url_secrets(self, params.get('api_url'))
            mask_url_secrets(self, params.get('oauth_url'))
            self.fail_json(msg=problem)

    def new_access_token(self):
        """A new API v2 access token from the connection's Server-to-Server OAuth credentials: (token, expires_in,
        scope), the last two None when Zoom did not say. Fails the module before any call when the options are
        unusable, and on a refused request."""
        missing = missing_requirement()
        if missing is not None:
            self.fail_json(msg=missing_required_lib('requests'), exception=missing)
        params = dict(self.params, api_version='v2')
        self.check_connection(params)
        source = token_source_for(params)
        if source is None:
            self.fail_json(msg='missing account_id, client_id or client_secret (or ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, '
                               'ZOOM_CLIENT_SECRET): an access token is asked for with all three')
        try:
            token = source.token()
        except ZoomError as exc:
            self.fail_on(exc, 'getting an access token')
        return token, source.expires_in, source.scope

    def fail_invalid(self, problem, **result):
        """Fail on input that cannot be sent to Zoom (found before any call); the message names the API when the
        connection options choose v2 (whose rules refused it)."""
        self.fail_json(msg='%s: %s' % (invalid_input_prefix(self.params), problem), **result)

    def fail_on(self, failure, what=None, **result):
        """Fail on a Failed, a Refused or a ZoomError (``what`` was being done), with the keys and warnings
        they carry."""
        for warning in getattr(failure, 'warnings', ()):
            self.warn(warning)
        if isinstance(failure, Failed):
            result = dict(result, **failure.result)
            self.fail_json(msg=failure.message, endpoint=failure.error.endpoint, zoom_code=failure.error.code,
                           **result)
        if isinstance(failure, Refused):
            self.fail_json(msg=str(failure), **dict(result, **failure.result))
        if isinstance(failure, ZoomError):
            self.fail_json(msg='%s failed: %s' % (what, failure), endpoint=failure.endpoint, zoom_code=failure.code,
                           **result)
        raise failure

    def exit_with(self, warnings=(), **result):
        """Warn, then exit with ``result``."""
        for warning in warnings:
            self.warn(warning)
        self.exit_json(**result)
