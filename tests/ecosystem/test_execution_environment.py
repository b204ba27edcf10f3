"""The execution environment files: meta/execution-environment.yml (what ansible-builder reads from the
installed collection) and docs/awx/execution-environment.yml (the definition users build their EE from).

``ansible-builder create`` writes the build context without a container engine; ``ansible-builder
introspect`` is the step that, inside the build, collects the Python requirements of the installed
collections. Both run here for real.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from .conftest import venv_tool

# Under xdist (-n), the session fixtures collection_tarball and installed_collection are made on one xdist worker.
pytestmark = pytest.mark.xdist_group('ecosystem-collection')

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EE_DEFINITION = os.path.join(REPO, 'docs', 'awx', 'execution-environment.yml')
META_EE = os.path.join(REPO, 'meta', 'execution-environment.yml')


def requirement_names(path):
    names = set()
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.split('#', 1)[0].strip()
            if line:
                names.add(line.split(';')[0].split('>')[0].split('<')[0].split('=')[0].split('[')[0].strip().lower())
    return names


@pytest.fixture(scope='module')
def tarball(collection_tarball):
    """The collection tarball, built from the work tree as a release would be (tests/ecosystem/conftest.py)."""
    return collection_tarball


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


def test_ansible_builder_introspects_the_installed_collection_requirements(installed_collection, tmp_path):
    # The tarball installed by ansible-galaxy (tests/ecosystem/conftest.py).
    collections = installed_collection
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
    assert ansible_core_pin() in containerfile

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


def ansible_core_pin():
    with open(EE_DEFINITION, encoding='utf-8') as handle:
        return yaml.safe_load(handle)['dependencies']['ansible_core']['package_pip']


def minor(version):
    return tuple(int(part) for part in version.split('.')[:2])


def versions_under_test():
    """The ansible-core minor versions the project's suites run on: the matrix entries and the venv's pin."""
    with open(os.path.join(REPO, 'noxfile.py'), encoding='utf-8') as handle:
        matrix = re.findall(r"\('3\.\d+', '(\d+\.\d+)'\)", handle.read())
    with open(os.path.join(REPO, 'requirements-dev.txt'), encoding='utf-8') as handle:
        venv = re.findall(r'^ansible-core>=(\d+\.\d+),', handle.read(), re.M)
    assert matrix and venv
    return sorted({minor(version) for version in matrix + venv})


def test_the_ansible_core_pin_is_the_tested_range_of_runtime_readme_and_matrix():
    from packaging.specifiers import SpecifierSet

    pin = ansible_core_pin()
    assert pin.startswith('ansible-core')
    ee_range = SpecifierSet(pin[len('ansible-core'):])
    with open(os.path.join(REPO, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        requires = SpecifierSet(yaml.safe_load(handle)['requires_ansible'])
    tested = versions_under_test()
    oldest, newest = tested[0], tested[-1]
    # from the oldest supported version to the newest tested one, nothing newer (untested) and nothing older
    assert pin == 'ansible-core>=%d.%d,<%d.%d' % (oldest + (newest[0], newest[1] + 1))
    assert '%d.%d.0' % oldest in requires and '%d.%d.0' % (oldest[0], oldest[1] - 1) not in requires
    for version in tested:
        text = '%d.%d.0' % version
        assert text in ee_range and text in requires, text
    # the README and the getting-started guide name the same tested versions and the same pin
    names = ', '.join('%d.%d' % version for version in tested)
    with open(os.path.join(REPO, 'README.md'), encoding='utf-8') as handle:
        readme = ' '.join(handle.read().split())
    assert 'ansible-core %d.%d or later (tested: %s;' % (oldest + (names,)) in readme
    assert '`%s`' % pin in readme
    with open(os.path.join(REPO, 'docs', 'docsite', 'rst', 'getting_started.rst'), encoding='utf-8') as handle:
        guide = ' '.join(handle.read().split())
    assert 'ansible-core %d.%d or later (tested on %s and %d.%d)' % (
        oldest + (', '.join('%d.%d' % version for version in tested[:-1]),) + newest) in guide
    for doc in (('docs', 'awx', 'README.md'), ('docs', 'docsite', 'rst', 'awx.rst')):
        with open(os.path.join(REPO, *doc), encoding='utf-8') as handle:
            assert pin[len('ansible-core'):] in handle.read(), doc


@pytest.mark.parametrize('runtime, build_file', [('podman', 'Containerfile'), ('docker', 'Dockerfile')])
def test_the_build_file_is_named_after_the_container_engine_as_the_guides_say(tarball, tmp_path, runtime, build_file):
    workdir = tmp_path / 'zoom-ee'
    workdir.mkdir()
    shutil.copy(EE_DEFINITION, workdir / 'execution-environment.yml')
    shutil.copy(tarball, workdir)
    context = tmp_path / 'context'
    # What `ansible-builder build --container-runtime RUNTIME` writes before it calls the engine (its create step;
    # the `create` command itself has no --container-runtime option).
    script = ('import sys; from ansible_builder.main import AnsibleBuilder; '
              'builder = AnsibleBuilder(action="build", filename=sys.argv[1], build_context=sys.argv[2], '
              'container_runtime=sys.argv[3]); sys.exit(0 if builder.create() else 1)')
    proc = subprocess.run([sys.executable, '-c', script, str(workdir / 'execution-environment.yml'), str(context),
                           runtime], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in context.iterdir() if p.is_file()) == [build_file]
    for doc in (('docs', 'awx', 'README.md'), ('docs', 'docsite', 'rst', 'awx.rst')):
        with open(os.path.join(REPO, *doc), encoding='utf-8') as handle:
            text = ' '.join(handle.read().split())
        assert 'context/%s' % build_file in text.replace('``', '`').replace('`', ''), doc
        assert '--container-runtime docker' in text, doc


def test_the_awx_guides_run_localhost_with_the_execution_environments_python():
    setting = 'ansible_python_interpreter: "{{ ansible_playbook_python }}"'
    with open(os.path.join(REPO, 'docs', 'docsite', 'rst', 'awx.rst'), encoding='utf-8') as handle:
        guide = handle.read()
    playbook = guide.split('Step 4', 1)[1].split('.. code-block:: yaml', 1)[1].split('\n\n', 2)[1]
    play = yaml.safe_load(playbook)[0]
    assert play['hosts'] == 'localhost'
    assert play['vars']['ansible_python_interpreter'] == '{{ ansible_playbook_python }}'
    assert setting in guide and 'interpreter discovery' in guide
    with open(os.path.join(REPO, 'docs', 'awx', 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()
    assert setting in readme and 'requests' in readme
