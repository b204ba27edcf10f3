# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that picks a backend from the connection options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client, V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR

DEFAULT_API_VERSION = 'v1'
KNOWN_API_VERSIONS = ('v1',)


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


def backend_for(params):
    """The backend (backends.base.UsersBackend) for checked connection options (common.connection_problem):
    today always Zoom API v1. Raises
    ValueError for an unknown ``api_version``."""
    problem = api_version_problem(params)
    if problem:
        raise ValueError(problem)
    client = V1Client(params['api_url'], params['api_key'], params['api_secret'], timeout=params['timeout'],
                      validate_certs=params['validate_certs'], retries=params['retries'])
    return V1Users(client)
