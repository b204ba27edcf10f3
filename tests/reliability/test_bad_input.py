"""Bad input: every invalid value fails the task with a message naming the problem, before any API call, on
API v1 and v2 (no call means no token request either).

The modules run in-process (real main(), real argument parsing); the role runs through ansible-playbook, every
case of one backend in one run (each case in a block whose rescue records its failure).
Each case asserts: failed, the message contains the expected words, and the emulator's call log is empty.
"""

import os

import pytest

from ansible_collections.zoomops.zoom.plugins.modules import zoom_user, zoom_user_assistant, zoom_user_info

from integration.conftest import BACKENDS, Player, connection_for

from .conftest import count
from .inprocess import run_module

U = zoom_user
A = zoom_user_assistant
I = zoom_user_info
E = 'someone@example.com'

# (id, module, options, words the message must contain)
CASES = [
    ('user-email-no-at', U, dict(email='not-an-email'), ['not-an-email', 'email']),
    ('user-email-no-dot', U, dict(email='a@b'), ["'a@b'", 'email']),
    ('user-email-space', U, dict(email='a b@example.com'), ['email']),
    ('user-type-7', U, dict(email=E, type=7), ['7', 'user type']),
    ('user-type-name', U, dict(email=E, type='gold'), ['gold', 'user type']),
    ('user-pmi-9-digits', U, dict(email=E, pmi=123456789), ['pmi', '10 digits']),
    ('user-pmi-leading-0', U, dict(email=E, pmi='0123456789'), ['pmi', '10 digits']),
    ('user-host-key-abc', U, dict(email=E, host_key='abc'), ['host_key', '6 digits']),
    ('user-host-key-5-digits', U, dict(email=E, host_key='12345'), ['host_key', '6 digits']),
    ('user-webinar-capacity-123', U, dict(email=E, settings=dict(webinar_capacity=123)), ['webinar_capacity', '123']),
    ('user-large-capacity-123', U, dict(email=E, settings=dict(large_capacity=123)), ['large_capacity', '123']),
    ('user-meeting-capacity-negative', U, dict(email=E, settings=dict(meeting_capacity=-5)), ['meeting_capacity']),
    ('user-meeting-capacity-text', U, dict(email=E, settings=dict(meeting_capacity='lots')), ['meeting_capacity']),
    ('user-unknown-setting', U, dict(email=E, settings=dict(enable_teleport=True)), ['enable_teleport']),
    ('user-setting-not-bool', U, dict(email=E, settings=dict(disable_chat='maybe')), ['disable_chat']),
    # ansible-core's own message for a dict option given a string does not name the option.
    ('user-settings-not-dict', U, dict(email=E, settings='waiting room please'), ['dictionary requested']),
    ('user-cmr-days-0', U, dict(email=E, settings=dict(auto_delete_cmr_days=0)), ['auto_delete_cmr_days']),
    ('user-cmr-days-400', U, dict(email=E, settings=dict(auto_delete_cmr_days=400)), ['auto_delete_cmr_days']),
    ('user-chime-type-2', U, dict(email=E, settings=dict(option_enter_exit_chime_type=2)),
     ['option_enter_exit_chime_type']),
    ('user-email-and-id', U, dict(email=E, id='WXjQnDMEQsucU5v1YyHWIA'), ['mutually exclusive', 'email', 'id']),
    ('user-no-email-no-id', U, dict(first_name='Nobody'), ['email', 'id']),
    ('user-unknown-timezone', U, dict(email=E, timezone='Mars/Olympus_Mons'), ['timezone', 'Mars/Olympus_Mons']),
    ('user-vanity-too-short', U, dict(email=E, vanity_name='ab'), ['vanity_name', 'ab']),
    ('user-vanity-digit-first', U, dict(email=E, vanity_name='1abcdef'), ['vanity_name', '1abcdef']),
    ('user-state-gone', U, dict(email=E, state='gone'), ['state', 'gone']),
    ('user-create-method-magic', U, dict(email=E, create_method='magic'), ['create_method', 'magic']),
    ('user-autocreate-no-password', U, dict(email=E, create_method='autocreate'), ['password']),
    ('user-login-type-myspace', U, dict(email=E, login_type='myspace'), ['myspace', 'login type']),
    ('user-update-password-sometimes', U, dict(email=E, update_password='sometimes'), ['update_password']),
    ('user-retries-negative', U, dict(email=E, retries=-1), ['retries']),
    ('user-timeout-zero', U, dict(email=E, timeout=0), ['timeout']),
    ('user-unknown-option', U, dict(email=E, nickname='Bob'), ['nickname']),
    ('user-two-problems', U, dict(email=E, type=9, pmi=12), ['user type', 'pmi']),
    # issue 10, item 9: whole values only ($ matched before a final newline), a linear email pattern, 254 characters
    ('user-vanity-trailing-newline', U, dict(email=E, vanity_name='abcdef\n'), ['vanity_name']),
    ('user-host-key-trailing-newline', U, dict(email=E, host_key='123456\n'), ['host_key', '6 digits']),
    ('user-email-inner-newline', U, dict(email='a@example.com\nb@example.com'), ['email']),
    ('user-email-double-dot-domain', U, dict(email='a@example..com'), ['email']),
    ('user-email-255-characters', U, dict(email='a' * 243 + '@example.com'), ['255 characters', 'at most 254']),
    ('user-email-crafted-40kb', U, dict(email='a@' + 'a.' * 20000 + '@'), ['40003 characters']),
    ('info-email-crafted-40kb', I, dict(email='a@' + '.' * 40000 + '@'), ['40003 characters']),
    ('assistant-email-crafted-40kb', A, dict(host_email='host@example.com', assistants=['a@' + 'a.' * 20000 + ' x']),
     ['40004 characters']),
    # issue 10, item 10: a login type and a create method that disagree
    ('user-login-type-create-method-disagree', U, dict(email=E, login_type='sso', create_method='custcreate'),
     ['sso', 'custcreate', 'disagree']),
    ('assistant-host-itself', A, dict(host_email='host@example.com', assistants=['a@example.com', 'host@example.com']),
     ['host@example.com', 'own assistant']),
    ('assistant-host-itself-other-case', A, dict(host_email='host@example.com', assistants=['HOST@Example.COM']),
     ['own assistant']),
    ('assistant-bad-email', A, dict(host_email='host@example.com', assistants=['not-an-email']), ['not-an-email']),
    ('assistant-bad-host-email', A, dict(host_email='host-at-example', assistants=['a@example.com']),
     ['host-at-example']),
    ('assistant-host-email-and-id', A, dict(host_email='host@example.com', host_id='WXjQnDMEQsucU5v1YyHWIA',
                                            assistants=['a@example.com']), ['mutually exclusive']),
    ('assistant-no-host', A, dict(assistants=['a@example.com']), ['host_email', 'host_id']),
    ('assistant-no-assistants', A, dict(host_email='host@example.com'), ['assistants']),
    ('assistant-exclusive-absent', A, dict(host_email='host@example.com', assistants=['a@example.com'],
                                           state='absent', exclusive=True), ['exclusive']),
    ('info-bad-email', I, dict(email='nobody-at-example'), ['nobody-at-example']),
    ('info-email-and-id', I, dict(email=E, id='WXjQnDMEQsucU5v1YyHWIA'), ['mutually exclusive']),
    ('info-status-deleted', I, dict(status='deleted'), ['status', 'deleted']),
    ('info-login-type', I, dict(email=E, login_type=42), ['42', 'login type']),
]


