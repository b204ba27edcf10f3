"""ansible-lint over a user's playbook (tests/ecosystem/playbooks/user_playbook.yml): credentials set
once with module_defaults, or taken from ZOOM_* environment variables, give no warning with the
default profile nor with production. (api_key/api_secret are checked at run time, not marked
required: ansible-lint's args rule cannot see module_defaults or the environment.)

With the production profile, the repository's profile, the playbook is linted in the run that lints the examples
(test_examples_lint.py's lint_run, the session fixture ``linted``): its JSON report lists every problem, warnings
included, by path. With another repository profile, and with the default one, it has a run of its own.
"""

import os
import shutil
import subprocess
import sys

import pytest
from .conftest import venv_tool

# Under xdist (-n), the session fixture linted (one ansible-lint run) is made on one xdist worker.
pytestmark = pytest.mark.xdist_group('ecosystem-lint')

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLAYBOOK = os.path.join(HERE, 'playbooks', 'user_playbook.yml')
COLLECTIONS = os.path.join(REPO, '.build', 'collections')


def ansible_lint():
    return venv_tool('ansible-lint')


@pytest.mark.parametrize('profile', [None, 'production'], ids=['default-profile', 'production'])
def test_a_user_playbook_with_module_defaults_and_env_credentials_lints_without_warnings(tmp_path, profile, request):
    if profile is not None and request.getfixturevalue('linted')['profile'] == profile:
        problems = request.getfixturevalue('linted')['user']
        assert problems == [], '\n'.join('%s in %s, task %r: %s' % problem for problem in problems)
        assert not [problem for problem in problems if problem[0].startswith('args[module]')], problems
        return
    shutil.copy(PLAYBOOK, str(tmp_path / 'user_playbook.yml'))
    config = tmp_path / '.ansible-lint'
    config.write_text('---\noffline: true\n' + ('profile: %s\n' % profile if profile else ''))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, NO_COLOR='1')
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    proc = subprocess.run([ansible_lint(), '--offline', '--nocolor', '-p', '-c', str(config), 'user_playbook.yml'],
                          cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout
    assert '0 failure(s), 0 warning(s)' in proc.stdout, proc.stdout
    assert 'args[module]' not in proc.stdout, proc.stdout
