"""The roster's pure planning: validation, plan against zoom_user_info's records, summary."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import assistants, roster, users
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import neutral_record
from ansible_collections.zoomops.zoom.plugins.module_utils.roster import (
    RosterRefused, plan_roster, secrets, summarise, validate_roster,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.record import public_record
from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
    InvalidInput, plan_user, user_options, wanted_from_options,
)

RAW = {'id': 'u1', 'email': 'ada@example.com', 'status': 0, 'login_type': 99, 'type': 2, 'first_name': 'Ada',
       'last_name': 'L', 'dept': 'Eng', 'timezone': 'Europe/London', 'pmi': 2035134243, 'vanity_name': 'ada.lovelace',
       'vanity_url': 'https://zoom.us/my/ada.lovelace', 'host_key': '123456', 'enable_waiting_room': True,
       'meeting_capacity': 100, 'auto_delete_cmr_days': 30, 'token': 't'}


def public(email, status='active', **fields):
    """zoom_user_info's record of a user (read through the v1 backend from RAW amended by ``fields``)."""
    raw = dict(RAW, id=email.split('@')[0], email=email, status={'active': 0, 'inactive': 1, 'pending': 2}[status])
    assistants_of = fields.pop('assistants', None)
    raw.update(fields)
    user = neutral_record(raw)
    if assistants_of is not None:
        user['assistants'] = assistants_of
    return public_record(user)


def plan(entries, current, **options):
    return plan_roster(validate_roster(entries, purge=options.get('purge', False)), current, **options)


# --- the roster plans on zoom_user_info's records as they are -------------------------------------
def test_a_public_record_plans_like_the_backends_record():
    options = user_options(public_record(neutral_record(RAW)))
    wanted = wanted_from_options(options)
    assert not plan_user(public_record(neutral_record(RAW)), wanted, active=True).changed
    for status in (0, 1, 2):
        record = neutral_record(dict(RAW, status=status))
        for changed in (wanted, dict(wanted, dept='Maths', meeting_capacity=5, type='corp')):
            assert plan_user(public_record(record), changed, active=True).operations == \
                plan_user(record, changed, active=True).operations


def test_values_of_a_record_read_back_as_text_compare_equal():
    # A record that went through a playbook's variables may hold numbers and booleans as text.
    record = public_record(neutral_record(RAW))
    settings = dict((name, str(value).lower()) for name, value in record['settings'].items())
    texts = dict(record, pmi=str(record['pmi']), settings=settings)
    wanted = wanted_from_options(user_options(record))
    assert not plan_user(texts, wanted, active=True).changed


# --- the roster uses the modules' code ----------------------------------------------------------
def test_the_roster_plans_with_the_functions_the_modules_use():
    assert roster.plan_user is users.plan_user
    assert roster.wanted_from_options is users.wanted_from_options
    assert roster.check_email is users.check_email
    assert roster.plan_assistants is assistants.plan_assistants
    assert roster.wanted_assistants is assistants.wanted_assistants


