"""The facts the guides state must be the code's: the emulator's error-code table against the
emulator, the endpoint table against the v1 spec, the v2 scope table against the v2 spec. The guides are RST, in
docs/docsite/rst/ (their one source: the docs site and GitHub render the same files).
"""

import json
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def read(*parts):
    with open(os.path.join(REPO, *parts), encoding='utf-8') as handle:
        return handle.read()


def guide(name):
    return read('docs', 'docsite', 'rst', name + '.rst')


def guide_error_codes():
    return dict(re.findall(r'^\| (\d+) +\| ``([^`]+)`` +\|', guide('emulator'), re.M))


def guide_endpoints():
    return dict(re.findall(r'^\| ``(/user/[a-z/]+)`` +\| ([^|]+?) +\|', guide('endpoints'), re.M))


def test_error_code_table_covers_the_codes_the_modules_act_on():
    md = guide_error_codes()
    for code in ('102', '200', '403', '1001', '1005', '1010', '1011', '1020'):
        assert code in md, code


def emulator_source():
    """The launcher and every module of its package (tests/emulator/zoomemu/)."""
    package = os.path.join(REPO, 'tests', 'emulator', 'zoomemu')
    names = sorted(name for name in os.listdir(package) if name.endswith('.py'))
    return read('tests', 'emulator', 'zoom_emulator.py') + ''.join(read('tests', 'emulator', 'zoomemu', name) for name in names)


def test_documented_error_messages_are_the_emulators():
    source = emulator_source()
    for code, message in guide_error_codes().items():
        stem = message.split('<')[0].rstrip(': .')
        assert stem in source, (code, stem)


def test_endpoint_table_names_all_20_endpoints_of_the_spec():
    spec = json.loads(read('tests', 'emulator', 'spec', 'zoom-user-v1.openapi.json'))
    md = guide_endpoints()
    assert set(md) == set(spec['paths'])
    assert len(md) == 20
    assert all(modules.strip() for modules in md.values())


# --- the v2 guide (docs/docsite/rst/v2.rst): the scopes the v2 backend needs -------------------------------------------------------------

# Every endpoint the v2 backend calls (issue 12). A new endpoint in the backend needs a row in the guide.
V2_BACKEND_ENDPOINTS = {
    'GET /users', 'POST /users', 'GET /users/{userId}', 'PATCH /users/{userId}', 'DELETE /users/{userId}',
    'GET /users/{userId}/settings', 'PATCH /users/{userId}/settings', 'PUT /users/{userId}/status',
    'PUT /users/{userId}/password', 'DELETE /users/{userId}/token', 'GET /users/{userId}/assistants',
    'POST /users/{userId}/assistants', 'DELETE /users/{userId}/assistants/{assistantId}',
    'POST /groups/{groupId}/members',
}
SCOPE_ROW = re.compile(r'^\| ``((?:GET|POST|PUT|PATCH|DELETE) /[^`]+)`` +\| ``([a-z_:]+)`` +\| ``([a-z_:]+)`` +\|', re.M)


def v2_scope_table():
    """{endpoint: (classic scope, granular scope)} of the scope table of the v2 guide."""
    rows = SCOPE_ROW.findall(guide('v2'))
    table = {endpoint: (classic, granular) for endpoint, classic, granular in rows}
    assert len(table) == len(rows), 'an endpoint is listed twice'
    return table


def v2_spec():
    return json.loads(read('tests', 'emulator', 'spec', 'zoom-user-v2.openapi.json'))


def spec_operation(spec, endpoint):
    method, path = endpoint.split(' ', 1)
    return spec['paths'].get(path, {}).get(method.lower())


def test_the_v2_scope_table_lists_every_endpoint_of_the_v2_backend():
    assert set(v2_scope_table()) == V2_BACKEND_ENDPOINTS


def test_the_v2_scopes_are_the_specs_admin_scopes_of_each_endpoint():
    spec = v2_spec()
    checked = 0
    for endpoint, (classic, granular) in v2_scope_table().items():
        operation = spec_operation(spec, endpoint)
        if operation is None:
            continue   # the Groups API is not in the spec subset: see the next test
        extensions = operation['x-extensions']
        admin_granular = [scope for scope in extensions['x-granular-scopes'] if scope.endswith(':admin')]
        assert [granular] == admin_granular, endpoint
        assert classic in extensions['x-macro-scopes'] and classic.endswith(':admin'), endpoint
        # the least privilege: a read needs only the read scope
        assert classic == ('user:read:admin' if endpoint.startswith('GET ') else 'user:write:admin'), endpoint
        assert {classic, granular} <= set(operation['security'][0]['openapi_oauth']), endpoint
        checked += 1
    assert checked == len(V2_BACKEND_ENDPOINTS) - 1


def test_the_v2_group_scopes_are_the_spec_schemes_and_the_emulators():
    """POST /groups/{groupId}/members is Zoom's Groups API: its scopes come from the spec's scope list and the
    emulator's route (which copies Zoom's full spec: group:write:admin or group:write:member:admin)."""
    from zoomemu.v2 import ROUTES
    known = set(v2_spec()['components']['securitySchemes']['openapi_oauth']['flows']['authorizationCode']['scopes'])
    for endpoint, (classic, granular) in v2_scope_table().items():
        method, path = endpoint.split(' ', 1)
        route_scopes = ROUTES[(method, path)][2]
        assert classic in route_scopes and granular in route_scopes, endpoint
        if path.startswith('/groups/'):
            assert {classic, granular} <= known, endpoint
            assert (classic, granular) == ('group:write:admin', 'group:write:member:admin')


def test_the_v2_scope_lists_to_copy_are_the_tables():
    text = guide('v2')
    table = v2_scope_table()
    lists = {}
    for kind in ('Classic', 'Granular'):
        block = text.split('\n%s:\n\n::\n\n' % kind, 1)[1].split('\n\n', 1)[0]
        lists[kind] = block.split()
        assert len(lists[kind]) == len(set(lists[kind])), kind
    assert set(lists['Classic']) == {scopes[0] for scopes in table.values()}
    assert set(lists['Granular']) == {scopes[1] for scopes in table.values()}


def test_the_v2_guide_is_on_the_docs_site():
    with open(os.path.join(REPO, 'docs', 'docsite', 'extra-docs.yml'), encoding='utf-8') as handle:
        toctree = yaml.safe_load(handle)['sections'][0]['toctree']
    assert 'v2' in toctree
    assert '.. _ansible_collections.zoomops.zoom.docsite.v2:' in guide('v2')


def test_each_guide_has_one_source():
    """The guides are written once, as RST in docs/docsite/rst/: no Markdown copy beside them, no generated file."""
    guides = sorted(name[:-4] for name in os.listdir(os.path.join(REPO, 'docs', 'docsite', 'rst')) if name.endswith('.rst'))
    with open(os.path.join(REPO, 'docs', 'docsite', 'extra-docs.yml'), encoding='utf-8') as handle:
        assert sorted(yaml.safe_load(handle)['sections'][0]['toctree']) == guides
    for name in guides:
        assert not os.path.exists(os.path.join(REPO, 'docs', name + '.md')), name
        assert 'Generated from' not in guide(name)[:200], name
