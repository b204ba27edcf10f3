"""The zoom_roster role against the field catalogue: every key a roster entry may carry reaches zoom_user's call and
is documented, so that a field added to plugins/module_utils/fields.py cannot be dropped silently by the role.

The role hands its variables to the zoom_roster module, which plans and calls users.ensure_user (zoom_user's call)
with what the plan hands on (PASSED_KEYS) and the entry's secrets: these tests tie them to the catalogue
(PROFILE_NAMES, the roster's ENTRY_KEYS: what its validation accepts) and the role's variables to the module's options.
"""

import os
import re

import yaml

from ansible_collections.zoomops.zoom.plugins.module_utils.common import connection_argument_spec
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import PROFILE_NAMES
from ansible_collections.zoomops.zoom.plugins.module_utils.roster import ENTRY_KEYS, PASSED_KEYS, SECRET_OPTIONS
from ansible_collections.zoomops.zoom.plugins.modules import zoom_roster


def _repository_root():
    """The collection's root (the folder holding galaxy.yml), wherever this test file is moved to."""
    folder = os.path.dirname(os.path.abspath(__file__))
    while not os.path.exists(os.path.join(folder, 'galaxy.yml')):
        parent = os.path.dirname(folder)
        assert parent != folder, 'galaxy.yml not found above %s' % __file__
        folder = parent
    return folder


ROOT = _repository_root()
ROLE = os.path.join(ROOT, 'roles', 'zoom_roster')
OLD_ROLE = os.path.join(ROOT, 'roles', 'roster')
# Keys an entry may carry that are not zoom_user options of a user to create or update: ``permanent`` goes to the
# removal (from the plan), ``assistants`` to the assistants' call.
NOT_FOR_UPDATE = {'permanent', 'assistants'}


