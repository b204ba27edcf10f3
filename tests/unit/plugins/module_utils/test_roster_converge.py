"""The roster run in one process (roster.converge_roster, the zoom_roster module's one call) on an account in memory:
list calls only for a no-op, one failure not stopping the others, check mode, refusals before any write, and a
result that holds the changes and counts only."""

import json

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import UsersBackend, email_key
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.roster import (
    check_roster, converge_roster, load_roster, secrets, trimmed_record, validate_roster,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput


class Account(UsersBackend):
    """Users in memory; every call logged; ``fail_update`` makes the update of that email fail."""

    def __init__(self, users, fail_update=None):
        self.users = dict((email_key(user['email']), dict(user, settings=dict(user.get('settings') or {})))
                          for user in users)
        self.fail_update = fail_update
        self.log = []

    def list_users(self, statuses=('active', 'inactive', 'pending')):
        self.log.append('list')
        for user in self.users.values():
            yield dict(user, settings=dict(user['settings']))

    def find_user(self, email=None, user_id=None, login_type=None, settings=True):
        self.log.append('find')
        user = self.users.get(email_key(email)) if email else None
        return dict(user, settings=dict(user['settings'])) if user else None

    def assistants(self, host_id):
        self.log.append('assistants')
        return []

    def create(self, create_method, fields):
        self.log.append('create')
        user = dict(id='id-%s' % fields['email'], status='active', settings={}, **fields)
        self.users[email_key(fields['email'])] = user
        return dict(user)

    def update(self, user_id, changes):
        self.log.append('update')
        user = [user for user in self.users.values() if user.get('id') == user_id][0]
        if user['email'] == self.fail_update:
            raise ZoomError('/user/update', 1014, 'the pmi is taken')
        user.update(changes)

    def set_password(self, user_id, password):
        self.log.append('set_password')

    def delete(self, user_id, pending=False, permanent=False):
        self.log.append('delete')
        self.users = dict((key, user) for key, user in self.users.items() if user['id'] != user_id)


def account(count=5):
    return Account([{'id': 'id%d' % n, 'email': 'u%d@example.com' % n, 'status': 'active', 'login_type': 'api',
                     'type': 'basic', 'dept': 'Ops', 'first_name': 'U%d' % n,
                     'settings': dict(('setting%d' % m, m) for m in range(60))} for n in range(count)])


def roster(count=5, **changes):
    users = [{'email': 'u%d@example.com' % n, 'dept': 'Ops'} for n in range(count)]
    for index, values in changes.items():
        users[int(index[1:])].update(values)
    return users


def run(backend, users, check_mode=False, **switches):
    options, entries = check_roster(users, **switches)
    return converge_roster(backend, entries, options, secrets(users), check_mode=check_mode)


def test_nothing_to_change_makes_the_list_calls_only_and_returns_no_record():
    backend = account()
    result = run(backend, roster())
    assert backend.log == ['list']
    assert result['changed'] is False and result['changes'] == [] and result['diff'] == []
    assert result['summary']['unchanged'] == 5
    assert 'first_name' not in json.dumps(result)   # no record of the account travels back


def test_one_failure_does_not_stop_the_others_and_the_message_names_it():
    backend = account()
    backend.fail_update = 'u1@example.com'
    result = run(backend, roster(u1={'dept': 'X'}, u2={'dept': 'X'}))
    assert result['summary']['updated'] == 1 and result['summary']['failed'] == 1
    assert backend.users['u2@example.com']['dept'] == 'X'
    assert result['msg'].startswith("1 of the roster's changes failed (the others were applied): u1@example.com: ")
    assert '1014' in result['msg']
    assert [change['email'] for change in result['changes']] == ['u1@example.com', 'u2@example.com']


def test_check_mode_writes_nothing_and_counts_and_diffs_as_the_real_run():
    users = roster(u0={'dept': 'Moved'}) + [{'email': 'new@example.com', 'create_method': 'custcreate'}]
    backend = account()
    check = run(backend, users, check_mode=True)
    assert 'update' not in backend.log and 'create' not in backend.log
    real = run(account(), users)
    for key in ('created', 'updated', 'unchanged'):
        assert check['summary'][key] == real['summary'][key]
    assert check['diff'] == real['diff']
    assert [diff['before_header'] for diff in real['diff']] == ['u0@example.com', 'new@example.com']


def test_a_refused_purge_raises_before_any_write_naming_the_users():
    backend = account()
    with pytest.raises(Refused, match='refusing to purge 4 users'):
        run(backend, roster(1), purge=True, max_removals=3)
    assert backend.log == ['list']


def test_passwords_never_reach_the_result():
    users = [{'email': 'new@example.com', 'create_method': 'autocreate', 'password': 'Sup3r-Secret-pw'}]
    result = run(account(0), users)
    assert result['summary']['created'] == 1
    assert 'Sup3r-Secret-pw' not in json.dumps(result)


def test_a_trimmed_record_keeps_who_the_user_is_and_the_fields_the_entry_manages_only():
    settings = {'enable_waiting_room': True, 'meeting_capacity': 100}
    record = {'id': 'i', 'email': 'a@example.com', 'status': 'active', 'login_type': 'sso', 'dept': 'Ops',
              'first_name': 'A', 'vanity_url': 'https://zoom.us/my/a', 'settings': settings}
    assert trimmed_record(record, {'dept': 'X', 'enable_waiting_room': False, 'vanity_name': 'a'}) == {
        'id': 'i', 'email': 'a@example.com', 'status': 'active', 'login_type': 'sso', 'dept': 'Ops',
        'vanity_url': 'https://zoom.us/my/a', 'settings': {'enable_waiting_room': True}}
    assert trimmed_record(record, None) == {'id': 'i', 'email': 'a@example.com', 'status': 'active',
                                            'login_type': 'sso', 'settings': {}}


@pytest.mark.parametrize('text', ['[{"email": "a@example.com"}]', '{"zoom_roster_users": [{"email": "a@example.com"}]}',
                                  '- email: a@example.com\n', 'zoom_roster_users:\n  - email: a@example.com\n'])
def test_a_roster_file_is_json_or_yaml_a_list_or_a_mapping(tmp_path, text):
    path = tmp_path / 'roster'
    path.write_text(text)
    assert load_roster(str(path)) == [{'email': 'a@example.com'}]


@pytest.mark.parametrize('text, message', [(None, 'cannot read zoom_roster_users_file'),
                                           ('{"users": []}', 'must hold a list of users'),
                                           ('[: bad', 'is neither JSON nor YAML')])
def test_a_bad_roster_file_fails_naming_it(tmp_path, text, message):
    path = tmp_path / 'roster.yml'
    if text is not None:
        path.write_text(text)
    with pytest.raises(InvalidInput, match=message) as caught:
        load_roster(str(path))
    assert str(path) in str(caught.value)


def test_roster_entries_are_checked_against_the_rules_of_the_api_in_use():
    """A roster on API v2 takes v2's values (host keys of 6 to 10 digits, webinar capacity 501) and refuses, before
    any call, what v2 cannot hold (track_id); on v1 the same entries are checked against v1's rules."""
    v2_only = {'email': 'a@example.com', 'host_key': '12345678', 'settings': {'webinar_capacity': 501}}
    assert validate_roster([v2_only], api_version='v2')[0]['wanted']['host_key'] == '12345678'
    with pytest.raises(InvalidInput) as v1_refusal:
        validate_roster([v2_only], api_version='v1')
    assert 'host_key' in str(v1_refusal.value) and 'webinar_capacity' in str(v1_refusal.value)
    with pytest.raises(InvalidInput) as v2_refusal:
        check_roster([{'email': 'b@example.com', 'track_id': 'T1'}], api_version='v2')
    assert 'track_id' in str(v2_refusal.value) and 'b@example.com' in str(v2_refusal.value)
    assert check_roster([{'email': 'b@example.com', 'track_id': 'T1'}], api_version='v1')[1][0]['wanted']['track_id'] == 'T1'


class UnlistedSettings(Account):
    """An API whose list leaves the settings out (v2's GET /users): they are read per user, by id."""
    lists_full_records = False

    def list_users(self, statuses=('active', 'inactive', 'pending')):
        self.log.append('list')
        for user in self.users.values():
            yield dict(user, settings={})

    def user_settings(self, user_id):
        self.log.append('settings')
        return dict([user for user in self.users.values() if user.get('id') == user_id][0]['settings'])


def unlisted_settings_account():
    return UnlistedSettings([
        {'id': 'id0', 'email': 'u0@example.com', 'status': 'active', 'dept': 'Ops',
         'settings': {'enable_waiting_room': True, 'meeting_capacity': 100}},
        {'id': 'id1', 'email': 'u1@example.com', 'status': 'inactive', 'dept': 'Ops',
         'settings': {'enable_waiting_room': False}},
        {'id': 'id2', 'email': 'u2@example.com', 'status': 'active', 'dept': 'Ops', 'settings': {}},
        {'email': 'u3@example.com', 'status': 'pending', 'dept': 'Ops', 'settings': {}},
    ])


def test_settings_the_list_leaves_out_cost_one_read_per_managing_user_and_nothing_more_when_unchanged():
    backend = unlisted_settings_account()
    users = [{'email': 'u0@example.com', 'dept': 'Ops', 'settings': {'enable_waiting_room': True}},
             {'email': 'u1@example.com', 'settings': {'enable_waiting_room': False}},
             {'email': 'u2@example.com', 'dept': 'Ops'},
             {'email': 'u3@example.com', 'settings': {'enable_waiting_room': True}}]
    result = run(backend, users)
    # the pending user has no settings to read, u2's entry manages none: two reads, no lookup, no write
    assert backend.log == ['list', 'settings', 'settings']
    assert result['changed'] is False and result['summary']['unchanged'] == 4


def test_a_setting_that_differs_is_applied_through_the_modules_own_lookup_and_check_mode_predicts_it():
    users = [{'email': 'u0@example.com', 'settings': {'enable_waiting_room': False}},
             {'email': 'u1@example.com', 'settings': {'enable_waiting_room': False}}]
    predicted = unlisted_settings_account()
    check = run(predicted, users, check_mode=True)
    assert predicted.log == ['list', 'settings', 'settings', 'find']
    backend = unlisted_settings_account()
    real = run(backend, users)
    assert backend.log == ['list', 'settings', 'settings', 'find', 'update']
    assert (check['summary']['updated'], check['summary']['unchanged']) == (1, 1)
    assert real['summary']['updated'] == 1 and real['summary']['unchanged'] == 1


class GarbledSettings(UnlistedSettings):
    """The settings read answers garbage (a server that lies): the client's ZoomError."""

    def user_settings(self, user_id):
        self.log.append('settings')
        endpoint = 'GET /users/{userId}/settings'   # a path template, not a format string
        raise ZoomError(endpoint, None, 'the answer is not JSON (HTML page)')


def test_a_settings_read_that_fails_stops_the_run_before_any_write_naming_the_user():
    backend = GarbledSettings(unlisted_settings_account().users.values())
    users = [{'email': 'u0@example.com', 'settings': {'enable_waiting_room': False}},
             {'email': 'u2@example.com', 'dept': 'Sales'}]
    with pytest.raises(Failed) as failed:
        run(backend, users, purge=True, max_removals=5)
    assert failed.value.message.startswith('reading the settings of u0@example.com failed: ')
    assert backend.log == ['list', 'settings']   # no lookup, no update, no removal
