"""The zoom_roster role against the field catalogue: every key a roster entry may carry reaches zoom_user and is
documented, so that a field added to plugins/module_utils/fields.py cannot be dropped silently by the role.

The role's zoom_user task names its options one by one (``zoomops.zoom.zoom_user: "{{ item }}"`` would pass every
key, but ansible-core 2.19 warns that templated task args are unsafe), so these tests tie that list to the catalogue:
PROFILE_NAMES, the roster's ENTRY_KEYS (what its validation accepts) and PASSED_KEYS (what its plan hands on).
"""

import os
import re

import yaml

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import PROFILE_NAMES
from ansible_collections.zoomops.zoom.plugins.module_utils.roster import ENTRY_KEYS, PASSED_KEYS, SECRET_OPTIONS


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
# Keys an entry may carry that are not zoom_user options of a user to create or update: ``permanent`` is given to
# the removal task (from the plan), ``assistants`` to zoom_user_assistant.
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


def zoom_user_task(state):
    """The options of the role's one zoom_user task for ``state``."""
    found = [task['zoomops.zoom.zoom_user'] for task in module_tasks('zoomops.zoom.zoom_user')
             if task['zoomops.zoom.zoom_user'].get('state') == state]
    assert len(found) == 1, 'expected one zoom_user task with state %s, found %d' % (state, len(found))
    return found[0]


def argument_specs(role=ROLE):
    return load(role, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']


def test_the_zoom_user_task_passes_every_profile_field_of_the_catalogue_and_settings():
    options = set(zoom_user_task('present'))
    assert set(PROFILE_NAMES) - options == set()
    assert 'settings' in options


def test_the_zoom_user_task_passes_exactly_the_keys_of_an_entry_for_an_update():
    assert set(zoom_user_task('present')) == set(ENTRY_KEYS) - NOT_FOR_UPDATE


def test_the_zoom_user_task_reads_what_the_plan_hands_on_and_the_secrets_from_their_no_log_fact():
    """A key the task reads from ``item`` must be one the plan puts in its items (PASSED_KEYS), and the other way
    round; the secrets are looked up by email in the no_log fact, never in loop items (-v prints those)."""
    options = set(zoom_user_task('present'))
    assert options - set(SECRET_OPTIONS) == set(PASSED_KEYS)
    assert set(SECRET_OPTIONS) <= options


def test_each_option_of_the_zoom_user_task_takes_the_entry_key_of_its_own_name():
    for name, value in zoom_user_task('present').items():
        if name == 'state':
            expected = 'present'
        elif name == 'email':
            expected = '{{ item.email }}'
        elif name in SECRET_OPTIONS:
            expected = '{{ zoom_roster__secrets[item.email].%s | default(omit) }}' % name
        else:
            expected = '{{ item.%s | default(omit) }}' % name
        assert value == expected, name


def test_the_keys_not_for_an_update_go_to_the_removal_and_the_assistant_tasks():
    assert zoom_user_task('absent')['permanent'] == '{{ item.permanent }}'
    (assistant_task,) = module_tasks('zoomops.zoom.zoom_user_assistant')
    assert assistant_task['zoomops.zoom.zoom_user_assistant']['assistants'] == '{{ item.assistants }}'


def _documented_entry_keys(descriptions):
    paragraphs = [text for text in descriptions if text.startswith('Keys of an entry')]
    assert len(paragraphs) == 1, descriptions
    return re.findall(r'C\((\w+)\)', paragraphs[0])


def test_argument_specs_document_every_key_of_an_entry_once():
    documented = _documented_entry_keys(argument_specs()['zoom_roster_users']['description'])
    assert sorted(documented) == sorted(ENTRY_KEYS)


def test_readme_lists_every_key_of_an_entry():
    rows = [line for line in read(ROLE, 'README.md').splitlines() if line.startswith('| `zoom_roster_users` |')]
    assert len(rows) == 1
    named = re.findall(r'`(\w+)`', rows[0])
    assert sorted(set(named) - {'zoom_roster_users', 'zoom_user'}) == sorted(ENTRY_KEYS)


def test_role_defaults_are_the_documented_defaults():
    specs = argument_specs()
    defaults = load(ROLE, 'defaults', 'main.yml')
    assert defaults == dict((name, option['default']) for name, option in specs.items() if 'default' in option)
    assert specs['zoom_roster_users']['required'] is True


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
