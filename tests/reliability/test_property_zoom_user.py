"""Property tests through zoom_user's real main(), on Zoom API v1 and v2, against an independent oracle.

For every example (random options from a random starting state) the ORACLE below says what the emulator's
account must hold afterwards. It is written from the emulator's account (``/_emulator/state``, the record
format of tests/emulator/zoomemu/v1.py ``state_record``) and from Zoom's documentation (docs/docsite/rst/v2.rst,
../shared/spec/v2-mapping.md), never from plugins/: a product change that drops, renames, mis-types or
mis-inverts an option fails here even when the product's own planning agrees with itself.

Properties:
- every option set reaches the server: profile fields, settings (through v2's inverted flags and combined
  enumerations on v2), the status, and the write-only secrets (the host key read back through v1's
  ``/user/get``, which returns it whatever API wrote it; the password by a login check of the account);
- nothing else changes (fields not set keep their value);
- check mode writes nothing and predicts the real run exactly (changed and diff); ``changed`` is what the
  oracle says: the user was created, or some option differs from what the account held;
- a second run writes nothing and reports changed=false (except what ``update_password`` /
  ``update_host_key: always`` asks for on every run: exactly those writes);
- on v2, options with no v2 equivalent (track_id, imgroup_id, type corp, settings v2 does not map, values
  outside v2's lists, a password for an API or SSO login) are refused before any call, not even a token
  request, and the message names each of them. The generator draws them on v2 too, in a quarter of the
  examples.

On v2 the oracle models what v2 can hold: group_id means "is a member of" (a membership is added, not moved:
GET /users/{userId} lists the seeded group, then the one asked for), automatic recording and automatic cloud
recording are one enumeration (cloud implies automatic; automatic off is cloud off; off with cloud on is refused),
and the chime's type is kept only while the chime is on (asked for while it is off, nothing is written).
What the oracle found wrong on v2 is pinned, case by case, by the ``test_v2_gap_*`` tests at the end.
"""

import collections
import os
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.zoomops.zoom.plugins.module_utils.common import connection_argument_spec
from ansible_collections.zoomops.zoom.plugins.modules import zoom_user
from zoomemu.store import PROFILE_DEFAULTS, SETTINGS_DEFAULTS

from .conftest import count
from .inprocess import run_module

EXAMPLES = int(os.environ.get('ZOOM_PROPERTY_EXAMPLES', '200'))
EMAIL = 'prop@example.com'
PASSWORD = 'Prop-Pass-123'          # what the task asks for
SEED_PASSWORD = 'Seed-Pass-987'     # what a user found in the account already has
TIMEZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney']
INT32_MAX = 2 ** 31 - 1

TEXT = st.text(alphabet='abcdefghijklmnopqrstuvwxyz ABCDEFG-', min_size=0, max_size=16)
NON_EMPTY_TEXT = st.text(alphabet='abcdefghijklmnopqrstuvwxyz ABCDEFG-', min_size=1, max_size=16)
BOOL = st.booleans()

# ---------------------------------------------------------------------------------------------------------------
# The oracle's tables
# ---------------------------------------------------------------------------------------------------------------

# A profile option: the key that holds it in a /_emulator/state user (None: a secret the state does not show),
# the values the option takes, and its key in v2's GET /users/{userId} (None: v2 has no equivalent, refused).
Profile = collections.namedtuple('Profile', 'state_key values v2_key')
USER_TYPE_NUMBERS = {'basic': 1, 'pro': 2, 'corp': 3, 1: 1, 2: 2, 3: 3, '1': 1, '2': 2, '3': 3}
PROFILE = {
    'first_name': Profile('first_name', TEXT, 'first_name'),
    'last_name': Profile('last_name', TEXT, 'last_name'),
    'type': Profile('type', st.sampled_from(['basic', 'pro', 'corp', 1, 2, 3, '2']), 'type'),
    'dept': Profile('dept', TEXT, 'dept'),
    'timezone': Profile('timezone', st.sampled_from(TIMEZONES), 'timezone'),
    'pmi': Profile('pmi', st.integers(1000000000, 9999999999), 'pmi'),
    'vanity_name': Profile('vanity_name', st.one_of(st.just(''), st.from_regex(r'\A[a-z][a-z0-9.]{4,12}\Z')),
                           'vanity_url'),
    'host_key': Profile(None, st.from_regex(r'\A[0-9]{6}\Z'), 'host_key'),    # write-only on v2
    'group_id': Profile('group_id', TEXT, 'group_ids'),           # v2: "is a member of"
    'imgroup_id': Profile('imgroup_id', TEXT, None),              # merged into user groups on v2
    'cms_user_id': Profile('cms_user_id', TEXT, 'cms_user_id'),
    'track_id': Profile('track_id', TEXT, None),                  # v1's referral partner id only
}
# On v2 the user type is one of these (corp has no v2 value).
V2_USER_TYPES = {1, 2}

