"""No shipped document or example passes a whole template as a task's arguments (issue 10, item 13).

``zoomops.zoom.zoom_user: "{{ item }}"`` makes ansible-core 2.19+ warn on every task ("Using a
template for task args is unsafe"). The README shows the pattern to use instead (named options from
the loop item, ``default(omit)`` for what an item does not set); it is run here against the emulator
and must neither warn nor fail, while the unsafe form does warn, which proves the check can see it.
"""

import glob
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'tests', 'emulator'))

from harness import Emulator  # noqa: E402
from .conftest import venv_tool  # noqa: E402

# A task key that names a module (a fully qualified name, or one of this collection's) or the `args`
# keyword, whose whole value is one template.
UNSAFE = re.compile(
    r'^[ \t]*(?:-[ \t]+)?(args|[A-Za-z0-9_]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+|zoom_user(?:_info|_assistant)?)'
    r'[ \t]*:[ \t]*(["\']?)\{\{.*\}\}\2[ \t]*$', re.M)
WARNING = 'Using a template for task args is unsafe'


def shipped_documents():
    """Every file a user reads examples in: README, guides, the AWX files, role READMEs and tasks, plugin docs."""
    patterns = ('README.md', 'docs/**/*.md', 'docs/**/*.rst', 'docs/**/*.yml', 'docs/**/*.yaml', 'roles/**/*.md',
                'roles/**/*.yml', 'plugins/**/*.py', 'plugins/**/*.yml', 'meta/*.yml', 'changelogs/*.yml', 'changelogs/*.yaml')
    paths = set()
    for pattern in patterns:
        paths.update(glob.glob(os.path.join(REPO, pattern), recursive=True))
    return sorted(os.path.relpath(path, REPO) for path in paths)


def unsafe_lines(path):
    with open(os.path.join(REPO, path), encoding='utf-8') as handle:
        text = handle.read()
    return ['%s:%d: %s' % (path, text.count('\n', 0, match.start()) + 1, match.group(0).strip())
            for match in UNSAFE.finditer(text)]


def test_the_pattern_finds_the_unsafe_forms_and_not_option_values():
    found = UNSAFE.findall
    assert found('  zoomops.zoom.zoom_user: "{{ item }}"\n')
    assert found("    - zoomops.zoom.zoom_user_info: '{{ query }}'\n")
    assert found('  zoom_user: "{{ item | zoomops.zoom.zoom_user_options }}"\n')
    assert found('  args: "{{ user_args }}"\n')
    assert found('  ansible.builtin.set_fact: "{{ facts }}"\n')
    assert not found('  api_url: "{{ zoom_api_url }}"\n')
    assert not found('  email: "{{ item.email }}"\n')
    assert not found('  zoomops.zoom.zoom_user:\n    email: "{{ item.email }}"\n')
    assert not found('  loop: "{{ zoom_users }}"\n')


def test_no_shipped_document_passes_a_template_as_task_args():
    documents = shipped_documents()
    assert 'README.md' in documents and 'docs/docsite/rst/awx.rst' in documents
    assert 'plugins/modules/zoom_user.py' in documents and 'roles/zoom_roster/README.md' in documents
    offenders = [line for path in documents for line in unsafe_lines(path)]
    assert offenders == [], '\n'.join(offenders)


README_LOOP = re.compile(r'```yaml\n(    - name: Users from a list\n.*?)```', re.S)


def run_playbook(emu, tmp_path, tasks):
    playbook = tmp_path / 'loop.yml'
    playbook.write_text('''- hosts: localhost
  gather_facts: false
  vars:
    zoom_users:
      - {email: a@example.com, first_name: Ada, create_method: custcreate, settings: {enable_waiting_room: true}}
      - {email: b@example.com, create_method: custcreate}
  module_defaults:
    group/zoomops.zoom.zoom:
      api_url: %s
      api_key: %s
      api_secret: %s
  tasks:
%s''' % (emu.url, emu.api_key, emu.api_secret, tasks))
    env = {key: value for key, value in os.environ.items() if not key.startswith(('ZOOM_', 'ANSIBLE_'))}
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': os.environ.get('ZOOM_TEST_COLLECTIONS') or os.path.join(REPO, '.build',
                                                                                            'collections'),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_DEPRECATION_WARNINGS': 'true',
    })
    proc = subprocess.run([venv_tool('ansible-playbook'), str(playbook), '-i', 'localhost,', '-c', 'local'], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope='module')
def emulator():
    with Emulator() as emu:
        yield emu


def test_the_readme_loop_runs_without_the_warning(emulator, tmp_path):
    emulator.reset()
    with open(os.path.join(REPO, 'README.md'), encoding='utf-8') as handle:
        (task,) = README_LOOP.findall(handle.read())
    rc, output = run_playbook(emulator, tmp_path, task)
    assert rc == 0, output
    assert WARNING not in output and 'WARNING' not in output, output
    assert emulator.user('a@example.com')['first_name'] == 'Ada'
    assert emulator.user('a@example.com')['enable_waiting_room'] is True
    assert emulator.user('b@example.com')['first_name'] == ''


def test_the_unsafe_form_warns_so_the_check_above_means_something(emulator, tmp_path):
    emulator.reset()
    task = '''    - name: Whole items as arguments
      zoomops.zoom.zoom_user: "{{ item }}"
      loop: "{{ zoom_users }}"
'''
    assert UNSAFE.findall(task)
    rc, output = run_playbook(emulator, tmp_path, task)
    assert WARNING in output, output
