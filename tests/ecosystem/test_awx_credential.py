"""The AWX credential type of docs/awx/credential_type.yml drives the modules.

AWX renders each value of ``injectors.env`` as a Jinja2 template (in an immutable sandbox) over the
credential's inputs and exports the results into the job's environment. These tests do the same,
then run a zoom_user playbook whose environment has ONLY those variables for the connection (no
module_defaults, no connection options) against the emulator.
"""

import os
import subprocess
import sys

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'tests', 'emulator'))

from harness import Emulator  # noqa: E402

CREDENTIAL_TYPE = os.path.join(REPO, 'docs', 'awx', 'credential_type.yml')
AWX_GUIDE = os.path.join(REPO, 'docs', 'docsite', 'rst', 'awx.rst')
SECRET = 'awx-injected-Secret-7f3a9c'

PLAYBOOK = """
- name: Zoom user from an AWX job
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: An API user, connection from the credential's environment variables only
      zoomops.zoom.zoom_user:
        email: awx-bot@example.com
        create_method: custcreate
        first_name: Awx
        type: pro
      register: created

    - name: The same user again changes nothing
      zoomops.zoom.zoom_user:
        email: awx-bot@example.com
        first_name: Awx
        type: pro
      register: again

    - name: Both results are as expected
      ansible.builtin.assert:
        that:
          - created is changed
          - again is not changed
          - created.user.email == 'awx-bot@example.com'
"""


def load_credential_type():
    with open(CREDENTIAL_TYPE, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def render_injected_env(credential_type, inputs):
    """The environment AWX injects: each ``injectors.env`` value rendered over the inputs."""
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**inputs)
            for name, template in credential_type['injectors']['env'].items()}


def ansible_playbook():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return candidate if os.path.exists(candidate) else 'ansible-playbook'


def collections_path():
    return os.environ.get('ZOOM_TEST_COLLECTIONS') or os.path.join(REPO, '.build', 'collections')


@pytest.fixture(scope='module')
def emulator():
    with Emulator(api_secret=SECRET) as emu:
        yield emu


def test_credential_type_declares_the_documented_inputs():
    credential_type = load_credential_type()
    fields = {field['id']: field for field in credential_type['inputs']['fields']}
    assert set(fields) == {'api_url', 'api_key', 'api_secret'}
    assert fields['api_secret'].get('secret') is True
    assert not fields['api_key'].get('secret') and not fields['api_url'].get('secret')
    assert set(credential_type['inputs']['required']) == {'api_key', 'api_secret'}
    assert all(field['type'] == 'string' and field.get('label') for field in fields.values())


def test_injectors_set_exactly_the_environment_variables_the_modules_read():
    credential_type = load_credential_type()
    assert set(credential_type['injectors']) == {'env'}
    assert set(credential_type['injectors']['env']) == {'ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET'}
    with open(os.path.join(REPO, 'plugins', 'doc_fragments', 'connection.py'), encoding='utf-8') as handle:
        fragment = handle.read()
    for name in credential_type['injectors']['env']:
        assert 'E(%s)' % name in fragment


def test_an_empty_api_url_injects_the_default_url_of_the_modules():
    env = render_injected_env(load_credential_type(), {'api_url': '', 'api_key': 'k', 'api_secret': 's'})
    assert env['ZOOM_API_URL'] == 'https://api.zoom.us/v1'
    env = render_injected_env(load_credential_type(), {'api_key': 'k', 'api_secret': 's'})
    assert env['ZOOM_API_URL'] == 'https://api.zoom.us/v1'


def test_the_awx_guide_shows_the_same_inputs_and_injectors():
    credential_type = load_credential_type()
    with open(AWX_GUIDE, encoding='utf-8') as handle:
        guide = handle.read()
    for name, template in credential_type['injectors']['env'].items():
        assert '%s: "%s"' % (name, template) in guide
    for field in credential_type['inputs']['fields']:
        assert '- id: %s' % field['id'] in guide


def test_injected_environment_alone_drives_the_modules_and_hides_the_secret(emulator, tmp_path):
    emulator.reset()
    injected = render_injected_env(load_credential_type(), {
        'api_url': emulator.url, 'api_key': emulator.api_key, 'api_secret': emulator.api_secret})
    assert injected == {'ZOOM_API_URL': emulator.url, 'ZOOM_API_KEY': emulator.api_key, 'ZOOM_API_SECRET': SECRET}

    playbook = tmp_path / 'awx_job.yml'
    playbook.write_text(PLAYBOOK)
    # A job's environment: no ZOOM_* or ANSIBLE_* from the caller, only the injected variables.
    env = {key: value for key, value in os.environ.items() if not key.startswith(('ZOOM_', 'ANSIBLE_'))}
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': collections_path(),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
    })
    env.update(injected)
    proc = subprocess.run([ansible_playbook(), str(playbook), '-i', 'localhost,', '-vvv', '--diff'], cwd=str(tmp_path),
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert 'changed=1' in proc.stdout and 'failed=0' in proc.stdout

    user = emulator.user('awx-bot@example.com')
    assert user is not None and user['first_name'] == 'Awx' and user['status'] == 'active'
    assert [call['endpoint'] for call in emulator.write_calls()] == ['/user/custcreate']
    assert SECRET not in output


def test_without_the_injected_environment_the_module_fails_naming_the_missing_options(tmp_path):
    playbook = tmp_path / 'no_credential.yml'
    playbook.write_text(PLAYBOOK)
    env = {key: value for key, value in os.environ.items() if not key.startswith(('ZOOM_', 'ANSIBLE_'))}
    env.update({'ANSIBLE_COLLECTIONS_PATH': collections_path(), 'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
                'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_LOCALHOST_WARNING': 'false'})
    proc = subprocess.run([ansible_playbook(), str(playbook), '-i', 'localhost,'], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode != 0
    assert 'api_key' in proc.stdout and 'api_secret' in proc.stdout