# A setting: its values, its v2 path in GET /users/{userId}/settings (None: v2 has no equivalent, refused) and
# whether v2's flag means the opposite. The account keeps every setting under the option's own name.
Setting = collections.namedtuple('Setting', 'values v2 inverted')
AUTO_RECORDING = 'recording.auto_recording'     # v2 combines enable_auto_recording and enable_cloud_auto_recording
CHIME = 'in_meeting.entry_exit_chime'           # v2 combines enable_enter_exit_chime and its type
SETTINGS = {
    'disable_chat': Setting(BOOL, 'in_meeting.chat', True),
    'enable_e2e_encryption': Setting(BOOL, None, False),        # v2's e2e_encryption is encryption for H323/SIP
    'enable_silent_mode': Setting(BOOL, None, False),           # attendee_on_hold: deprecated on v2
    'disable_group_hd': Setting(BOOL, 'in_meeting.group_hd', True),
    'disable_recording': Setting(BOOL, None, False),            # local_recording: not mapped (ambiguous)
    'enable_cmr': Setting(BOOL, 'recording.cloud_recording', False),
    'enable_record_speaker_view': Setting(BOOL, 'recording.record_speaker_view', False),
    'enable_record_gallery_view': Setting(BOOL, 'recording.record_gallery_view', False),
    'enable_record_audio_file': Setting(BOOL, 'recording.record_audio_file', False),
    'enable_auto_recording': Setting(BOOL, AUTO_RECORDING, False),
    'enable_cloud_auto_recording': Setting(BOOL, AUTO_RECORDING, False),
    'meeting_capacity': Setting(st.integers(0, INT32_MAX), 'feature.meeting_capacity', False),
    'enable_webinar': Setting(BOOL, 'feature.webinar', False),
    'webinar_capacity': Setting(st.sampled_from([0, 100, 500, 1000, 3000, 5000, 10000]), 'feature.webinar_capacity',
                                False),
    'enable_large': Setting(BOOL, 'feature.large_meeting', False),
    'large_capacity': Setting(st.sampled_from([0, 100, 200, 300, 500]), 'feature.large_meeting_capacity', False),
    'disable_feedback': Setting(BOOL, None, False),             # in_meeting.feedback: not mapped (ambiguous)
    'disable_jbh_reminder': Setting(BOOL, 'email_notification.jbh_reminder', True),
    'enable_breakout_room': Setting(BOOL, 'in_meeting.breakout_room', False),
    'enable_polling': Setting(BOOL, 'in_meeting.polling', False),
    'enable_annotation': Setting(BOOL, 'in_meeting.annotation', False),
    'enable_share_dual_camera': Setting(BOOL, None, False),     # deprecated on v2
    'enable_far_end_camera_control': Setting(BOOL, 'in_meeting.far_end_camera_control', False),
    'disable_private_chat': Setting(BOOL, 'in_meeting.private_chat', True),
    'enable_enter_exit_chime': Setting(BOOL, CHIME, False),
    'option_enter_exit_chime_type': Setting(st.sampled_from([0, 1]), CHIME, False),
    'disable_cancel_meeting_notification': Setting(BOOL, 'email_notification.cancel_meeting_reminder', True),
    'enable_remote_support': Setting(BOOL, 'in_meeting.remote_support', False),
    'enable_file_transfer': Setting(BOOL, 'in_meeting.file_transfer', False),
    'enable_virtual_background': Setting(BOOL, 'in_meeting.virtual_background', False),
    'enable_attention_tracking': Setting(BOOL, None, False),    # removed by Zoom in 2020
    'enable_waiting_room': Setting(BOOL, 'in_meeting.waiting_room', False),
    'enable_use_pmi': Setting(BOOL, 'schedule_meeting.use_pmi_for_instant_meetings', False),
    'enable_closed_caption': Setting(BOOL, 'in_meeting.closed_caption', False),
    'enable_co_host': Setting(BOOL, 'in_meeting.co_host', False),
    'enable_auto_saving_chats': Setting(BOOL, 'in_meeting.auto_saving_chat', False),
    'enable_phone_participants_password': Setting(BOOL, 'schedule_meeting.pstn_password_protected', False),
    'enable_auto_delete_cmr': Setting(BOOL, 'recording.auto_delete_cmr', False),
    'auto_delete_cmr_days': Setting(st.integers(1, 365), 'recording.auto_delete_cmr_days', False),
}
# Settings whose v2 values are another list than v1's (v2-mapping.md a.3): anything else is refused on v2.
V2_VALUES = {
    'webinar_capacity': (100, 500, 501, 1000, 1001, 3000, 5000, 10000),
    'large_capacity': (500, 1000),
    'auto_delete_cmr_days': (30, 60, 90, 120),
}
# What the oracle compares in a /_emulator/state user.
ACCOUNT_KEYS = tuple(profile.state_key for profile in PROFILE.values() if profile.state_key) + tuple(SETTINGS) + (
    'status',)
