"""The facts the guides state must be the code's: the emulator's error-code table against the
emulator, the endpoint table against the v1 spec. (The docs site's RST copies are generated from
docs/*.md; `make docs-lint` fails when they differ: tools/ecosystem/docs_rst.py --check.)
"""

import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def read(*parts):
    with open(os.path.join(REPO, *parts), encoding='utf-8') as handle:
        return handle.read()


def md_error_codes():
    return dict(re.findall(r'^\| (\d+) \| `([^`]+)` \|', read('docs', 'emulator.md'), re.M))


def md_endpoints():
    return dict(re.findall(r'^\| `(/user/[a-z/]+)` \| ([^|]+) \|', read('docs', 'endpoints.md'), re.M))


def test_error_code_table_covers_the_codes_the_modules_act_on():
    md = md_error_codes()
    for code in ('102', '200', '403', '1001', '1005', '1010', '1011', '1020'):
        assert code in md, code


def emulator_source():
    """The launcher and every module of its package (tests/emulator/zoomemu/)."""
    package = os.path.join(REPO, 'tests', 'emulator', 'zoomemu')
    names = sorted(name for name in os.listdir(package) if name.endswith('.py'))
    return read('tests', 'emulator', 'zoom_emulator.py') + ''.join(read('tests', 'emulator', 'zoomemu', name) for name in names)


def test_documented_error_messages_are_the_emulators():
    source = emulator_source()
    for code, message in md_error_codes().items():
        stem = message.split('<')[0].rstrip(': .')
        assert stem in source, (code, stem)


def test_endpoint_table_names_all_20_endpoints_of_the_spec():
    spec = json.loads(read('tests', 'emulator', 'spec', 'zoom-user-v1.openapi.json'))
    md = md_endpoints()
    assert set(md) == set(spec['paths'])
    assert len(md) == 20
    assert all(modules.strip() for modules in md.values())
