"""Connection options checked at run time, before any call, with messages that name the option and
its environment variable; and at -vvvv, no credential from a bad api_url, a redirect or a server's
echo reaches ansible-playbook's output."""

import json
import sys

import pytest

from ansible_collections.zoomops.zoom.plugins.modules import zoom_user, zoom_user_assistant, zoom_user_info

from .conftest import count, secret_scan
from .hostile import Answer, HostileServer
from .inprocess import run_module

SECRET = 'ConnSecret-Kd7Fj3Lm9Qx2'
PASSWORD = 'ConnPass-Wt5Yh8Bn2Vc6'
URL_PASSWORD = 'UrlPw-Gh4Jk6Lz8Xc1'
URL_TOKEN = 'UrlToken-Rt2Yu4Io6Pa8'
USER = {'id': 'ConnUserId000000000000', 'email': 'victim@example.com', 'status': 0, 'login_type': 100, 'type': 1}
MODULES = [(zoom_user, dict(email='a@example.com')), (zoom_user_info, {}),
           (zoom_user_assistant, dict(host_email='a@example.com', assistants=['b@example.com']))]


@pytest.fixture
def no_zoom_env(monkeypatch):
    for name in ('ZOOM_API_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET'):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize('module, args', MODULES, ids=[module.__name__.rsplit('.', maxsplit=1)[-1] for module, _args in MODULES])
@pytest.mark.parametrize('missing, variable', [('api_key', 'ZOOM_API_KEY'), ('api_secret', 'ZOOM_API_SECRET')])
def test_a_missing_credential_fails_before_any_call_naming_option_and_variable(emu, no_zoom_env, module, args,
                                                                               missing, variable):
    connection = dict(api_url=emu.url, api_key=emu.api_key, api_secret=emu.api_secret)
    del connection[missing]
    emu.clear_calls()
    result = run_module(module, dict(connection, **args))
    count('inputs_rejected')
    assert result.get('failed') is True, result
    assert result['msg'].startswith('missing %s: set the %s option' % (missing, missing)), result
    assert variable in result['msg'] and 'module_defaults' in result['msg'], result
    assert emu.calls() == []


def test_both_credentials_missing_are_both_named(emu, no_zoom_env):
    result = run_module(zoom_user_info, dict(api_url=emu.url))
    count('inputs_rejected')
    assert result['msg'].startswith('missing api_key and api_secret: set the api_key and api_secret options'), result
    assert 'ZOOM_API_KEY and ZOOM_API_SECRET environment variables' in result['msg'], result


def test_credentials_from_the_environment_still_work(emu, monkeypatch):
    monkeypatch.setenv('ZOOM_API_URL', emu.url)
    monkeypatch.setenv('ZOOM_API_KEY', emu.api_key)
    monkeypatch.setenv('ZOOM_API_SECRET', emu.api_secret)
    emu.seed([{'email': 'env@example.com'}])
    result = run_module(zoom_user_info, dict(email='env@example.com'))
    assert not result.get('failed'), result
    assert [user['email'] for user in result['users']] == ['env@example.com']


@pytest.mark.parametrize('timeout', [0, -1, float('nan'), float('inf')])
def test_a_timeout_that_bounds_nothing_is_rejected_before_any_call(emu, timeout):
    emu.clear_calls()
    result = run_module(zoom_user_info, dict(api_url=emu.url, api_key=emu.api_key, api_secret=emu.api_secret,
                                             timeout=timeout))
    count('inputs_rejected')
    assert result.get('failed') is True and 'timeout must be' in result['msg'], result
    assert emu.calls() == []


def test_no_credential_reaches_the_output_at_vvvv(play, tmp_path):
    target = HostileServer(lambda request: Answer(body=json.dumps(USER))).start()

    def script(request):
        if request['path'].endswith('/user/getbyemail'):
            return Answer(body=json.dumps(USER))
        if request['path'].endswith('/user/checkzpk'):   # a 401 echoing the form back
            return Answer(status=401, reason='Unauthorized', body=json.dumps(
                {'message': 'denied: %s' % json.dumps(request['form'])}))
        return Answer(status=307, reason='Temporary Redirect', headers={
            'Location': 'http://127.0.0.1:%d/v1/user/updatepassword?api_secret=%s' % (target.port, SECRET)})

    hostile = HostileServer(script).start()
    try:
        base = hostile.url.split('://', 1)[1]
        tasks = [
            {'name': 'redirected password', 'zoomops.zoom.zoom_user': {
                'email': 'victim@example.com', 'password': '{{ c_password }}', 'update_password': 'always'},
             'ignore_errors': True},
            {'name': 'echoing 401', 'zoomops.zoom.zoom_user_info': {'zpk': 'some-zpk'}, 'ignore_errors': True},
            {'name': 'userinfo url', 'zoomops.zoom.zoom_user_info': {'api_url': '{{ c_userinfo_url }}'},
             'ignore_errors': True},
            {'name': 'query url', 'zoomops.zoom.zoom_user_info': {'api_url': '{{ c_query_url }}'},
             'ignore_errors': True},
        ]
        inventory = tmp_path / 'inventory'
        (inventory / 'group_vars').mkdir(parents=True)
        (inventory / 'hosts').write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n'
                                         % sys.executable)
        (inventory / 'group_vars' / 'all.yml').write_text(json.dumps({
            'c_secret': SECRET, 'c_password': PASSWORD,
            'c_userinfo_url': 'http://zoomadmin:%s@%s' % (URL_PASSWORD, base),
            'c_query_url': 'http://%s?token=%s' % (base, URL_TOKEN)}))
        connection = {'api_url': hostile.url, 'api_key': 'conn-key', 'api_secret': '{{ c_secret }}', 'retries': 1}
        run = play(tasks, verbosity=4, connection=connection, inventory=inventory / 'hosts', expect_rc=0)
    finally:
        hostile.stop()
        target.stop()
    count('hostile_answers_tried', 2)
    statuses = dict((entry['task'], entry['status']) for entry in run.results)
    assert [statuses[task['name']] for task in tasks] == ['failed'] * 4, statuses
    assert 'HTTP 307, a redirect to http://127.0.0.1:%d' % target.port in run.result('redirected password')['msg']
    assert 'HTTP 401 from the server at %s: denied:' % hostile.host in run.result('echoing 401')['msg']
    assert 'must not contain a user name or password' in run.result('userinfo url')['msg']
    assert 'must not contain a query string' in run.result('query url')['msg']
    assert target.requests == []
    count('redirects_refused')
    assert [request['path'] for request in hostile.requests] == ['/v1/user/getbyemail', '/v1/user/updatepassword',
                                                                 '/v1/user/checkzpk']
    text = run.stdout + run.stderr + json.dumps(run.results)
    values = (SECRET, PASSWORD, URL_PASSWORD, URL_TOKEN)
    found = [value for value in values if value in text]
    secret_scan(values, found)
    assert found == [], found
