# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup: one request to the emulator's control API, sent by the controller."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: emulator_control
short_description: Send one request to the Zoom emulator's control API from the controller
description:
  - Sends one request to a URL of the emulator's control API (C(/_emulator/...), on 127.0.0.1) and returns the
    parsed JSON answer (or an empty string). Keyword arguments other than O(method) are sent as the JSON body.
  - A task that sets up the emulator mid-play (queue a fault, clear the faults) costs a lookup in the controller,
    where an C(ansible.builtin.uri) task costs a module process.
options:
  _terms:
    description: The control API URL.
    required: true
  method:
    description: The HTTP method.
    default: GET
"""

import json
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase


class _NoRedirect(HTTPRedirectHandler):
    """A redirect is an error: the request goes to the URL checked, nowhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise AnsibleError('emulator_control does not follow redirects (%s to %s)' % (code, newurl))


OPENER = build_opener(_NoRedirect)


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        method = kwargs.pop('method', 'GET')
        answers = []
        for url in terms:
            parts = urlsplit(url)
            if parts.hostname != '127.0.0.1' or not parts.path.startswith('/_emulator/'):
                raise AnsibleError('emulator_control sends only to the emulator control API on 127.0.0.1, not %s' % url)
            data = json.dumps(kwargs).encode('utf-8') if kwargs else None
            request = Request(url, data=data, method=method, headers={'Content-Type': 'application/json'})
            with OPENER.open(request, timeout=30) as response:
                body = response.read()
            answers.append(json.loads(body) if body else '')
        return answers
