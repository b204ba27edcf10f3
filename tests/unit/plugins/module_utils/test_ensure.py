"""The domain's entry points over a fake backend: users.ensure_user (find, plan, apply, the recovery from
"already exists", the password hint) and the backend factory's choice."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import UsersBackend
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.factory import backend_for
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import (
    Failed, Refused, UserAlreadyExists, ZoomError,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.users import describe, ensure_user

EMAIL = 'new@example.com'


class FakeBackend(UsersBackend):
    """One account in memory; ``exists_on_create`` makes the create meet "already exists" (``retried``: after a
    lost answer), ``fail_on`` makes that operation fail."""

    def __init__(self, user=None, exists_on_create=None, fail_on=None):
        self.user = user
        self.exists_on_create = exists_on_create
        self.fail_on = fail_on
        self.log = []

    def _call(self, name):
        self.log.append(name)
        if name == self.fail_on:
            raise ZoomError('/%s' % name, 500, 'failed')

    def find_user(self, email=None, user_id=None, login_type=None, settings=True):
        self._call('find')
        return dict(self.user) if self.user else None

    def create(self, create_method, fields):
        self._call('create')
        if self.exists_on_create is not None:
            self.user = {'id': 'u1', 'email': fields['email'], 'status': 'active', 'type': 'basic',
                         'login_type': 'api', 'settings': {}}
            error = UserAlreadyExists('/create', 1005, 'exists')
            error.retried = self.exists_on_create == 'retried'
            raise error
        self.user = {'id': 'u1', 'email': fields['email'], 'status': 'active', 'settings': {}}
        return dict(self.user)

    def set_password(self, user_id, password):
        self._call('set_password')

    def update(self, user_id, changes):
        self._call('update')


def ensure(backend, **options):
    arguments = dict(email=EMAIL, wanted={'dept': 'Ops', 'timezone': 'UTC'}, create_method='custcreate',
                     password='pw', login_type='api')
    arguments.update(options)
    return ensure_user(backend, **arguments)


def test_a_creation_applies_the_plan_and_says_so():
    backend = FakeBackend()
    outcome = ensure(backend)
    assert backend.log == ['find', 'create', 'set_password', 'update']
    assert outcome.changed and outcome.after['dept'] == 'Ops' and outcome.after['timezone'] == 'UTC'
    assert describe(outcome.plan, EMAIL) == 'user %s created' % EMAIL


def test_check_mode_plans_and_writes_nothing():
    backend = FakeBackend()
    outcome = ensure(backend, check_mode=True)
    assert backend.log == ['find'] and outcome.changed and outcome.diff['before'] == {'state': 'absent'}


def test_our_own_retried_create_sets_the_password_it_was_to_be_followed_by():
    backend = FakeBackend(exists_on_create='retried')
    outcome = ensure(backend)
    assert backend.log == ['find', 'create', 'find', 'update', 'set_password']
    # What check mode predicted: the creation's diff and msg.
    assert outcome.changed and outcome.diff['before'] == {'state': 'absent'}
    assert describe(outcome.plan, EMAIL) == 'user %s created' % EMAIL


def test_a_user_created_by_another_run_is_updated_and_reported_as_an_update():
    backend = FakeBackend(exists_on_create='another run')
    outcome = ensure(backend)
    assert backend.log == ['find', 'create', 'find', 'update']
    assert outcome.diff['before'] != {'state': 'absent'} and outcome.diff['after']['dept'] == 'Ops'
    assert describe(outcome.plan, EMAIL).startswith('user %s updated' % EMAIL)


@pytest.mark.parametrize('fail_on, hint, applied', [
    ('create', True, []), ('set_password', True, ['create']), ('update', False, ['create', 'set_password'])])
def test_a_failure_reports_what_was_applied_and_when_the_password_may_be_missing(fail_on, hint, applied):
    with pytest.raises(Failed) as caught:
        ensure(FakeBackend(fail_on=fail_on))
    failed = caught.value
    assert failed.result == {'changed': bool(applied), 'applied': applied}
    assert ('run again with update_password=always' in failed.message) is hint
    assert failed.message.startswith('managing user %s' % EMAIL) and failed.error.endpoint == '/' + fail_on


def test_a_failed_re_read_after_already_exists_gives_no_password_hint():
    backend = FakeBackend(exists_on_create='retried')
    backend.fail_on = None
    original = backend.find_user
    calls = []

    def find_then_fail(**kwargs):
        calls.append(kwargs)
        if len(calls) > 1:
            raise ZoomError('/find', None, 'timeout')
        return original(**kwargs)
    backend.find_user = find_then_fail
    with pytest.raises(Failed) as caught:
        ensure(backend)
    assert 'update_password=always' not in caught.value.message


def test_a_login_type_the_api_cannot_create_is_refused_before_any_write():
    backend = FakeBackend()
    with pytest.raises(Refused) as caught:
        ensure(backend, create_method=None, login_type='facebook')
    assert 'does not create facebook logins' in str(caught.value) and backend.log == ['find']


CONNECTION = dict(api_url='http://127.0.0.1:9/v1', api_key='k', api_secret='s', timeout=5.0, validate_certs=True,
                  retries=1)


def test_the_factory_builds_the_v1_backend_by_default():
    assert isinstance(backend_for(CONNECTION), V1Users)
    assert isinstance(backend_for(dict(CONNECTION, api_version='v1')), V1Users)


def test_the_factory_refuses_an_api_version_it_does_not_know():
    with pytest.raises(ValueError) as caught:
        backend_for(dict(CONNECTION, api_version='v3'))
    assert "api_version 'v3' is not supported" in str(caught.value) and 'v1' in str(caught.value)