# Create methods whose users sign in with Zoom (the only ones v2 sets a password for).
ZOOM_LOGIN_METHODS = ('create', 'autocreate')
# The writes of a run, per API (token requests are not writes).
PASSWORD_WRITE = {'v1': '/user/updatepassword', 'v2': 'PUT /users/{userId}/password'}
V2_PROFILE_WRITE = 'PATCH /users/{userId}'


# zoom_user's options that are not user fields: what the oracle handles by hand (or the examples leave alone).
CONTROL_OPTIONS = {'email', 'id', 'login_type', 'state', 'active', 'permanent', 'create', 'create_method', 'password',
                   'update_password', 'update_host_key', 'revoke_token', 'settings'}


def test_the_oracle_covers_every_option_of_zoom_user():
    """A new option must be given its place in the oracle (else the property test would not check it)."""
    spec = zoom_user.argument_spec()
    assert set(spec['settings']['options']) == set(SETTINGS)
    assert set(spec) - set(connection_argument_spec()) - CONTROL_OPTIONS == set(PROFILE)


# ---------------------------------------------------------------------------------------------------------------
# What the oracle predicts
# ---------------------------------------------------------------------------------------------------------------

def new_user_state():
    """A user the emulator creates, as /_emulator/state shows it (its defaults; pmi is random, not compared)."""
    state = dict((key, value) for key, value in PROFILE_DEFAULTS.items() if key != 'host_key')
    state['type'] = USER_TYPE_NUMBERS[state['type']]
    state.update(SETTINGS_DEFAULTS)
    state['status'] = 'active'
    return state


def v2_refused(case):
    """The options that API v2 must refuse in this case (names, as the message must give them)."""
    refused = [name for name in ('track_id', 'imgroup_id') if name in case['profile']]
    if 'type' in case['profile'] and USER_TYPE_NUMBERS[case['profile']['type']] not in V2_USER_TYPES:
        refused.append('type')
    for name, value in case['settings'].items():
        if SETTINGS[name].v2 is None or (name in V2_VALUES and value not in V2_VALUES[name]):
            refused.append(name)
    if case['password'] is not None and case['create_method'] not in ZOOM_LOGIN_METHODS:
        refused.append('password')
    if case['profile'].get('group_id') == '':
        refused.append('group_id')          # v2 membership is only added: "in no group" cannot be held
    if case['settings'].get('enable_auto_recording') is False and case['settings'].get('enable_cloud_auto_recording'):
        refused.append('enable_auto_recording')     # one enumeration: automatic cloud recording is automatic
    return refused


