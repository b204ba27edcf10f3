"""Integration harness: the collection's modules against a live emulator, two ways.

``play(tasks, ...)`` writes a one-play playbook on localhost with the connection set through
``module_defaults`` for the collection's action group, runs ansible-playbook, and returns a ``Run`` with the
return code, stdout/stderr and every task result (recorded by callback_plugins/record_results.py).

``direct(tasks, ...)`` (direct.py) runs the same kind of task list without ansible-playbook: each task a forked
process running the module's main(), about twenty times cheaper. It takes only this collection's module tasks
with literal options and refuses the rest; what only the controller does (templating, loops, roles, action
plugins, printed output, -vvvv, forks) is tested with ``play``. test_direct_equivalence.py holds the two to the
same results and calls.
"""

import json
import os
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# tests/conftest.py does this under pytest; the benchmarks import this module without pytest.
if os.path.join(REPO, 'tests', 'emulator') not in sys.path:
    sys.path.insert(0, os.path.join(REPO, 'tests', 'emulator'))

from harness import TOKEN_ENDPOINT, is_write  # noqa: E402

BACKENDS = ('v1', 'v2')


def collections_path():
    """A collections path in which zoomops.zoom is this checkout (linked by tests/conftest.py), or the
    installed copy named by ZOOM_TEST_COLLECTIONS."""
    return os.environ.get('ZOOM_TEST_COLLECTIONS') or os.path.join(REPO, '.build', 'collections')


def ansible_bin(name):
    """The ansible command next to the running Python (the project's venv), else from PATH."""
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else name


class Results:
    """The task results of a run (play or direct), as the recording callback writes them."""

    def __init__(self, rc, results):
        self.rc = rc
        self.results = results

    def result(self, task):
        """The last result of the task with this name."""
        matches = [entry for entry in self.results if entry['task'] == task]
        assert matches, 'no result for task %r in %s' % (task, [e['task'] for e in self.results])
        return matches[-1]['result']

    @property
    def changed(self):
        return sum(1 for entry in self.results if entry['result'].get('changed'))

    @property
    def failed(self):
        """The failures ignore_errors did not let through (ansible-core 2.19 no longer keeps _ansible_ignore_errors
        in the result: the recording callback, and direct runs, record the flag)."""
        return [entry for entry in self.results if entry['status'] in ('failed', 'item_failed')
                and not (entry.get('ignore_errors') or entry['result'].get('_ansible_ignore_errors'))]


class Run(Results):
    def __init__(self, rc, stdout, stderr, results):
        Results.__init__(self, rc, results)
        self.stdout = stdout
        self.stderr = stderr


def connection_for(emulator, backend='v1'):
    """The module_defaults connection of the emulator for one backend (API v1 or v2)."""
    if backend == 'v2':
        return {'api_url': emulator.root + '/v2', 'oauth_url': emulator.root + '/oauth/token',
                'account_id': emulator.account_id, 'client_id': emulator.client_id,
                'client_secret': emulator.client_secret, 'retries': 2}
    return {'api_url': emulator.url, 'api_key': emulator.api_key, 'api_secret': emulator.api_secret, 'retries': 2}


def connection_env(emulator, backend='v1'):
    """The environment variables that give the modules the emulator's connection for one backend."""
    if backend == 'v2':
        return {'ZOOM_API_URL': emulator.root + '/v2', 'ZOOM_OAUTH_URL': emulator.root + '/oauth/token',
                'ZOOM_ACCOUNT_ID': emulator.account_id, 'ZOOM_CLIENT_ID': emulator.client_id,
                'ZOOM_CLIENT_SECRET': emulator.client_secret}
    return {'ZOOM_API_URL': emulator.url, 'ZOOM_API_KEY': emulator.api_key, 'ZOOM_API_SECRET': emulator.api_secret}


