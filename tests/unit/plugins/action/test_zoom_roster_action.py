"""The pure helpers of the zoom_roster action plugin, which reads the roster variable named by ``users_var`` without
templating the whole structure: only the strings that hold a template go through the templar, one by one."""

import datetime
import json

import pytest
from ansible.errors import AnsibleError

from ansible_collections.zoomops.zoom.plugins.action.zoom_roster import (
    NotAList, file_option_for, first_line, has_template, plain_data, roster_of,
)


class Recorder:
    """A stand-in for the templar: records what it was asked to template and answers from a table."""

    def __init__(self, answers):
        self.answers = answers
        self.asked = []

    def __call__(self, text):
        self.asked.append(text)
        return self.answers[text]


class Tagged(str):
    """A str subclass, as ansible-core 2.19's tagged strings are."""


def test_only_strings_with_a_jinja_marker_are_templates():
    assert [has_template(text) for text in ('{{ pw }}', 'a{% if x %}b{% endif %}', '{# c #}', 'plain', '{ {', '')] == \
        [True, True, True, False, False, False]


def test_a_list_roster_templates_only_its_template_strings_one_by_one():
    templar = Recorder({'{{ vault_pw }}': 'S3cret!', '{{ dept_of_a }}': 'Ops'})
    roster = [{'email': 'a@example.com', 'password': '{{ vault_pw }}', 'dept': '{{ dept_of_a }}', 'pmi': 2035134243,
               'settings': {'enable_webinar': True}, 'assistants': ['b@example.com']},
              {'email': 'b@example.com', 'first_name': 'Plain'}]
    assert roster_of(roster, templar) == [
        {'email': 'a@example.com', 'password': 'S3cret!', 'dept': 'Ops', 'pmi': 2035134243,
         'settings': {'enable_webinar': True}, 'assistants': ['b@example.com']},
        {'email': 'b@example.com', 'first_name': 'Plain'}]
    assert sorted(templar.asked) == ['{{ dept_of_a }}', '{{ vault_pw }}']


def test_a_roster_that_is_a_template_string_is_templated_once_as_a_whole():
    joined = [{'email': 'a@example.com', 'dept': '{{ literal braces from an earlier template }}'}]
    templar = Recorder({'{{ staff + contractors }}': joined})
    assert roster_of('{{ staff + contractors }}', templar) == joined
    assert templar.asked == ['{{ staff + contractors }}']


@pytest.mark.parametrize('value', [{'email': 'a@example.com'}, 'a@example.com', 42, True, None])
def test_a_value_that_is_not_a_list_is_refused(value):
    with pytest.raises(NotAList):
        roster_of(value, Recorder({}))


def test_a_template_that_gives_no_list_is_refused():
    with pytest.raises(NotAList):
        roster_of('{{ roster_as_mapping }}', Recorder({'{{ roster_as_mapping }}': {'email': 'a@example.com'}}))


def test_plain_data_is_json_of_plain_types_whatever_the_subclasses():
    value = plain_data([{Tagged('email'): Tagged('a@example.com'), 'since': datetime.date(2024, 1, 2), 'n': 3,
                         'ok': False, 'ratio': 0.5, 'none': None, 'raw': b'bytes'}], template=None)
    assert value == [{'email': 'a@example.com', 'since': '2024-01-02', 'n': 3, 'ok': False, 'ratio': 0.5,
                      'none': None, 'raw': 'bytes'}]
    # plain str, not the subclass: nothing of ansible-core's tags reaches the module's file
    assert not isinstance(value[0]['email'], Tagged) and not any(isinstance(key, Tagged) for key in value[0])
    assert json.loads(json.dumps(value)) == value


def test_without_a_templar_template_strings_are_kept_as_text():
    assert plain_data(['{{ x }}']) == ['{{ x }}']


def test_messages_name_the_role_file_variable_for_the_role_variable():
    assert file_option_for('zoom_roster_users') == 'zoom_roster_users_file'
    assert file_option_for('account_roster') == 'users_file'


def test_an_error_is_cut_to_its_first_line_so_that_a_quoted_source_line_never_shows():
    error = "'vault_pw' is undefined\nOrigin: host_vars/a.json:1:2\n\n[{\"email\": \"a@example.com\", \"password\": \"x\"}]"
    assert first_line(error) == "'vault_pw' is undefined"
    assert first_line('x' * 1000).endswith('...') and len(first_line('x' * 1000)) == 303


def test_a_template_that_fails_in_an_entry_is_named_by_the_entry():
    def failing(text):
        raise AnsibleError("'%s' is undefined\nOrigin: host_vars/a.json" % text.strip('{} '))

    roster = [{'email': 'a@example.com'}, {'email': 'b@example.com', 'password': '{{ vault_missing }}'}]
    with pytest.raises(AnsibleError) as raised:
        roster_of(roster, failing)
    assert str(raised.value).startswith("entry 1 (b@example.com): 'vault_missing' is undefined")
    with pytest.raises(AnsibleError) as raised:
        roster_of([{'email': '{{ missing_email }}'}], failing)
    assert str(raised.value).startswith("entry 0: 'missing_email' is undefined")