def expected_account(backend, case, before, before_host_key):
    """(state, host key): the user the account must hold after the run, from ``before`` (its state) and the options."""
    state = dict((key, before[key]) for key in ACCOUNT_KEYS if key in before)
    for name, value in case['profile'].items():
        key = PROFILE[name].state_key
        if key is not None:
            state[key] = USER_TYPE_NUMBERS[value] if name == 'type' else value
    if 'vanity_name' in case['profile'] and same_vanity(before.get('vanity_name'), case['profile']['vanity_name']):
        state['vanity_name'] = before['vanity_name']    # room names ignore case: an equal one is kept as it is
    state.update(case['settings'])
    if backend == 'v2':
        # v2's one enumeration per pair: automatic cloud recording is automatic recording, no automatic recording
        # is no automatic cloud recording either; a chime that is off has no type (asked for, it is not written).
        if 'enable_cloud_auto_recording' in case['settings'] and state['enable_cloud_auto_recording']:
            state['enable_auto_recording'] = True
        if case['settings'].get('enable_auto_recording') is False:
            state['enable_cloud_auto_recording'] = False
        if 'option_enter_exit_chime_type' in case['settings'] and state['enable_enter_exit_chime'] is not True:
            state['option_enter_exit_chime_type'] = before['option_enter_exit_chime_type']
        if 'group_id' in case['profile']:
            # "is a member of": a membership is added; v1's view (the state) shows the first group.
            state['group_id'] = before.get('group_id') or case['profile']['group_id']
    if case['active'] is not None:
        state['status'] = 'active' if case['active'] else 'inactive'
    host_key = before_host_key
    if 'host_key' in case['profile'] and (backend == 'v1' or case['start'] == 'absent' or always(case, 'host_key')):
        host_key = case['profile']['host_key']          # v2 cannot read it back: set on create, or every run
    return state, host_key


def v2_groups(before, case):
    """The groups a v2 user is a member of after the run (GET /users/{userId} group_ids): the seeded one, then
    the one asked for (added, not moved)."""
    groups = [before['group_id']] if before.get('group_id') else []
    wanted = case['profile'].get('group_id')
    if wanted and wanted not in groups:
        groups.append(wanted)
    return groups


def always(case, secret):
    return case['update_' + secret] == 'always'


def same_vanity(one, other):
    return (one or '').lower() == (other or '').lower()


def password_expected(case):
    """The password the user must sign in with after the run (None: none set)."""
    if case['password'] is not None and (case['start'] == 'absent' or always(case, 'password')):
        return case['password']
    return SEED_PASSWORD if case['start'] != 'absent' else None


def writes_every_run(backend, case):
    """The writes a second run must make (what ``always`` asks for each run), in order."""
    expected = []
    if backend == 'v2' and 'host_key' in case['profile'] and always(case, 'host_key'):
        expected.append(V2_PROFILE_WRITE)
    if case['password'] is not None and always(case, 'password'):
        expected.append(PASSWORD_WRITE[backend])
    return expected


# ---------------------------------------------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------------------------------------------

# The values of the options that v2 takes only some of (the example is then not refused for them).
V2_DOMAIN = {
    'type': st.sampled_from(['basic', 'pro', 1, 2, '2']),
    'webinar_capacity': st.sampled_from([100, 500, 1000, 3000, 5000, 10000]),
    'large_capacity': st.just(500),
    'auto_delete_cmr_days': st.sampled_from([30, 60, 90, 120]),
}


