# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pacing of list calls to the rate Zoom documents, instead of running into its rate-limit error and backing off.

Zoom v1 allowed one call per second on every ``*/list`` endpoint (a second call within the second answered error
403, which the transport then retried after at least a second: a listing of 334 pages paid for each page twice).
Zoom v2's ``GET /users`` is a Medium-labelled endpoint: 20 calls a second on a Pro account (2 on Free, 60 on
Business and above; an app cannot ask which plan it is on). Sources: docs/docsite/rst/architecture.rst.

The pace applies to Zoom's own hosts by default (``zoom.us``, ``zoomgov.com`` and their subdomains); another host (a
test server, the emulator) is not paced unless asked. The environment variable ZOOM_LIST_PACE sets the pace for every
host: list calls per second (``1``, ``20``, ``0.5``), or ``0`` for none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

# Documented list-call limits per second, by API version.
LIST_CALLS_PER_SECOND = {'v1': 1.0, 'v2': 20.0}
ZOOM_HOST_SUFFIXES = ('zoom.us', 'zoomgov.com')
PACE_VARIABLE = 'ZOOM_LIST_PACE'


def is_zoom_host(host):
    """True for Zoom's own API hosts (zoom.us, zoomgov.com and their subdomains)."""
    host = (host or '').lower().rstrip('.')
    return any(host == suffix or host.endswith('.' + suffix) for suffix in ZOOM_HOST_SUFFIXES)


# The longest wait between two list calls that ZOOM_LIST_PACE may ask for, in seconds.
MAX_INTERVAL = 10.0


def list_rate(version, host, environ=None):
    """List calls per second to pace to (None: not paced): ZOOM_LIST_PACE when set, else the documented limit of
    ``version`` for Zoom's hosts. Raises ValueError for a ZOOM_LIST_PACE that is not 0 or a rate of at least one call in MAX_INTERVAL seconds."""
    environ = os.environ if environ is None else environ
    text = environ.get(PACE_VARIABLE)
    if text not in (None, ''):
        try:
            rate = float(text)
        except ValueError:
            rate = -1.0
        # A tiny rate would wait hours before each list call (a run that looks hung): slower than one call in
        # MAX_INTERVAL seconds is refused.
        if not (rate == 0 or 1.0 / MAX_INTERVAL <= rate < float('inf')):
            raise ValueError('%s must be a number of list calls per second, 0 (not paced) or from %g on, not %r'
                             % (PACE_VARIABLE, 1.0 / MAX_INTERVAL, text))
        return rate or None
    return LIST_CALLS_PER_SECOND.get(version) if is_zoom_host(host) else None


class Pace:
    """Spaces calls at least 1/``rate`` seconds apart: ``wait()`` before each call sleeps only what is left."""

    def __init__(self, rate, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = None
        self.waited = 0.0

    def wait(self):
        now = self._clock()
        if self._next is not None and now < self._next:
            self._sleep(self._next - now)
            self.waited += self._next - now
            now = self._next
        self._next = now + self.interval


def pace_for(version, host, environ=None):
    """A Pace for the list calls of ``version`` at ``host`` (see list_rate), or None when they are not paced."""
    rate = list_rate(version, host, environ)
    return Pace(rate) if rate else None