# --- validation -----------------------------------------------------------------------------------
@pytest.mark.parametrize('entry, message', [
    ({'first_name': 'x'}, 'entry 0: email is required'),
    ({'email': 'nope'}, "entry 0 (nope): 'nope' is not an email address"),
    ({'email': 'a@example.com', 'frist_name': 'x'}, 'unknown keys: frist_name'),
    ({'email': 'a@example.com', 'state': 'gone'}, "state must be present or absent, not 'gone'"),
    ({'email': 'a@example.com', 'active': 'maybe'}, "active must be a boolean (true/false, yes/no, on/off, 1/0"),
    ({'email': 'a@example.com', 'active': ''}, "active must be a boolean"),
    ({'email': 'a@example.com', 'state': 'absent', 'permanent': 'nope'}, "permanent must be a boolean"),
    ({'email': 'a@example.com', 'create_method': 'magic'}, 'create_method must be one of'),
    ({'email': 'a@example.com', 'create_method': 'autocreate'}, 'autocreate needs a password'),
    ({'email': 'a@example.com', 'update_password': 'never'}, 'update_password must be on_create or always'),
    ({'email': 'a@example.com', 'login_type': 'myspace'}, 'is not a login type'),
    ({'email': 'a@example.com', 'settings': {'webinar_capacity': 123}}, 'webinar_capacity'),
    ({'email': 'a@example.com', 'type': 'gold'}, "'gold'"),
    ({'email': 'a@example.com', 'assistants': ['A@example.com']}, 'a@example.com is the host'),
    ({'email': 'a@example.com', 'assistants': ['nope']}, "'nope' is not an email address"),
    ({'email': 'a@example.com', 'assistants': 'b@example.com'}, 'assistants must be a list'),
    ({'email': 'a@example.com', 'state': 'absent', 'assistants': []}, 'state absent'),
    ('a@example.com', 'must be a dictionary'),
])
def test_bad_entries_are_refused_naming_index_and_email(entry, message):
    with pytest.raises(InvalidInput) as caught:
        validate_roster([entry])
    assert message in str(caught.value)


def test_every_problem_is_reported_at_once_with_duplicates():
    with pytest.raises(InvalidInput) as caught:
        validate_roster([{'email': 'a@example.com'}, {'email': 'bad'}, {'email': ' A@Example.com '}])
    text = str(caught.value)
    assert "entry 1 (bad)" in text and 'entry 2 ( A@Example.com ): duplicate email, already in entry 0' in text


def test_empty_roster_with_purge_is_refused_unless_allowed():
    with pytest.raises(RosterRefused):
        validate_roster([], purge=True)
    with pytest.raises(RosterRefused):
        validate_roster([], purge='yes')
    assert validate_roster([], purge=True, allow_empty=True) == []
    assert validate_roster([]) == []


def test_secrets_are_kept_apart_from_the_options():
    entries = validate_roster([{'email': ' a@example.com', 'password': 'pw', 'host_key': '123456', 'first_name': 'A'}])
    assert 'password' not in entries[0]['options'] and 'host_key' not in entries[0]['options']
    assert secrets([{'email': ' a@example.com', 'password': 'pw', 'host_key': '123456'}, {'email': 'b@example.com'}]) \
        == {'a@example.com': {'password': 'pw', 'host_key': '123456'}}


# --- planning -------------------------------------------------------------------------------------
def test_unchanged_users_need_no_module_and_differences_are_classified():
    current = [public('same@example.com'), public('differ@example.com'), public('off@example.com'),
               public('on@example.com', status='inactive')]
    result = plan([{'email': 'SAME@example.com', 'first_name': 'Ada', 'settings': {'meeting_capacity': '100'}},
                   {'email': 'differ@example.com', 'first_name': 'Grace'},
                   {'email': 'off@example.com', 'active': False},
                   {'email': 'on@example.com', 'active': True},
                   {'email': 'new@example.com', 'create_method': 'custcreate', 'password': 'pw'}], current)
    assert result['unchanged'] == 1
    assert result['created'] == ['new@example.com']
    assert result['updated'] == ['differ@example.com', 'on@example.com']
    assert result['deactivated'] == ['off@example.com']
    assert [item['roster_action'] for item in result['apply']] == ['updated', 'deactivated', 'updated', 'created']
    # the current login type is passed on so that zoom_user finds the user with one call
    assert result['apply'][0]['login_type'] == 'api' and 'login_type' not in result['apply'][3]
    assert all('password' not in item for item in result['apply'])
    assert result['remove'] == [] and result['refused'] == []


def test_pending_users_are_unchanged_with_a_warning():
    result = plan([{'email': 'inv@example.com', 'first_name': 'New'}], [public('inv@example.com', status='pending')])
    assert result['apply'] == [] and result['unchanged'] == 1
    assert 'invited (pending)' in result['warnings'][0]


