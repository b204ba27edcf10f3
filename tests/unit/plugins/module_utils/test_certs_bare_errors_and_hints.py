"""Paths that no test held (issue 14's mutation audit), each through the real code from the connection options or
the backend down to the HTTP session:

- ``validate_certs: false`` reaches requests as ``verify=False`` for v1, for v2 and for the OAuth token request
  (and ``true`` as ``verify=True``);
- an HTTP 4xx answer without an error body fails with a clear message naming the status, and the method and path
  template (v2) or the endpoint (v1), on both APIs;
- a failed ssocreate (or the password call after it) with a password says to run again with
  update_password=always, on the v1 backend.
"""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import transport
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.factory import backend_for
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client, V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.users import ensure_user

from .test_transport import FakeResponse

ROOT = 'http://127.0.0.1:9'
CONNECTION = dict(api_url=None, api_version=None, api_key=None, api_secret=None, account_id=None, client_id=None,
                  client_secret=None, oauth_url=ROOT + '/oauth/token', access_token=None, token_cache=None,
                  timeout=5.0, retries=0)
V1 = dict(CONNECTION, api_url=ROOT + '/v1', api_key='key', api_secret='secret')
V2 = dict(CONNECTION, api_url=ROOT + '/v2', account_id='acct', client_id='client', client_secret='client-secret')
V1_USER = {'id': 'u1', 'email': 'ada@example.com', 'status': 1, 'login_type': 100, 'type': 1}
V2_USER = {'id': 'u1', 'email': 'ada@example.com', 'status': 'active', 'login_types': [100], 'type': 1}


class RecordingSession:
    """A requests.Session stand-in: answers in order, records what each request was sent with."""

    answers = []
    sent = []

    def request(self, method, url, **kwargs):
        RecordingSession.sent.append(dict(kwargs, method=method, url=url))
        answer = RecordingSession.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def http(monkeypatch):
    """The sessions the transport makes for itself (the factory passes none) record every request."""
    RecordingSession.answers = []
    RecordingSession.sent = []
    monkeypatch.setattr(transport.requests, 'Session', RecordingSession)
    return RecordingSession


# --- validate_certs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize('validate_certs', [False, True])
def test_validate_certs_reaches_the_v1_requests(http, validate_certs):
    http.answers = [FakeResponse(body=V1_USER)]
    backend = backend_for(dict(V1, validate_certs=validate_certs))
    assert backend.find_user(user_id='u1')['email'] == 'ada@example.com'
    assert [sent['verify'] for sent in http.sent] == [validate_certs]


@pytest.mark.parametrize('validate_certs', [False, True])
def test_validate_certs_reaches_the_token_request_and_the_v2_requests(http, validate_certs):
    http.answers = [FakeResponse(body={'access_token': 'a-token', 'expires_in': 3600}), FakeResponse(body=V2_USER)]
    backend = backend_for(dict(V2, validate_certs=validate_certs))
    assert backend.find_user(email='ada@example.com', settings=False)['id'] == 'u1'
    assert [sent['url'] for sent in http.sent] == [ROOT + '/oauth/token', ROOT + '/v2/users/ada@example.com']
    assert [sent['verify'] for sent in http.sent] == [validate_certs, validate_certs]


# --- a 4xx without an error body -----------------------------------------------------------------------------
@pytest.mark.parametrize('status', [400, 403, 404, 409])
@pytest.mark.parametrize('body', ['', '{}'])
def test_a_v1_4xx_without_an_error_body_names_the_status_and_the_endpoint(http, status, body):
    http.answers = [FakeResponse(status=status, text=body)]
    backend = backend_for(dict(V1, validate_certs=True))
    with pytest.raises(ZoomError) as caught:
        backend.find_user(user_id='u1')
    error = caught.value
    assert error.endpoint == '/user/get'
    assert str(error).startswith('/user/get: HTTP %d from the server at 127.0.0.1:9' % status), str(error)
    assert 'secret' not in str(error)


@pytest.mark.parametrize('status', [400, 403, 404, 409])
@pytest.mark.parametrize('body', ['', '{}'])
def test_a_v2_4xx_without_an_error_body_names_the_status_the_method_and_the_path_template(http, status, body):
    http.answers = [FakeResponse(body={'access_token': 'a-token'}), FakeResponse(status=status, text=body)]
    backend = backend_for(dict(V2, validate_certs=True))
    with pytest.raises(ZoomError) as caught:
        backend.find_user(email='ada@example.com', settings=False)
    error = caught.value
    assert error.endpoint == 'GET /users/{userId}'
    assert str(error).startswith('GET /users/{userId}: HTTP %d from the server at 127.0.0.1:9' % status), str(error)
    # The path template, never the email the path was filled with; never the token.
    assert 'ada@example.com' not in str(error) and 'a-token' not in str(error)


# --- the update_password=always hint after a failed ssocreate -------------------------------------------------
MISSING = [FakeResponse(body={'error': {'code': 1001, 'message': 'User not exist: sso@example.com.'}}),
           FakeResponse(body={'existed_email': False})]
CREATED = {'id': 'u9', 'email': 'sso@example.com', 'first_name': '', 'last_name': '', 'type': 1}
REFUSED = {'error': {'code': 300, 'message': 'Request failed'}}


def v1_backend(answers):
    session = _Session(answers)
    return V1Users(V1Client(ROOT + '/v1', 'key', 'secret', retries=0, session=session,
                            sleep=lambda _seconds: None)), session


class _Session:
    def __init__(self, answers):
        self.answers = list(answers)
        self.endpoints = []

    def request(self, method, url, **kwargs):
        self.endpoints.append(url.split('/v1', 1)[1])
        return self.answers.pop(0)


@pytest.mark.parametrize('failing, answers, applied', [
    ('/user/ssocreate', [FakeResponse(status=500, text='')], []),
    ('/user/ssocreate', [FakeResponse(body=REFUSED)], []),
    ('/user/updatepassword', [FakeResponse(body=CREATED), FakeResponse(body=REFUSED)], ['create']),
])
def test_a_failed_ssocreate_with_a_password_says_to_run_again_with_update_password_always(failing, answers, applied):
    backend, session = v1_backend(MISSING + answers)
    with pytest.raises(Failed) as caught:
        ensure_user(backend, email='sso@example.com', login_type='sso', create_method='ssocreate',
                    password='Secret-Pass-1', wanted={'first_name': 'Sso'})
    failed = caught.value
    assert session.endpoints[-1] == failing and failed.error.endpoint == failing
    assert 'run again with update_password=always' in failed.message
    assert failed.result['applied'] == applied and failed.result['changed'] is bool(applied)
    assert 'Secret-Pass-1' not in failed.message


def test_a_failed_ssocreate_without_a_password_gives_no_password_hint():
    backend, _session = v1_backend(MISSING + [FakeResponse(body=REFUSED)])
    with pytest.raises(Failed) as caught:
        ensure_user(backend, email='sso@example.com', login_type='sso', create_method='ssocreate',
                    wanted={'first_name': 'Sso'})
    assert 'update_password' not in caught.value.message
