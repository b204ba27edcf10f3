"""List calls paced to Zoom's documented limits (pacing.py) instead of running into the rate-limit error."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.factory import backend_for
from ansible_collections.zoomops.zoom.plugins.module_utils.pacing import Pace, is_zoom_host, list_rate

PARAMS = dict(api_key='k', api_secret='s', timeout=5, validate_certs=True, retries=0)


@pytest.mark.parametrize('host, expected', [('api.zoom.us', True), ('zoom.us', True), ('api.zoomgov.com', True),
                                            ('API.ZOOM.US.', True), ('127.0.0.1', False), ('notzoom.us', False),
                                            ('zoom.us.example.com', False), ('', False)])
def test_only_zooms_own_hosts_are_zoom_hosts(host, expected):
    assert is_zoom_host(host) is expected


def test_zooms_hosts_are_paced_to_the_documented_list_limit_and_other_hosts_not_at_all():
    assert list_rate('v1', 'api.zoom.us', {}) == 1.0
    assert list_rate('v2', 'api.zoom.us', {}) == 20.0
    assert list_rate('v1', '127.0.0.1', {}) is None


@pytest.mark.parametrize('text, expected', [('0.5', 0.5), ('3', 3.0), ('0', None), ('0.1', 0.1)])
def test_zoom_list_pace_sets_the_pace_for_every_host(text, expected):
    assert list_rate('v1', '127.0.0.1', {'ZOOM_LIST_PACE': text}) == expected
    assert list_rate('v2', 'api.zoom.us', {'ZOOM_LIST_PACE': text}) == expected


@pytest.mark.parametrize('text', ['fast', '-1', 'inf', 'nan', '0.0001', '1e-300', 'false'])
def test_a_bad_zoom_list_pace_is_refused_naming_the_variable(text):
    # '0.0001' would wait almost three hours before each list call: refused, not a run that looks hung.
    with pytest.raises(ValueError, match='ZOOM_LIST_PACE must be a number'):
        list_rate('v1', 'api.zoom.us', {'ZOOM_LIST_PACE': text})


def test_a_pace_sleeps_only_what_is_left_of_the_interval():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    pace = Pace(2.0, clock=lambda: now[0], sleep=sleep)
    pace.wait()              # the first call goes at once
    now[0] += 0.2
    pace.wait()              # 0.3 s left of the half second
    now[0] += 1.0
    pace.wait()              # more than the interval passed: no wait
    assert slept == [0.3] and pace.waited == pytest.approx(0.3)


def test_the_factory_paces_the_list_calls_of_zooms_hosts_only(monkeypatch):
    monkeypatch.delenv('ZOOM_LIST_PACE', raising=False)
    zoom = backend_for(dict(PARAMS, api_url='https://api.zoom.us/v1', api_version='v1'))
    local = backend_for(dict(PARAMS, api_url='http://127.0.0.1:9/v1', api_version='v1'))
    assert zoom.list_pace.interval == 1.0 and local.list_pace is None
    monkeypatch.setenv('ZOOM_LIST_PACE', 'no')
    with pytest.raises(ValueError, match='ZOOM_LIST_PACE'):
        backend_for(dict(PARAMS, api_url='https://api.zoom.us/v1', api_version='v1'))
