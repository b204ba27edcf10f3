"""Zoom API v2 gaps (issue 12) against the emulator: an invitation shows and warns about exactly what POST /users
carries, zoom_user_info's listing carries what an export needs (vanity names, login types, settings), and what v2
cannot hold is refused before any call, in one message.

The export (zoom_user_info registered, then the zoom_user_options filter in set_fact) is a real ansible-playbook
run; the module tasks with literal options, the re-applies of the exported options included (reapply.py), run
with the ``direct`` fixture (the module's real main() in a forked process, no ansible-playbook)."""

import pytest

from .conftest import writes
from .reapply import apply_tasks, item_results

TOKEN = 'POST /oauth/token'
ZU = 'zoomops.zoom.zoom_user'


@pytest.fixture
def backend():
    """The ``direct`` fixture speaks API v2 here, as play_v2 does."""
    return 'v2'


def test_a_v2_invitation_shows_only_what_post_users_carries_and_warns_about_the_rest(emu, direct):
    run = direct([{'name': 'invite', ZU: {'email': 'inv@example.com', 'create_method': 'create', 'dept': 'HR',
                                          'first_name': 'Iva'}, 'register': 'r'}], expect_rc=0)
    result = run.result('invite')
    user = emu.user('inv@example.com')
    assert user['status'] == 'pending' and user['first_name'] == 'Iva' and user['dept'] == ''
    # Neither the diff nor the returned user claims the dept; the warning names it.
    assert result['diff']['after'] == {'state': 'present', 'email': 'inv@example.com', 'first_name': 'Iva'}
    assert result['user'].get('dept', '') == ''
    assert any('dept will be applied' in warning for warning in result['warnings']), result['warnings']


SOURCE = [
    {'email': 'ada@example.com', 'create_method': 'custcreate', 'first_name': 'Ada', 'type': 2, 'dept': 'R&D',
     'timezone': 'Europe/London', 'vanity_name': 'ada.lovelace', 'group_id': 'g1', 'cms_user_id': 'cms-1',
     'enable_waiting_room': True, 'meeting_capacity': 100, 'auto_delete_cmr_days': 30},
    {'email': 'sso@example.com', 'create_method': 'ssocreate', 'type': 2, 'enable_large': True,
     'large_capacity': 500},
    {'email': 'gone@example.com', 'create_method': 'custcreate', 'status': 'inactive', 'vanity_name': 'gone.room'},
    {'email': 'invited@example.com', 'status': 'pending', 'first_name': 'Iva'},
]


def export(play_v2):
    run = play_v2([
        {'name': 'export', 'zoomops.zoom.zoom_user_info': {}, 'register': 'account'},
        {'name': 'options', 'ansible.builtin.set_fact': {'zoom_users': '{{ account.users | zoomops.zoom.zoom_user_options }}'}},
    ], expect_rc=0)
    return run.result('options')['ansible_facts']['zoom_users']


def test_a_v2_export_carries_vanity_names_login_types_and_settings_and_re_applies_as_no_change(emu, play_v2, direct):
    emu.seed(SOURCE)
    emu.clear_calls()
    options = dict((item['email'], item) for item in export(play_v2))
    ada = options['ada@example.com']
    assert ada['vanity_name'] == 'ada.lovelace' and ada['login_type'] == 'api' and ada['create_method'] == 'custcreate'
    assert ada['cms_user_id'] == 'cms-1'
    assert ada['settings']['meeting_capacity'] == 100 and ada['settings']['enable_waiting_room'] is True
    assert options['sso@example.com']['create_method'] == 'ssocreate'
    assert options['gone@example.com']['vanity_name'] == 'gone.room' and options['gone@example.com']['active'] is False
    assert options['invited@example.com']['first_name'] == 'Iva' and 'active' not in options['invited@example.com']
    # The listing cost: one GET /users page per status, then one GET per user and one settings read per
    # user who is not pending.
    api = [call['endpoint'] for call in emu.calls() if call['endpoint'] != TOKEN]
    assert api.count('GET /users') == 3
    assert api.count('GET /users/{userId}') == 4 and api.count('GET /users/{userId}/settings') == 3, api

    emu.clear_calls()
    items = list(options.values())
    run = direct(apply_tasks(items, 're-apply'), expect_rc=0)
    assert [item['changed'] for item in item_results(run, items, 're-apply')] == [False] * len(options)
    assert writes(emu.calls()) == []


def test_a_v2_export_re_creates_api_and_sso_users_with_their_login_types_on_an_empty_account(emu, play_v2, direct):
    emu.seed(SOURCE[:3])
    options = export(play_v2)
    emu.reset()
    direct(apply_tasks(options, 're-apply'), expect_rc=0)
    for email, login_type in (('ada@example.com', 99), ('sso@example.com', 101), ('gone@example.com', 99)):
        user = emu.user(email)
        assert user['status'] != 'pending' and user['login_type'] == login_type, (email, user)
    assert emu.user('ada@example.com')['vanity_name'] == 'ada.lovelace'
    assert emu.user('gone@example.com')['status'] == 'inactive'
    emu.clear_calls()
    again = direct(apply_tasks(options, 're-apply'), expect_rc=0)
    assert [item['changed'] for item in item_results(again, options, 're-apply')] == [False] * len(options)
    assert writes(emu.calls()) == []


def test_v2_refuses_bad_values_and_options_it_cannot_hold_in_one_message_before_any_call(emu, direct):
    emu.seed([{'email': 'ada@example.com', 'create_method': 'custcreate'}])
    emu.clear_calls()
    run = direct([{'name': 'bad', ZU: {'email': 'ada@example.com', 'track_id': '', 'group_id': '', 'settings': {
        'webinar_capacity': 0, 'enable_silent_mode': True, 'enable_auto_recording': False,
        'enable_cloud_auto_recording': True}}}], expect_rc=2)
    message = run.result('bad')['msg']
    assert message.startswith('invalid input for Zoom API v2: '), message
    for name in ('webinar_capacity', 'track_id', 'group_id', 'enable_silent_mode', 'enable_auto_recording'):
        assert name in message, (name, message)
    assert emu.calls() == []