def load(*parts):
    with open(os.path.join(*parts), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def read(*parts):
    with open(os.path.join(*parts), encoding='utf-8') as handle:
        return handle.read()


def role_tasks(role=ROLE):
    return load(role, 'tasks', 'main.yml')


def module_tasks(module):
    return [task for task in role_tasks() if module in task]


def roster_task():
    """The options of the role's one zoom_roster task (the module that checks, reads, plans and applies)."""
    (task,) = module_tasks('zoomops.zoom.zoom_roster')
    return task['zoomops.zoom.zoom_roster']


def argument_specs(role=ROLE):
    return load(role, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']


def module_options():
    """The zoom_roster module's own options (its argument spec without the connection options)."""
    spec = zoom_roster.argument_spec()
    return dict((name, option) for name, option in spec.items() if name not in connection_argument_spec())


def test_every_key_of_an_entry_for_an_update_reaches_the_zoom_user_call():
    """What the plan hands on (PASSED_KEYS) plus the secrets, looked up by email, are exactly the keys of an entry
    that zoom_user's call takes: every profile field of the catalogue and the settings."""
    handed_on = set(PASSED_KEYS) | set(SECRET_OPTIONS)
    assert handed_on == set(ENTRY_KEYS) - NOT_FOR_UPDATE
    assert set(PROFILE_NAMES) - handed_on == set()
    assert 'settings' in handed_on
    assert set(SECRET_OPTIONS) & set(PASSED_KEYS) == set()


def role_description(role=ROLE):
    return load(role, 'meta', 'argument_specs.yml')['argument_specs']['main']['description']


def test_the_role_hands_each_variable_to_the_module_option_of_its_name():
    task = roster_task()
    # The roster by its NAME: the module's action plugin reads it untemplated (a 100,000-user variable templated as a
    # module argument costs tens of seconds), so no argument spec may name it either (ansible-core would template it).
    assert task.pop('users_var') == 'zoom_roster_users'
    assert task.pop('users_file') == '{{ zoom_roster_users_file | default(omit) }}'
    assert task == dict((name, '{{ zoom_roster_%s }}' % name) for name in task)
    assert sorted('zoom_roster_%s' % name for name in module_options() if name not in ('users', 'users_var')) == \
        sorted(argument_specs())
    assert 'zoom_roster_users' not in argument_specs() and 'zoom_roster_users' not in argument_specs(OLD_ROLE)


def test_the_module_defaults_are_the_role_defaults():
    defaults = load(ROLE, 'defaults', 'main.yml')
    for name, option in module_options().items():
        if name not in ('users', 'users_file', 'users_var'):
            assert option['default'] == defaults['zoom_roster_%s' % name], name


def _documented_entry_keys(descriptions):
    paragraphs = [text for text in descriptions if text.startswith('Keys of an entry')]
    assert len(paragraphs) == 1, descriptions
    return re.findall(r'C\((\w+)\)', paragraphs[0])


def test_argument_specs_document_every_key_of_an_entry_once():
    # In the role's description: zoom_roster_users is not an option of the argument spec (see above).
    documented = _documented_entry_keys(role_description())
    assert sorted(documented) == sorted(ENTRY_KEYS)


def test_the_role_description_says_the_roster_variable_is_required_and_checked_before_any_call():
    text = ' '.join(role_description())
    for promise in ('C(zoom_roster_users) is required unless O(zoom_roster_users_file) is given',
                    'mutually exclusive', 'before any API call', 'naming each bad entry'):
        assert promise in text


def test_readme_lists_every_key_of_an_entry():
    rows = [line for line in read(ROLE, 'README.md').splitlines() if line.startswith('| `zoom_roster_users` |')]
    assert len(rows) == 1
    named = re.findall(r'`(\w+)`', rows[0])
    assert sorted(set(named) - {'zoom_roster_users', 'zoom_user'}) == sorted(ENTRY_KEYS)


def test_role_defaults_are_the_documented_defaults():
    specs = argument_specs()
    defaults = load(ROLE, 'defaults', 'main.yml')
    assert defaults == dict((name, option['default']) for name, option in specs.items() if 'default' in option)
    # Neither has a default: one of them is required, checked by the action and the module before any call (the
    # argument spec cannot say "one of"), so that a misspelt name fails instead of doing nothing.
    assert 'default' not in specs['zoom_roster_users_file'] and 'zoom_roster_users' not in defaults


def test_every_variable_the_role_sets_carries_its_prefix():
    """ansible-lint's var-naming[no-role-prefix] (in `make lint`), checked here too: the role's name is zoom_roster
    so that the fixed zoom_roster_* variables and the internal zoom_roster__* facts need no suppression."""
    names = list(load(ROLE, 'defaults', 'main.yml')) + list(argument_specs())
    for task in role_tasks():
        names.extend(key for key in task.get('ansible.builtin.set_fact', {}))
        names.extend([task['register']] if 'register' in task else [])
    assert len(names) > 10
    assert [name for name in names if not name.startswith('zoom_roster_')] == []


def test_no_var_naming_suppression_is_left():
    suppression = 'noqa: ' + 'var-naming'  # spelt in two halves so that this file does not hold it
    found = []
    for folder, _dirs, files in os.walk(ROOT):
        if any(part.startswith('.') for part in os.path.relpath(folder, ROOT).split(os.sep) if part != '.'):
            continue
        for name in files:
            if name.endswith(('.yml', '.yaml', '.md', '.rst')):
                path = os.path.join(folder, name)
                if suppression in read(path):
                    found.append(os.path.relpath(path, ROOT))
    assert found == []


def test_the_deprecated_roster_role_runs_zoom_roster_with_the_same_variables():
    def without_descriptions(options):
        return dict((name, dict((key, value) for key, value in option.items() if key != 'description'))
                    for name, option in options.items())

    assert without_descriptions(argument_specs(OLD_ROLE)) == without_descriptions(argument_specs())
    imports = [task['ansible.builtin.import_role'] for task in role_tasks(OLD_ROLE) if 'ansible.builtin.import_role' in task]
    assert imports == [{'name': 'zoomops.zoom.zoom_roster'}]
    assert not os.path.exists(os.path.join(OLD_ROLE, 'defaults'))
    assert 'removed in 1.0.0' in load(OLD_ROLE, 'meta', 'argument_specs.yml')['argument_specs']['main']['short_description']