def test_host_key_users_are_verified_by_zoom_user():
    result = plan([{'email': 'ada@example.com', 'host_key': '123456'}], [public('ada@example.com')])
    assert result['verify'] == ['ada@example.com'] and result['apply'][0]['roster_action'] == 'verify'
    assert 'host_key' not in result['apply'][0]


def test_purge_removes_extras_but_never_protected_users():
    current = [public('keep@example.com'), public('owner@example.com'), public('extra@example.com'),
               public('inv@example.com', status='pending'), public('leaver@example.com')]
    result = plan([{'email': 'keep@example.com'}, {'email': 'leaver@example.com', 'state': 'absent', 'permanent': True},
                   {'email': 'gone@example.com', 'state': 'absent'}],
                  current, purge=True, protected=['Owner@example.com'], permanent=False)
    assert result['removals'] == ['extra@example.com', 'inv@example.com', 'leaver@example.com']
    assert [(item['email'], item['permanent'], item['reason']) for item in result['remove']] == [
        ('leaver@example.com', True, 'absent'), ('extra@example.com', False, 'purge'),
        ('inv@example.com', False, 'purge')]
    assert result['protected_kept'] == ['owner@example.com']
    assert result['unchanged'] == 2   # keep, and gone (absent already)


def test_a_protected_user_is_not_removed_by_state_absent_either():
    result = plan([{'email': 'owner@example.com', 'state': 'absent'}], [public('owner@example.com')],
                  protected=['owner@example.com'])
    assert result['remove'] == [] and 'protected' in result['warnings'][0]


def test_purge_over_max_removals_is_refused_listing_every_user():
    current = [public('x%d@example.com' % n) for n in range(3)]
    result = plan([{'email': 'keep@example.com'}], current, purge=True, max_removals=2)
    assert result['refused'] == ['refusing to purge 3 users, more than zoom_roster_max_removals (2): '
                                 'x0@example.com, x1@example.com, x2@example.com']
    assert plan([{'email': 'keep@example.com'}], current, purge=True, max_removals=3)['refused'] == []


@pytest.mark.parametrize('login_type', ['facebook', 'google', 0, 1])
def test_a_missing_user_whose_login_type_the_api_cannot_create_is_refused_as_zoom_user_refuses_it(login_type):
    result = plan([{'email': 'keep@example.com'}, {'email': 'fb@example.com', 'login_type': login_type}],
                  [public('keep@example.com')])
    assert len(result['refused']) == 1 and 'entry 1 (fb@example.com)' in result['refused'][0]
    assert 'cannot be created' in result['refused'][0] and result['apply'] == []


def test_an_existing_user_of_such_a_login_type_is_still_managed():
    result = plan([{'email': 'fb@example.com', 'login_type': 'facebook', 'first_name': 'New'}],
                  [public('fb@example.com', login_type='facebook', first_name='Old')])
    assert result['refused'] == [] and result['updated'] == ['fb@example.com']


def test_assistants_differ_only_when_the_sets_differ():
    host = public('host@example.com', assistants=['B@example.com', 'a@example.com'])
    same = plan([{'email': 'host@example.com', 'assistants': ['a@example.com', 'b@example.com']}], [host])
    assert same['assistants'] == []
    differ = plan([{'email': 'host@example.com', 'assistants': ['a@example.com', 'c@example.com']},
                   {'email': 'c@example.com', 'create_method': 'custcreate'}], [host])
    assert differ['assistants'] == [{'host_email': 'host@example.com', 'assistants': ['a@example.com', 'c@example.com'],
                                     'added': ['c@example.com'], 'removed': ['B@example.com'],
                                     'login_type': 'api', 'after_creates': True}]
    unmanaged = plan([{'email': 'host@example.com'}], [host])
    assert unmanaged['assistants'] == []


