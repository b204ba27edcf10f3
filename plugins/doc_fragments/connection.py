# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the Zoom API.
      - If not set, the environment variable E(ZOOM_API_URL) is used; if neither is set, the default of
        O(api_version) - C(https://api.zoom.us/v2) for v2, C(https://api.zoom.us/v1) for v1.
      - Point it at the emulator shipped in C(tests/emulator/) to test playbooks offline.
      - It must start with C(https://) (or C(http://) for a test server), name a host, and hold no
        C(user:password@), query string or fragment; this is checked before any call.
      - Redirects are never followed, since every call carries the credentials;
        an HTTP 3xx answer fails the task at once, naming the status and the host it points to.
    type: str
  api_version:
    description:
      - The Zoom API to speak - V(v2) (REST API with Server-to-Server OAuth, what real accounts use) or
        V(v1) (the retired API, spoken by the emulator).
      - If not set, the environment variable E(ZOOM_API_VERSION) is used; if neither is set, V(v2) when
        O(account_id), O(client_id), O(client_secret) or O(access_token) are given, V(v1) when only
        O(api_key) and O(api_secret) are. Giving both kinds, or neither, fails before any call.
    type: str
    choices: [v1, v2]
    version_added: 0.2.0
  account_id:
    description:
      - API v2 - the account ID of the Server-to-Server OAuth app.
      - If not set, the environment variable E(ZOOM_ACCOUNT_ID) is used.
    type: str
    version_added: 0.2.0
  client_id:
    description:
      - API v2 - the client ID of the Server-to-Server OAuth app.
      - If not set, the environment variable E(ZOOM_CLIENT_ID) is used.
    type: str
    version_added: 0.2.0
  client_secret:
    description:
      - API v2 - the client secret of the Server-to-Server OAuth app. It is never logged or returned.
      - If not set, the environment variable E(ZOOM_CLIENT_SECRET) is used.
    type: str
    version_added: 0.2.0
  oauth_url:
    description:
      - API v2 - the OAuth token endpoint. A task asks it for an access token (HTTP Basic O(client_id) and
        O(client_secret), grant type C(account_credentials) for O(account_id)) unless O(access_token) is given.
      - The access token is never logged or returned; on HTTP 401 (Zoom code 124) a new one is asked for once
        and the call retried. A token that lacks a scope fails the task at once, naming the scopes.
      - If not set, the environment variable E(ZOOM_OAUTH_URL) is used. Checked like O(api_url).
    type: str
    default: https://zoom.us/oauth/token
    version_added: 0.2.0
  access_token:
    description:
      - API v2 - an access token obtained earlier (for example by M(zoomops.zoom.zoom_token) once per play),
        so that the task asks for none. It is never logged or returned.
      - When it is refused (expired) and O(account_id), O(client_id) and O(client_secret) are given too, a new
        token is asked for once.
    type: str
    version_added: 0.2.0
  token_cache:
    description:
      - API v2 - a file in which to keep the access token, so that the tasks of a play (and of the next plays, for
        the hour the token lives) ask for one token instead of one each. Off by default - nothing is written to
        disk unless this is set.
      - The file is created with mode 0600 (written to a new file, then renamed over the old one). A file that is a
        symbolic link, belongs to another user, or can be read or written by the group or others is refused and the
        task fails. A token of other credentials (O(oauth_url), O(account_id), O(client_id), O(client_secret)) is
        not used.
      - Anyone who can read the file can use the token for an hour - keep it in a directory only you can read.
    type: path
    version_added: 0.2.0
  api_key:
    description:
      - The API key of the Zoom account.
      - If not set, the environment variable E(ZOOM_API_KEY) is used.
      - Required, from the task, C(module_defaults) or the environment; the task fails before any call
        when it is missing.
    type: str
  api_secret:
    description:
      - The API secret of the Zoom account. It is never logged or returned.
      - If not set, the environment variable E(ZOOM_API_SECRET) is used.
      - Required, from the task, C(module_defaults) or the environment; the task fails before any call
        when it is missing.
    type: str
  timeout:
    description:
      - Seconds one attempt of a call may take, end to end - connecting, sending, and receiving the
        whole answer (headers and body). A server that answers slowly, byte by byte, is cut off
        when it is reached, and the attempt counts as timed out.
      - A call takes at most O(retries) + 1 attempts, so a task's calls are bounded by attempts
        times O(timeout) plus the waits between attempts.
      - An answer larger than 4 MiB (after decompression) is refused.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to check the API's TLS certificate. Turn off only for a test server.
    type: bool
    default: true
  retries:
    description:
      - How many times a call is retried after what may pass by itself - a timeout, a broken or refused
        connection, HTTP 429, 502, 503 or 504, or Zoom's rate-limit error (code 403) - with exponential
        backoff and jitter.
      - A C(Retry-After) header (seconds or an HTTP date) is honoured up to 60 seconds; when the server
        asks for a longer wait the task fails at once, saying when to retry.
      - Everything else fails at once, without retrying - Zoom's other errors, HTTP 500, 501 and
        4xx, redirects, answers that are not Zoom's JSON (an HTML page, an unrelated API), TLS errors
        and a host name that does not resolve. Every failure names the host of O(api_url) and keeps the
        server's own message.
    type: int
    default: 5
requirements:
  - requests
notes:
  - Set the connection options once for all modules of the collection with
    C(module_defaults) and the action group C(group/zoomops.zoom.zoom), or with the E(ZOOM_API_URL),
    E(ZOOM_API_KEY) and E(ZOOM_API_SECRET) environment variables (v1), or E(ZOOM_ACCOUNT_ID), E(ZOOM_CLIENT_ID)
    and E(ZOOM_CLIENT_SECRET) (v2).
  - On API v2, HTTP 502, 503 and 504 are retried only for requests that may be sent twice (not POST); a
    rate limit whose C(X-RateLimit-Type) is C(Daily-limit) fails at once. C(Retry-After) may be seconds,
    an HTTP date or an ISO 8601 date.
'''
