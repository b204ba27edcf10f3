"""The test-only emulator_control lookup (lookup_plugins/emulator_control.py) that test_secrets uses to queue and clear
faults mid-play from the controller: it sends the request, and it sends nothing anywhere but 127.0.0.1's control API."""

import importlib.util
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ansible.errors import AnsibleError

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lookup_plugins', 'emulator_control.py')


def lookup():
    spec = importlib.util.spec_from_file_location('emulator_control_lookup', PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LookupModule()


def test_it_queues_and_clears_a_fault(emu):
    url = emu.root + '/_emulator/faults'
    lookup().run([url], method='POST', endpoint='/user/update', kind='http_500', count=3)
    assert [(fault['endpoint'], fault['kind'], fault['count']) for fault in emu.control('GET', 'faults')] == \
        [('/user/update', 'http_500', 3)]
    lookup().run([url], method='DELETE')
    assert emu.control('GET', 'faults') == []


@pytest.mark.parametrize('url', ['http://localhost:1/_emulator/faults', 'http://127.0.0.1:1/v1/user/delete',
                                 'http://10.0.0.1/_emulator/faults'])
def test_it_refuses_anything_but_the_local_control_api(url):
    with pytest.raises(AnsibleError, match='only to the emulator control API on 127.0.0.1'):
        lookup().run([url], method='DELETE')


def test_it_follows_no_redirect():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            hits.append(self.path)
            self.send_response(302)
            self.send_header('Location', 'http://10.0.0.1/_emulator/faults')
            self.send_header('Content-Length', '0')
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(AnsibleError, match='does not follow redirects'):
            lookup().run(['http://127.0.0.1:%d/_emulator/faults' % server.server_address[1]])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert hits == ['/_emulator/faults']
