# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: appends every task result as one JSON line to $ZOOM_TEST_RESULTS."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: record_results
type: aggregate
short_description: Write task results as JSON lines for the integration tests
description:
  - Appends one JSON object per task result to the file named by E(ZOOM_TEST_RESULTS).
requirements:
  - enabled in configuration
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'record_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._started = {}

    def v2_runner_on_start(self, host, task):
        # When the task started on the host: with the time its result arrived, the tests see which ran at once.
        self._started[(host.get_name(), task._uuid)] = time.time()

    def _record(self, result, status, ignore_errors=False):
        path = os.environ.get('ZOOM_TEST_RESULTS')
        if not path:
            return
        entry = {
            'task': result._task.get_name(),
            'action': getattr(result._task, 'resolved_action', None) or result._task.action,
            'host': result._host.get_name(),
            'status': status,
            'result': json.loads(json.dumps(result._result, default=str)),
            'started': self._started.get((result._host.get_name(), result._task._uuid)),
            'ended': time.time(),
            'ignore_errors': ignore_errors,
        }
        with open(path, 'a') as handle:
            handle.write(json.dumps(entry) + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed', ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_item_on_ok(self, result):
        self._record(result, 'item_ok')

    def v2_runner_item_on_failed(self, result):
        self._record(result, 'item_failed')
