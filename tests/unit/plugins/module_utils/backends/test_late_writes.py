"""What a timed-out write may still do, the same on every API: the backends over a transport client answer it from
the client (backends.base.ClientBackend), written once for v1 and v2; the contract's defaults (no late write, no wait)
stay for backends without a client (the test fakes)."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils.backends import base
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import ClientBackend, UsersBackend
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client, V1Users
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v2 import V2Client, V2Users

ROOT = 'http://127.0.0.1:9'
BACKENDS = {
    'v1': lambda: V1Users(V1Client(ROOT + '/v1', 'key', 'secret', timeout=7)),
    'v2': lambda: V2Users(V2Client(ROOT + '/v2', access_token='t', timeout=7)),
}


@pytest.mark.parametrize('api', sorted(BACKENDS))
def test_a_write_whose_attempt_timed_out_may_land_late_and_is_waited_for_one_timeout(api, monkeypatch):
    slept = []
    monkeypatch.setattr(base.time, 'sleep', slept.append)
    backend = BACKENDS[api]()
    assert backend.last_write_may_land_late is False
    backend.client.last_timed_out = True
    assert backend.last_write_may_land_late is True
    backend.wait_for_late_writes()
    assert slept == [7]


@pytest.mark.parametrize('name', ['last_write_may_land_late', 'wait_for_late_writes'])
def test_the_late_write_helpers_are_written_once_for_every_client_backend(name):
    assert issubclass(V1Users, ClientBackend) and issubclass(V2Users, ClientBackend)
    shared = ClientBackend.__dict__[name]
    assert all(name not in backend.__dict__ for backend in (V1Users, V2Users))
    assert getattr(V1Users, name) is getattr(V2Users, name) is getattr(ClientBackend, name)
    assert shared is not UsersBackend.__dict__[name]


def test_the_contract_defaults_say_no_late_write_and_do_not_wait(monkeypatch):
    slept = []
    monkeypatch.setattr(base.time, 'sleep', slept.append)
    backend = UsersBackend()
    assert backend.last_write_may_land_late is False
    backend.wait_for_late_writes()
    assert slept == []
