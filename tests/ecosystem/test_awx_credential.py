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
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'tests', 'emulator'))

from harness import Emulator  # noqa: E402
from .conftest import venv_tool  # noqa: E402

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
    return venv_tool('ansible-playbook')


def collections_path():
    return os.environ.get('ZOOM_TEST_COLLECTIONS') or os.path.join(REPO, '.build', 'collections')


@pytest.fixture(scope='module')
def emulator():
    with Emulator(api_secret=SECRET) as emu:
        yield emu


# The connection options' environment variables (DESIGN.md's fixed names): v1's, then v2's.
V1_ENV = {'ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET'}
V2_ENV = {'ZOOM_API_VERSION', 'ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'ZOOM_OAUTH_URL'}
SECRET_INPUTS = {'api_secret', 'client_secret'}
V2_INPUTS = {'account_id': 'acct-1', 'client_id': 'client-1', 'client_secret': 'client-secret-1'}


def test_credential_type_declares_the_documented_inputs():
    credential_type = load_credential_type()
    fields = {field['id']: field for field in credential_type['inputs']['fields']}
    assert set(fields) == {'api_version', 'api_url', 'api_key', 'api_secret', 'account_id', 'client_id',
                           'client_secret', 'oauth_url'}
    assert {name for name, field in fields.items() if field.get('secret')} == SECRET_INPUTS
    assert all(field.get('secret') is True for name, field in fields.items() if name in SECRET_INPUTS)
    # one type for both APIs: no input is required by itself (the modules name what is missing)
    assert credential_type['inputs'].get('required', []) == []
    assert all(field['type'] == 'string' and field.get('label') for field in fields.values())


def test_injectors_set_exactly_the_environment_variables_the_modules_read():
    credential_type = load_credential_type()
    assert set(credential_type['injectors']) == {'env'}
    assert set(credential_type['injectors']['env']) == V1_ENV | V2_ENV
    with open(os.path.join(REPO, 'plugins', 'doc_fragments', 'connection.py'), encoding='utf-8') as handle:
        fragment = handle.read()
    # The fragment documents each option's environment variable. v2's options arrive with the v2 backend
    # (issue 12): once the fragment has them, their variables must be the ones injected too.
    documented = V1_ENV | (V2_ENV if 'client_secret:' in fragment else set())
    for name in documented:
        assert 'E(%s)' % name in fragment, name


def test_an_empty_api_url_injects_the_default_url_of_the_modules():
    env = render_injected_env(load_credential_type(), {'api_url': '', 'api_key': 'k', 'api_secret': 's'})
    assert env['ZOOM_API_URL'] == 'https://api.zoom.us/v1'
    env = render_injected_env(load_credential_type(), {'api_key': 'k', 'api_secret': 's'})
    assert env['ZOOM_API_URL'] == 'https://api.zoom.us/v1'
    env = render_injected_env(load_credential_type(), dict(V2_INPUTS, api_url=''))
    assert env['ZOOM_API_URL'] == 'https://api.zoom.us/v2'
    env = render_injected_env(load_credential_type(), V2_INPUTS)
    assert env['ZOOM_API_URL'] == 'https://api.zoom.us/v2' and env['ZOOM_OAUTH_URL'] == 'https://zoom.us/oauth/token'


def test_the_api_version_is_always_injected_and_follows_the_credentials_given():
    """AWX sets every variable of the injectors, empty when its input is: the version must never be left to
    guess from which variables are set (all of them are)."""
    credential_type = load_credential_type()
    v2 = render_injected_env(credential_type, V2_INPUTS)
    assert v2 == {'ZOOM_API_VERSION': 'v2', 'ZOOM_API_URL': 'https://api.zoom.us/v2',
                  'ZOOM_OAUTH_URL': 'https://zoom.us/oauth/token', 'ZOOM_ACCOUNT_ID': 'acct-1',
                  'ZOOM_CLIENT_ID': 'client-1', 'ZOOM_CLIENT_SECRET': 'client-secret-1',
                  'ZOOM_API_KEY': '', 'ZOOM_API_SECRET': ''}
    v1 = render_injected_env(credential_type, {'api_key': 'k', 'api_secret': 's', 'client_id': ''})
    assert v1['ZOOM_API_VERSION'] == 'v1' and v1['ZOOM_CLIENT_ID'] == '' and v1['ZOOM_CLIENT_SECRET'] == ''
    # an explicit version wins, and the default URL follows it
    forced = render_injected_env(credential_type, dict(V2_INPUTS, api_version='v1', api_key='k', api_secret='s'))
    assert forced['ZOOM_API_VERSION'] == 'v1' and forced['ZOOM_API_URL'] == 'https://api.zoom.us/v1'
    emulator = render_injected_env(credential_type, dict(V2_INPUTS, api_url='http://127.0.0.1:8765/v2',
                                                         oauth_url='http://127.0.0.1:8765/oauth/token'))
    assert emulator['ZOOM_API_URL'] == 'http://127.0.0.1:8765/v2'
    assert emulator['ZOOM_OAUTH_URL'] == 'http://127.0.0.1:8765/oauth/token'


def test_injectors_render_under_strict_undefined_with_any_input_missing():
    """AWX leaves an input the credential does not fill out of the template's namespace."""
    credential_type = load_credential_type()
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for inputs in ({}, {'api_key': 'k', 'api_secret': 's'}, V2_INPUTS):
        env = {name: sandbox.from_string(template).render(**inputs)
               for name, template in credential_type['injectors']['env'].items()}
        assert env['ZOOM_API_VERSION'] in ('v1', 'v2') and env['ZOOM_API_URL'].startswith('https://')


def test_the_awx_guide_shows_the_same_inputs_and_injectors():
    credential_type = load_credential_type()
    with open(AWX_GUIDE, encoding='utf-8') as handle:
        guide = handle.read()
    for name, template in credential_type['injectors']['env'].items():
        assert '%s: "%s"' % (name, template) in guide
    for field in credential_type['inputs']['fields']:
        assert '- id: %s' % field['id'] in guide
    # the two blocks to paste are the file's, whole
    blocks = {}
    for title in ('Input configuration', 'Injector configuration'):
        block = guide.split('\n%s:\n\n.. code-block:: yaml\n\n' % title, 1)[1].split('\n\n', 1)[0]
        blocks[title] = yaml.safe_load(block)
    assert blocks == {'Input configuration': credential_type['inputs'],
                      'Injector configuration': credential_type['injectors']}
    assert 'description: %s\n' % credential_type['description'] in guide


def test_injected_environment_alone_drives_the_modules_and_hides_the_secret(emulator, tmp_path):
    emulator.reset()
    injected = render_injected_env(load_credential_type(), {
        'api_url': emulator.url, 'api_key': emulator.api_key, 'api_secret': emulator.api_secret})
    assert injected == {'ZOOM_API_URL': emulator.url, 'ZOOM_API_KEY': emulator.api_key, 'ZOOM_API_SECRET': SECRET,
                        'ZOOM_API_VERSION': 'v1', 'ZOOM_OAUTH_URL': 'https://zoom.us/oauth/token',
                        'ZOOM_ACCOUNT_ID': '', 'ZOOM_CLIENT_ID': '', 'ZOOM_CLIENT_SECRET': ''}

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
