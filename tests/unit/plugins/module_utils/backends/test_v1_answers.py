"""The v1 backend (V1Users) checks each answer for the shape its endpoint gives (the v1 spec in
tests/emulator/spec/), and walks list pages with bounds that no server can stretch."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import WRITE_ANSWER_KEYS, V1Client, V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import InvalidAnswer, ZoomError

from ..test_transport import FakeResponse, FakeSession

NOT_ZOOM = "the server at 127.0.0.1:9 did not answer like Zoom's API"


def api(*bodies):
    session = FakeSession(*[FakeResponse(body=body) for body in bodies])
    return V1Users(V1Client('http://127.0.0.1:9/v1', 'key', 'secret', retries=0, session=session,
                            sleep=lambda _s: None)), session


def user(n):
    return {'id': 'id%03d' % n, 'email': 'u%03d@example.com' % n}


def page(number, users, total, page_count=None, page_size=300):
    return {'page_count': page_count if page_count is not None else (total + page_size - 1) // page_size,
            'total_records': total, 'page_number': number, 'page_size': page_size, 'users': users}


def failure(call, error=ZoomError):
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


# --- an unrelated JSON API does not pass for Zoom --------------------------------------------------
UNRELATED = {'status': 'ok', 'data': {'items': []}}
READS_AND_WRITES = [
    ('/user/get', lambda users: users.find_user(user_id='x')),
    ('/user/getbyemail', lambda users: users.find_user(email='a@example.com')),
    ('/user/checkemail', lambda users: users.email_exists('a@example.com')),
    ('/user/list', lambda users: list(users.list_users(('active', 'inactive')))),
    ('/user/pending', lambda users: list(users.list_users(('pending',)))),
    ('/user/scheduleforhost/list', lambda users: users.assistants('h1')),
    ('/user/checkzpk', lambda users: users.check_zpk('zpk')),
    ('/user/custcreate', lambda users: users.create('custcreate', {'email': 'a@example.com', 'type': 'basic'})),
    ('/user/create', lambda users: users.create('create', {'email': 'a@example.com', 'type': 'basic'})),
    ('/user/update', lambda users: users.update('u1', {'dept': 'x'})),
    ('/user/updatepassword', lambda users: users.set_password('u1', 'pw')),
    ('/user/activate', lambda users: users.set_status('u1', True)),
    ('/user/deactivate', lambda users: users.set_status('u1', False)),
    ('/user/delete', lambda users: users.delete('u1')),
    ('/user/permanentdelete', lambda users: users.delete('u1', permanent=True)),
    ('/user/revoketoken', lambda users: users.revoke_token('u1')),
    ('/user/assistant/set', lambda users: users.add_assistant('h1', 'a@example.com')),
    ('/user/assistant/delete', lambda users: users.clear_assistants('h1')),
]


@pytest.mark.parametrize('endpoint, call', READS_AND_WRITES, ids=[case[0] for case in READS_AND_WRITES])
@pytest.mark.parametrize('answer', [{}, UNRELATED, {'id': 1, 'email': None, 'updated_at': 5}],
                         ids=['empty', 'unrelated', 'wrong-types'])
def test_an_answer_without_the_endpoints_shape_fails_naming_endpoint_and_host(endpoint, call, answer):
    users, session = api(answer)
    message = failure(lambda: call(users), InvalidAnswer)
    assert message.startswith(endpoint + ': ' + NOT_ZOOM + ': '), message
    assert session.posts[0]['url'].endswith(endpoint)


def test_every_write_endpoint_is_checked():
    assert set(WRITE_ANSWER_KEYS) == set(endpoint for endpoint, _call in READS_AND_WRITES
                                         if endpoint not in ('/user/get', '/user/getbyemail', '/user/checkemail',
                                                             '/user/list', '/user/pending', '/user/custcreate',
                                                             '/user/create', '/user/scheduleforhost/list',
                                                             '/user/checkzpk'))


@pytest.mark.parametrize('endpoint, call', READS_AND_WRITES, ids=[case[0] for case in READS_AND_WRITES])
def test_answers_shaped_as_the_spec_documents_pass(endpoint, call):
    answers = {
        '/user/get': user(1), '/user/getbyemail': user(1), '/user/checkemail': {'existed_email': False},
        '/user/list': page(1, [user(1)], 1), '/user/pending': page(1, [], 0),
        '/user/scheduleforhost/list': {'total_records': 1, 'users': [dict(user(2), first_name='A', last_name='B')]},
        '/user/checkzpk': {'expire_in': 7187}, '/user/custcreate': dict(user(3), created_at='2026-01-01T00:00:00Z'),
        '/user/create': user(3),
    }
    written = dict((key, 'unique_id' if key == 'id' else '2026-01-01T00:00:00Z')
                   for key in WRITE_ANSWER_KEYS.get(endpoint, ()))
    users, _session = api(answers.get(endpoint, written))
    call(users)


@pytest.mark.parametrize('value', ['abc', None, -1, 1.5, True, '7187'])
def test_a_zpk_expiry_that_is_not_seconds_fails_naming_the_endpoint(value):
    users, _session = api({'expire_in': value})
    assert "/user/checkzpk: %s: 'expire_in' is not a number of seconds" % NOT_ZOOM == failure(
        lambda: users.check_zpk('zpk'))


# --- list pages ------------------------------------------------------------------------------------
@pytest.mark.parametrize('bad, says', [
    (dict(page(1, [user(1)], 1), page_count='abc'), "'page_count' of page 1 is not a count"),
    (dict(page(1, [user(1)], 1), page_count=None), "'page_count' of page 1 is not a count"),
    (dict(page(1, [user(1)], 1), page_count=1.0), "'page_count' of page 1 is not a count"),
    (dict(page(1, [user(1)], 1), total_records=-3), "'total_records' of page 1 is not a count"),
    (dict(page(1, [user(1)], 1), users={'a': user(1)}), "'users' of page 1 is not a list"),
    (dict(page(1, [user(1)], 1), users=['a@example.com']), "'users' of page 1 holds an entry (#1) that is not a user"),
    (dict(page(1, [user(1)], 1), users=[{'id': 'x'}]), "holds an entry (#1) that is not a user with an email"),
    (dict((k, v) for k, v in page(1, [user(1)], 1).items() if k != 'users'), "page 1 has no 'users'"),
    (page(2, [user(1)], 1), 'asked for page 1, got page 2'),
    (page(1, [user(1)], 1, page_count=10 ** 9), 'page_count 1000000000 is more than the 1 pages of 300 users'),
], ids=['count-abc', 'count-null', 'count-float', 'total-negative', 'users-dict', 'users-strings', 'user-no-email',
        'no-users', 'wrong-page', 'page-count-vs-total'])
def test_a_malformed_page_fails_naming_the_endpoint(bad, says):
    users, _session = api(bad)
    message = failure(lambda: list(users._walk()))
    assert message.startswith('/user/list: ' + NOT_ZOOM), message
    assert says in message, message


def test_a_repeated_page_stops_the_walk_at_once():
    first = [user(n) for n in range(3)]
    users, session = api(page(1, first, 3000, page_size=3), page(2, first, 3000, page_size=3),
                         *[page(n, first, 3000, page_size=3) for n in range(3, 50)])
    message = failure(lambda: list(users._walk(page_size=3)))
    assert 'page 2 repeats an earlier page' in message
    assert len(session.posts) == 2


def test_more_users_than_total_records_announced_fail():
    users, session = api(page(1, [user(1), user(2)], 3, page_size=2), page(2, [user(3), user(4)], 3, page_size=2))
    message = failure(lambda: list(users._walk(page_size=2)))
    assert 'page 2 brings the users to 4, more than the 3 that total_records announced' in message
    assert len(session.posts) == 2


def test_pages_past_what_the_first_total_records_implies_fail():
    # Each page is new and raises total_records and page_count by one page: the first page's total
    # (4 users = 2 pages of 2) allows 2 pages plus one for users added meanwhile.
    answers = [page(n, [user(2 * n), user(2 * n + 1)], 2 * n + 2, page_count=n + 1, page_size=2) for n in range(1, 30)]
    users, session = api(*answers)
    message = failure(lambda: list(users._walk(page_size=2)))
    assert ("page_count asks for page 4, past the 3 pages that the first page's total_records allows (4 users,"
            " 2 a page" in message), message
    assert len(session.posts) == 3


def test_a_well_formed_walk_reads_every_page_once():
    users, session = api(page(1, [user(1), user(2)], 5, page_size=2), page(2, [user(3), user(4)], 5, page_size=2),
                         page(3, [user(5)], 5, page_size=2))
    assert [record['id'] for record in users._walk(pending=True, page_size=2)] == [
        'id001', 'id002', 'id003', 'id004', 'id005']
    assert [post['data']['page_number'] for post in session.posts] == ['1', '2', '3']


def test_a_user_added_while_reading_is_tolerated():
    # 4 users when page 1 was read; a fifth arrived before page 2 (total_records and page_count grew).
    users, _session = api(page(1, [user(1), user(2)], 4, page_size=2), page(2, [user(3), user(4)], 5, page_size=2),
                          page(3, [user(5)], 5, page_size=2))
    assert len(list(users._walk(page_size=2))) == 5