@st.composite
def cases(draw, backend):
    # On v2, a quarter of the examples may use what v2 refuses; the others use only what it takes.
    v1_domain = backend == 'v1' or draw(st.sampled_from([False, False, False, True]))
    profile_options = {}
    for name, profile in PROFILE.items():
        if not v1_domain and profile.v2_key is None:
            continue
        profile_options[name] = profile.values if v1_domain else V2_DOMAIN.get(name, profile.values)
        if backend == 'v2' and not v1_domain and name == 'group_id':
            profile_options[name] = NON_EMPTY_TEXT      # group_id '' is refused on v2 (drawn in the v1 domain)
    settings_options = {}
    for name, setting in SETTINGS.items():
        if not v1_domain and setting.v2 is None:
            continue
        settings_options[name] = setting.values if v1_domain else V2_DOMAIN.get(name, setting.values)
    create_method = draw(st.sampled_from(['custcreate', 'ssocreate', 'autocreate']))
    start = draw(st.sampled_from(['absent', 'active', 'inactive']))
    seeded = {}
    if start != 'absent':
        seeded = draw(st.fixed_dictionaries({}, optional=dict(
            [(name, PROFILE[name].values) for name in PROFILE if name != 'type']
            + [('type', st.sampled_from([1, 2, 3]))]
            + [(name, setting.values) for name, setting in SETTINGS.items()])))
        if backend == 'v2':
            # What a v2 account can hold: one enumeration for each pair (cloud recording is automatic recording;
            # a chime that is off has no type, and the chime turned on without a type is v2's default, all).
            if seeded.get('enable_cloud_auto_recording'):
                seeded['enable_auto_recording'] = True
            if not seeded.get('enable_enter_exit_chime'):
                seeded['option_enter_exit_chime_type'] = 0
    if create_method == 'autocreate':
        password = PASSWORD
    elif v1_domain:
        password = draw(st.sampled_from([None, PASSWORD]))
    else:
        password = None
    settings_ = draw(st.fixed_dictionaries({}, optional=settings_options))
    return {
        'email': draw(st.sampled_from([EMAIL, 'Prop@Example.com', 'PROP@EXAMPLE.COM'])),
        'profile': draw(st.fixed_dictionaries({}, optional=profile_options)),
        'settings': settings_,
        'active': draw(st.sampled_from([None, True, False])),
        'create_method': create_method,
        'password': password,
        'update_password': draw(st.sampled_from(['on_create', 'on_create', 'always'])),
        'update_host_key': draw(st.sampled_from(['on_create', 'on_create', 'always'])),
        'start': start,
        'seeded': seeded,
    }


def connection(emu, backend):
    if backend == 'v2':
        return dict(api_version='v2', api_url=emu.root + '/v2', oauth_url=emu.root + '/oauth/token',
                    account_id=emu.account_id, client_id=emu.client_id, client_secret=emu.client_secret)
    return dict(api_url=emu.url, api_key=emu.api_key, api_secret=emu.api_secret)


def module_args(emu, backend, case):
    args = dict(connection(emu, backend), email=case['email'], create_method=case['create_method'],
                update_password=case['update_password'], update_host_key=case['update_host_key'], **case['profile'])
    if case['settings']:
        args['settings'] = case['settings']
    if case['active'] is not None:
        args['active'] = case['active']
    if case['password'] is not None:
        args['password'] = case['password']
    return args


def seed(emu, case):
    if case['start'] != 'absent':
        emu.seed([dict(case['seeded'], email=EMAIL, status=case['start'], create_method=case['create_method'],
                       password=SEED_PASSWORD)])


def account_user(emu):
    """(state, host key) of the user as the account holds it, or (None, None)."""
    state = emu.user(EMAIL)
    if state is None:
        return None, None
    # /_emulator/state shows only host_key_set: v1's /user/get returns the key of any user of the account.
    return state, emu.call('/user/get', id=state['id'])['host_key']


def write_endpoints(emu):
    return [call['endpoint'] for call in emu.write_calls()]


# ---------------------------------------------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------------------------------------------