def test_assistants_of_new_and_pending_hosts():
    created = plan([{'email': 'h@example.com', 'create_method': 'custcreate', 'assistants': ['a@example.com']}], [])
    assert created['assistants'][0]['after_creates'] is True
    invited = plan([{'email': 'h@example.com', 'assistants': ['a@example.com']}], [])
    assert invited['assistants'] == [] and 'pending' in invited['warnings'][-1]
    pending = plan([{'email': 'h@example.com', 'assistants': ['a@example.com']}],
                   [public('h@example.com', status='pending')])
    assert pending['assistants'] == [] and 'pending' in pending['warnings'][-1]


CREATED_DIFF = {'before': {'state': 'absent'}, 'after': {'state': 'present', 'email': 'a@example.com'}}


# --- summary --------------------------------------------------------------------------------------
def test_summary_counts_what_the_modules_reported_and_lists_failures():
    the_plan = {'unchanged': 3, 'removals': ['x@example.com']}
    applied = {'results': [
        {'item': {'email': 'a@example.com', 'roster_action': 'created'}, 'changed': True, 'diff': CREATED_DIFF},
        {'item': {'email': 'b@example.com', 'roster_action': 'verify'}, 'changed': False},
        {'item': {'email': 'c@example.com', 'roster_action': 'deactivated'}, 'changed': True,
         'diff': {'before': {'active': True}, 'after': {'active': False}}},
        {'item': {'email': 'd@example.com', 'roster_action': 'updated'}, 'failed': True, 'msg': 'boom'},
    ]}
    removed = {'results': [{'item': {'email': 'x@example.com'}, 'changed': True}]}
    hosts = {'results': [{'item': {'host_email': 'h@example.com', 'after_creates': True}, 'changed': True}]}
    found = summarise(the_plan, applied, removed, hosts, check_mode=True)
    assert (found['created'], found['updated'], found['deactivated'], found['removed'], found['unchanged'],
            found['assistants'], found['failed']) == (1, 0, 1, 1, 4, 1, 1)
    assert found['failures'] == [{'email': 'd@example.com', 'msg': 'boom'}]
    assert found['planned_removals'] == ['x@example.com']
    assert summarise(the_plan, {'skipped': True, 'results': []})['unchanged'] == 3


# --- switches: parsed as Ansible parses booleans (issue 10, item 1) ----------------------------------
TRUE_SPELLINGS = [True, 'true', 'True', 'TRUE', ' true ', 'yes', 'YES', 'on', 'On', '1', 1, 1.0, 'y', 'Y', 't', 'T']
FALSE_SPELLINGS = [False, 'false', 'False', 'FALSE', 'no', 'NO', 'off', 'Off', '0', 0, 0.0, 'n', 'N', 'f', 'F']
NOT_BOOLEANS = ['', ' ', 'maybe', 'ture', 'none', 'null', '2', 2, -1, '10', 'yes please', [], {}, ['true']]


@pytest.mark.parametrize('value', TRUE_SPELLINGS)
def test_every_ansible_true_spelling_is_true(value):
    assert roster.parse_boolean(value, 'zoom_roster_purge') is True


@pytest.mark.parametrize('value', FALSE_SPELLINGS)
def test_every_ansible_false_spelling_is_false(value):
    assert roster.parse_boolean(value, 'zoom_roster_purge') is False
    options = roster.role_options(purge=value, permanent=value, allow_empty=value)
    assert (options['purge'], options['permanent'], options['allow_empty']) == (False, False, False)


@pytest.mark.parametrize('value', NOT_BOOLEANS)
def test_anything_else_is_refused_naming_the_variable(value):
    with pytest.raises(InvalidInput) as caught:
        roster.role_options(purge=value)
    assert 'zoom_roster_purge must be a boolean (true/false, yes/no, on/off, 1/0, y/n or t/f), not %r' % (value,) \
        in str(caught.value)


def test_an_unset_switch_is_its_default_false():
    assert roster.role_options(None, None, None) == {
        'purge': False, 'permanent': False, 'allow_empty': False, 'protected': [], 'max_removals': 10}


