"""The documentation every module shares is written once.

- Attributes: the named blocks of plugins/doc_fragments/attributes.py (action group, check mode, diff mode) are
  used, not pasted: no module's own DOCUMENTATION repeats a block that a fragment holds.
- Return values: ansible-core merges doc fragments into DOCUMENTATION only, never into RETURN, so the entries
  every module shares (``endpoint``, ``zoom_code``) cannot come from a fragment; this test keeps them identical
  in every module that fails through the module base (module.ZoomModule.fail_on sets both).
"""

import ast
import os

import pytest
import yaml

from ansible_collections.zoomops.zoom.plugins.doc_fragments.attributes import ModuleDocFragment

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
MODULES = os.path.join(REPO, 'plugins', 'modules')
ZOOM_MODULES = ('zoom_user', 'zoom_user_info', 'zoom_user_assistant', 'zoom_token')
SHARED_RETURN = ('endpoint', 'zoom_code')
BLOCKS = [name for name in vars(ModuleDocFragment) if name.isupper() and name != 'DOCUMENTATION']


def docs_of(module):
    """{DOCUMENTATION: ..., RETURN: ...} of a module, parsed from its source as ansible-doc reads it."""
    with open(os.path.join(MODULES, module + '.py')) as handle:
        tree = ast.parse(handle.read())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ('DOCUMENTATION', 'RETURN'):
            found[node.targets[0].id] = yaml.safe_load(node.value.value)
    return found


def block(name):
    return yaml.safe_load(getattr(ModuleDocFragment, name))['attributes']


@pytest.mark.parametrize('module', ZOOM_MODULES)
def test_every_module_takes_the_action_group_from_the_fragment_and_pastes_no_block(module):
    documentation = docs_of(module)['DOCUMENTATION']
    fragments = documentation['extends_documentation_fragment']
    assert 'zoomops.zoom.attributes.action_group' in fragments
    own = documentation.get('attributes') or {}
    used = [name for name in BLOCKS if 'zoomops.zoom.attributes.%s' % name.lower() in fragments]
    for name in BLOCKS:
        for attribute, value in block(name).items():
            assert own.get(attribute) != value, '%s pastes the %s block: use the fragment' % (module, name)
    # A module documents each attribute once: by a fragment or by itself, never both.
    from_fragments = [attribute for name in used for attribute in block(name)]
    assert len(from_fragments) == len(set(from_fragments)) and not set(from_fragments) & set(own), module
    assert set(from_fragments) | set(own) == {'check_mode', 'diff_mode', 'action_group'}, module


def test_every_named_block_is_used_by_a_module():
    used = set()
    for module in ZOOM_MODULES:
        used.update(docs_of(module)['DOCUMENTATION']['extends_documentation_fragment'])
    assert sorted('zoomops.zoom.attributes.%s' % name.lower() for name in BLOCKS) == sorted(
        fragment for fragment in used if fragment.startswith('zoomops.zoom.attributes.'))


@pytest.mark.parametrize('entry', SHARED_RETURN)
def test_the_return_values_every_module_shares_are_identical(entry):
    documented = dict((module, docs_of(module)['RETURN'].get(entry)) for module in ZOOM_MODULES)
    assert all(documented.values()), 'missing %s in %s' % (entry, [m for m, doc in documented.items() if not doc])
    first = documented[ZOOM_MODULES[0]]
    assert [module for module, doc in documented.items() if doc != first] == []
    assert first['returned'] == 'failed'
