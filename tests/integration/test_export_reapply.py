"""Export an account with zoom_user_info | zoom_user_options, re-apply it to an EMPTY account, compare the state.

Issue 10, item 10: the export used to carry no create method, so every user (API, SSO, inactive) came back as a
pending invitation. Here the source account holds every creatable login type in every status (plus the users the
API cannot create), the options are applied with the documented loop, and the target is compared with the source
field by field; what cannot be carried must be reported by zoom_user_not_carried and by zoom_user's warnings.

The export (zoom_user_info from the source account, then the filters in set_fact) and the first re-apply to the
target (the documented loop, whose warnings Ansible prints) are one real ansible-playbook run on each backend: the
source account is an emulator of its own, which the export task names in its module_defaults. The later re-applies
check only results, calls and the account's state: they run the same options, one ``direct`` zoom_user task per
exported item (reapply.py; test_direct_equivalence.py proves the results and calls of a playbook run).
"""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import CREATE_METHODS, FIELDS, PROFILE_NAMES

from .conftest import connection_for, endpoints, writes
from .reapply import apply_tasks, item_results

from harness import Emulator

SOURCE = [
    {'email': 'api.on@example.com', 'create_method': 'custcreate', 'type': 2, 'first_name': 'Api', 'dept': 'Bots',
     'timezone': 'Europe/London', 'pmi': 1111111111, 'vanity_name': 'api.on.room', 'host_key': '958473',
     'enable_waiting_room': True, 'meeting_capacity': 100, 'enable_use_pmi': True},
    {'email': 'api.off@example.com', 'create_method': 'custcreate', 'status': 'inactive', 'last_name': 'Off',
     'cms_user_id': 'cms-7', 'enable_record_audio_file': True},
    {'email': 'sso.pro@example.com', 'create_method': 'ssocreate', 'type': 2, 'first_name': 'Sso',
     'timezone': 'Asia/Tokyo', 'pmi': 2222222222, 'group_id': 'g1', 'enable_large': True, 'large_capacity': 500,
     'assistants': ['api.on@example.com']},
    {'email': 'sso.off@example.com', 'create_method': 'ssocreate', 'status': 'inactive', 'type': 3,
     'track_id': 'tr-1', 'imgroup_id': 'im-1'},
    {'email': 'zoom.on@example.com', 'create_method': 'autocreate', 'password': 'Zoom-Pass-1', 'first_name': 'Zed',
     'dept': 'Sales', 'timezone': 'America/New_York', 'pmi': 3333333333, 'disable_chat': True},
    {'email': 'zoom.wait@example.com', 'create_method': 'create', 'first_name': 'Wait', 'dept': 'Ops'},
    {'email': 'zoom.off@example.com', 'create_method': 'autocreate', 'password': 'Zoom-Pass-2', 'status': 'inactive'},
    {'email': 'fb@example.com', 'login_type': 0, 'first_name': 'Face'},
    {'email': 'goo@example.com', 'login_type': 1, 'status': 'inactive'},
]
CARRIED = ['api.on@example.com', 'api.off@example.com', 'sso.pro@example.com', 'sso.off@example.com',
           'zoom.on@example.com', 'zoom.wait@example.com']
NOT_CREATABLE = ['zoom.off@example.com', 'fb@example.com', 'goo@example.com']
# The documented loop (plugins/filter/zoom_user_options.py EXAMPLES): each option named, no templated args dict.
OPTION_NAMES = ['email', 'state', 'login_type', 'create_method', 'create', 'active'] + \
    [name for name in PROFILE_NAMES if name != 'host_key'] + ['settings']
APPLY = {'name': 'apply',
         'zoomops.zoom.zoom_user': dict((name, '{{ item.%s | default(omit) }}' % name) for name in OPTION_NAMES),
         'loop': '{{ zoom_users }}', 'loop_control': {'label': '{{ item.email }}'}}
COMPARED = [field.name for field in FIELDS if field.name != 'host_key']
INVITATION_CARRIES = [field.name for field in FIELDS if field.carried_by('create')]


# What has no v2 equivalent (type corp, track_id, imgroup_id) cannot be in a v2 account: the v2 source has basic
# users instead and no such fields.
V1_ONLY = ('track_id', 'imgroup_id')


def source_for(backend):
    if backend == 'v1':
        return SOURCE
    return [dict((key, 1 if key == 'type' and value == 3 else value) for key, value in user.items()
                 if key not in V1_ONLY) for user in SOURCE]


# The create calls of re-creating the carried users: v1 names the method in the endpoint, v2 in POST /users' action.
CREATES = {'v1': sorted(['/user/custcreate', '/user/custcreate', '/user/ssocreate', '/user/ssocreate',
                         '/user/create', '/user/create']),
           'v2': ['POST /users'] * 6}


def by_email(users):
    return dict((user['email'], user) for user in users)


@pytest.fixture
def source_emu():
    """The source account, apart from the (empty) target account ``emu``."""
    with Emulator() as source:
        yield source


