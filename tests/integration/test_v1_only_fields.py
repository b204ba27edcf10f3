"""track_id, imgroup_id and cms_user_id through the module's real main() (the ``direct`` fixture: each task a module
process, as a playbook runs it; test_direct_equivalence.py proves the two give the same results and calls), asserted
on the emulator's account.

An audit found these three options in no test: a zoom_user that silently dropped track_id passed every suite.
On API v1 each must reach the account when a user is created and when it is updated (check mode changing
nothing), and a second run must change nothing. On API v2, cms_user_id works the same; track_id and
imgroup_id have no v2 equivalent: the task fails before any call (not even a token request), naming the
option, and the account keeps what it held.
"""

from .conftest import writes
from .direct import DirectPlayer

EMAIL = 'fields@example.com'
FIRST = {'track_id': 'partner-7', 'imgroup_id': 'im-sales', 'cms_user_id': 'cms-0042'}
SECOND = {'track_id': 'partner-9', 'imgroup_id': 'im-support', 'cms_user_id': 'cms-0077'}


def task(name, **options):
    return {'name': name, 'zoomops.zoom.zoom_user': dict({'email': EMAIL, 'create_method': 'custcreate'}, **options)}


def held(emu, email=EMAIL):
    """The three fields as the account holds them (/_emulator/state)."""
    user = emu.user(email)
    return {name: user[name] for name in FIRST}


def sent(calls):
    """The field names each write of a call log sent, by endpoint (names only: the log never holds values)."""
    fields = {}
    for call in writes(calls):
        fields.setdefault(call['endpoint'], set()).update(call['fields'])
    return fields


def test_v1_track_imgroup_and_cms_ids_reach_the_account_when_creating(emu, direct):
    run = direct([task('create', **FIRST), task('again', **FIRST)], expect_rc=0)
    assert run.result('create')['changed'] is True
    assert run.result('again')['changed'] is False
    assert held(emu) == FIRST
    sent_fields = set().union(*sent(emu.calls()).values())
    assert set(FIRST) <= sent_fields, sent_fields
    # The no-op run read and wrote nothing more than the lookup: its result reports the values held.
    assert {name: run.result('again')['user'][name] for name in FIRST} == FIRST


def test_v1_track_imgroup_and_cms_ids_are_updated_check_mode_first(emu, direct):
    emu.seed([dict(FIRST, email=EMAIL, create_method='custcreate')])
    emu.clear_calls()
    check = direct([task('update', **SECOND)], check=True, expect_rc=0)
    assert check.result('update')['changed'] is True
    assert check.result('update')['diff']['after'] == dict(SECOND)
    assert writes(emu.calls()) == [] and held(emu) == FIRST

    run = direct([task('update', **SECOND), task('again', **SECOND)], expect_rc=0)
    assert run.result('update')['changed'] is True
    assert run.result('update')['diff'] == check.result('update')['diff']
    assert run.result('again')['changed'] is False
    assert held(emu) == SECOND
    updates = writes(emu.calls())
    assert [call['endpoint'] for call in updates] == ['/user/update']
    assert set(SECOND) <= set(updates[0]['fields']), updates


def test_v1_each_field_alone_reaches_the_account(emu, direct):
    """One option at a time, so that dropping any one of them cannot hide behind the others."""
    emu.seed([dict(FIRST, email=EMAIL, create_method='custcreate')])
    run = direct([task(name, **{name: SECOND[name]}) for name in sorted(SECOND)], expect_rc=0)
    for name in SECOND:
        assert run.result(name)['changed'] is True, name
    assert held(emu) == SECOND


def test_v2_cms_user_id_reaches_the_account(emu, tmp_path):
    emu.seed([dict(FIRST, email=EMAIL, create_method='custcreate')])
    emu.clear_calls()
    direct = DirectPlayer(emu, tmp_path, 'v2')
    run = direct([task('cms', cms_user_id=SECOND['cms_user_id']), task('again', cms_user_id=SECOND['cms_user_id'])],
                 expect_rc=0)
    assert run.result('cms')['changed'] is True and run.result('again')['changed'] is False
    assert held(emu)['cms_user_id'] == SECOND['cms_user_id']
    patches = [call for call in emu.calls() if call['endpoint'] == 'PATCH /users/{userId}']
    assert [call['fields'] for call in patches] == [['cms_user_id']], patches


def test_v2_track_and_imgroup_ids_are_refused_before_any_call(emu, tmp_path):
    emu.seed([dict(FIRST, email=EMAIL, create_method='custcreate')])
    emu.clear_calls()
    run = DirectPlayer(emu, tmp_path, 'v2')([
        dict(task('track', track_id=SECOND['track_id']), ignore_errors=True),
        dict(task('imgroup', imgroup_id=SECOND['imgroup_id']), ignore_errors=True),
        dict(task('new user', email='new@example.com', track_id='t', imgroup_id='i'), ignore_errors=True),
        dict(task('check mode', track_id='t'), ignore_errors=True, check_mode=True),
    ])
    statuses = dict((entry['task'], entry['status']) for entry in run.results)
    assert statuses == dict.fromkeys(['track', 'imgroup', 'new user', 'check mode'], 'failed'), statuses
    for name, option in (('track', 'track_id'), ('imgroup', 'imgroup_id'), ('check mode', 'track_id')):
        message = run.result(name)['msg']
        assert option in message and 'no Zoom API v2 equivalent' in message, message
    assert 'track_id' in run.result('new user')['msg'] and 'imgroup_id' in run.result('new user')['msg']
    assert 'IM groups became user groups' in run.result('imgroup')['msg']
    assert emu.calls() == []
    assert held(emu) == FIRST and emu.user('new@example.com') is None
