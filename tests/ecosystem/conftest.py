"""Shared by the ecosystem tests, made once for the session (each test only reads them): the collection as a release
builds it and as a user installs it (test_installed_collection.py, test_execution_environment.py), and one ansible-lint
run (test_examples_lint.py, test_lint_user_playbook.py)."""

import glob
import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def venv_tool(name):
    """The command ``name`` next to the running Python (the project's venv), else from PATH; a clear failure when
    neither has it."""
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.exists(candidate):
        return candidate
    found = shutil.which(name)
    if not found:
        pytest.fail('%s is not installed (requirements-dev.txt)' % name)
    return found


@pytest.fixture(scope='session')
def collection_tarball(tmp_path_factory):
    """The collection tarball, built from the work tree by `ansible-galaxy collection build` as a release would be."""
    out = tmp_path_factory.mktemp('dist')
    proc = subprocess.run([venv_tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(out), REPO],
                          text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, proc.stdout
    (built,) = glob.glob(str(out / 'zoomops-zoom-*.tar.gz'))
    return built


@pytest.fixture(scope='session')
def installed_collection(collection_tarball, tmp_path_factory):
    """A collections folder holding the tarball installed by `ansible-galaxy collection install` (offline)."""
    collections = tmp_path_factory.mktemp('collections')
    # Only the target path configured: ansible-galaxy skips a collection it finds installed on its configured paths
    # (as .build/collections, the work tree, is under make).
    proc = subprocess.run([venv_tool('ansible-galaxy'), 'collection', 'install', '--offline', '--no-deps', '-p',
                           str(collections), collection_tarball], env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections)),
                          text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, proc.stdout
    return collections


@pytest.fixture(scope='session')
def linted(tmp_path_factory):
    """ansible-lint over the examples, a mutated copy of them and the user playbook, in one run (see lint_run)."""
    from .test_examples_lint import lint_run
    return lint_run(tmp_path_factory.mktemp('lint'))
