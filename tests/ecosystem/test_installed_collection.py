"""The collection as users get it: the tarball `ansible-galaxy collection build` makes ships what users need and
no build output, and docs/examples/demo.yml converges when run from the INSTALLED copy against an emulator
started from that copy (nothing may depend on the git checkout). nox -e build-import-check runs the Galaxy importer.
"""

import importlib.util
import os
import re
import subprocess
import sys
import tarfile

import pytest

# Under xdist (-n), the session fixtures collection_tarball and installed_collection are made on one xdist worker.
pytestmark = pytest.mark.xdist_group('ecosystem-collection')

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
NEEDED = ('MANIFEST.json', 'FILES.json', 'README.md', 'meta/runtime.yml', 'meta/execution-environment.yml', 'requirements.txt',
          'changelogs/changelog.yaml', 'plugins/modules/zoom_user.py', 'docs/examples/demo.yml', 'tests/emulator/harness.py',
          'tests/emulator/zoom_emulator.py', 'tests/emulator/zoomemu/server.py')
NEVER = re.compile(r'(^|/)(\.venv|\.build|\.nox|\.ansible|\.git|__pycache__|\.pytest_cache|\.ruff_cache|\.hypothesis)(/|$)'
                   r'|^tests/output(/|$)|\.pyc$|\.tar\.gz$|^(Makefile|noxfile\.py|antsibull-nox\.toml|tools/.*)$')


def run(argv, **kwargs):
    return subprocess.run(argv, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                          check=False, **kwargs)


@pytest.fixture(scope='module')
def installed(collection_tarball, installed_collection):
    """The tarball's names and the collections folder it is installed in (tests/ecosystem/conftest.py makes both)."""
    with tarfile.open(collection_tarball) as archive:
        names = archive.getnames()
    return names, installed_collection


def test_the_tarball_ships_what_users_need_and_no_build_output(installed):
    names = installed[0]
    assert [name for name in NEEDED if name not in names] == []
    assert [name for name in names if NEVER.search(name)] == []


def recap(output):
    return {key: sum(int(value) for value in re.findall(r'\b%s=(\d+)' % key, output.split('PLAY RECAP')[-1]))
            for key in ('ok', 'changed', 'failed')}


def test_the_demo_converges_from_the_installed_copy_with_its_own_emulator(installed, tmp_path):
    collections = installed[1]
    root = os.path.join(str(collections), 'ansible_collections', 'zoomops', 'zoom')
    assert not os.path.islink(root)
    # The installed copy's harness, under its own name (the checkout's `harness` stays as the other tests have it).
    spec = importlib.util.spec_from_file_location('installed_harness', os.path.join(root, 'tests', 'emulator', 'harness.py'))
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    assert harness.EMULATOR_PATH.startswith(root + os.sep)
    env = {key: value for key, value in os.environ.items() if not key.startswith(('ANSIBLE_', 'ZOOM_'))}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false', ANSIBLE_NOCOLOR='1',
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    with harness.Emulator() as emu:
        env.update(ZOOM_API_URL=emu.url, ZOOM_API_KEY=emu.api_key, ZOOM_API_SECRET=emu.api_secret)
        runs = []
        for dummy in range(2):
            emu.clear_calls()
            # cwd outside the checkout: no ansible.cfg, collections/ or roles/ of the repository is seen.
            proc = run([os.path.join(BIN, 'ansible-playbook'), os.path.join(root, 'docs', 'examples', 'demo.yml')],
                       cwd=str(tmp_path), env=env)
            runs.append((proc, recap(proc.stdout), len(emu.write_calls())))
    (first, totals1, writes1), (second, totals2, writes2) = runs
    assert first.returncode == 0 and totals1['failed'] == 0, first.stdout
    assert totals1['changed'] > 0 and writes1 > 0
    assert second.returncode == 0 and totals2 == dict(totals2, changed=0, failed=0) and writes2 == 0, second.stdout


def test_galaxy_yml_lists_each_ignored_path_once_and_the_links_users_look_for():
    import glob

    import yaml
    galaxy = yaml.safe_load(open(os.path.join(REPO, 'galaxy.yml'), encoding='utf-8'))
    ignored = galaxy['build_ignore']
    assert sorted({entry for entry in ignored if ignored.count(entry) > 1}) == []
    repository = galaxy['repository'].rstrip('/')
    assert galaxy['homepage'].startswith(repository) and galaxy['documentation'].startswith(repository + '/')
    assert galaxy['issues'] == repository + '/issues'
    # The changelog fragments link issues under the same address.
    links = set()
    for path in glob.glob(os.path.join(REPO, 'changelogs', 'fragments', '*.yml')):
        links.update(re.findall(r'(https://github\.com/[^ )]+)/issues/\d+', open(path, encoding='utf-8').read()))
    assert links == {repository}
