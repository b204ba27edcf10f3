"""The seam between the Zoom API versions, enforced on the source text of plugins/.

1. Only the v1 backend (plugins/module_utils/backends/v1.py) knows v1: no other code holds a v1
   endpoint path ('/user/...'), compares a Zoom error code, or holds a v1 number for a status, a user
   type or a login type. The catalogue (fields.py) may hold v1's numbers in its tables (its v1 column:
   the numbers the options accept), never in a comparison.
   Documentation is not code: docstrings and the DOCUMENTATION / EXAMPLES / RETURN strings of modules
   describe v1 (they name its endpoints) and are not scanned; comments are not in the AST.
2. Imports run one way: modules -> module base -> domain -> backend contract <- backends -> transport.
"""

import ast
import os
import re

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
PLUGINS = os.path.join(REPO, 'plugins')
PREFIX = 'ansible_collections.zoomops.zoom.plugins.'
V1 = 'module_utils/backends/v1.py'
DOC_STRINGS = ('DOCUMENTATION', 'EXAMPLES', 'RETURN')
# Names whose comparison with a number would be a v1 code: status, user type, login type, error code.
CODED_NAME = re.compile(r'(^|_)(status|type|login_type|code|zoom_code)$', re.IGNORECASE)
# Names that are not v1's in a file: the transport's ``status`` is the HTTP status (3xx, 4xx, 429...).
NOT_V1 = {'module_utils/transport.py': ('status',), 'module_utils/auth.py': ('status',)}
# The v2 backend knows its own API's codes and HTTP statuses (the v1 scan does not apply to it).
V2 = 'module_utils/backends/v2.py'


def sources():
    for folder, _dirs, files in os.walk(PLUGINS):
        for name in files:
            if name.endswith('.py'):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, PLUGINS).replace(os.sep, '/'), path


SOURCES = sorted(sources())


def tree_of(path):
    with open(path) as handle:
        return ast.parse(handle.read(), path)


def docstrings(tree):
    """ids of the string nodes that are docstrings or module documentation."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
        if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id in DOC_STRINGS
                                                for target in node.targets):
            found.add(id(node.value))
    return found


def name_of(node):
    """The last name of a Name, an Attribute or a subscript with a constant key (record['status'])."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'get' and node.args:
        key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None


def is_number(node):
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(is_number(item) for item in node.elts)
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def is_code_constant(node):
    return is_number(node) or (isinstance(node, ast.Name) and re.match(r'CODE_|.*_CODES?$', node.id))


def v1_leaks(path, exempt=()):
    """(line, what) of every piece of v1 knowledge in the file at ``path`` (``exempt``: names that are not v1's
    there)."""
    tree = tree_of(path)
    docs = docstrings(tree)
    leaks = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if re.search(r'(^|[^\w])/user/\w', node.value):
                leaks.append((node.lineno, 'v1 endpoint %r' % node.value[:60]))
        elif isinstance(node, ast.Compare):
            sides = [node.left] + list(node.comparators)
            names = [name if name not in exempt else None for name in (name_of(side) for side in sides)]
            if any(name and name.lower() in ('code', 'zoom_code') for name in names) \
                    and any(is_code_constant(side) for side in sides):
                leaks.append((node.lineno, 'a Zoom error code compared'))
            elif any(name and CODED_NAME.search(name) for name in names) and any(is_number(side) for side in sides):
                leaks.append((node.lineno, 'a %s compared with a number' % [n for n in names if n][0]))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and CODED_NAME.search(key.value) \
                        and is_number(value):
                    leaks.append((node.lineno, '%r given a number' % key.value))
        elif isinstance(node, ast.keyword) and node.arg and CODED_NAME.search(node.arg) and is_number(node.value):
            leaks.append((node.value.lineno, '%s= given a number' % node.arg))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and re.match(r'CODE_|.*_CODES?$', target.id):
                    leaks.append((node.lineno, 'error code constant %s' % target.id))
    return leaks


@pytest.mark.parametrize('relative, path', [case for case in SOURCES if case[0] not in (V1, V2)], ids=lambda value: value
                         if isinstance(value, str) and not value.startswith('/') else '')
def test_no_v1_knowledge_outside_the_v1_backend(relative, path):
    assert v1_leaks(path, NOT_V1.get(relative, ())) == [], relative


