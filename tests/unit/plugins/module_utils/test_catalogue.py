"""The field catalogue (its v1 column) agrees with the v1 spec and with zoom_user's documentation."""

import os

import pytest
import yaml

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import CREATE_ENDPOINTS
from ansible_collections.zoomops.zoom.plugins.module_utils.common import user_fields_argument_spec
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    BOOL, CREATE_METHODS, FIELDS, FIELDS_BY_NAME, PROFILE_NAMES, SETTINGS_NAMES,
)
from ansible_collections.zoomops.zoom.plugins.modules import zoom_user

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
SPEC = os.path.join(REPO, 'tests', 'emulator', 'spec', 'zoom-user-v1.openapi.json')
NOT_FIELDS = {'id', 'email', 'password'}


@pytest.fixture(scope='module')
def spec():
    with open(SPEC) as handle:
        return yaml.safe_load(handle)


def request_fields(spec, endpoint):
    content = spec['paths'][endpoint]['post']['requestBody']['content']
    return set(content['application/x-www-form-urlencoded']['schema']['properties'])


def test_catalogue_is_exactly_the_fields_of_user_update(spec):
    assert set(field.v1 for field in FIELDS) == request_fields(spec, '/user/update') - NOT_FIELDS


@pytest.mark.parametrize('method', sorted(CREATE_METHODS))
def test_carried_by_matches_what_each_create_endpoint_accepts(spec, method):
    accepted = request_fields(spec, CREATE_ENDPOINTS[method]) - NOT_FIELDS
    assert set(field.v1 for field in FIELDS if field.carried_by(method)) == accepted


def test_boolean_fields_are_described_as_booleans_or_flags_in_the_spec(spec):
    properties = spec['paths']['/user/update']['post']['requestBody']['content'][
        'application/x-www-form-urlencoded']['schema']['properties']
    for field in FIELDS:
        if properties[field.v1].get('type') == 'boolean':
            assert field.kind == BOOL, field.name


def test_zoom_user_documentation_matches_the_catalogue_and_the_argument_spec():
    documented = yaml.safe_load(zoom_user.DOCUMENTATION)['options']
    spec = user_fields_argument_spec()
    for name in PROFILE_NAMES:
        assert documented[name]['type'] == spec[name]['type'], name
    for name, option in documented.items():
        assert all(isinstance(line, str) for line in option['description']), name
    settings_doc = documented['settings']['suboptions']
    assert list(settings_doc) == list(SETTINGS_NAMES)
    for name in SETTINGS_NAMES:
        option = spec['settings']['options'][name]
        assert settings_doc[name]['type'] == option['type'], name
        assert settings_doc[name].get('choices') == option.get('choices'), name
        assert settings_doc[name]['description'] == [FIELDS_BY_NAME[name].description]


def test_zoom_user_documents_its_own_options_as_the_argument_spec_declares_them():
    documented = yaml.safe_load(zoom_user.DOCUMENTATION)['options']
    spec = zoom_user.argument_spec()
    for name in ('email', 'id', 'login_type', 'state', 'active', 'permanent', 'create', 'create_method', 'password',
                 'update_password', 'revoke_token'):
        for key in ('type', 'default', 'choices'):
            assert documented[name].get(key) == spec[name].get(key), (name, key)
    assert documented['create']['version_added'] == '0.2.0'


def _zoom_user_tasks(text):
    """The zoom_user tasks of a YAML list of tasks (blocks and plays included)."""
    found = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if isinstance(node.get('zoomops.zoom.zoom_user'), dict):
                found.append(node['zoomops.zoom.zoom_user'])
            for key in ('block', 'tasks'):
                walk(node.get(key))
    walk(yaml.safe_load(text))
    return found


def _readme_playbooks():
    with open(os.path.join(REPO, 'README.md')) as handle:
        text = handle.read()
    return [block.split('```', 1)[0] for block in text.split('```yaml\n')[1:]]


def test_documented_offboarding_never_creates():
    """Issue 10, item 11: a deactivation example without create: false invites a misspelt address."""
    tasks = _zoom_user_tasks(zoom_user.EXAMPLES)
    for block in _readme_playbooks():
        tasks.extend(_zoom_user_tasks(block))
    offboarding = [options for options in tasks if options.get('active') is False]
    assert offboarding, 'the examples show no offboarding'
    for options in offboarding:
        assert options.get('create') is False, options


def test_the_documented_export_loop_passes_every_option_zoom_user_options_can_emit():
    from ansible_collections.zoomops.zoom.plugins.module_utils.fields import SECRET_KEYS
    path = os.path.join(REPO, 'plugins', 'filter', 'zoom_user_options.yml')
    with open(path) as handle:
        examples = yaml.safe_load(yaml.safe_load(handle)['EXAMPLES'])
    loops = [task['zoomops.zoom.zoom_user'] for task in examples if 'zoomops.zoom.zoom_user' in task]
    assert len(loops) == 1
    emitted = {'email', 'state', 'login_type', 'create_method', 'create', 'active', 'settings'}
    emitted.update(name for name in PROFILE_NAMES if name not in SECRET_KEYS)
    assert set(loops[0]) == emitted
    for name, value in loops[0].items():
        assert value == '{{ item.%s | default(omit) }}' % name or (name in ('email', 'state') and
                                                                   value == '{{ item.%s }}' % name), name


def test_the_catalogues_wire_columns_are_well_formed():
    """v1: every field has its v1 form field; v2: a dotted JSON path where set; inverted only for a v2 boolean
    (v1's disable_* flags are v2's enable flags)."""
    import re
    for field in FIELDS:
        assert field.v1 == field.name, field.name
        if field.v2 is None:
            assert field.inverted is False, field.name
            continue
        assert re.match(r'\A[a-z_]+(\.[a-z_]+)*\Z', field.v2), field.name
        assert ('.' in field.v2) == (field.group == 'settings'), field.name
        assert field.inverted == (field.kind == BOOL and field.name.startswith('disable_')), field.name
