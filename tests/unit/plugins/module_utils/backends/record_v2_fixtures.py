"""Record the emulator's real answers to the v2 backend, as fixtures for test_v2.py.

Run from the repository root (it starts the emulator on 127.0.0.1 and a free port, nothing else):

    /work/main/.venv/bin/python tests/unit/plugins/module_utils/backends/record_v2_fixtures.py

Each scenario of SCENARIOS runs one backend operation through a V2Client (and its OAuth token source) whose
requests sessions record every exchange; fixtures/v2_<scenario>.json holds them: [{method, path, query, json,
form (token requests, without credentials), status, headers (Retry-After, X-RateLimit-*), answer}]. The access
token the emulator issues is replaced by a fixed stand-in.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..', '..'))
sys.path[:0] = [os.path.join(REPO, '.build', 'collections'), os.path.join(REPO, 'tests', 'emulator')]

import requests  # noqa: E402  pylint: disable=wrong-import-position

from harness import Emulator  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.zoomops.zoom.plugins.module_utils.auth import BasicClient, ServerToServerOAuth  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v2 import V2Client, V2Users  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import ZoomError  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.zoomops.zoom.plugins.module_utils.transport import Transport  # noqa: E402  pylint: disable=wrong-import-position

TOKEN_STAND_IN = 'recorded-access-token'
KEPT_HEADERS = ('Retry-After', 'X-RateLimit-Type', 'X-RateLimit-Category', 'X-RateLimit-Limit')

SEED = [
    {'email': 'ada@example.com', 'create_method': 'custcreate', 'first_name': 'Ada', 'last_name': 'Lovelace',
     'type': 2, 'dept': 'Eng', 'timezone': 'Europe/Paris', 'vanity_name': 'ada.lovelace', 'group_id': 'g1',
     'disable_chat': True, 'enable_waiting_room': True, 'enable_auto_recording': True, 'meeting_capacity': 100,
     'enable_enter_exit_chime': True, 'option_enter_exit_chime_type': 1},
    {'email': 'sso.user@example.com', 'create_method': 'ssocreate', 'type': 2, 'status': 'inactive'},
    {'email': 'invited@example.com', 'create_method': 'create'},
    {'email': 'host@example.com', 'create_method': 'custcreate', 'type': 2, 'assistants': ['ada@example.com']},
    {'email': 'helper@example.com', 'create_method': 'custcreate', 'type': 2},
]


def _create_then_update(users):
    users.create('custcreate', {'email': 'new@example.com', 'type': 'pro', 'first_name': 'New', 'dept': 'Ops',
                                'disable_chat': True, 'group_id': 'g2'})


def _replace_assistants(users):
    users.remove_assistant('host@example.com', 'ada@example.com')
    users.add_assistant('host@example.com', 'helper@example.com')
    return users.assistants('host@example.com')


SCENARIOS = {
    'find_without_settings': lambda users, emu: users.find_user(email='ada@example.com', settings=False),
    'find_with_settings': lambda users, emu: users.find_user(email='ADA@example.com'),
    'find_a_pending_user': lambda users, emu: users.find_user(email='invited@example.com'),
    'find_a_missing_user': lambda users, emu: users.find_user(email='nobody@example.com'),
    'list_every_status_in_pages': lambda users, emu: list(users.list_users()),
    'create_then_update': lambda users, emu: _create_then_update(users),
    'create_an_existing_user': lambda users, emu: users.create('custcreate', {'email': 'ada@example.com',
                                                                              'type': 'basic'}),
    'delete_a_pending_user': lambda users, emu: users.delete('invited@example.com', pending=True),
    'delete_for_good': lambda users, emu: users.delete('ada@example.com', permanent=True),
    'replace_assistants_one_by_one': lambda users, emu: _replace_assistants(users),
    'status_password_and_token': lambda users, emu: (users.set_status('ada@example.com', False),
                                                     users.revoke_token('ada@example.com')),
    'a_stale_token_is_refreshed_once': lambda users, emu: users.find_user(email='ada@example.com', settings=False),
    'a_missing_scope': lambda users, emu: users.find_user(email='ada@example.com', settings=False),
    'a_wrong_client_secret': lambda users, emu: users.find_user(email='ada@example.com', settings=False),
}


class RecordingSession(requests.Session):
    def __init__(self, log, root):
        super(RecordingSession, self).__init__()
        self.log = log
        self.root = root

    def request(self, method, url, **kwargs):
        response = super(RecordingSession, self).request(method, url, **kwargs)
        body = response.content
        answer = json.loads(body.decode('utf-8')) if body.strip() else None
        if isinstance(answer, dict) and 'access_token' in answer:
            answer['access_token'] = TOKEN_STAND_IN
        self.log.append({
            'method': method, 'path': url[len(self.root):], 'query': kwargs.get('params'),
            'json': kwargs.get('json'), 'form': kwargs.get('data'), 'status': response.status_code,
            'headers': dict((key, response.headers[key]) for key in KEPT_HEADERS if key in response.headers),
            'answer': answer,
        })
        return response


def backend(emu, log, name):
    session = RecordingSession(log, emu.root)
    secret = 'wrong' if name == 'a_wrong_client_secret' else emu.client_secret
    token_transport = Transport(emu.root + '/oauth/token', auth=BasicClient(emu.client_id, secret), retries=0,
                                session=session)
    oauth = ServerToServerOAuth(token_transport, emu.account_id)
    stale = 'stale-token' if name == 'a_stale_token_is_refreshed_once' else None
    return V2Users(V2Client(emu.root + '/v2', oauth=oauth, access_token=stale, retries=0, session=session),
                   page_size=2)


def main():
    out = os.path.join(HERE, 'fixtures')
    with Emulator() as emu:
        for name, scenario in sorted(SCENARIOS.items()):
            emu.reset()
            emu.control('DELETE', 'scopes')
            emu.seed(SEED)
            if name == 'a_missing_scope':
                emu.control('POST', 'scopes', {'scopes': ['group:read:admin']})
            log = []
            try:
                scenario(backend(emu, log, name), emu)
            except ZoomError as exc:
                print('%s: %s' % (name, exc))
            with open(os.path.join(out, 'v2_' + name + '.json'), 'w') as handle:
                json.dump(log, handle, indent=1, sort_keys=True)
                handle.write('\n')
            print('%s: %d calls' % (name, len(log)))


if __name__ == '__main__':
    main()
