"""The docs site's guides are RST copies of docs/*.md: the facts users rely on must agree.

Checked: the emulator's error-code table (code and message) and the endpoint → module table,
against each other, against the emulator and against the v1 spec.
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


def rst_error_codes():
    return dict(re.findall(r'^(\d+)\s+``([^`]+)``', read('docs', 'docsite', 'rst', 'emulator.rst'), re.M))


def md_endpoints():
    return dict(re.findall(r'^\| `(/user/[a-z/]+)` \| ([^|]+) \|', read('docs', 'endpoints.md'), re.M))


def rst_endpoints():
    """{endpoint: modules} from the RST simple table (columns cut where its ==== border says)."""
    lines = read('docs', 'docsite', 'rst', 'endpoints.rst').splitlines()
    border = next(line for line in lines if re.match(r'^=+( +=+)+$', line))
    spans = [match.span() for match in re.finditer(r'=+', border)]
    rows = {}
    for line in lines:
        if line.startswith('``/user/'):
            cells = [line[start:end if index < len(spans) - 1 else None].strip() for index, (start, end) in enumerate(spans)]
            rows[cells[0].strip('`')] = cells[1].replace('``', '`')
    return rows


def test_error_code_tables_agree_and_cover_the_codes_the_modules_act_on():
    md = md_error_codes()
    assert md == rst_error_codes()
    for code in ('102', '200', '403', '1001', '1005', '1010', '1011', '1020'):
        assert code in md, code


def test_documented_error_messages_are_the_emulators():
    source = read('tests', 'emulator', 'zoom_emulator.py')
    for code, message in md_error_codes().items():
        stem = message.split('<')[0].rstrip(': .')
        assert stem in source, (code, stem)


def test_endpoint_tables_agree_and_name_all_20_endpoints_of_the_spec():
    spec = json.loads(read('tests', 'emulator', 'spec', 'zoom-user-v1.openapi.json'))
    md = md_endpoints()
    assert set(md) == set(spec['paths'])
    assert len(md) == 20
    assert dict((k, v.strip()) for k, v in md.items()) == rst_endpoints()