def test_the_scan_finds_what_the_v1_backend_knows():
    """The scan is not blind: run on the v1 backend, it sees its endpoints, error codes and statuses."""
    kinds = set(what.split(' ')[0] + ' ' + what.split(' ')[1] for _line, what in v1_leaks(os.path.join(PLUGINS, V1)))
    assert {'v1 endpoint', 'a Zoom', 'error code'} <= kinds, kinds


@pytest.mark.parametrize('snippet', [
    "if exc.code == 1005:\n    pass\n",
    "if record.get('status') != 2:\n    pass\n",
    "if user['type'] in (1, 2):\n    pass\n",
    "after = {'email': email, 'status': 0}\n",
    "ENDPOINT = '/user/assistant/delete'\n",
    "CODE_INVALID_ZPK = 1020\n",
])
def test_the_scan_catches_each_kind_of_leak(tmp_path, snippet):
    source = tmp_path / 'leaky.py'
    source.write_text(snippet)
    assert v1_leaks(str(source)), snippet


# --- imports run one way ------------------------------------------------------------------------------
MODULE_BASE = {'module_utils/module.py', 'module_utils/common.py'}
DOMAIN = {'module_utils/users.py', 'module_utils/assistants.py', 'module_utils/roster.py',
          'module_utils/user_info.py', 'module_utils/record.py', 'module_utils/fields.py'}
CONTRACT = {'module_utils/backends/base.py', 'module_utils/errors.py'}
BACKENDS = {'module_utils/backends/v1.py', 'module_utils/backends/v2.py', 'module_utils/backends/factory.py',
            'module_utils/backends/__init__.py'}
TRANSPORT = {'module_utils/transport.py', 'module_utils/auth.py', 'module_utils/connection.py', 'module_utils/pacing.py'}
# What each layer may import (besides itself). The module base builds the backend (factory) and checks the
# connection options with the transport's api_url rules; the domain sees the backends only through the
# contract; the backends never see the domain; the transport sees nothing but the errors.
ALLOWED = [
    ('modules/', MODULE_BASE | DOMAIN | CONTRACT),
    ('filter/', DOMAIN | CONTRACT),
    # The zoom_roster action refuses a roster variable before the module runs with the module's own messages.
    ('action/zoom_roster.py', {'module_utils/roster.py'}),
    ('action/', set()),
    ('doc_fragments/', set()),
    ('module_utils/module.py', MODULE_BASE | DOMAIN | CONTRACT | {'module_utils/backends/factory.py'}),
    ('module_utils/common.py', DOMAIN | CONTRACT | {'module_utils/transport.py', 'module_utils/connection.py'}),
    ('module_utils/backends/', BACKENDS | CONTRACT | TRANSPORT | {'module_utils/record.py', 'module_utils/fields.py'}),
    ('module_utils/transport.py', {'module_utils/errors.py'}),
    ('module_utils/auth.py', {'module_utils/errors.py'}),
    ('module_utils/connection.py', set()),
    ('module_utils/pacing.py', set()),
    ('module_utils/errors.py', set()),
    ('module_utils/', DOMAIN | CONTRACT),
]


def collection_imports(path):
    """The plugins/ files (relative paths) a file imports from the collection."""
    imported = set()
    for node in ast.walk(tree_of(path)):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            modules = [node.module] + ['%s.%s' % (node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names if alias.name.startswith(PREFIX)]
        for module in modules:
            relative = module[len(PREFIX):].replace('.', '/')
            for candidate in (relative + '.py', relative + '/__init__.py'):
                if os.path.exists(os.path.join(PLUGINS, candidate)):
                    imported.add(candidate)
    return imported


def allowed_for(relative):
    for prefix, allowed in ALLOWED:
        if relative.startswith(prefix):
            return allowed
    raise AssertionError('no layer for %s: add it to ALLOWED' % relative)


@pytest.mark.parametrize('relative, path', SOURCES, ids=lambda value: value
                         if isinstance(value, str) and not value.startswith('/') else '')
def test_imports_run_one_way(relative, path):
    allowed = allowed_for(relative) | {relative}
    wrong = sorted(collection_imports(path) - allowed)
    assert wrong == [], '%s imports %s' % (relative, ', '.join(wrong))


def test_the_import_rules_would_catch_the_domain_importing_a_backend(tmp_path):
    source = tmp_path / 'users.py'
    source.write_text('from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Users\n')
    assert collection_imports(str(source)) - allowed_for('module_utils/users.py') == {'module_utils/backends/v1.py'}
