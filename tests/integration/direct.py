"""Module tasks run without ansible-playbook: each task is a forked process of this one that runs the module's
real main(), as the local connection would run the module's AnsiballZ payload.

An ansible-playbook run costs about 0.6 CPU-s to start and 0.4-0.5 CPU-s per module task (a new Python that
compiles ansible-core's module_utils from source each time); a forked task costs a few hundredths of a second,
because the module and its imports are already loaded here. The module code path is the same: AnsibleModule
parses the arguments (with the internal arguments the controller adds), the module talks to the emulator over
HTTP, exit_json/fail_json print the result and exit the process.

What only the controller does is NOT here, and tests that depend on it keep using the ``play`` fixture (a real
ansible-playbook run): templating, loops, roles, action plugins, module_defaults from a play, printed warnings,
``-vvvv`` output, no_log display, forks and inventories. ``DirectPlayer`` refuses any task key or argument it
does not implement, so a test cannot pass by silently skipping part of a playbook.
``test_direct_equivalence.py`` runs the same tasks both ways and asserts the same results and calls.
"""

import importlib
import json
import os
import signal
import sys
import time

import ansible
from ansible.module_utils import basic

from .conftest import Results, connection_for

COLLECTION = 'zoomops.zoom.'
# The task keys a DirectPlayer implements, with the meaning ansible-playbook gives them.
TASK_KEYS = {'name', 'register', 'ignore_errors', 'check_mode', 'diff'}
# The environment variables of the connection: a module process never inherits the test runner's own.
CONNECTION_ENV = ('ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET', 'ZOOM_API_VERSION', 'ZOOM_ACCOUNT_ID',
                  'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'ZOOM_OAUTH_URL')
TIMEOUT = 120
# Modules whose action plugin does work of its own (zoom_roster's passes the module's arguments through unless
# users_var is given).
ACTION_ONLY = {'zoomops.zoom.roster_warn'}


def internal_args(module_name, check, diff, tmpdir):
    """The internal arguments ansible-core's action plugin adds to every module's arguments (local connection)."""
    return {'_ansible_check_mode': check, '_ansible_no_log': False, '_ansible_debug': False, '_ansible_diff': diff,
            '_ansible_verbosity': 0, '_ansible_version': ansible.__version__, '_ansible_module_name': module_name,
            '_ansible_syslog_facility': 'LOG_USER',
            '_ansible_selinux_special_fs': ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'],
            '_ansible_shell_executable': '/bin/sh', '_ansible_keep_remote_files': False, '_ansible_tmpdir': tmpdir,
            '_ansible_remote_tmp': tmpdir}


class DirectRun(Results):
    """The outcome of DirectPlayer: return code (0, or 2 when a task failed as ansible-playbook returns), the
    task results in the shape the recording callback writes (task, action, status, result), each with the task's
    own emulator calls (``task_calls``: what logged() snapshots give a playbook run)."""

    def task_calls(self, name):
        """The calls of the last task named ``name`` (as ``result`` reads its result)."""
        matches = [entry for entry in self.results if entry['task'] == name]
        assert matches, 'no task %r in %s' % (name, [e['task'] for e in self.results])
        return matches[-1]['calls']

    @property
    def stdout(self):
        raise AssertionError('a direct run prints nothing: what Ansible prints (warnings, -v output) needs the '
                             'play fixture (a real ansible-playbook run)')

    stderr = stdout


def module_of(action, options):
    if not action.startswith(COLLECTION) or action in ACTION_ONLY or 'users_var' in options:
        raise AssertionError('direct runs run this collection\'s modules without their action plugin\'s work '
                             '(users_var, roster_warn), not %r: use the play fixture' % action)
    return importlib.import_module('ansible_collections.zoomops.zoom.plugins.modules.' + action[len(COLLECTION):])


def split_task(task):
    """(action, options) of a task dict; any key ansible-playbook would act on that is not implemented fails."""
    actions = [key for key in task if key not in TASK_KEYS]
    if len(actions) != 1:
        raise AssertionError('a direct task has one module and only the keys %s: %r' % (sorted(TASK_KEYS), task))
    options = task[actions[0]]
    if not isinstance(options, dict) or any('{{' in json.dumps(value) for value in options.values()):
        raise AssertionError('a direct task takes literal options (no templating): %r' % task)
    return actions[0], options


def run_forked(module, args, env, out_path):
    """The module's result: main() in a forked child whose stdout is ``out_path``."""
    pid = os.fork()
    if pid == 0:  # the module process
        status = 1
        try:
            for key in CONNECTION_ENV:
                os.environ.pop(key, None)
            os.environ.update(env)
            sys.stdout = open(out_path, 'w', encoding='utf-8')
            basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()
            basic._ANSIBLE_PROFILE = 'legacy'
            try:
                module.main()
                status = 0
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 1
            sys.stdout.flush()
        finally:
            os._exit(status)
    deadline = time.monotonic() + TIMEOUT
    while True:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError('module process still running after %d s' % TIMEOUT)
        time.sleep(0.002)
    with open(out_path, encoding='utf-8') as handle:
        text = handle.read()
    try:
        return json.loads(text)
    except ValueError:
        return {'failed': True, 'msg': 'MODULE FAILURE: no JSON result', 'module_stdout': text}


def controller_view(result):
    """(failed, result): the result as ansible-core's task executor hands it to callbacks (changed always present,
    failed only as the status, no_log marked, a failure without a traceback says so)."""
    result = dict((key, value) for key, value in result.items() if not key.startswith('_ansible_'))
    failed = bool(result.pop('failed', False))
    result['changed'] = bool(result.get('changed', False))
    result['_ansible_no_log'] = False
    if failed:
        result.setdefault('exception', '(traceback unavailable)')
    for key in ('warnings', 'deprecations'):
        if key in result:
            result[key] = [message(item) for item in result[key]]
    return failed, result


def message(item):
    """A warning or deprecation as the recorded results show it: its text (ansible-core 2.19 modules send a
    structured summary, older ones the text)."""
    if isinstance(item, dict) and item.get('__ansible_type'):
        return item['event']['msg']
    return item


class DirectPlayer:
    """Same call as the integration Player for tasks of this collection's modules with literal options."""

    def __init__(self, emulator, tmp_path, backend='v1'):
        self.emulator = emulator
        self.tmp_path = tmp_path
        self.backend = backend
        self.defaults = connection_for(emulator, backend)
        self.count = 0

    def connection(self):
        return dict(self.defaults)

    def __call__(self, tasks, check=False, diff=True, connection=None, env=None, expect_rc=None, **unsupported):
        if unsupported:
            raise AssertionError('direct runs do not implement %s: use the play fixture' % sorted(unsupported))
        defaults = self.defaults if connection is None else connection
        results, rc = [], 0
        log = self.emulator.calls()
        for task in tasks:
            action, options = split_task(task)
            module = module_of(action, options)
            self.count += 1
            args = dict(defaults, **options)
            args.update(internal_args(action.rsplit('.', 1)[1], task.get('check_mode', check), task.get('diff', diff),
                                      str(self.tmp_path)))
            result = run_forked(module, args, env or {}, str(self.tmp_path / ('direct%d.json' % self.count)))
            failed, result = controller_view(result)
            before, log = len(log), self.emulator.calls()
            results.append({'task': task.get('name', action), 'action': action, 'host': 'localhost',
                            'status': 'failed' if failed else 'ok', 'result': result,
                            'ignore_errors': bool(task.get('ignore_errors')), 'calls': log[before:]})
            if failed and not task.get('ignore_errors'):
                rc = 2
                break
        if expect_rc is not None:
            assert rc == expect_rc, 'rc %s, results:\n%s' % (rc, json.dumps(results, indent=1)[:6000])
        return DirectRun(rc, results)
