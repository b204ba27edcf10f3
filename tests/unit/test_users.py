"""The pure domain functions: normalisation, comparison, planning."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import FIELDS_BY_NAME
from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
    HIDDEN, HIDDEN_CHANGED, InvalidInput, current_values, differences, find_user, parse_login_type, parse_user_type,
    plan_user, public_record, to_bool, to_int, user_options, wanted_from_options,
)


@pytest.mark.parametrize('raw, expected', [
    (True, True), (False, False), ('true', True), ('False', False), ('1', True), ('0', False), (1, True), (0, False),
    ('yes', True), ('off', False),
])
def test_to_bool_reads_json_form_and_yaml_booleans(raw, expected):
    assert to_bool(raw) is expected


@pytest.mark.parametrize('raw', ['maybe', '2', 'tru'])
def test_to_bool_refuses_non_booleans(raw):
    with pytest.raises(ValueError):
        to_bool(raw)


@pytest.mark.parametrize('raw, expected', [(5, 5), ('5', 5), (' 10 ', 10), (100.0, 100), ('-1', -1)])
def test_to_int(raw, expected):
    assert to_int(raw) == expected


@pytest.mark.parametrize('raw', [True, '1.5', 'ten', 1.5])
def test_to_int_refuses(raw):
    with pytest.raises(ValueError):
        to_int(raw)


@pytest.mark.parametrize('raw, expected', [('basic', 1), ('PRO', 2), ('corp', 3), (1, 1), ('3', 3)])
def test_user_type_names_and_numbers(raw, expected):
    assert parse_user_type(raw) == expected


@pytest.mark.parametrize('raw, expected', [('zoom', 100), ('api', 99), ('sso', 101), (0, 0), ('1', 1), ('google', 1)])
def test_login_type_names_and_numbers(raw, expected):
    assert parse_login_type(raw) == expected


@pytest.mark.parametrize('options, message', [
    ({'type': 7}, 'user type'),
    ({'pmi': '123456789'}, '10 digits'),
    ({'pmi': '0123456789'}, '10 digits'),
    ({'host_key': 'abc'}, 'exactly 6 digits'),
    ({'timezone': 'Mars/Olympus'}, 'IANA'),
    ({'vanity_name': 'ab'}, 'vanity_name'),
    ({'settings': {'webinar_capacity': 123}}, 'webinar_capacity'),
    ({'settings': {'large_capacity': 1000}}, 'large_capacity'),
    ({'settings': {'auto_delete_cmr_days': 0}}, 'at least 1'),
    ({'settings': {'auto_delete_cmr_days': 366}}, 'at most 365'),
    ({'settings': {'meeting_capacity': -1}}, 'at least 0'),
    ({'settings': {'option_enter_exit_chime_type': 2}}, 'option_enter_exit_chime_type'),
    ({'settings': {'no_such_setting': True}}, 'unknown settings: no_such_setting'),
    ({'settings': {'disable_chat': 'perhaps'}}, 'not a boolean'),
])
def test_bad_values_are_refused_with_a_message_naming_them(options, message):
    with pytest.raises(InvalidInput) as caught:
        wanted_from_options(options)
    assert message in str(caught.value)


def test_all_problems_are_reported_at_once():
    with pytest.raises(InvalidInput) as caught:
        wanted_from_options({'type': 9, 'host_key': '12', 'settings': {'large_capacity': 7}})
    text = str(caught.value)
    assert 'user type' in text and 'host_key' in text and 'large_capacity' in text


def test_host_key_errors_do_not_echo_the_value():
    with pytest.raises(InvalidInput) as caught:
        wanted_from_options({'host_key': 'secret-ish'})
    assert 'secret-ish' not in str(caught.value)


def test_wanted_keeps_only_set_options_in_canonical_form():
    wanted = wanted_from_options({'first_name': 'Ada', 'dept': None, 'type': 'pro', 'pmi': 1234567890,
                                  'settings': {'disable_chat': 'true', 'meeting_capacity': '100', 'enable_cmr': None}})
    assert wanted == {'first_name': 'Ada', 'type': 2, 'pmi': 1234567890, 'disable_chat': True, 'meeting_capacity': 100}


# The normalisation table: what Zoom returns vs what a playbook says, which must compare equal.
@pytest.mark.parametrize('name, api_value, wanted', [
    ('disable_chat', True, 'yes'),
    ('disable_chat', 'true', True),
    ('disable_chat', 'false', False),
    ('meeting_capacity', '100', 100),
    ('meeting_capacity', 100, '100'),
    ('type', '2', 'pro'),
    ('pmi', '1234567890', 1234567890),
    ('vanity_name', None, 'Ada.Lovelace'),
])
def test_normalised_values_compare_equal(name, api_value, wanted):
    record = {name: api_value} if name != 'vanity_name' else {'vanity_url': 'https://zoom.us/my/ada.lovelace'}
    field = FIELDS_BY_NAME[name]
    options = {'settings': {name: wanted}} if field.group == 'settings' else {name: wanted}
    assert differences(wanted_from_options(options), current_values(record)) == []


def test_differences_lists_only_wanted_fields_that_differ():
    current = current_values({'first_name': 'Ada', 'dept': 'R&D', 'disable_chat': False, 'timezone': 'UTC'})
    wanted = {'first_name': 'Ada', 'dept': 'Maths', 'disable_chat': True}
    assert differences(wanted, current) == ['dept', 'disable_chat']


def test_a_field_missing_from_the_record_counts_as_different():
    assert differences({'host_key': '123456'}, current_values({})) == ['host_key']


ACTIVE = {'id': 'u1', 'email': 'ada@example.com', 'status': 0, 'type': 1, 'dept': 'R&D', 'disable_chat': False,
          'host_key': '111111', 'token': 't0k', 'zak': 'z4k', 'zpk': 'zp'}


def test_unchanged_user_plans_nothing():
    plan = plan_user(ACTIVE, {'dept': 'R&D', 'disable_chat': False}, email='ada@example.com')
    assert plan.operations == [] and plan.changed is False


def test_update_plans_one_call_with_only_the_differing_fields():
    plan = plan_user(ACTIVE, {'dept': 'Maths', 'disable_chat': False, 'host_key': '222222'}, email='ada@example.com')
    assert plan.operations == [('update', {'dept': 'Maths', 'host_key': '222222'})]
    assert plan.diff['before'] == {'dept': 'R&D', 'host_key': HIDDEN, 'settings': {'disable_chat': False}}
    assert plan.diff['after'] == {'dept': 'Maths', 'host_key': HIDDEN_CHANGED, 'settings': {'disable_chat': False}}


def test_create_carries_what_the_create_call_accepts_and_updates_the_rest():
    plan = plan_user(None, {'dept': 'Ops', 'timezone': 'UTC', 'disable_chat': True}, create_method='custcreate',
                     email='new@example.com')
    assert plan.operations == [
        ('create', {'create_method': 'custcreate', 'fields': {'email': 'new@example.com', 'type': 1, 'dept': 'Ops',
                                                              'disable_chat': True}}),
        ('update', {'timezone': 'UTC'}),
    ]
    assert plan.diff['before'] == {'state': 'absent'}
    assert plan.diff['after']['state'] == 'present'


def test_ssocreate_carries_pmi_but_not_dept():
    plan = plan_user(None, {'pmi': 1234567890, 'dept': 'Ops'}, create_method='ssocreate', email='s@example.com')
    assert plan.operations[0][1]['fields'] == {'email': 's@example.com', 'type': 1, 'pmi': 1234567890}
    assert plan.operations[1] == ('update', {'dept': 'Ops'})


def test_invited_user_gets_no_follow_up_writes_but_warnings():
    plan = plan_user(None, {'timezone': 'UTC'}, active=False, password='x', email='i@example.com')
    assert [operation[0] for operation in plan.operations] == ['create']
    assert len(plan.warnings) == 3


def test_custcreate_with_password_and_inactive_plans_password_then_deactivate():
    plan = plan_user(None, {}, active=False, password='x', create_method='custcreate', email='c@example.com')
    assert [operation[0] for operation in plan.operations] == ['create', 'set_password', 'deactivate']


def test_pending_user_plans_nothing_and_warns_about_differences():
    pending = {'id': 'p1', 'email': 'p@example.com', 'status': 2, 'dept': 'A'}
    plan = plan_user(pending, {'dept': 'B'}, email='p@example.com')
    assert plan.operations == []
    assert 'dept' in plan.warnings[0]
    assert plan_user(pending, {'dept': 'A'}, email='p@example.com').warnings == []


@pytest.mark.parametrize('active, status, action', [(False, 0, 'deactivate'), (True, 1, 'activate')])
def test_status_changes(active, status, action):
    plan = plan_user(dict(ACTIVE, status=status), {}, active=active)
    assert plan.operations == [(action, {})]
    assert plan.diff == {'before': {'active': not active}, 'after': {'active': active}}


def test_status_already_right_plans_nothing():
    assert plan_user(dict(ACTIVE, status=1), {}, active=False).operations == []


def test_password_always_is_a_change_every_time_on_create_never_for_an_existing_user():
    assert plan_user(ACTIVE, {}, password='p', update_password='always').operations == [('set_password', {})]
    assert plan_user(ACTIVE, {}, password='p', update_password='on_create').operations == []


@pytest.mark.parametrize('permanent, pending, action', [
    (False, False, 'delete'), (True, False, 'permanent_delete'), (False, True, 'delete')])
def test_absent(permanent, pending, action):
    current = dict(ACTIVE, status=2 if pending else 0)
    plan = plan_user(current, {}, state='absent', permanent=permanent)
    assert plan.operations == [(action, {'id': 'u1', 'pending': pending})]
    assert plan.diff['after'] == {'state': 'absent'}


def test_absent_on_missing_user_plans_nothing():
    assert plan_user(None, {}, state='absent').changed is False


def test_public_record_drops_secrets_and_names_status_type_and_login_type():
    record = public_record(dict(ACTIVE, login_type=99, vanity_url='https://zoom.us/my/ada.l', enable_cmr='true'))
    for secret in ('token', 'zak', 'zpk', 'host_key', 'password'):
        assert secret not in record
    assert record['status'] == 'active' and record['type'] == 'basic' and record['login_type'] == 'api'
    assert record['vanity_name'] == 'ada.l'
    assert record['settings'] == {'disable_chat': False, 'enable_cmr': True}


def test_user_options_round_trip_plans_nothing():
    source = dict(ACTIVE, first_name='Ada', timezone='', pmi=1234567890, vanity_url='https://zoom.us/my/ada.l',
                  meeting_capacity=5, status=1)
    options = user_options(public_record(source))
    assert options['active'] is False and 'timezone' not in options and 'host_key' not in options
    wanted = wanted_from_options(options)
    assert plan_user(source, wanted, active=options['active']).changed is False


class LookupLog:
    """A fake of api.ZoomV1Users for find_user: one user, found only by its own login type."""

    def __init__(self, user=None, login_type=100, pending=False):
        self.user, self.login_type, self.pending, self.calls = user, login_type, pending, []

    def get_by_email(self, email, login_type=None):
        self.calls.append(('getbyemail', login_type))
        found = self.user and not self.pending and login_type == self.login_type
        return self.user if found else None

    def email_exists(self, email):
        self.calls.append(('checkemail', None))
        return self.user is not None

    def find_pending(self, email=None, user_id=None):
        self.calls.append(('pending', None))
        return self.user if self.pending else None


def test_find_user_costs_one_call_with_the_right_login_type():
    api = LookupLog({'email': 'a@example.com'}, login_type=99)
    assert find_user(api, email='a@example.com', login_type=99) == {'email': 'a@example.com'}
    assert api.calls == [('getbyemail', 99)]


def test_find_user_missing_costs_two_calls():
    api = LookupLog()
    assert find_user(api, email='a@example.com') is None
    assert api.calls == [('getbyemail', 100), ('checkemail', None)]


def test_find_user_reads_the_pending_list_before_trying_other_login_types():
    api = LookupLog({'email': 'a@example.com'}, pending=True)
    assert find_user(api, email='a@example.com') == {'email': 'a@example.com'}
    assert api.calls == [('getbyemail', 100), ('checkemail', None), ('pending', None)]


def test_find_user_tries_every_other_login_type():
    api = LookupLog({'email': 'a@example.com'}, login_type=0)
    assert find_user(api, email='a@example.com', login_type=101) == {'email': 'a@example.com'}
    assert api.calls == [('getbyemail', 101), ('checkemail', None), ('pending', None),
                         ('getbyemail', 100), ('getbyemail', 99), ('getbyemail', 1), ('getbyemail', 0)]