# Options API v2 has no equivalent for, and values only v1 takes: refused on v2 before any call (and the token
# request), naming the option.
V2_CASES = [
    ('v2-track-id', U, dict(email=E, track_id='t-1'), ['track_id', 'no Zoom API v2 equivalent']),
    ('v2-imgroup-id', U, dict(email=E, imgroup_id='im-1'), ['imgroup_id', 'use group_id']),
    ('v2-type-corp', U, dict(email=E, type='corp'), ['type corp', 'no Zoom API v2 equivalent']),
    ('v2-type-3', U, dict(email=E, type=3), ['type corp']),
    ('v2-dropped-setting', U, dict(email=E, settings=dict(enable_attention_tracking=True)),
     ['enable_attention_tracking', 'no Zoom API v2 equivalent']),
    ('v2-password-custcreate', U, dict(email=E, create_method='custcreate', password='Secret-Pass-1'),
     ['password cannot be set on Zoom API v2', 'custcreate']),
    ('v2-password-ssocreate', U, dict(email=E, create_method='ssocreate', password='Secret-Pass-1'),
     ['password cannot be set on Zoom API v2', 'ssocreate']),
    ('v2-password-login-type-api', U, dict(email=E, login_type='api', password='Secret-Pass-1'),
     ['password cannot be set on Zoom API v2', 'login_type api']),
    ('v2-zpk', I, dict(zpk='some-zpk-value'), ['zpk has no Zoom API v2 equivalent']),
    ('v2-two-problems', U, dict(email=E, track_id='t-1', type='corp'), ['track_id', 'type corp']),
]