def check_example(emu, backend, case):
    emu.reset()
    seed(emu, case)
    before, before_host_key = account_user(emu)
    args = module_args(emu, backend, case)
    refused = v2_refused(case) if backend == 'v2' else []

    emu.clear_calls()
    predicted = run_module(zoom_user, args, check_mode=True)
    assert write_endpoints(emu) == []
    if refused:
        assert_refused_before_any_call(emu, predicted, refused)
        emu.clear_calls()
        assert_refused_before_any_call(emu, run_module(zoom_user, args), refused)
        count('property_v2_refusals')
        return
    assert not predicted.get('failed'), predicted

    done = run_module(zoom_user, args)
    assert not done.get('failed'), done
    assert done['changed'] == predicted['changed']
    assert done['diff'] == predicted['diff']

    wanted_state, wanted_host_key = expected_account(backend, case, before or new_user_state(), before_host_key or '')
    state, host_key = account_user(emu)
    assert state is not None
    compared = [key for key in wanted_state if not (key == 'pmi' and before is None and 'pmi' not in case['profile'])]
    mismatches = dict((key, (state.get(key), wanted_state[key])) for key in compared
                      if not same_value(key, state.get(key), wanted_state[key]))
    assert mismatches == {}, 'account value, oracle value: %r' % mismatches
    assert host_key == wanted_host_key and state['host_key_set'] is bool(wanted_host_key)
    password = password_expected(case)
    if password is not None:
        assert emu.check_password(EMAIL, password), 'the user cannot sign in with the password expected'
    else:
        assert state['password_set'] is False
    if backend == 'v2':
        assert_v2_view(emu, case, state, v2_groups(before or {}, case))

    changed = before is None or any(not same_value(key, before.get(key), wanted_state[key]) for key in compared) \
        or wanted_host_key != (before_host_key or '') or writes_every_run(backend, case) != [] \
        or (backend == 'v2' and case['profile'].get('group_id', '') not in ('', before.get('group_id')))
    assert done['changed'] is changed, (done['changed'], changed)

    emu.clear_calls()
    again = run_module(zoom_user, args)
    assert not again.get('failed'), again
    every_run = writes_every_run(backend, case)
    assert write_endpoints(emu) == every_run
    assert again['changed'] is bool(every_run), again
    if not every_run:
        assert again['diff']['before'] == again['diff']['after']
    count('property_examples')


def same_value(key, actual, wanted):
    if key == 'vanity_name':
        return same_vanity(actual, wanted)
    return actual == wanted and type(actual) is type(wanted)


def assert_refused_before_any_call(emu, result, refused):
    assert result.get('failed') is True, result
    # Refused by the option check of the connection (v1-only options) or by the input check (values per API).
    assert result['msg'].startswith('invalid input') and 'Zoom API v2' in result['msg'], result['msg']
    for name in refused:
        assert name in result['msg'], (name, result['msg'])
    assert emu.calls() == [], 'a refused task called the API (or asked for a token)'


def v2_path(data, path):
    for part in path.split('.'):
        data = data[part]
    return data


def assert_v2_view(emu, case, state, groups):
    """What a v2 client reads back: each set option at its v2 key or path, inverted flags inverted."""
    status, user, _headers = emu.v2('GET', '/users/' + quote(EMAIL))
    assert status == 200, user
    status, user_settings, _headers = emu.v2('GET', '/users/%s/settings' % user['id'])
    assert status == 200, user_settings
    for name, value in case['profile'].items():
        key = PROFILE[name].v2_key
        if name == 'type':
            assert user['type'] == USER_TYPE_NUMBERS[value]
        elif name == 'vanity_name':
            assert same_vanity(user['vanity_url'].rpartition('/my/')[2] if value else '', value), user['vanity_url']
        elif name == 'group_id':
            assert user['group_ids'] == groups, (user['group_ids'], groups)
        elif name != 'host_key':
            assert user[key] == value, (name, user[key], value)
    for name, value in case['settings'].items():
        setting = SETTINGS[name]
        if setting.v2 not in (AUTO_RECORDING, CHIME):
            assert v2_path(user_settings, setting.v2) == ((not value) if setting.inverted else value), name
    recording = 'cloud' if state['enable_cloud_auto_recording'] else 'local' if state['enable_auto_recording'] else 'none'
    assert v2_path(user_settings, AUTO_RECORDING) == recording
    chime = 'none' if not state['enable_enter_exit_chime'] else 'host' if state['option_enter_exit_chime_type'] else 'all'
    assert v2_path(user_settings, CHIME) == chime