@pytest.mark.parametrize('backend', ['v1', 'v2'])
def test_export_then_re_apply_to_an_empty_account_re_creates_every_creatable_user(
        play, direct, emu, source_emu, backend):
    source_emu.seed(source_for(backend))
    source = by_email(source_emu.state()['users'])
    # The target: an empty account.
    emu.clear_calls()
    first = play([
        {'name': 'export', 'zoomops.zoom.zoom_user_info': {'include_assistants': True}, 'register': 'account',
         'module_defaults': {'group/zoomops.zoom.zoom': connection_for(source_emu, backend)}},
        {'name': 'options', 'ansible.builtin.set_fact': {
            'zoom_users': '{{ account.users | zoomops.zoom.zoom_user_options }}',
            'not_carried': "{{ account.users | zoomops.zoom.zoom_user_not_carried(api_version='%s') }}" % backend}},
        APPLY,
    ], expect_rc=0)
    facts = first.result('options')['ansible_facts']
    options, notes = facts['zoom_users'], facts['not_carried']
    assert sorted(item['email'] for item in options) == sorted(source)
    # no secret in the export, and nothing zoom_user does not take
    text = repr(options) + repr(notes)
    for secret in ('958473', 'Zoom-Pass-1', 'Zoom-Pass-2'):
        assert secret not in text
    for item in options:
        assert set(item) <= set(OPTION_NAMES), item

    # What cannot be carried is reported, user by user.
    def notes_of(email):
        return ' '.join(note for note in notes if note.startswith(email + ': '))
    for email in source:
        assert 'password and host key not carried' in notes_of(email)
    for email in NOT_CREATABLE:
        assert 'create: false' in notes_of(email)
    assert 'facebook' in notes_of('fb@example.com') and 'google' in notes_of('goo@example.com')
    assert 'pending until accepted, not active' in notes_of('zoom.on@example.com')
    assert 'pmi' in notes_of('zoom.on@example.com') and 'timezone' in notes_of('zoom.on@example.com')
    assert 'zoom_user_assistant' in notes_of('sso.pro@example.com')
    # v1's invitation (/user/create) carries the department, v2's (POST /users) only the names and the type
    assert ('dept' in notes_of('zoom.wait@example.com')) == (backend == 'v2')

    # The first re-apply, to the target; the export called the source account only.
    listing = {'/user/list', '/user/pending', 'GET /users'}
    assert listing & set(endpoints(source_emu.calls())) and not listing & set(endpoints(emu.calls()))
    results = dict((entry['item']['email'], entry) for entry in first.result('apply')['results'])
    creates = [call['endpoint'] for call in writes(emu.calls()) if call['endpoint'] in ('POST /users', ) or
               call['endpoint'].endswith('create')]
    assert sorted(creates) == CREATES[backend]
    # Ansible prints the warnings of loop items (and drops them from the recorded results).
    printed = ' '.join((first.stdout + first.stderr).split())
    for email in NOT_CREATABLE:
        assert results[email]['changed'] is False
        assert '%s does not exist and create is false: left missing' % email in printed
        assert emu.user(email) is None
    # The invited ones: pending, with what the invitation carries; the rest is named by the warning.
    assert 'zoom.on@example.com is invited (pending) until the invitation is accepted; ' in printed
    assert results['zoom.on@example.com']['diff']['after'].get('timezone') is None
    emu.accept('zoom.on@example.com')   # was active on the source: the user accepts the new invitation
    # The same options as the loop's (each of OPTION_NAMES the item has: checked above), one task per item.
    second = direct(apply_tasks(options, names=OPTION_NAMES), expect_rc=0)
    assert [result['changed'] for item, result in zip(options, item_results(second, options))
            if item['email'] != 'zoom.on@example.com'] == [False] * (len(options) - 1)

    target = by_email(emu.state()['users'])
    assert sorted(target) == sorted(CARRIED)
    for email in CARRIED:
        expected = source[email]
        got = target[email]
        assert got['status'] == expected['status'], email
        assert got['login_type'] == expected['login_type'], email
        compared = (INVITATION_CARRIES if backend == 'v1' else ['first_name', 'last_name', 'type', 'group_id']) if expected['status'] == 'pending' else COMPARED
        for name in compared:
            assert got[name] == expected[name], (email, name, got[name], expected[name])
    # The SSO pro user had no vanity name; ssocreate gives one (below), which the exported '' cleared.
    assert target['sso.pro@example.com']['vanity_name'] == ''

    # Converged: a third run changes nothing and writes nothing.
    emu.clear_calls()
    third = direct(apply_tasks(options, names=OPTION_NAMES), expect_rc=0)
    assert [result['changed'] for result in item_results(third, options)] == [False] * len(options)
    assert writes(emu.calls()) == []
    assert not {'/user/create', 'POST /users'} & set(endpoints(emu.calls()))
    # Why vanity_name '' is exported: ssocreate names a new pro user's room after its email.
    probe = emu.call('/user/ssocreate', email='probe.user@example.com', type=2)
    assert probe['vanity_name'] == 'probe.user'


def test_every_create_method_is_exercised_by_the_source_account():
    methods = set(user.get('create_method') for user in SOURCE)
    assert set(CREATE_METHODS) <= methods