@pytest.mark.parametrize('backend', BACKENDS)
@pytest.mark.parametrize('module,options,words', [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_module_rejects_bad_input_before_any_api_call(emu, module, options, words, backend):
    # Host keys: 6 digits on v1, 6 to 10 on v2; the message says the range of the API in use.
    words = [('6 to 10 digits' if word == '6 digits' and backend == 'v2' else word) for word in words]
    reject(emu, backend, module, options, words)


@pytest.mark.parametrize('module,options,words', [case[1:] for case in V2_CASES], ids=[case[0] for case in V2_CASES])
def test_v2_rejects_what_it_has_no_equivalent_for_before_any_call(emu, module, options, words):
    reject(emu, 'v2', module, options, words)


def reject(emu, backend, module, options, words):
    emu.seed([{'email': 'host@example.com'}, {'email': 'a@example.com'}, {'email': E}])
    emu.clear_calls()
    args = dict(connection_for(emu, backend), retries=0)
    args.update(options)
    result = run_module(module, args)
    assert result.get('failed') is True, result
    msg = result['msg']
    for word in words:
        assert word in msg, (word, msg)
    assert emu.calls() == [], emu.calls()
    count('inputs_rejected')


def test_table_is_large_enough():
    assert len(CASES) >= 30


# --- the role -------------------------------------------------------------------------------------------
ROLE_MAIN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         'roles', 'zoom_roster', 'tasks', 'main.yml')

ROLE_CASES = [
    ('role-purge-empty-roster', dict(zoom_roster_users=[], zoom_roster_purge=True), ['empty']),
    ('role-bad-email', dict(zoom_roster_users=[{'email': 'not-an-email'}]), ['not-an-email']),
    ('role-type-7', dict(zoom_roster_users=[{'email': E, 'type': 7}]), ['type']),
    ('role-pmi-9-digits', dict(zoom_roster_users=[{'email': E, 'pmi': 123456789}]), ['pmi']),
    ('role-host-key-abc', dict(zoom_roster_users=[{'email': E, 'host_key': 'abc'}]), ['host_key']),
    ('role-webinar-capacity-123', dict(zoom_roster_users=[{'email': E, 'settings': {'webinar_capacity': 123}}]),
     ['webinar_capacity']),
    ('role-unknown-setting', dict(zoom_roster_users=[{'email': E, 'settings': {'enable_teleport': True}}]),
     ['enable_teleport']),
    ('role-unknown-timezone', dict(zoom_roster_users=[{'email': E, 'timezone': 'Mars/Olympus_Mons'}]),
     ['Mars/Olympus_Mons']),
    ('role-assistant-is-host', dict(zoom_roster_users=[{'email': E, 'assistants': [E]}]), ['assistant']),
    ('role-duplicate-email', dict(zoom_roster_users=[{'email': E}, {'email': E.upper()}]), ['someone@example.com']),
]


def role_case(case_id, role_vars):
    """The role with ``role_vars`` in a block whose rescue records the failure under the case's id."""
    return {'name': case_id, 'block': [
        {'name': case_id + ' (role)', 'ansible.builtin.include_role': {'name': 'zoomops.zoom.zoom_roster'},
         'vars': role_vars}],
        'rescue': [{'name': 'rejected ' + case_id,
                    'ansible.builtin.debug': {'msg': '{{ ansible_failed_result | to_json }}'}}]}


@pytest.mark.parametrize('backend', BACKENDS)
def test_role_rejects_bad_input_before_any_api_call(emu, tmp_path, backend):
    # The role is part of the collection: a missing role is a failure, not a skip.
    assert os.path.exists(ROLE_MAIN), ROLE_MAIN
    emu.seed([{'email': 'keep@example.com'}])
    emu.clear_calls()
    run = Player(emu, tmp_path, backend)([role_case(case_id, role_vars) for case_id, role_vars, _words in ROLE_CASES],
                                         expect_rc=0)
    for case_id, _role_vars, words in ROLE_CASES:
        rescued = [entry for entry in run.results if entry['task'] == 'rejected ' + case_id]
        assert len(rescued) == 1, (case_id, run.stdout[-3000:])
        text = rescued[0]['result']['msg']
        for word in words:
            assert word.lower() in text.lower(), (case_id, word, text[-3000:])
        count('inputs_rejected')
    assert emu.calls() == [], emu.calls()
    assert emu.user('keep@example.com') is not None
