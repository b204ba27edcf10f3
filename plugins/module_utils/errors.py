# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The errors of the collection, in one place.

``ZoomError`` is any failed call to Zoom. Backends raise the subclass that says what went wrong, so
that the domain and the module base act on the class, never on a Zoom error number (which differs
between API versions and is known only to the backend that decodes it):

- ``UserNotFound``: the user asked for does not exist in the account;
- ``UserAlreadyExists``: a create met a user (or an invitation) with that email;
- ``RateLimited``: Zoom's rate limit was still reached after every retry the transport allows;
- ``AuthenticationFailed``: the credentials were refused;
- ``InvalidAnswer``: the server did not answer like Zoom's API (wrong shape, not JSON, ...).

Every one keeps the attributes of ZoomError (endpoint, code, message, retryable, host): ``code`` is
Zoom's own number when one came back (reported as ``zoom_code``), for the user to read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ZoomError(Exception):
    """A failed Zoom API call: the endpoint, Zoom's error code (None when no Zoom error came back)
    and a message that never contains credentials."""

    def __init__(self, endpoint, code, message, retryable=False, host=None):
        self.endpoint = endpoint
        self.code = code
        self.message = message
        self.retryable = retryable
        # The server that gave Zoom's error (the messages of other failures name it themselves).
        self.host = host
        super(ZoomError, self).__init__(self.__str__())

    def __str__(self):
        if self.code is None:
            return '%s: %s' % (self.endpoint, self.message)
        if self.host:
            return '%s: Zoom error %s from %s: %s' % (self.endpoint, self.code, self.host, self.message)
        return '%s: Zoom error %s: %s' % (self.endpoint, self.code, self.message)


class UserNotFound(ZoomError):
    """The user (by id or email) does not exist in the account."""


class UserAlreadyExists(ZoomError):
    """A create met a user with the same email (another run created it, or a retried create of
    ours was applied before its answer was lost: ``retried`` says the create took more than one
    attempt)."""

    retried = False


class RateLimited(ZoomError):
    """Zoom's rate limit was reached and stayed reached through every retry (or asked for a longer wait
    than the transport accepts)."""


class AuthenticationFailed(ZoomError):
    """Zoom refused the credentials (key and secret, or the OAuth client)."""


class InvalidAnswer(ZoomError):
    """The server did not answer like Zoom's API: ``message`` says what was wrong with the answer."""


class Failed(Exception):
    """A ZoomError part-way through a domain operation: ``what`` was being done (the start of the
    module's msg) and ``result``, the keys to report beside it (``applied``: the actions that went
    through before it, ``changed``: whether there are any)."""

    def __init__(self, error, what, **result):
        super(Failed, self).__init__('%s failed: %s' % (what, error))
        self.error = error
        self.what = what
        self.result = result
        # The module's msg.
        self.message = '%s failed: %s' % (what, error)
        # Warnings given before the failure (reported with it).
        self.warnings = []


class Refused(ValueError):
    """The wanted state cannot be reached, found before any write: the message says why; ``result``
    holds the keys to report beside it."""

    def __init__(self, message, **result):
        super(Refused, self).__init__(message)
        self.result = result
        self.warnings = []