def test_every_bad_role_variable_is_named_at_once():
    with pytest.raises(InvalidInput) as caught:
        roster.role_options(purge='maybe', permanent='', allow_empty='nope', protected=['not-an-email'],
                            max_removals='lots')
    text = str(caught.value)
    for name in ('zoom_roster_purge', 'zoom_roster_purge_permanent', 'zoom_roster_allow_empty',
                 'zoom_roster_protected', 'zoom_roster_max_removals'):
        assert name in text


@pytest.mark.parametrize('value, expected', [('5', 5), (0, 0), ('0', 0), (12, 12)])
def test_max_removals_is_a_whole_number(value, expected):
    assert roster.role_options(max_removals=value)['max_removals'] == expected


@pytest.mark.parametrize('value', ['-1', -3, True, 'lots', 2.5])
def test_max_removals_refuses_the_rest(value):
    with pytest.raises(InvalidInput):
        roster.role_options(max_removals=value)


def test_protected_given_as_a_string_is_split_as_ansible_splits_a_list():
    assert roster.role_options(protected='owner@example.com,api@example.com')['protected'] == [
        'owner@example.com', 'api@example.com']


def test_entry_switches_take_the_same_spellings():
    entries = validate_roster([{'email': 'a@example.com', 'active': 'no'}, {'email': 'b@example.com', 'active': 'Y'},
                               {'email': 'c@example.com', 'state': 'absent', 'permanent': 'off'}])
    assert [entry['active'] for entry in entries] == [False, True, None]
    assert entries[2]['permanent'] is False


def test_an_undefined_or_null_roster_is_refused_not_taken_as_empty():
    with pytest.raises(InvalidInput) as caught:
        validate_roster(None)
    assert 'missing required arguments: zoom_roster_users' in str(caught.value)


# --- the account as zoom_user_info lists it: users without email (item 15) ------------------------
@pytest.mark.parametrize('odd', [{'id': 'noemail'}, {'id': 'noemail', 'email': None}, {'id': 'noemail', 'email': ''},
                                 {'id': 'noemail', 'email': 12}, 'just a string'])
def test_a_listed_user_without_email_is_ignored_with_a_warning_never_removed(odd):
    current = [public('keep@example.com'), odd]
    result = plan([{'email': 'keep@example.com'}], current, purge=True)
    assert result['remove'] == [] and result['refused'] == []
    assert any('has no email' in warning for warning in result['warnings'])
    assert 'None' not in result['removals']


# --- assistants that the state after the run makes impossible (item 6) ------------------------------
def _refused(entries, current, **options):
    return '; '.join(plan(entries, current, **options)['refused'])


def test_an_assistant_deactivated_by_the_same_roster_is_refused_naming_both_entries():
    current = [public('host@example.com', assistants=[]), public('b@example.com')]
    text = _refused([{'email': 'host@example.com', 'assistants': ['b@example.com']},
                     {'email': 'b@example.com', 'active': False}], current)
    assert 'entry 0 (host@example.com): its assistants cannot be set' in text
    assert 'b@example.com is made inactive (deactivated) by this run by entry 1 (b@example.com)' in text


def test_an_assistant_invited_by_the_same_roster_is_refused():
    text = _refused([{'email': 'host@example.com', 'assistants': ['new@example.com']},
                     {'email': 'new@example.com'}], [public('host@example.com', assistants=[])])
    assert 'new@example.com is invited (pending, until the invitation is accepted) by this run by entry 1' in text


def test_a_host_deactivated_by_the_same_roster_cannot_be_given_assistants():
    text = _refused([{'email': 'host@example.com', 'active': False, 'assistants': ['b@example.com']},
                     {'email': 'b@example.com'}], [public('host@example.com', assistants=[]), public('b@example.com')])
    assert 'the host host@example.com is made inactive (deactivated) by this run by entry 0' in text