PROPERTY_SETTINGS = dict(max_examples=EXAMPLES, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(**PROPERTY_SETTINGS)
@given(case=cases('v1'))
def test_v1_every_option_reaches_the_account_check_mode_predicts_and_reapply_is_a_no_op(emulator, case):
    check_example(emulator, 'v1', case)


@settings(**PROPERTY_SETTINGS)
@given(case=cases('v2'))
def test_v2_every_option_reaches_the_account_or_is_refused_before_any_call(emulator, case):
    check_example(emulator, 'v2', case)


# ---------------------------------------------------------------------------------------------------------------
# Product gaps the oracle found on v2 (fixed; each test failed before the fix)
# ---------------------------------------------------------------------------------------------------------------

def run_twice_on_v2(emu, seeded, **options):
    """Seed the user (None: absent), run zoom_user in check mode, for real, and again: (check, first, second, writes
    of the second run, the account's user after)."""
    emu.reset()
    if seeded is not None:
        emu.seed([dict(seeded, email=EMAIL, create_method='custcreate')])
    args = dict(connection(emu, 'v2'), email=EMAIL, create_method='custcreate', **options)
    emu.clear_calls()
    check = run_module(zoom_user, args, check_mode=True)
    first = run_module(zoom_user, args)
    emu.clear_calls()
    second = run_module(zoom_user, args)
    return check, first, second, write_endpoints(emu), emu.user(EMAIL)


def refused_before_any_call(emu, seeded, names, **options):
    """True when the task fails in check mode and for real, naming each of ``names``, before any call."""
    emu.reset()
    if seeded is not None:
        emu.seed([dict(seeded, email=EMAIL, create_method='custcreate')])
    args = dict(connection(emu, 'v2'), email=EMAIL, create_method='custcreate', **options)
    emu.clear_calls()
    results = [run_module(zoom_user, args, check_mode=True), run_module(zoom_user, args)]
    return emu.calls() == [] and all(result.get('failed') and all(name in result['msg'] for name in names)
                                     for result in results)


GAP = 'product gap on API v2 (plugins/module_utils/backends/v2.py), found by the property oracle: '


def test_v2_gap_chime_type_while_the_chime_is_off_converges(emulator):
    for seeded, chime in (({}, {}), ({}, {'enable_enter_exit_chime': False})):
        check, first, second, writes, _user = run_twice_on_v2(
            emulator, seeded, settings=dict(chime, option_enter_exit_chime_type=1))
        assert not first.get('failed'), first
        assert (second['changed'], writes) == (False, []), (second['changed'], writes)


def test_v2_gap_chime_type_alone_leaves_the_chime_as_it_is(emulator):
    settings_ = {'option_enter_exit_chime_type': 0}
    _check, first, _second, _writes, user = run_twice_on_v2(emulator, None, settings=settings_)
    assert not first.get('failed'), first
    assert user['enable_enter_exit_chime'] is False


def test_v2_gap_auto_recording_off_turns_automatic_recording_off(emulator):
    seeded = {'enable_auto_recording': True, 'enable_cloud_auto_recording': True}
    _check, first, second, writes, user = run_twice_on_v2(emulator, seeded, settings={'enable_auto_recording': False})
    assert not first.get('failed'), first
    assert user['enable_auto_recording'] is False
    assert (second['changed'], writes) == (False, [])


def test_v2_gap_contradictory_auto_recording_pair_is_refused_before_any_call(emulator):
    assert refused_before_any_call(emulator, {}, ['enable_auto_recording'], settings={
        'enable_auto_recording': False, 'enable_cloud_auto_recording': True})


def test_v2_gap_empty_v1_only_options_are_refused_before_any_call(emulator):
    for name in ('track_id', 'imgroup_id'):
        for seeded in ({}, None):
            assert refused_before_any_call(emulator, seeded, [name], **{name: ''}), (name, seeded)


def test_v2_gap_empty_group_id_is_no_change_or_refused(emulator):
    if refused_before_any_call(emulator, {'group_id': 'g1'}, ['group_id'], group_id=''):
        return
    _check, first, second, writes, _user = run_twice_on_v2(emulator, {'group_id': 'g1'}, group_id='')
    assert not first.get('failed'), first
    assert (second['changed'], writes) == (False, [])
