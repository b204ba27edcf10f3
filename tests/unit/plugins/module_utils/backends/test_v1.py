"""The v1 backend against the emulator's recorded answers (fixtures/*.json, made by record_fixtures.py).

Each fixture is the exchange of one operation: the backend must send exactly the recorded calls (the
same endpoints and form fields, in the same order) and read the answers into neutral records, or into
the exceptions of errors.py, as the domain expects them.
"""

import json
import os

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import UsersBackend
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client, V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import (
    AuthenticationFailed, UserAlreadyExists, ZoomError,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.record import public_record

from ..test_transport import FakeResponse, FakeSession

FIXTURES = os.path.join(os.path.dirname(__file__), 'fixtures')
SECRETS = ('token', 'zak', 'zpk')


def replay(name):
    """(backend, session, recorded exchanges) of a fixture: the session answers the recorded answers in order."""
    with open(os.path.join(FIXTURES, name + '.json')) as handle:
        exchanges = json.load(handle)
    session = FakeSession(*[FakeResponse(status=item['status'], body=item['answer']) for item in exchanges])
    backend = V1Users(V1Client('http://127.0.0.1:9/v1', 'key', 'secret', retries=0, session=session,
                               sleep=lambda _seconds: None))
    return backend, session, exchanges


def sent(session):
    """(endpoint, form without credentials) of every call the backend made."""
    return [(post['url'].split('/v1', 1)[1], dict((key, value) for key, value in post['data'].items()
                                                  if key not in ('api_key', 'api_secret')))
            for post in session.posts]


def assert_replayed(session, exchanges):
    assert sent(session) == [(item['endpoint'], item['form']) for item in exchanges]


def assert_neutral(record):
    assert record['status'] in ('active', 'inactive', 'pending')
    assert isinstance(record['settings'], dict)
    for secret in SECRETS:
        assert secret not in record and secret not in record['settings']


def test_the_v1_backend_implements_the_whole_contract():
    contract = [name for name, value in vars(UsersBackend).items() if callable(value) and not name.startswith('_')]
    missing = [name for name in contract if getattr(V1Users, name) is getattr(UsersBackend, name)]
    # One assistant cannot be removed alone in v1: the capability flag says so, and the domain never asks.
    assert missing == ['remove_assistant'] and V1Users.can_remove_one_assistant is False


def test_a_user_of_the_hinted_login_type_costs_one_call_and_reads_as_a_neutral_record():
    backend, session, exchanges = replay('find_by_email_with_the_right_hint')
    user = backend.find_user(email='sso.user@example.com', login_type='sso')
    assert_replayed(session, exchanges)
    assert len(session.posts) == 1 and session.posts[0]['data']['login_type'] == '101'
    assert_neutral(user)
    assert (user['status'], user['login_type'], user['type']) == ('active', 'sso', 'pro')
    assert user['pmi'] == 2035134243 and user['vanity_name'] == 'sso.user'
    assert user['settings']['enable_waiting_room'] is True and user['settings']['meeting_capacity'] == 100
    assert 'enable_waiting_room' not in user
    # The host key is kept for comparison (returns_host_key), and never made public.
    assert backend.returns_host_key and user['host_key'] == '123456' and 'host_key' not in public_record(user)


def test_a_missing_user_costs_getbyemail_and_checkemail():
    backend, session, exchanges = replay('find_a_missing_user')
    assert backend.find_user(email='nobody@example.com') is None
    assert_replayed(session, exchanges)
    assert [endpoint for endpoint, _form in sent(session)] == ['/user/getbyemail', '/user/checkemail']
    assert sent(session)[0][1]['login_type'] == '100'


def test_an_invited_user_is_found_in_the_pending_list_before_other_login_types():
    backend, session, exchanges = replay('find_a_pending_user')
    user = backend.find_user(email='invited@example.com')
    assert_replayed(session, exchanges)
    assert [endpoint for endpoint, _form in sent(session)] == ['/user/getbyemail', '/user/checkemail', '/user/pending']
    assert_neutral(user)
    assert user['status'] == 'pending' and user['email'] == 'invited@example.com'


def test_a_user_of_another_login_type_is_found_by_walking_the_login_types():
    backend, session, exchanges = replay('find_another_login_type')
    user = backend.find_user(email='api.user@example.com', login_type='sso')
    assert_replayed(session, exchanges)
    assert [form.get('login_type') for endpoint, form in sent(session) if endpoint == '/user/getbyemail'] == [
        '101', '100', '99']
    assert (user['status'], user['login_type']) == ('inactive', 'api')


def test_a_pending_user_is_found_by_id():
    backend, session, exchanges = replay('find_by_id_of_a_pending_user')
    user_id = exchanges[0]['form']['id']
    user = backend.find_user(user_id=user_id)
    assert_replayed(session, exchanges)
    assert user['id'] == user_id and user['status'] == 'pending'


def test_listing_reads_both_lists_and_names_every_status():
    backend, session, exchanges = replay('list_every_status')
    users = list(backend.list_users())
    assert_replayed(session, exchanges)
    assert sorted((user['email'], user['status']) for user in users) == [
        ('api.user@example.com', 'inactive'), ('host@example.com', 'active'), ('invited@example.com', 'pending'),
        ('sso.user@example.com', 'active')]
    for user in users:
        assert_neutral(user)


def test_listing_pending_users_only_reads_the_pending_list():
    backend, session, exchanges = replay('list_pending_only')
    assert [user['email'] for user in backend.list_users(('pending',))] == ['invited@example.com']
    assert_replayed(session, exchanges)


def test_assistants_are_read_as_emails():
    backend, session, exchanges = replay('read_assistants')
    assert backend.assistants(exchanges[0]['form']['id']) == ['sso.user@example.com']
    assert_replayed(session, exchanges)


def test_already_exists_is_its_own_exception_and_says_whether_the_create_was_retried():
    backend, session, exchanges = replay('create_an_existing_user')
    with pytest.raises(UserAlreadyExists) as caught:
        backend.create('custcreate', {'email': 'api.user@example.com', 'type': 'basic'})
    assert_replayed(session, exchanges)
    assert caught.value.retried is False and caught.value.code == exchanges[0]['answer']['error']['code']
    assert sent(session)[0][1] == {'email': 'api.user@example.com', 'type': '1'}


def test_neutral_values_are_sent_as_v1_wire_fields():
    backend, session, exchanges = replay('create_then_update_type_and_settings')
    user = backend.create('custcreate', {'email': 'new@example.com', 'type': 'corp', 'first_name': 'New'})
    backend.update(user['id'], {'type': 'pro', 'disable_chat': True, 'meeting_capacity': 50})
    assert_replayed(session, exchanges)
    assert sent(session)[0][1]['type'] == '3'
    assert sent(session)[1][1] == {'id': user['id'], 'type': '2', 'disable_chat': 'true', 'meeting_capacity': '50'}
    assert (user['type'], user['login_type'], user['status']) == ('corp', 'api', 'active')


def test_an_unknown_zpk_is_none_not_an_error():
    backend, session, exchanges = replay('check_an_unknown_zpk')
    assert backend.check_zpk('not-a-zpk') is None
    assert_replayed(session, exchanges)


def test_refused_credentials_are_an_authentication_failure():
    backend, session, exchanges = replay('wrong_secret')
    with pytest.raises(AuthenticationFailed) as caught:
        backend.find_user(email='sso.user@example.com', login_type='sso')
    assert isinstance(caught.value, ZoomError) and caught.value.endpoint == '/user/getbyemail'
    assert_replayed(session, exchanges)


def test_many_users_are_found_with_one_pass_over_the_lists():
    """More than LOOKUP_ONE_BY_ONE_MAX emails: one /user/list pass, checkemail for the ones not listed,
    and the pending list only when one of them exists."""
    from ansible_collections.zoomops.zoom.plugins.module_utils.backends import v1
    listed = [{'id': 'id%d' % n, 'email': 'u%d@example.com' % n, 'status': 0} for n in range(v1.LOOKUP_ONE_BY_ONE_MAX)]
    answers = [{'page_count': 1, 'total_records': len(listed), 'page_number': 1, 'page_size': 300, 'users': listed},
               {'existed_email': True}, {'existed_email': False},
               {'page_count': 1, 'total_records': 1, 'page_number': 1, 'page_size': 300,
                'users': [{'id': 'p', 'email': 'invited@example.com'}]}]
    session = FakeSession(*[FakeResponse(body=answer) for answer in answers])
    backend = V1Users(V1Client('http://127.0.0.1:9/v1', 'key', 'secret', retries=0, session=session))
    emails = [user['email'] for user in listed] + ['Invited@example.com', 'nobody@example.com']
    records = backend.find_users(emails)
    assert [endpoint for endpoint, _form in sent(session)] == [
        '/user/list', '/user/checkemail', '/user/checkemail', '/user/pending']
    assert records['invited@example.com']['status'] == 'pending' and records['nobody@example.com'] is None
    assert records['u0@example.com']['status'] == 'active'
