"""Property tests through zoom_user's real main(): random wanted users from random starting states.

For every example: check mode predicts the real run exactly (changed and diff) with no write;
the real run makes the emulator's state equal the wanted value of every set field; a second run
reports changed=false with no write.
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    BOOL, INT, PROFILE_FIELDS, SETTINGS_FIELDS,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import neutral_record
from ansible_collections.zoomops.zoom.plugins.module_utils.users import current_values, wanted_from_options
from ansible_collections.zoomops.zoom.plugins.modules import zoom_user

from .conftest import count
from .inprocess import run_module

EXAMPLES = int(os.environ.get('ZOOM_PROPERTY_EXAMPLES', '200'))
TIMEZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney']
WRITES = {'/user/create', '/user/autocreate', '/user/custcreate', '/user/ssocreate', '/user/update',
          '/user/updatepassword', '/user/activate', '/user/deactivate', '/user/delete', '/user/permanentdelete',
          '/user/revoketoken'}


def value_strategy(field):
    if field.name == 'type':
        return st.sampled_from(['basic', 'pro', 'corp', 1, 2, 3, '2'])
    if field.name == 'pmi':
        return st.integers(1000000000, 9999999999)
    if field.name == 'host_key':
        return st.from_regex(r'\A[0-9]{6}\Z')
    if field.name == 'timezone':
        return st.sampled_from(TIMEZONES)
    if field.name == 'vanity_name':
        return st.from_regex(r'\A[a-z][a-z0-9.]{4,12}\Z')
    if field.kind == BOOL:
        return st.booleans()
    if field.kind == INT:
        if field.choices:
            return st.sampled_from(field.choices)
        return st.integers(field.minimum or 0, field.maximum or 5000)
    return st.text(alphabet='abcdefghijklmnopqrstuvwxyz ABCDEFG-', min_size=0, max_size=16)


def fields_strategy(fields):
    return st.fixed_dictionaries({}, optional=dict((field.name, value_strategy(field)) for field in fields))


@st.composite
def cases(draw):
    profile = draw(fields_strategy(PROFILE_FIELDS))
    settings_ = draw(fields_strategy(SETTINGS_FIELDS))
    start = draw(st.sampled_from(['absent', 'active', 'inactive']))
    seeded = {}
    if start != 'absent':
        seeded = draw(fields_strategy([f for f in PROFILE_FIELDS + SETTINGS_FIELDS if f.name != 'type']))
    return {
        'email': draw(st.sampled_from(['prop@example.com', 'Prop@Example.com', 'PROP@EXAMPLE.COM'])),
        'profile': profile,
        'settings': settings_,
        'active': draw(st.sampled_from([None, True, False])),
        'create_method': draw(st.sampled_from(['custcreate', 'ssocreate', 'autocreate'])),
        'start': start,
        'seeded': seeded,
    }


def module_args(emu, case):
    args = dict(api_url=emu.url, api_key=emu.api_key, api_secret=emu.api_secret, email=case['email'],
                create_method=case['create_method'], **case['profile'])
    if case['settings']:
        args['settings'] = case['settings']
    if case['active'] is not None:
        args['active'] = case['active']
    if case['create_method'] == 'autocreate':
        args['password'] = 'Prop-Pass-123'
    return args


def write_calls(emu):
    return [call for call in emu.calls() if call['endpoint'] in WRITES]


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=cases())
def test_check_mode_predicts_apply_converges_and_reapply_is_a_no_op(emulator, case):
    emu = emulator
    emu.reset()
    if case['start'] != 'absent':
        seed = dict(case['seeded'], email='prop@example.com', status=case['start'], create_method='custcreate')
        emu.seed([seed])
    args = module_args(emu, case)

    emu.clear_calls()
    predicted = run_module(zoom_user, args, check_mode=True)
    assert not predicted.get('failed'), predicted
    assert write_calls(emu) == []

    done = run_module(zoom_user, args)
    assert not done.get('failed'), done
    assert done['changed'] == predicted['changed']
    assert done['diff'] == predicted['diff']

    state = emu.user('prop@example.com')
    assert state is not None
    record = emu.call('/user/get', id=state['id'])  # the API view carries host_key, which the state view hides
    wanted = wanted_from_options(dict(case['profile'], settings=case['settings']))
    # The v1 record read as the backend reads it (names for the user type, canonical values).
    current = current_values(neutral_record(record))
    for name, value in wanted.items():
        actual = current.get(name)
        if name == 'vanity_name':
            assert actual.lower() == value.lower()
        else:
            assert actual == value, (name, actual, value)
    if case['active'] is not None:
        assert state['status'] == ('active' if case['active'] else 'inactive')

    emu.clear_calls()
    again = run_module(zoom_user, args)
    assert again['changed'] is False, again
    assert write_calls(emu) == []
    assert again['diff']['before'] == again['diff']['after']
    count('property_examples')