@pytest.mark.parametrize('entries, current, words', [
    # removed by the run: by an absent entry, or by purge
    ([{'email': 'b@example.com', 'state': 'absent'}], [public('b@example.com')], 'b@example.com is removed by this run (by entry 1'),
    ([], [public('b@example.com')], 'b@example.com is removed by this run (by purge)'),
    # left as it is, but not active
    ([], [public('b@example.com', status='inactive')], 'b@example.com is inactive'),
    ([], [public('b@example.com', status='pending')], 'b@example.com is pending'),
    ([], [], 'b@example.com is not a user of this account, nor created by this roster'),
    # created inactive by this run
    ([{'email': 'b@example.com', 'create_method': 'custcreate', 'active': False}], [],
     'b@example.com is created inactive by this run by entry 1'),
])
def test_any_assistant_not_active_after_the_run_is_refused(entries, current, words):
    roster_entries = [{'email': 'host@example.com', 'assistants': ['b@example.com']}] + entries
    purge = not entries and bool(current) and 'removed' in words
    text = _refused(roster_entries, [public('host@example.com', assistants=[])] + current, purge=purge)
    assert words in text and 'only an active user can be an assistant' in text


def test_a_kept_assistant_that_must_be_re_added_is_checked_too():
    current = [public('host@example.com', assistants=['keep@example.com', 'drop@example.com']),
               public('keep@example.com'), public('drop@example.com')]
    text = _refused([{'email': 'host@example.com', 'assistants': ['keep@example.com']},
                     {'email': 'keep@example.com', 'active': False}, {'email': 'drop@example.com'}], current)
    assert 'keep@example.com is made inactive (deactivated) by this run' in text


def test_assistants_active_after_the_run_are_accepted():
    current = [public('host@example.com', assistants=[]), public('back@example.com', status='inactive')]
    result = plan([{'email': 'host@example.com', 'assistants': ['back@example.com', 'new@example.com']},
                   {'email': 'back@example.com', 'active': True},
                   {'email': 'new@example.com', 'create_method': 'ssocreate'}], current)
    assert result['refused'] == []
    assert result['assistants'][0]['added'] == ['back@example.com', 'new@example.com']
    assert result['assistants'][0]['after_creates'] is True


def test_host_items_carry_the_login_type_for_zoom_user_assistant():
    new = plan([{'email': 'h@example.com', 'create_method': 'ssocreate', 'assistants': ['a@example.com']},
                {'email': 'a@example.com', 'create_method': 'ssocreate'}], [])
    assert new['assistants'][0]['login_type'] == 'sso' and new['assistants'][0]['assistants_login_type'] == 'sso'
    mixed = plan([{'email': 'h@example.com', 'assistants': ['a@example.com', 'b@example.com']},
                  {'email': 'b@example.com', 'create_method': 'ssocreate'}],
                 [public('h@example.com', assistants=[]), public('a@example.com')])
    assert mixed['assistants'][0]['login_type'] == 'api' and 'assistants_login_type' not in mixed['assistants'][0]
    hinted = plan([{'email': 'h@example.com', 'login_type': 101, 'assistants': ['a@example.com']}],
                  [public('h@example.com', login_type=99, assistants=[]), public('a@example.com')])
    assert hinted['assistants'][0]['login_type'] == 'sso'


# --- counts from what the modules did (item 14) -------------------------------------------------------
def test_a_creation_that_lost_a_race_counts_as_the_update_it_was():
    lost = {'item': {'email': 'a@example.com', 'roster_action': 'created'}, 'changed': True,
            'msg': 'user a@example.com updated (dept)',
            'diff': {'before': {'dept': ''}, 'after': {'dept': 'X'}}}
    won = {'item': {'email': 'b@example.com', 'roster_action': 'created'}, 'changed': True, 'diff': CREATED_DIFF}
    found = summarise({'unchanged': 0}, {'results': [lost, won]})
    assert (found['created'], found['updated']) == (1, 1)
    assert roster.applied_kind({'msg': 'user a@example.com created'}) == 'created'
    assert roster.applied_kind({'msg': 'user a@example.com updated (dept)'}) == 'updated'