class Player:
    def __init__(self, emulator, tmp_path, backend='v1'):
        self.emulator = emulator
        self.tmp_path = tmp_path
        self.backend = backend
        self.count = 0

    def connection(self):
        return connection_for(self.emulator, self.backend)

    def __call__(self, tasks, check=False, diff=True, extra_vars=None, verbosity=0, connection=None,
                 env=None, expect_rc=None, play_vars=None, hosts='localhost', inventory=None, forks=None):
        """Run ``tasks`` (a list of task dicts) in one play; assert the return code when ``expect_rc`` is given."""
        self.count += 1
        play = {
            'name': 'integration',
            'hosts': hosts,
            'gather_facts': False,
            'module_defaults': {'group/zoomops.zoom.zoom': connection if connection is not None else self.connection()},
            'tasks': tasks,
        }
        if play_vars:
            play['vars'] = play_vars
        playbook = self.tmp_path / ('play%d.yml' % self.count)
        playbook.write_text(yaml.safe_dump([play], sort_keys=False))
        results_file = self.tmp_path / ('results%d.jsonl' % self.count)
        command = [ansible_bin('ansible-playbook'), str(playbook)]
        if inventory:
            command += ['-i', str(inventory)]
        else:
            command += ['-i', 'localhost,', '-c', 'local']
        if forks:
            command += ['--forks', str(forks)]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if verbosity:
            command.append('-' + 'v' * verbosity)
        if extra_vars:
            command += ['-e', json.dumps(extra_vars)]
        run_env = dict(os.environ)
        run_env.update({
            'ANSIBLE_COLLECTIONS_PATH': collections_path(),
            'ANSIBLE_CALLBACK_PLUGINS': os.path.join(HERE, 'callback_plugins'),
            'ANSIBLE_CALLBACKS_ENABLED': 'record_results',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_HOST_KEY_CHECKING': 'false',
            'ZOOM_TEST_RESULTS': str(results_file),
        })
        for key in ('ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET', 'ZOOM_API_VERSION', 'ZOOM_ACCOUNT_ID',
                    'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'ZOOM_OAUTH_URL'):
            run_env.pop(key, None)
        run_env.update(env or {})
        proc = subprocess.run(command, capture_output=True, text=True, env=run_env, cwd=str(self.tmp_path), timeout=600,
                              check=False)
        results = []
        if results_file.exists():
            results = [json.loads(line) for line in results_file.read_text().splitlines() if line.strip()]
        run = Run(proc.returncode, proc.stdout, proc.stderr, results)
        if expect_rc is not None:
            assert proc.returncode == expect_rc, 'rc %s\nSTDOUT:\n%s\nSTDERR:\n%s' % (proc.returncode, proc.stdout, proc.stderr)
        return run


# The API the integration tests speak: v1 unless a module runs its tests on both, by defining in the module
#     @pytest.fixture(params=BACKENDS)
#     def backend(request):
#         return request.param
@pytest.fixture
def backend():
    return 'v1'


@pytest.fixture
def play(emu, tmp_path, backend):
    return Player(emu, tmp_path, backend)


@pytest.fixture
def direct(emu, tmp_path, backend):
    """Like ``play``, for tasks of this collection's modules with literal options: each task a forked process
    running the module's main(), no ansible-playbook (direct.py says what that leaves out)."""
    from .direct import DirectPlayer
    return DirectPlayer(emu, tmp_path, backend)


@pytest.fixture
def play_v2(emu, tmp_path):
    """A Player whose module_defaults speak API v2 (Server-to-Server OAuth) to the emulator."""
    return Player(emu, tmp_path, 'v2')


def writes(calls):
    """The calls of a call log that change state (v1's write endpoints; v2's POST, PATCH, PUT and DELETE calls,
    token requests excepted)."""
    return [call for call in calls if is_write(call['endpoint'])]


def endpoints(calls):
    return [call['endpoint'] for call in calls]


def api_calls(calls):
    """The calls of a call log without the OAuth token requests (v2), which tests count on their own."""
    return [call for call in calls if call['endpoint'] != TOKEN_ENDPOINT]


def api_endpoints(calls):
    """The endpoints of a call log without the token requests."""
    return endpoints(api_calls(calls))


def token_requests(calls):
    """How many access tokens the call log shows asked for (always 0 on v1)."""
    return sum(1 for call in calls if call['endpoint'] == TOKEN_ENDPOINT)


def logged(emulator, tasks):
    """``tasks`` each followed by a snapshot of the emulator's call log (a set_fact with a url lookup: it runs in
    the controller, no module process), and one before the first: one playbook run then yields each task's own
    calls (task_calls), where one run per task would cost an ansible-playbook start each."""
    root = "'%s'" % emulator.root
    out = [calls_snapshot('calls before the first task', root)]
    for task in tasks:
        out.append(task)
        out.append(calls_snapshot('calls after ' + task['name'], root))
    return out


def calls_snapshot(name, root):
    """A task named ``name`` that keeps the call log of the emulator whose root URL the Jinja expression ``root``
    gives in the fact calls_log (a url lookup in the controller: no module process, no call in the log)."""
    return {'name': name, 'ansible.builtin.set_fact': {
        'calls_log': "{{ lookup('ansible.builtin.url', %s ~ '/_emulator/calls', split_lines=False) }}" % root}}


def snapshot_calls(result):
    """The call log a calls_snapshot() task's result kept."""
    value = result['ansible_facts']['calls_log']
    return json.loads(value) if isinstance(value, str) else value


def _snapshot(run, name):
    return snapshot_calls(run.result('calls ' + name))


def task_calls(run, name):
    """The calls of the task ``name`` of a run of logged() tasks (the call log is only appended to)."""
    names = [entry['task'] for entry in run.results if entry['task'].startswith('calls ')]
    after = names.index('calls after ' + name)
    before = _snapshot(run, names[after - 1][len('calls '):])
    return _snapshot(run, 'after ' + name)[len(before):]
