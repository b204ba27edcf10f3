"""The field catalogue agrees with the v1 spec and with zoom_user's documentation."""

import os

import pytest
import yaml

from ansible_collections.zoomops.zoom.plugins.module_utils.common import user_fields_argument_spec
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    BOOL, CREATE_METHODS, FIELDS, FIELDS_BY_NAME, PROFILE_NAMES, SETTINGS_NAMES,
)
from ansible_collections.zoomops.zoom.plugins.modules import zoom_user

SPEC = os.path.join(os.path.dirname(__file__), '..', 'emulator', 'spec', 'zoom-user-v1.openapi.json')
NOT_FIELDS = {'id', 'email', 'password'}


@pytest.fixture(scope='module')
def spec():
    with open(SPEC) as handle:
        return yaml.safe_load(handle)


def request_fields(spec, endpoint):
    content = spec['paths'][endpoint]['post']['requestBody']['content']
    return set(content['application/x-www-form-urlencoded']['schema']['properties'])


def test_catalogue_is_exactly_the_fields_of_user_update(spec):
    assert set(FIELDS_BY_NAME) == request_fields(spec, '/user/update') - NOT_FIELDS


@pytest.mark.parametrize('method', sorted(CREATE_METHODS))
def test_carried_by_matches_what_each_create_endpoint_accepts(spec, method):
    accepted = request_fields(spec, CREATE_METHODS[method]['endpoint']) - NOT_FIELDS
    assert set(field.name for field in FIELDS if field.carried_by(method)) == accepted


def test_boolean_fields_are_described_as_booleans_or_flags_in_the_spec(spec):
    properties = spec['paths']['/user/update']['post']['requestBody']['content'][
        'application/x-www-form-urlencoded']['schema']['properties']
    for field in FIELDS:
        if properties[field.name].get('type') == 'boolean':
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
