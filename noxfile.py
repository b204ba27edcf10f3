"""The collection's standard checks, as antsibull-nox sessions (`nox -l` lists them; `make test` runs them).

antsibull-nox.toml adds lint (ruff, yamllint), docs-check, extra-checks, build-import-check and ansible-lint.
This file adds what the toml cannot say on this machine: ansible-test sanity and units on the local Python
(antsibull-nox's own ansible-test sessions need docker), the changelog check, and the version matrix.
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import antsibull_nox
import nox

antsibull_nox.load_antsibull_nox_toml()

HERE = Path(__file__).resolve().parent
TEST_PACKAGES = ['pytest>=8,<9', 'pytest-xdist>=3.5,<4', 'pyyaml>=6,<7', 'requests>=2.25,<3', 'hypothesis>=6.100,<7']
# ansible-test bootstraps pip in its venvs with a get-pip.py from a host CI cannot reach: this stand-in installs
# pip with ensurepip and then what ansible-test asked for, from the ordinary package index.
GET_PIP = '''import subprocess, sys
args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
'''


def offline_get_pip():
    cache = Path.home() / '.ansible' / 'test' / 'cache'
    cache.mkdir(parents=True, exist_ok=True)
    for source in HERE.glob('.nox/*/lib/python*/site-packages/ansible_test/_internal/python_requirements.py'):
        for version in re.findall(r"pip='([0-9.]+)'", source.read_text(encoding='utf-8')):
            path = cache / ('get_pip_%s.py' % version.replace('.', '_'))
            if not path.exists():
                path.write_text(GET_PIP, encoding='utf-8')


# --local: in the session's own venv (already isolated by nox), whose requirements `make venv` installs; --venv would
# build a delegation venv on every run (about 10 s each). Sanity's per-test venvs are primed by `make venv` too.
for _name, _params in (('sanity', ['sanity', '--local', '--requirements', '--python', '3.11']),
                       ('units', ['units', '--local', '--requirements', '--python', '3.11'])):
    antsibull_nox.add_ansible_test_session(
        name=_name, description='ansible-test %s (Python 3.11, ansible-core 2.19 from PyPI)' % _name,
        ansible_test_params=_params + ['--color', 'no'], default=False, ansible_core_version='2.19',
        ansible_core_source='pypi', callback_before=offline_get_pip,
        # ansible-test's delegation venv in tests/output/.tmp would be copied back; it fails on its dangling links.
        callback_after=lambda: shutil.rmtree('tests/output/.tmp', ignore_errors=True))


@nox.session(name='changelog', default=False)
@antsibull_nox.sessions.install_packages(packages=['antsibull-changelog', 'ansible-core'])
def changelog(session):
    """antsibull-changelog lint; CHANGELOG.md is what changelogs/changelog.yaml generates."""
    session.run('antsibull-changelog', 'lint')
    session.run('antsibull-changelog', 'lint-changelog-yaml', '--no-semantic-versioning', 'changelogs/changelog.yaml')
    with tempfile.TemporaryDirectory() as tmp:
        for name in ('galaxy.yml', 'changelogs', 'CHANGELOG.md'):
            (shutil.copytree if (HERE / name).is_dir() else shutil.copy)(HERE / name, Path(tmp) / name)
        with session.chdir(tmp):
            session.run('antsibull-changelog', 'generate')
        if (Path(tmp) / 'CHANGELOG.md').read_text() != (HERE / 'CHANGELOG.md').read_text():
            session.error('CHANGELOG.md is not what changelogs/changelog.yaml generates: run antsibull-changelog generate')


@nox.session(default=False)
@nox.parametrize('python,core', [('3.11', '2.17'), ('3.12', '2.21')], ids=['2.17', '2.21'])
def matrix(session, core):
    """Units and tests/matrix.txt's integration tests on the oldest claimed and the newest ansible-core."""
    session.install('ansible-core>=%s,<%s.%d' % (core, core.split('.')[0], int(core.split('.')[1]) + 1), *TEST_PACKAGES)
    junit = os.environ.get('LOG_DIR', str(HERE / '.build' / 'logs'))
    args = ['-p', 'no:cacheprovider', '-p', 'no:hypothesispytest', '-q']
    session.run('python', '-m', 'pytest', 'tests/unit', *args, '--junitxml=%s/junit-matrix-%s-unit.xml' % (junit, core))
    session.run('python', '-m', 'pytest', 'tests/integration', '-n', '2', '--matrix-list', 'tests/matrix.txt', *args,
                '--junitxml=%s/junit-matrix-%s.xml' % (junit, core), *session.posargs)
