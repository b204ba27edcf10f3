"""The pure domain functions: normalisation, comparison, planning (on neutral records; the v1 records
of these tests are converted at the v1 backend's boundary, as in a run)."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import neutral_record
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import FIELDS_BY_NAME
from ansible_collections.zoomops.zoom.plugins.module_utils.record import public_record
from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
    HIDDEN, HIDDEN_CHANGED, InvalidInput, check_email, create_method_for, current_values, differences, not_carried,
    parse_login_type, parse_user_type, plan_user, to_bool, to_int, user_options, wanted_from_options,
)


@pytest.mark.parametrize('raw, expected', [
    (True, True), (False, False), ('true', True), ('False', False), ('1', True), ('0', False), (1, True), (0, False),
    ('yes', True), ('off', False), ('Y', True), ('n', False), ('T', True), ('f', False), (' On ', True),
])
def test_to_bool_reads_json_form_and_yaml_booleans(raw, expected):
    assert to_bool(raw) is expected


@pytest.mark.parametrize('raw', ['maybe', '2', 'tru', '', ' ', 'none', 'null', [], {}])
def test_to_bool_refuses_non_booleans(raw):
    with pytest.raises(ValueError):
        to_bool(raw)


@pytest.mark.parametrize('raw, expected', [(5, 5), ('5', 5), (' 10 ', 10), (100.0, 100), ('-1', -1)])
def test_to_int(raw, expected):
    assert to_int(raw) == expected


@pytest.mark.parametrize('raw', [True, '1.5', 'ten', 1.5, '\u0661\u0662', '\u00b2', '12\n3'])
def test_to_int_refuses(raw):
    with pytest.raises(ValueError):
        to_int(raw)


@pytest.mark.parametrize('raw, expected', [
    ('basic', 'basic'), ('PRO', 'pro'), ('corp', 'corp'), (1, 'basic'), ('3', 'corp')])
def test_user_type_names_and_numbers(raw, expected):
    assert parse_user_type(raw) == expected


@pytest.mark.parametrize('raw, expected', [
    ('zoom', 'zoom'), ('api', 'api'), ('sso', 'sso'), (0, 'facebook'), ('1', 'google'), ('google', 'google')])
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
    ({'settings': {'meeting_capacity': 2147483648}}, 'at most 2147483647'),
    ({'settings': {'meeting_capacity': '9' * 5000}}, 'meeting_capacity'),
    ({'settings': {'disable_chat': ''}}, "disable_chat: '' is not a boolean"),
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
    assert wanted == {'first_name': 'Ada', 'type': 'pro', 'pmi': 1234567890, 'disable_chat': True, 'meeting_capacity': 100}


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
    assert differences(wanted_from_options(options), current_values(neutral_record(record))) == []


def test_differences_lists_only_wanted_fields_that_differ():
    current = current_values(neutral_record({'first_name': 'Ada', 'dept': 'R&D', 'disable_chat': False,
                                             'timezone': 'UTC'}))
    wanted = {'first_name': 'Ada', 'dept': 'Maths', 'disable_chat': True}
    assert differences(wanted, current) == ['dept', 'disable_chat']


def test_a_field_missing_from_the_record_counts_as_different():
    assert differences({'host_key': '123456'}, current_values({})) == ['host_key']


ACTIVE_V1 = {'id': 'u1', 'email': 'ada@example.com', 'status': 0, 'type': 1, 'dept': 'R&D', 'disable_chat': False,
             'host_key': '111111', 'token': 't0k', 'zak': 'z4k', 'zpk': 'zp'}
ACTIVE = neutral_record(ACTIVE_V1)


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
        ('create', {'create_method': 'custcreate', 'fields': {'email': 'new@example.com', 'type': 'basic', 'dept': 'Ops',
                                                              'disable_chat': True}}),
        ('update', {'timezone': 'UTC'}),
    ]
    assert plan.diff['before'] == {'state': 'absent'}
    assert plan.diff['after']['state'] == 'present'


def test_ssocreate_carries_pmi_but_not_dept():
    plan = plan_user(None, {'pmi': 1234567890, 'dept': 'Ops'}, create_method='ssocreate', email='s@example.com')
    assert plan.operations[0][1]['fields'] == {'email': 's@example.com', 'type': 'basic', 'pmi': 1234567890}
    assert plan.operations[1] == ('update', {'dept': 'Ops'})


def test_invited_user_gets_no_follow_up_writes_but_warnings():
    plan = plan_user(None, {'timezone': 'UTC'}, active=False, password='x', email='i@example.com')
    assert [operation[0] for operation in plan.operations] == ['create']
    assert len(plan.warnings) == 3


def test_custcreate_with_password_and_inactive_plans_password_then_deactivate():
    plan = plan_user(None, {}, active=False, password='x', create_method='custcreate', email='c@example.com')
    assert [operation[0] for operation in plan.operations] == ['create', 'set_password', 'deactivate']


def test_pending_user_plans_nothing_and_warns_about_differences():
    pending = {'id': 'p1', 'email': 'p@example.com', 'status': 'pending', 'dept': 'A'}
    plan = plan_user(pending, {'dept': 'B'}, email='p@example.com')
    assert plan.operations == []
    assert 'dept' in plan.warnings[0]
    assert plan_user(pending, {'dept': 'A'}, email='p@example.com').warnings == []


@pytest.mark.parametrize('active, status, action', [(False, 'active', 'deactivate'), (True, 'inactive', 'activate')])
def test_status_changes(active, status, action):
    plan = plan_user(dict(ACTIVE, status=status), {}, active=active)
    assert plan.operations == [(action, {})]
    assert plan.diff == {'before': {'active': not active}, 'after': {'active': active}}


def test_status_already_right_plans_nothing():
    assert plan_user(dict(ACTIVE, status='inactive'), {}, active=False).operations == []


def test_password_always_is_a_change_every_time_on_create_never_for_an_existing_user():
    assert plan_user(ACTIVE, {}, password='p', update_password='always').operations == [('set_password', {})]
    assert plan_user(ACTIVE, {}, password='p', update_password='on_create').operations == []


@pytest.mark.parametrize('permanent, pending, action', [
    (False, False, 'delete'), (True, False, 'permanent_delete'), (False, True, 'delete')])
def test_absent(permanent, pending, action):
    current = dict(ACTIVE, status='pending' if pending else 'active')
    plan = plan_user(current, {}, state='absent', permanent=permanent)
    assert plan.operations == [(action, {'id': 'u1', 'pending': pending})]
    assert plan.diff['after'] == {'state': 'absent'}


def test_absent_on_missing_user_plans_nothing():
    assert plan_user(None, {}, state='absent').changed is False


def test_public_record_drops_secrets_and_names_status_type_and_login_type():
    record = public_record(neutral_record(dict(ACTIVE_V1, login_type=99, vanity_url='https://zoom.us/my/ada.l',
                                               enable_cmr='true')))
    for secret in ('token', 'zak', 'zpk', 'host_key', 'password'):
        assert secret not in record
    assert record['status'] == 'active' and record['type'] == 'basic' and record['login_type'] == 'api'
    assert record['vanity_name'] == 'ada.l'
    assert record['settings'] == {'disable_chat': False, 'enable_cmr': True}


def test_user_options_round_trip_plans_nothing():
    source = neutral_record(dict(ACTIVE_V1, first_name='Ada', timezone='', pmi=1234567890,
                                 vanity_url='https://zoom.us/my/ada.l', meeting_capacity=5, status=1))
    options = user_options(public_record(source))
    assert options['active'] is False and 'timezone' not in options and 'host_key' not in options
    wanted = wanted_from_options(options)
    assert plan_user(source, wanted, active=options['active']).changed is False


# --- item 9: patterns match whole values ------------------------------------------------------------
@pytest.mark.parametrize('options', [
    {'vanity_name': 'abcdef\n'}, {'host_key': '123456\n'}, {'pmi': '1234567890\n1'}, {'vanity_name': 'abcdef\nx'},
    {'host_key': '123456\n\n'}, {'vanity_name': '\nabcdef'},
])
def test_a_value_with_a_newline_is_refused(options):
    with pytest.raises(InvalidInput):
        wanted_from_options(options)


@pytest.mark.parametrize('email', ['a@example.com\nb', 'a\n@example.com', 'a@b..com', 'a@.example.com', 'a@example.com.',
                                   'a@@example.com', 'a@exa mple.com'])
def test_check_email_refuses_what_is_not_one_address(email):
    with pytest.raises(ValueError):
        check_email(email)


@pytest.mark.parametrize('email', ['a@example.com', ' A.B+c@mail.example.co.uk ', 'x@y.z'])
def test_check_email_accepts_addresses(email):
    assert check_email(email) == email.strip()


def test_check_email_refuses_more_than_254_characters_without_echoing_them():
    email = 'a' * 64 + '@' + 'b' * 185 + '.com'
    assert len(email) == 254 and check_email(email) == email
    with pytest.raises(ValueError) as caught:
        check_email('a' + email)
    assert '255 characters' in str(caught.value) and 'at most 254' in str(caught.value)
    assert len(str(caught.value)) < 200


def test_an_empty_vanity_name_clears_it_and_compares_equal_to_none():
    wanted = wanted_from_options({'vanity_name': ''})
    assert wanted == {'vanity_name': ''}
    assert plan_user(dict(ACTIVE, vanity_url=''), wanted).changed is False
    plan = plan_user(dict(ACTIVE, vanity_url='https://zoom.us/my/auto.name'), wanted)
    assert plan.operations == [('update', {'vanity_name': ''})]
    assert plan.after['vanity_url'] == ''


# --- item 10: the create method follows the login type -----------------------------------------------
@pytest.mark.parametrize('create_method, login_type, expected', [
    (None, None, 'create'), ('custcreate', None, 'custcreate'), (None, 'api', 'custcreate'), (None, 99, 'custcreate'),
    (None, 'sso', 'ssocreate'), (None, 'zoom', 'create'), ('autocreate', 'zoom', 'autocreate'),
    ('ssocreate', 'SSO', 'ssocreate'), (None, 'facebook', None), (None, '1', None),
])
def test_create_method_for(create_method, login_type, expected):
    assert create_method_for(create_method, login_type) == expected


@pytest.mark.parametrize('create_method, login_type', [('custcreate', 'sso'), ('create', 'api'), ('ssocreate', 'zoom'),
                                                       ('create', 'google')])
def test_create_method_for_refuses_a_disagreeing_pair(create_method, login_type):
    with pytest.raises(ValueError) as caught:
        create_method_for(create_method, login_type)
    assert 'disagree' in str(caught.value) and create_method in str(caught.value)


def _source(**record):
    """A public record as zoom_user_info returns it (from the v1 record ``record`` amends)."""
    assistants = record.pop('assistants', None)
    user = neutral_record(dict({'id': 'u9', 'email': 'u@example.com', 'type': 2, 'first_name': 'U', 'vanity_url': '',
                                'pmi': 1234567890, 'timezone': 'Europe/Paris', 'host_key': '123456', 'token': 't',
                                'enable_use_pmi': True, 'disable_chat': False}, **record))
    if assistants is not None:
        user['assistants'] = assistants
    return public_record(user)


@pytest.mark.parametrize('login_type, status, expected', [
    (99, 0, {'create_method': 'custcreate', 'active': True}),
    (99, 1, {'create_method': 'custcreate', 'active': False}),
    (101, 0, {'create_method': 'ssocreate', 'active': True}),
    (101, 1, {'create_method': 'ssocreate', 'active': False}),
    (100, 0, {'create_method': 'create', 'active': True}),
    (100, 2, {'create_method': 'create'}),
    (100, 1, {'create': False, 'active': False}),
    (0, 0, {'create': False, 'active': True}),
    (1, 1, {'create': False, 'active': False}),
])
def test_user_options_derive_how_to_re_create_and_keep_the_status(login_type, status, expected):
    options = user_options(_source(login_type=login_type, status=status))
    got = dict((key, options[key]) for key in ('create_method', 'create', 'active') if key in options)
    assert got == expected
    assert options['login_type'] == {99: 'api', 100: 'zoom', 101: 'sso', 0: 'facebook', 1: 'google'}[login_type]
    if 'create_method' in options:  # zoom_user accepts the pair (it does not disagree)
        assert create_method_for(options['create_method'], options['login_type']) == options['create_method']


def test_user_options_carry_no_secret_and_clear_an_absent_vanity_name():
    options = user_options(_source(login_type=99, status=0))
    assert options['vanity_name'] == ''
    assert not set(options) & {'host_key', 'password', 'token', 'zak', 'zpk', 'id', 'status', 'created_at'}
    assert user_options(_source(vanity_url='https://zoom.us/my/u.name'))['vanity_name'] == 'u.name'


def test_user_options_keys_are_all_zoom_user_options():
    from ansible_collections.zoomops.zoom.plugins.modules import zoom_user
    spec = zoom_user.argument_spec()
    for login_type, status in ((99, 0), (101, 1), (100, 2), (100, 1), (0, 0)):
        options = user_options(_source(login_type=login_type, status=status, assistants=['a@example.com']))
        assert set(options) <= set(spec), set(options) - set(spec)
        assert set(options['settings']) <= set(spec['settings']['options'])


def test_not_carried_names_secrets_uncreatable_users_deferred_fields_and_assistants():
    api = not_carried(_source(login_type=99, status=0))
    assert len(api) == 1 and api[0].startswith('u@example.com: password and host key not carried')
    zoom = ' '.join(not_carried(_source(login_type=100, status=0)))
    assert 'invitation' in zoom and 'not active' in zoom and 'pmi' in zoom and 'timezone' in zoom
    assert 'first_name' not in zoom     # carried by the invitation
    assert 'create: false' in ' '.join(not_carried(_source(login_type=100, status=1)))
    assert "cannot create a google login" in ' '.join(not_carried(_source(login_type=1, status=0)))
    assert 'zoom_user_assistant' in ' '.join(not_carried(_source(login_type=99, status=0, assistants=['a@x.com'])))
    for note in not_carried(_source(login_type=100, status=0)):
        assert '123456' not in note and note.startswith('u@example.com: ')


# --- item 11: create=false never creates --------------------------------------------------------------
def test_create_false_leaves_a_missing_user_missing_with_a_warning():
    plan = plan_user(None, {'dept': 'X'}, active=False, create=False, email='leaver@example.com')
    assert plan.operations == [] and plan.changed is False and plan.after is None
    assert plan.warnings == ['leaver@example.com does not exist and create is false: left missing, nothing created']


def test_create_false_changes_an_existing_user_as_usual():
    plan = plan_user(ACTIVE, {}, active=False, create=False, email='ada@example.com')
    assert plan.operations == [('deactivate', {})]


# --- item 16: an invitation's diff shows only what the invitation holds ----------------------------
def test_invitation_diff_and_after_leave_out_deferred_fields_and_status():
    plan = plan_user(None, {'timezone': 'UTC', 'pmi': 1234567890, 'dept': 'Ops', 'enable_use_pmi': True,
                            'disable_chat': True}, active=False, email='i@example.com')
    assert plan.diff['after'] == {'state': 'present', 'email': 'i@example.com', 'dept': 'Ops',
                                  'settings': {'disable_chat': True}}
    for name in ('timezone', 'pmi', 'enable_use_pmi'):
        assert name not in plan.after and name not in plan.after['settings']
    assert plan.after['status'] == 'pending' and plan.after['dept'] == 'Ops'
    assert 'enable_use_pmi, pmi, timezone will be applied' in plan.warnings[0]


def test_invitation_warning_skips_empty_values_an_invitation_already_has():
    plan = plan_user(None, {'vanity_name': '', 'dept': 'Ops'}, email='i@example.com')
    assert plan.warnings == [] and 'vanity_name' not in plan.diff['after']


def test_active_creation_diff_still_shows_every_field_and_the_status():
    plan = plan_user(None, {'timezone': 'UTC', 'dept': 'Ops'}, active=False, create_method='custcreate',
                     email='c@example.com')
    assert plan.diff['after'] == {'state': 'present', 'email': 'c@example.com', 'dept': 'Ops', 'timezone': 'UTC',
                                  'active': False}


def test_the_roster_plans_the_create_method_zoom_user_derives_and_refuses_a_disagreeing_pair():
    from ansible_collections.zoomops.zoom.plugins.module_utils import roster
    entry = roster.validate_entry({'email': 'sso@example.com', 'login_type': 'sso'})
    _kind, plan = roster._plan_entry(entry, None)
    assert plan.operations[0] == ('create', {'create_method': 'ssocreate',
                                             'fields': {'email': 'sso@example.com', 'type': 'basic'}})
    with pytest.raises(InvalidInput) as caught:
        roster.validate_entry({'email': 'sso@example.com', 'login_type': 'sso', 'create_method': 'custcreate'})
    assert 'disagree' in str(caught.value)
