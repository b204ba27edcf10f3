"""The v2 backend against the emulator's recorded answers (fixtures/v2_*.json, made by record_v2_fixtures.py),
and its pure parts: option refusals, settings conversion, the connection options' resolution, OAuth refresh.

Each fixture is the exchange of one operation: the backend must send exactly the recorded requests (method,
path, query, JSON body, token requests included) and read the answers into neutral records, or into the
exceptions of errors.py, as the domain expects them.
"""

import json
import os

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.auth import BasicClient, ServerToServerOAuth
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import UsersBackend
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.factory import backend_for, option_problems
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v2 import (
    V2Client, V2Users, neutral_settings, unsupported_options, wire_settings,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.common import connection_problem
from ansible_collections.zoomops.zoom.plugins.module_utils.connection import resolved_api_version
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import (
    AuthenticationFailed, RateLimited, UserAlreadyExists, ZoomError,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import SETTINGS_FIELDS
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import Transport, parse_retry_after

from ..test_transport import FakeResponse

FIXTURES = os.path.join(os.path.dirname(__file__), 'fixtures')
ROOT = 'http://127.0.0.1:9'
TOKEN = 'recorded-access-token'


class ReplaySession:
    """Answers each request with the next recorded (or given) answer and keeps what was sent."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, timeout=None, verify=None, allow_redirects=True, stream=False, headers=None,
                json=None, data=None, params=None):
        assert allow_redirects is False
        self.sent.append({'method': method, 'path': url[len(ROOT):], 'query': params, 'json': json, 'form': data,
                          'headers': dict(headers or {})})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def response(item):
    text = '' if item['answer'] is None else None
    return FakeResponse(status=item['status'], body=item['answer'], text=text, headers=dict(item['headers']))


def make_backend(session, access_token=None, secret='emulator-client-secret', retries=0, on_token=None, sleeps=None):
    sleep = (sleeps.append if sleeps is not None else (lambda _seconds: None))
    oauth = ServerToServerOAuth(Transport(ROOT + '/oauth/token', auth=BasicClient('emulator-client', secret),
                                          retries=retries, session=session, sleep=sleep),
                                'emulator-account', on_token=on_token)
    return V2Users(V2Client(ROOT + '/v2', oauth=oauth, access_token=access_token, retries=retries, session=session,
                            sleep=sleep), page_size=2)


def replay(name, **kwargs):
    with open(os.path.join(FIXTURES, 'v2_%s.json' % name)) as handle:
        exchanges = json.load(handle)
    session = ReplaySession([response(item) for item in exchanges])
    return make_backend(session, **kwargs), session, exchanges


def assert_replayed(session, exchanges):
    assert [(s['method'], s['path'], s['query'], s['json'], s['form']) for s in session.sent] == \
        [(e['method'], e['path'], e['query'], e['json'], e['form']) for e in exchanges]


def test_the_v2_backend_implements_the_whole_contract_and_removes_one_assistant_alone():
    contract = [name for name, value in vars(UsersBackend).items() if callable(value) and not name.startswith('_')]
    assert [name for name in contract if getattr(V2Users, name) is getattr(UsersBackend, name)] == []
    assert V2Users.can_remove_one_assistant is True and V2Users.returns_host_key is False


# --- recorded exchanges -------------------------------------------------------------------------------
def test_a_user_without_settings_costs_one_call_after_the_token():
    backend, session, exchanges = replay('find_without_settings')
    user = backend.find_user(email='ada@example.com', settings=False)
    assert_replayed(session, exchanges)
    assert [s['path'] for s in session.sent] == ['/oauth/token', '/v2/users/ada@example.com']
    assert user['status'] == 'active' and user['type'] == 'pro' and user['login_type'] == 'api'
    assert user['dept'] == 'Eng' and user['vanity_name'] == 'ada.lovelace' and user['settings'] == {}
    assert user['group_ids'] == ['g1']
    # The token travels as a bearer token; the token request as HTTP Basic client_id:client_secret.
    assert session.sent[1]['headers']['Authorization'] == 'Bearer %s' % TOKEN
    assert session.sent[0]['headers']['Authorization'].startswith('Basic ')


def test_settings_are_read_nested_and_turned_back_into_the_catalogue():
    backend, session, exchanges = replay('find_with_settings')
    user = backend.find_user(email='ADA@example.com')
    assert_replayed(session, exchanges)
    settings = user['settings']
    assert settings['disable_chat'] is True and settings['enable_waiting_room'] is True
    assert settings['enable_auto_recording'] is True and settings['enable_cloud_auto_recording'] is False
    assert settings['enable_enter_exit_chime'] is True and settings['option_enter_exit_chime_type'] == 1
    assert settings['meeting_capacity'] == 100


def test_a_pending_user_is_found_without_reading_its_settings():
    backend, session, exchanges = replay('find_a_pending_user')
    user = backend.find_user(email='invited@example.com')
    assert_replayed(session, exchanges)
    assert user['status'] == 'pending' and len(session.sent) == 2


def test_a_missing_user_is_none():
    backend, session, exchanges = replay('find_a_missing_user')
    assert backend.find_user(email='nobody@example.com') is None
    assert_replayed(session, exchanges)


def test_every_status_is_listed_following_next_page_token():
    backend, session, exchanges = replay('list_every_status_in_pages')
    users = list(backend.list_users())
    assert_replayed(session, exchanges)
    assert sorted(user['email'] for user in users) == sorted(
        ['ada@example.com', 'host@example.com', 'helper@example.com', 'sso.user@example.com', 'invited@example.com'])
    assert [s['query']['status'] for s in session.sent[1:]] == ['active', 'active', 'inactive', 'pending']
    assert 'next_page_token' in session.sent[2]['query']


def test_a_list_that_fails_part_way_fails_the_read():
    _backend, _session, exchanges = replay('list_every_status_in_pages')
    answers = [response(item) for item in exchanges[:2]] + [FakeResponse(status=400, body={
        'code': 300, 'message': 'Validation Failed.'})]
    backend = make_backend(ReplaySession(answers))
    with pytest.raises(ZoomError) as caught:
        list(backend.list_users())
    assert caught.value.endpoint == 'GET /users'


def test_a_create_carries_what_post_users_takes_then_patches_the_rest():
    backend, session, exchanges = replay('create_then_update')
    backend.create('custcreate', {'email': 'new@example.com', 'type': 'pro', 'first_name': 'New', 'dept': 'Ops',
                                  'disable_chat': True, 'group_id': 'g2'})
    assert_replayed(session, exchanges)
    assert [(s['method'], s['path'].split('/')[-1]) for s in session.sent[1:]] == [
        ('POST', 'users'), ('PATCH', session.sent[2]['path'].split('/')[-1]), ('PATCH', 'settings'),
        ('POST', 'members')]
    assert session.sent[1]['json'] == {'action': 'custCreate', 'user_info': {
        'email': 'new@example.com', 'first_name': 'New', 'type': 2}}
    assert session.sent[3]['json'] == {'in_meeting': {'chat': False}}


def test_a_create_that_meets_the_email_raises_user_already_exists():
    backend, session, exchanges = replay('create_an_existing_user')
    with pytest.raises(UserAlreadyExists) as caught:
        backend.create('custcreate', {'email': 'ada@example.com', 'type': 'basic'})
    assert_replayed(session, exchanges)
    assert caught.value.endpoint == 'POST /users' and caught.value.retried is False


def test_a_pending_user_is_deleted_without_a_query_and_for_good_with_action_delete():
    backend, session, exchanges = replay('delete_a_pending_user')
    backend.delete('invited@example.com', pending=True)
    assert_replayed(session, exchanges)
    assert session.sent[1]['method'] == 'DELETE' and session.sent[1]['query'] is None
    backend, session, exchanges = replay('delete_for_good')
    backend.delete('ada@example.com', permanent=True)
    assert_replayed(session, exchanges)
    assert session.sent[1]['query'] == {'action': 'delete'}


def test_one_assistant_is_removed_alone_and_one_added():
    backend, session, exchanges = replay('replace_assistants_one_by_one')
    assert _replace(backend) == ['helper@example.com']
    assert_replayed(session, exchanges)
    assert session.sent[1]['method'] == 'DELETE' and session.sent[1]['path'].endswith(
        '/assistants/ada@example.com')


def _replace(backend):
    backend.remove_assistant('host@example.com', 'ada@example.com')
    backend.add_assistant('host@example.com', 'helper@example.com')
    return backend.assistants('host@example.com')


def test_status_and_sso_token_calls():
    backend, session, exchanges = replay('status_password_and_token')
    backend.set_status('ada@example.com', False)
    backend.revoke_token('ada@example.com')
    assert_replayed(session, exchanges)
    assert session.sent[1]['json'] == {'action': 'deactivate'}


# --- OAuth ---------------------------------------------------------------------------------------------
def test_a_stale_token_is_refreshed_once_and_the_call_retried_and_each_token_is_reported_as_secret():
    tokens = []
    backend, session, exchanges = replay('a_stale_token_is_refreshed_once', access_token='stale-token',
                                         on_token=tokens.append)
    assert backend.find_user(email='ada@example.com', settings=False)['email'] == 'ada@example.com'
    assert_replayed(session, exchanges)
    assert [s['path'] for s in session.sent] == ['/v2/users/ada@example.com', '/oauth/token',
                                                 '/v2/users/ada@example.com']
    assert tokens == [TOKEN]


def test_a_token_refused_again_after_the_refresh_fails_without_a_third_try():
    refused = {'code': 124, 'message': 'Invalid access token.'}
    token = {'access_token': TOKEN, 'token_type': 'bearer', 'expires_in': 3600}
    session = ReplaySession([FakeResponse(status=401, body=refused), FakeResponse(body=token),
                             FakeResponse(status=401, body=refused)])
    backend = make_backend(session, access_token='stale-token')
    with pytest.raises(AuthenticationFailed) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    assert len(session.sent) == 3 and caught.value.code == 124
    assert 'ada@example.com' not in str(caught.value) and 'GET /users/{userId}' in str(caught.value)


def test_a_given_token_refused_without_credentials_says_what_to_do():
    session = ReplaySession([FakeResponse(status=401, body={'code': 124, 'message': 'Access token is expired.'})])
    backend = V2Users(V2Client(ROOT + '/v2', access_token='old', retries=0, session=session))
    with pytest.raises(AuthenticationFailed) as caught:
        backend.find_user(email='ada@example.com')
    assert 'account_id, client_id and client_secret' in str(caught.value) and len(session.sent) == 1


def test_a_missing_scope_fails_at_once_naming_the_scopes():
    backend, session, exchanges = replay('a_missing_scope')
    with pytest.raises(AuthenticationFailed) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    assert_replayed(session, exchanges)
    assert caught.value.code == 4711 and 'user:read:admin' in str(caught.value) and len(session.sent) == 2


def test_a_wrong_client_secret_fails_naming_what_to_check_and_never_the_secret():
    backend, session, exchanges = replay('a_wrong_client_secret', secret='wrong-secret-value')
    with pytest.raises(AuthenticationFailed) as caught:
        backend.find_user(email='ada@example.com')
    assert_replayed(session, exchanges)
    assert 'client_secret' in str(caught.value) and 'wrong-secret-value' not in str(caught.value)


# --- rate limits and retries ------------------------------------------------------------------------------
def test_a_daily_limit_fails_at_once_saying_so():
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}),
                             FakeResponse(status=429, body={'code': 429, 'message': 'daily'}, headers={
                                 'X-RateLimit-Type': 'Daily-limit', 'Retry-After': '2026-11-28T00:00:00Z'})])
    backend = make_backend(session, retries=5)
    with pytest.raises(RateLimited) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    assert 'daily rate limit' in str(caught.value) and len(session.sent) == 2


DAILY_MESSAGE = ('You have exceeded the daily rate limit (6000) of Light API requests permitted for this particular '
                 'account. You may resume these requests at GMT 00:00:00.')


@pytest.mark.parametrize('headers', [{}, {'Retry-After': '2026-11-28T00:00:00Z'}])
def test_a_daily_limit_said_by_the_body_alone_fails_at_once_and_is_not_taken_for_a_per_second_limit(headers):
    # Zoom sends some daily-limit 429s without X-RateLimit-Type (v2-mapping.md, section f).
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}),
                             FakeResponse(status=429, body={'code': 429, 'message': DAILY_MESSAGE}, headers=headers)])
    sleeps = []
    backend = make_backend(session, retries=5, sleeps=sleeps)
    with pytest.raises(RateLimited) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    message = str(caught.value)
    assert len(session.sent) == 2 and sleeps == []   # no retry, no wait
    assert caught.value.endpoint == 'GET /users/{userId}'
    assert 'daily rate limit' in message and 'not retried' in message and 'GMT 00:00:00' in message
    assert ('after 00:00 UTC' in message) is (not headers)


@pytest.mark.parametrize('headers, body', [
    ({}, {'code': 429, 'message': 'You have reached the maximum per-second rate limit for this API. Try again later.'}),
    ({}, None),
    # The header is Zoom's word: a QPS 429 is retried whatever its body says.
    ({'X-RateLimit-Type': 'QPS'}, {'code': 429, 'message': DAILY_MESSAGE}),
])
def test_a_429_that_does_not_say_daily_is_retried(headers, body):
    user = {'id': 'u1', 'email': 'ada@example.com', 'status': 'active'}
    limited = FakeResponse(status=429, body=body, headers=headers, text='' if body is None else None)
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}), limited, FakeResponse(body=user)])
    sleeps = []
    backend = make_backend(session, retries=2, sleeps=sleeps)
    assert backend.find_user(email='ada@example.com', settings=False)['id'] == 'u1'
    assert len(sleeps) == 1 and len(session.sent) == 3


QPS_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.'


def test_a_per_second_limit_that_outlasts_the_retries_fails_saying_it_is_the_rate_limit():
    # The emulator's answer to a rate_limit fault, as Zoom sends it: HTTP 429, code 429, QPS headers.
    limited = FakeResponse(status=429, body={'code': 429, 'message': QPS_MESSAGE}, headers={
        'X-RateLimit-Category': 'Light', 'X-RateLimit-Type': 'QPS', 'Retry-After': '1'})
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN})] + [limited] * 3)
    sleeps = []
    backend = make_backend(session, retries=2, sleeps=sleeps)
    with pytest.raises(RateLimited) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    assert len(session.sent) == 4 and sleeps == [1.0, 1.0]
    assert caught.value.endpoint == 'GET /users/{userId}' and caught.value.retryable is True
    assert str(caught.value) == ('GET /users/{userId}: rate limit reached at 127.0.0.1:9: HTTP 429 (category Light): '
                                 + QPS_MESSAGE + ' (gave up after 3 attempts)')


def test_a_token_request_rate_limited_on_every_attempt_fails_saying_it_is_the_rate_limit():
    limited = FakeResponse(status=429, text='', headers={'Retry-After': '1'})
    session = ReplaySession([limited] * 2)
    backend = make_backend(session, retries=1)
    with pytest.raises(RateLimited) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    assert len(session.sent) == 2 and all(sent['path'] == '/oauth/token' for sent in session.sent)
    assert 'rate limit reached at 127.0.0.1:9: HTTP 429 (gave up after 2 attempts)' in str(caught.value)


# --- group membership -------------------------------------------------------------------------------------
def test_a_v2_record_carries_every_group_and_group_id_as_on_v1():
    from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v2 import neutral_record
    from ansible_collections.zoomops.zoom.plugins.module_utils.record import public_record
    several = neutral_record({'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'group_ids': ['g1', 'g2']})
    assert several['group_ids'] == ['g1', 'g2'] and several['group_id'] == 'g1'
    public = public_record(several)
    assert public['group_id'] == 'g1' and public['group_ids'] == ['g1', 'g2']
    none = neutral_record({'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'group_ids': []})
    assert none['group_id'] == '' and public_record(none)['group_ids'] == []


def test_listed_and_found_v2_users_carry_their_groups():
    listed = {'users': [{'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'group_ids': ['g1', 'g2']},
                        {'email': 'p@example.com', 'status': 'pending', 'group_ids': ['g3']}],
              'next_page_token': '', 'total_records': 2}
    found = {'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'group_ids': ['g2']}
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}), FakeResponse(body=listed),
                             FakeResponse(body=found)])
    backend = make_backend(session)
    users = list(backend.list_users(('active',)))
    assert [(user['group_id'], user['group_ids']) for user in users] == [('g1', ['g1', 'g2']), ('g3', ['g3'])]
    user = backend.find_user(email='a@example.com', settings=False)
    assert user['group_id'] == 'g2' and user['group_ids'] == ['g2']


def test_an_exported_v2_user_re_applies_as_no_change_and_says_which_groups_are_not_carried():
    from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v2 import neutral_record
    from ansible_collections.zoomops.zoom.plugins.module_utils.record import public_record
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
        not_carried, plan_user, user_options, wanted_for_backend, wanted_from_options,
    )
    record = neutral_record({'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'login_types': [99],
                             'group_ids': ['g1', 'g2'], 'type': 1})
    options = user_options(public_record(record))
    assert options['group_id'] == 'g1'
    v2 = V2Users(V2Client(ROOT + '/v2', access_token='t'))
    wanted = wanted_for_backend(wanted_from_options(options, 'v2'), record, v2)
    assert plan_user(record, wanted).changed is False
    notes = ' '.join(not_carried(public_record(record)))
    assert 'a member of 2 groups (g1, g2): only group_id g1 is carried' in notes


def test_adding_a_membership_keeps_the_other_groups_in_the_record_after():
    from ansible_collections.zoomops.zoom.plugins.module_utils.record import with_values
    after = with_values({'email': 'a@example.com', 'group_id': 'g1', 'group_ids': ['g1']}, {'group_id': 'g2'})
    assert after['group_id'] == 'g2' and after['group_ids'] == ['g1', 'g2']
    # A v1 record has one group: no list appears.
    assert 'group_ids' not in with_values({'email': 'a@example.com', 'group_id': 'g1'}, {'group_id': 'g2'})


@pytest.mark.parametrize('retry_after, waited', [('2', 2.0), (None, None)])
def test_a_per_second_limit_is_retried_after_retry_after_or_a_backoff(retry_after, waited):
    headers = {'X-RateLimit-Type': 'QPS'}
    if retry_after:
        headers['Retry-After'] = retry_after
    user = {'id': 'u1', 'email': 'ada@example.com', 'status': 'active'}
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}),
                             FakeResponse(status=429, body={'code': 429, 'message': 'qps'}, headers=headers),
                             FakeResponse(body=user)])
    sleeps = []
    backend = make_backend(session, retries=2, sleeps=sleeps)
    assert backend.find_user(email='ada@example.com', settings=False)['id'] == 'u1'
    assert len(sleeps) == 1 and (sleeps[0] == waited if waited else sleeps[0] >= 1.0)


def test_an_iso_retry_after_is_understood():
    assert parse_retry_after('2026-01-01T00:00:30Z', now=1767225600.0) == 30.0
    assert parse_retry_after('2026-01-01T01:00:30+01:00', now=1767225600.0) == 30.0


def test_server_errors_are_retried_for_idempotent_requests_only():
    token = FakeResponse(body={'access_token': TOKEN})
    session = ReplaySession([token, FakeResponse(status=503, body={'code': 503, 'message': 'busy'})])
    backend = make_backend(session, retries=3)
    with pytest.raises(ZoomError):
        backend.create('custcreate', {'email': 'new@example.com', 'type': 'basic'})
    assert [s['method'] for s in session.sent] == ['POST', 'POST']   # the token request, then one create
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}),
                             FakeResponse(status=503, body={'code': 503, 'message': 'busy'}),
                             FakeResponse(status=204, text='')])
    backend = make_backend(session, retries=3)
    backend.set_status('u1', True)
    assert [s['method'] for s in session.sent] == ['POST', 'PUT', 'PUT']


# --- pure parts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize('params, names', [
    ({'track_id': 't'}, 'track_id'),
    ({'imgroup_id': 'i'}, 'imgroup_id'),
    ({'type': 'corp'}, 'type corp'),
    ({'type': 3}, 'type corp'),
    ({'settings': {'enable_attention_tracking': True}}, 'enable_attention_tracking'),
    ({'settings': {'enable_silent_mode': False}}, 'enable_silent_mode'),
    ({'password': 'Secret123x', 'create_method': 'custcreate'}, 'password'),
    ({'password': 'Secret123x', 'login_type': 'sso'}, 'password'),
    ({'zpk': 'z'}, 'zpk'),
])
def test_options_without_a_v2_equivalent_are_refused_naming_them(params, names):
    problems = unsupported_options(params)
    assert len(problems) == 1 and names in problems[0]


def test_supported_options_are_not_refused():
    assert unsupported_options({'type': 'pro', 'password': 'x', 'create_method': 'autocreate', 'settings': {
        'disable_chat': True, 'enable_auto_recording': None, 'enable_enter_exit_chime': True}}) == []


def test_every_setting_either_converts_both_ways_or_is_refused():
    for field in SETTINGS_FIELDS:
        refused = unsupported_options({'settings': {field.name: True if field.kind == 'bool' else 1}})
        if refused:
            continue
        choices = field.rule('v2').choices
        value = True if field.kind == 'bool' else (1 if field.name == 'option_enter_exit_chime_type' else
                                                   choices[-1] if choices else 500)
        changes = {field.name: value}
        if field.name == 'option_enter_exit_chime_type':
            changes['enable_enter_exit_chime'] = True
        body = wire_settings(changes)
        assert body, field.name
        assert neutral_settings(body)[field.name] == value, field.name


def test_a_combined_setting_keeps_the_other_half_from_the_current_value():
    assert wire_settings({'enable_auto_recording': True}, {'enable_cloud_auto_recording': True}) == {
        'recording': {'auto_recording': 'cloud'}}
    assert wire_settings({'enable_enter_exit_chime': False}) == {'in_meeting': {'entry_exit_chime': 'none'}}
    assert wire_settings({'disable_chat': True}) == {'in_meeting': {'chat': False}}


CONNECTION = dict(api_url=None, api_key=None, api_secret=None, timeout=5.0, validate_certs=True, retries=0,
                  api_version=None, account_id=None, client_id=None, client_secret=None,
                  oauth_url='https://zoom.us/oauth/token', access_token=None)
OAUTH = dict(account_id='a', client_id='c', client_secret='s')


@pytest.mark.parametrize('given, version', [
    (OAUTH, 'v2'), ({'access_token': 't'}, 'v2'), ({'api_key': 'k', 'api_secret': 's'}, 'v1'),
    (dict(OAUTH, api_key='k', api_secret='s', api_version='v1'), 'v1'),
])
def test_the_api_version_follows_the_credentials_given(given, version):
    assert resolved_api_version(dict(CONNECTION, **given)) == version
    assert connection_problem(dict(CONNECTION, **given)) is None


def test_both_kinds_of_credentials_without_api_version_are_refused():
    problem = connection_problem(dict(CONNECTION, api_key='k', api_secret='s', **OAUTH))
    assert 'set api_version' in problem


def test_no_credentials_at_all_keep_the_v1_message_naming_the_variables():
    assert connection_problem(dict(CONNECTION)).startswith('missing api_key and api_secret')
    assert 'no credentials' in connection_problem(dict(CONNECTION, api_version='v2')) or \
        'account_id' in connection_problem(dict(CONNECTION, api_version='v2'))


@pytest.mark.parametrize('given, says', [
    (dict(account_id='a', client_id='c'), 'missing client_secret'),
    (dict(OAUTH, oauth_url='https://u:p@zoom.us/oauth/token'), 'invalid oauth_url'),
    (dict(OAUTH, api_url='ftp://x'), 'invalid api_url'),
])
def test_bad_v2_connection_options_are_refused_before_any_call(given, says):
    assert says in connection_problem(dict(CONNECTION, **given))


def test_the_factory_builds_the_backend_of_the_version_and_its_default_url():
    v2 = backend_for(dict(CONNECTION, **OAUTH))
    assert isinstance(v2, V2Users) and v2.client.api_url == 'https://api.zoom.us/v2'
    v1 = backend_for(dict(CONNECTION, api_key='k', api_secret='s'))
    assert isinstance(v1, V1Users) and v1.client.api_url == 'https://api.zoom.us/v1'
    assert option_problems(dict(CONNECTION, api_key='k', api_secret='s', track_id='t')) == []
    assert option_problems(dict(CONNECTION, track_id='t', **OAUTH))


def test_a_password_nested_in_user_info_is_masked_when_the_server_echoes_it():
    echoed = {'code': 300, 'message': 'Invalid parameter: password Secret123x'}
    session = ReplaySession([FakeResponse(body={'access_token': TOKEN}), FakeResponse(status=400, body=echoed)])
    backend = make_backend(session)
    with pytest.raises(ZoomError) as caught:
        backend.create('autocreate', {'email': 'new@example.com', 'type': 'basic', 'password': 'Secret123x'})
    assert 'Secret123x' not in str(caught.value) and session.sent[1]['json']['user_info']['password'] == 'Secret123x'


@pytest.mark.parametrize('setting, refused, accepted', [
    ('webinar_capacity', 0, 501), ('large_capacity', 300, 1000), ('auto_delete_cmr_days', 7, 30)])
def test_setting_values_outside_v2s_lists_are_refused_on_v2_and_v2s_own_values_accepted(setting, refused, accepted):
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput, wanted_from_options
    with pytest.raises(InvalidInput) as caught:
        wanted_from_options({'settings': {setting: refused}}, 'v2')
    assert setting in str(caught.value) and 'on Zoom API v2' in str(caught.value)
    assert wanted_from_options({'settings': {setting: accepted}}, 'v2') == {setting: accepted}
    # v1's rules are not v2's: what v2 refuses, v1 takes, and v2's own values fail on v1.
    assert wanted_from_options({'settings': {setting: refused}}, 'v1') == {setting: refused}
    if setting != 'auto_delete_cmr_days':
        with pytest.raises(InvalidInput, match='on Zoom API v1'):
            wanted_from_options({'settings': {setting: accepted}}, 'v1')


def test_the_argument_spec_takes_every_value_some_api_accepts():
    from ansible_collections.zoomops.zoom.plugins.module_utils.common import user_fields_argument_spec
    settings = user_fields_argument_spec()['settings']['options']
    assert {0, 501, 1001, 10000} <= set(settings['webinar_capacity']['choices'])
    assert {0, 300, 500, 1000} <= set(settings['large_capacity']['choices'])
    assert 'choices' not in settings['auto_delete_cmr_days']   # 1 to 365 on v1: checked by the domain


@pytest.mark.parametrize('host_key, v1_ok, v2_ok', [
    ('123456', True, True), ('1234567', False, True), ('1234567890', False, True), ('12345678901', False, False),
    ('12345', False, False), ('12345a', False, False), ('1234567\n', False, False)])
def test_host_keys_take_6_digits_on_v1_and_6_to_10_on_v2(host_key, v1_ok, v2_ok):
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput, wanted_from_options
    for version, ok, rule in (('v1', v1_ok, 'exactly 6 digits'), ('v2', v2_ok, '6 to 10 digits')):
        if ok:
            assert wanted_from_options({'host_key': host_key}, version) == {'host_key': host_key}
        else:
            with pytest.raises(InvalidInput) as caught:
                wanted_from_options({'host_key': host_key}, version)
            message = str(caught.value)
            assert 'host_key must be %s on Zoom API %s' % (rule, version) in message
            assert host_key.strip() not in message   # a host key is a secret, even a wrong one


def test_a_host_key_is_compared_only_where_the_api_returns_it():
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import wanted_for_backend
    current = {'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'group_ids': ['g1']}
    v2 = V2Users(V2Client(ROOT + '/v2', access_token='t'))
    v1 = V1Users(None)
    wanted = {'host_key': '123456', 'first_name': 'A'}
    assert wanted_for_backend(wanted, current, v2) == {'first_name': 'A'}
    assert wanted_for_backend(wanted, current, v2, update_host_key='always') == wanted
    assert wanted_for_backend(wanted, current, v1) == wanted
    # A new user gets its host key on create.
    assert wanted_for_backend(wanted, None, v2) == wanted


def test_group_id_is_a_membership_on_v2():
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import wanted_for_backend
    current = {'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'group_ids': ['g1', 'g2']}
    v2 = V2Users(V2Client(ROOT + '/v2', access_token='t'))
    assert wanted_for_backend({'group_id': 'g2'}, current, v2) == {}
    assert wanted_for_backend({'group_id': 'g3'}, current, v2) == {'group_id': 'g3'}
    assert wanted_for_backend({'group_id': 'g2'}, dict(current, group_id='g1'), V1Users(None)) == {'group_id': 'g2'}


# --- v2 gaps (issue 12): what v2 cannot hold is refused in one message; combined enumerations compared as held ---
@pytest.mark.parametrize('params, name', [
    ({'track_id': ''}, 'track_id'),           # '' too: v2 has nothing to clear, the option is not silently dropped
    ({'imgroup_id': ''}, 'imgroup_id'),
    ({'group_id': ''}, "group_id ''"),        # membership is only added: "in no group" cannot be held
    ({'settings': {'enable_auto_recording': False, 'enable_cloud_auto_recording': True}}, 'enable_auto_recording'),
    ({'settings': {'enable_auto_recording': 'no', 'enable_cloud_auto_recording': 'yes'}}, 'enable_auto_recording'),
])
def test_what_v2_cannot_hold_is_refused_whatever_the_value(params, name):
    problems = unsupported_options(params)
    assert len(problems) == 1 and name in problems[0], problems


@pytest.mark.parametrize('recording', [
    {'enable_auto_recording': True, 'enable_cloud_auto_recording': False},
    {'enable_auto_recording': False, 'enable_cloud_auto_recording': False},
    {'enable_auto_recording': False},
    {'enable_cloud_auto_recording': True},
])
def test_recording_pairs_v2_can_hold_are_not_refused(recording):
    assert unsupported_options({'group_id': 'g1', 'settings': recording}) == []


def test_one_v2_input_check_names_bad_values_and_options_v2_cannot_hold_in_one_message():
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput, wanted_from_options
    with pytest.raises(InvalidInput) as caught:
        wanted_from_options({'track_id': 't', 'settings': {'webinar_capacity': 0, 'enable_silent_mode': True}}, 'v2')
    message = str(caught.value)
    for name in ('webinar_capacity', 'track_id', 'enable_silent_mode'):
        assert name in message, message
    # v1's rules and options are unchanged (the roster calls wanted_from_options(entry, api_version) alike).
    assert wanted_from_options({'track_id': '', 'settings': {'webinar_capacity': 0}}) == {
        'track_id': '', 'webinar_capacity': 0}


def test_v2_input_refusals_share_one_prefix_with_the_connection_option_check():
    from ansible_collections.zoomops.zoom.plugins.module_utils.module import invalid_input_prefix
    v2 = {'api_version': 'v2', 'access_token': 't'}
    assert invalid_input_prefix(v2) == 'invalid input for Zoom API v2'
    assert invalid_input_prefix({'api_key': 'k', 'api_secret': 's'}) == 'invalid input'
    assert option_problems(dict(v2, group_id='')) != []


def test_automatic_recording_off_writes_none_even_when_cloud_recording_is_on_now():
    current = {'enable_auto_recording': True, 'enable_cloud_auto_recording': True}
    assert wire_settings({'enable_auto_recording': False}, current) == {'recording': {'auto_recording': 'none'}}
    assert wire_settings({'enable_cloud_auto_recording': False}, current) == {'recording': {'auto_recording': 'local'}}


def test_a_chime_type_alone_never_turns_the_chime_on():
    assert wire_settings({'option_enter_exit_chime_type': 1}, {}) == {}
    assert wire_settings({'option_enter_exit_chime_type': 1}, {'enable_enter_exit_chime': False}) == {}
    assert wire_settings({'option_enter_exit_chime_type': 1}, {'enable_enter_exit_chime': True}) == {
        'in_meeting': {'entry_exit_chime': 'host'}}


@pytest.mark.parametrize('wanted, current_settings, expected', [
    # automatic recording off: no automatic cloud recording either
    ({'enable_auto_recording': False}, {'enable_auto_recording': True, 'enable_cloud_auto_recording': True},
     {'enable_auto_recording': False, 'enable_cloud_auto_recording': False}),
    # automatic cloud recording is automatic recording
    ({'enable_cloud_auto_recording': True}, {}, {'enable_cloud_auto_recording': True, 'enable_auto_recording': True}),
    # a chime that is off (now, or as wanted) has no type: the type is not compared
    ({'option_enter_exit_chime_type': 1}, {'enable_enter_exit_chime': False}, {}),
    ({'option_enter_exit_chime_type': 1, 'enable_enter_exit_chime': False}, {'enable_enter_exit_chime': True},
     {'enable_enter_exit_chime': False}),
    # ... and is, while the chime is on
    ({'option_enter_exit_chime_type': 1}, {'enable_enter_exit_chime': True}, {'option_enter_exit_chime_type': 1}),
])
def test_v2_compares_the_combined_settings_as_v2_holds_them(wanted, current_settings, expected):
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import wanted_for_backend
    current = {'id': 'u1', 'email': 'a@example.com', 'status': 'active', 'settings': current_settings}
    v2 = V2Users(V2Client(ROOT + '/v2', access_token='t'))
    assert wanted_for_backend(wanted, current, v2) == expected
    # A new user: the chime is not known to be on, so a type alone is not written.
    assert 'option_enter_exit_chime_type' not in wanted_for_backend({'option_enter_exit_chime_type': 0}, None, v2)
    # v1 holds each setting on its own: nothing implied, nothing dropped.
    assert wanted_for_backend(wanted, current, V1Users(None)) == wanted


@pytest.mark.parametrize('wanted, current_settings, warned', [
    # the chime stays off (as it is now, as wanted, or not known for a new user): the type is not applied, said so
    ({'option_enter_exit_chime_type': 1}, {'enable_enter_exit_chime': False}, True),
    ({'option_enter_exit_chime_type': 0}, None, True),
    ({'option_enter_exit_chime_type': 1, 'enable_enter_exit_chime': False}, {'enable_enter_exit_chime': True}, True),
    # the chime is on (now, or as wanted): the type is applied, nothing to say
    ({'option_enter_exit_chime_type': 1}, {'enable_enter_exit_chime': True}, False),
    ({'option_enter_exit_chime_type': 1, 'enable_enter_exit_chime': True}, {'enable_enter_exit_chime': False}, False),
    ({'option_enter_exit_chime_type': 0, 'enable_enter_exit_chime': True}, None, False),
    # no type asked for
    ({'enable_enter_exit_chime': False}, {'enable_enter_exit_chime': True}, False),
])
def test_a_chime_type_v2_cannot_hold_is_named_by_a_warning_and_only_on_v2(wanted, current_settings, warned):
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import unheld_warnings, wanted_for_backend
    current = None if current_settings is None else {'id': 'u1', 'email': 'a@example.com', 'status': 'active',
                                                     'settings': current_settings}
    v2 = V2Users(V2Client(ROOT + '/v2', access_token='t'))
    warnings = unheld_warnings(wanted, current, v2, 'a@example.com')
    if warned:
        assert warnings == ['settings.option_enter_exit_chime_type (%d) is not applied to a@example.com: Zoom API v2'
                            ' holds the chime and its type in one value (in_meeting.entry_exit_chime), and a chime'
                            ' that is off has no type; set settings.enable_enter_exit_chime: true with it to apply it'
                            % wanted['option_enter_exit_chime_type']]
    else:
        assert warnings == []
    # The warning says exactly what the comparison leaves out.
    dropped = set(wanted) - set(wanted_for_backend(wanted, current, v2))
    assert dropped == ({'option_enter_exit_chime_type'} if warned else set())
    # v1 holds the type on its own: it is applied whatever the chime, and nothing is said.
    assert unheld_warnings(wanted, current, V1Users(None), 'a@example.com') == []


def test_a_v2_invitation_plan_carries_only_what_post_users_carries_and_names_the_rest():
    from ansible_collections.zoomops.zoom.plugins.module_utils.users import plan_user
    v2 = V2Users(V2Client(ROOT + '/v2', access_token='t'))
    wanted = {'first_name': 'Iva', 'dept': 'HR', 'group_id': 'g1'}
    plan = plan_user(None, wanted, email='i@example.com', invitation_carries=v2.invitation_carries)
    (action, create), = plan.operations
    assert action == 'create' and create['fields'] == {'email': 'i@example.com', 'type': 'basic', 'first_name': 'Iva',
                                                       'group_id': 'g1'}
    assert plan.diff['after'] == {'state': 'present', 'email': 'i@example.com', 'first_name': 'Iva', 'group_id': 'g1'}
    assert 'dept' not in plan.after and 'dept will be applied' in plan.warnings[0]
    # v1's invitation carries the catalogue's fields (dept among them); an active v2 create patches the rest.
    assert 'dept' in plan_user(None, wanted, email='i@example.com').diff['after']
    assert 'dept' in plan_user(None, wanted, email='i@example.com', create_method='custcreate',
                               invitation_carries=v2.invitation_carries).diff['after']


def test_v2_settings_outside_v2_lists_are_not_part_of_the_record():
    settings = neutral_settings({'feature': {'webinar_capacity': 0, 'large_meeting_capacity': 1000,
                                             'meeting_capacity': 0},
                                 'recording': {'auto_delete_cmr_days': 7}})
    assert settings == {'large_capacity': 1000, 'meeting_capacity': 0}


def test_zoom_user_info_completes_v2_list_records_unless_told_not_to():
    from ansible_collections.zoomops.zoom.plugins.module_utils.user_info import read_info

    class Listed(UsersBackend):
        lists_full_records = False

        def __init__(self):
            self.reads = []

        def list_users(self, statuses=('active', 'inactive', 'pending')):
            return [{'id': 'u1', 'email': 'a@example.com', 'status': 'active'},
                    {'email': 'p@example.com', 'status': 'pending'},
                    {'id': 'u3', 'email': 'gone@example.com', 'status': 'active'}]

        def find_user(self, email=None, user_id=None, login_type=None, settings=True):
            self.reads.append(user_id or email)
            if user_id == 'u3':
                return None         # deleted since the list
            return {'id': user_id or 'u2', 'email': email or 'a@example.com', 'status': 'pending' if email else 'active',
                    'vanity_name': 'room.a' if user_id else '', 'login_type': 'api', 'settings': {}}

    backend = Listed()
    users = read_info(backend)['users']
    assert backend.reads == ['u1', 'p@example.com', 'u3']
    assert [(user['email'], user.get('vanity_name'), user.get('login_type')) for user in users] == [
        ('a@example.com', 'room.a', 'api'), ('p@example.com', '', 'api')]
    backend = Listed()
    assert len(read_info(backend, full_records=False)['users']) == 3 and backend.reads == []
