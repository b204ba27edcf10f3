"""The roster's pure planning: validation, plan against zoom_user_info's records, summary."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import assistants, roster, users
from ansible_collections.zoomops.zoom.plugins.module_utils.roster import (
    RosterRefused, plan_roster, secrets, summarise, validate_roster,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
    InvalidInput, plan_user, public_record, record_from_public, user_options, wanted_from_options,
)

RAW = {'id': 'u1', 'email': 'ada@example.com', 'status': 0, 'login_type': 99, 'type': 2, 'first_name': 'Ada',
       'last_name': 'L', 'dept': 'Eng', 'timezone': 'Europe/London', 'pmi': 2035134243, 'vanity_name': 'ada.lovelace',
       'vanity_url': 'https://zoom.us/my/ada.lovelace', 'host_key': '123456', 'enable_waiting_room': True,
       'meeting_capacity': 100, 'auto_delete_cmr_days': 30, 'token': 't'}


def public(email, status='active', **fields):
    raw = dict(RAW, id=email.split('@')[0], email=email, status={'active': 0, 'inactive': 1, 'pending': 2}[status])
    raw.update(fields)
    return public_record(raw)


def plan(entries, current, **options):
    return plan_roster(validate_roster(entries, purge=options.get('purge', False)), current, **options)


# --- record_from_public ---------------------------------------------------------------------------
def test_record_from_public_restores_numbers_and_flat_settings():
    record = record_from_public(public_record(RAW))
    assert record['type'] == 2 and record['status'] == 0 and record['login_type'] == 99
    assert record['enable_waiting_room'] is True and record['meeting_capacity'] == 100
    assert 'settings' not in record and 'host_key' not in record and 'token' not in record


def test_record_from_public_compares_like_the_raw_record():
    options = user_options(public_record(RAW))
    wanted = wanted_from_options(options)
    assert not plan_user(record_from_public(public_record(RAW)), wanted, active=True).changed
    for status in (1, 2):
        raw = dict(RAW, status=status)
        assert plan_user(record_from_public(public_record(raw)), wanted, active=True).operations == \
            plan_user(raw, wanted, active=True).operations


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
    ({'email': 'a@example.com', 'active': 'maybe'}, "active must be true or false"),
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
        validate_roster(None, purge=True)
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


def test_assistants_differ_only_when_the_sets_differ():
    host = public('host@example.com', assistants=['B@example.com', 'a@example.com'])
    same = plan([{'email': 'host@example.com', 'assistants': ['a@example.com', 'b@example.com']}], [host])
    assert same['assistants'] == []
    differ = plan([{'email': 'host@example.com', 'assistants': ['a@example.com', 'c@example.com']},
                   {'email': 'c@example.com', 'create_method': 'custcreate'}], [host])
    assert differ['assistants'] == [{'host_email': 'host@example.com', 'assistants': ['a@example.com', 'c@example.com'],
                                     'added': ['c@example.com'], 'removed': ['B@example.com'],
                                     'after_creates': True}]
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


# --- summary --------------------------------------------------------------------------------------
def test_summary_counts_what_the_modules_reported_and_lists_failures():
    the_plan = {'unchanged': 3, 'removals': ['x@example.com']}
    applied = {'results': [
        {'item': {'email': 'a@example.com', 'roster_action': 'created'}, 'changed': True},
        {'item': {'email': 'b@example.com', 'roster_action': 'verify'}, 'changed': False},
        {'item': {'email': 'c@example.com', 'roster_action': 'deactivated'}, 'changed': True},
        {'item': {'email': 'd@example.com', 'roster_action': 'updated'}, 'failed': True, 'msg': 'boom'},
    ]}
    removed = {'results': [{'item': {'email': 'x@example.com'}, 'changed': True}]}
    hosts = {'results': [{'item': {'host_email': 'h@example.com', 'after_creates': True}, 'skipped': True}]}
    found = summarise(the_plan, applied, removed, hosts, check_mode=True)
    assert (found['created'], found['updated'], found['deactivated'], found['removed'], found['unchanged'],
            found['assistants'], found['failed']) == (1, 0, 1, 1, 4, 1, 1)
    assert found['failures'] == [{'email': 'd@example.com', 'msg': 'boom'}]
    assert found['planned_removals'] == ['x@example.com']
    assert summarise(the_plan, {'skipped': True, 'results': []})['unchanged'] == 3
