"""The execution environment files: meta/execution-environment.yml (what ansible-builder reads from the
installed collection) and docs/awx/execution-environment.yml (the definition users build their EE from).

``ansible-builder create`` writes the build context without a container engine; ``ansible-builder
introspect`` is the step that, inside the build, collects the Python requirements of the installed
collections. Both run here for real.
"""

import glob
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EE_DEFINITION = os.path.join(REPO, 'docs', 'awx', 'execution-environment.yml')
META_EE = os.path.join(REPO, 'meta', 'execution-environment.yml')


def venv_tool(name):
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.exists(candidate):
        return candidate
    found = shutil.which(name)
    if not found:
        pytest.fail('%s is not installed (requirements-dev.txt)' % name)
    return found


def requirement_names(path):
    names = set()
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.split('#', 1)[0].strip()
            if line:
                names.add(line.split(';')[0].split('>')[0].split('<')[0].split('=')[0].split('[')[0].strip().lower())
    return names


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    """The collection tarball, built from the work tree as a release would be."""
    out = tmp_path_factory.mktemp('dist')
    subprocess.run([venv_tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', str(out), REPO],
                   check=True, capture_output=True, text=True)
    (built,) = glob.glob(str(out / 'zoomops-zoom-*.tar.gz'))
    return built


def test_meta_execution_environment_points_at_the_runtime_requirements():
    with open(META_EE, encoding='utf-8') as handle:
        meta = yaml.safe_load(handle)
    assert meta['version'] == 1
    python_requirements = meta['dependencies']['python']
    assert not os.path.isabs(python_requirements)
    path = os.path.join(REPO, python_requirements)      # relative to the collection root
    assert os.path.isfile(path)
    assert 'requests' in requirement_names(path)
    system = meta['dependencies'].get('system')
    assert system is None or os.path.isfile(os.path.join(REPO, system))


def test_ansible_builder_introspects_the_installed_collection_requirements(tarball, tmp_path):
    collections = tmp_path / 'collections'
    # Only the target path configured: ansible-galaxy skips a collection it finds installed on its configured
    # paths (as .build/collections, the work tree, is under make).
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections))
    subprocess.run([venv_tool('ansible-galaxy'), 'collection', 'install', '--offline', '--no-deps', '--force',
                    '-p', str(collections), tarball], check=True, capture_output=True, text=True, env=env)
    assert (collections / 'ansible_collections' / 'zoomops' / 'zoom' / 'meta' / 'execution-environment.yml').is_file()
    written = tmp_path / 'requirements.txt'
    proc = subprocess.run([venv_tool('ansible-builder'), 'introspect', str(collections), '--write-pip', str(written)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = written.read_text()
    assert 'requests' in requirement_names(str(written)), text
    assert 'zoomops.zoom' in text          # each requirement names the collection it comes from


def test_ansible_builder_create_writes_a_build_context(tarball, tmp_path):
    # The definition expects the collection tarball next to it, as the guide says.
    workdir = tmp_path / 'zoom-ee'
    workdir.mkdir()
    definition = workdir / 'execution-environment.yml'
    shutil.copy(EE_DEFINITION, definition)
    shutil.copy(tarball, workdir)
    context = tmp_path / 'context'
    proc = subprocess.run([venv_tool('ansible-builder'), 'create', '-f', str(definition), '--context', str(context),
                           '--output-filename', 'Containerfile'], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    containerfile = (context / 'Containerfile').read_text()
    assert 'ansible-galaxy collection install' in containerfile
    assert 'introspect' in containerfile                  # the collection's Python deps are collected in the build
    assert 'COPY _build/collections/ /build/collections/' in containerfile
    assert 'ansible-core>=2.17' in containerfile

    shipped = context / '_build' / 'collections' / os.path.basename(tarball)
    assert shipped.is_file() and shipped.stat().st_size == os.path.getsize(tarball)
    galaxy_requirements = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())
    assert galaxy_requirements['collections'] == [{'name': '/build/collections/zoomops-zoom.tar.gz', 'type': 'file'}]


def test_the_definition_installs_an_ansible_core_the_collection_supports():
    with open(EE_DEFINITION, encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    with open(os.path.join(REPO, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        requires = yaml.safe_load(handle)['requires_ansible']
    minimum = re.match(r'>=\s*(\d+\.\d+)', requires).group(1)
    assert definition['version'] == 3
    assert definition['dependencies']['ansible_core']['package_pip'].startswith('ansible-core>=%s,' % minimum)
