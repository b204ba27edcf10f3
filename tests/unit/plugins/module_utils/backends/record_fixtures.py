"""Record the emulator's real answers to the v1 backend, as fixtures for test_v1.py.

Run from the repository root (it starts the emulator on 127.0.0.1 and a free port, nothing else):

    /work/main/.venv/bin/python tests/unit/plugins/module_utils/backends/record_fixtures.py

Each scenario of SCENARIOS runs one backend operation through a V1Client whose requests session
records every exchange; fixtures/<scenario>.json holds them: [{endpoint, form (without the
credentials), status, answer}]. test_v1.py replays them and checks that the backend sends exactly the
recorded calls and reads the answers as it should.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..', '..'))
sys.path[:0] = [os.path.join(REPO, '.build', 'collections'), os.path.join(REPO, 'tests', 'emulator')]

import requests  # noqa: E402  pylint: disable=wrong-import-position

from harness import Emulator  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.v1 import V1Client, V1Users  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import ZoomError  # noqa: E402  pylint: disable=wrong-import-position

SEED = [
    {'email': 'sso.user@example.com', 'create_method': 'ssocreate', 'first_name': 'Sso', 'last_name': 'User',
     'type': 2, 'dept': 'Eng', 'timezone': 'Europe/Paris', 'pmi': 2035134243, 'vanity_name': 'sso.user',
     'host_key': '123456', 'enable_waiting_room': True, 'meeting_capacity': 100, 'disable_chat': False},
    {'email': 'api.user@example.com', 'create_method': 'custcreate', 'status': 'inactive'},
    {'email': 'invited@example.com', 'create_method': 'create'},
    {'email': 'host@example.com', 'create_method': 'custcreate', 'assistants': ['sso.user@example.com']},
]


def _create_then_update(users):
    record = users.create('custcreate', {'email': 'new@example.com', 'type': 'corp', 'first_name': 'New'})
    users.update(record['id'], {'type': 'pro', 'disable_chat': True, 'meeting_capacity': 50})


SCENARIOS = {
    'find_by_email_with_the_right_hint': lambda users: users.find_user(email='sso.user@example.com', login_type='sso'),
    'find_a_missing_user': lambda users: users.find_user(email='nobody@example.com'),
    'find_a_pending_user': lambda users: users.find_user(email='invited@example.com'),
    'find_another_login_type': lambda users: users.find_user(email='api.user@example.com', login_type='sso'),
    'find_by_id_of_a_pending_user': lambda users: users.find_user(user_id=users._known_ids['invited@example.com']),
    'list_every_status': lambda users: list(users.list_users()),
    'list_pending_only': lambda users: list(users.list_users(('pending',))),
    'read_assistants': lambda users: users.assistants(users._known_ids['host@example.com']),
    'create_an_existing_user': lambda users: users.create(
        'custcreate', {'email': 'api.user@example.com', 'type': 'basic'}),
    'create_then_update_type_and_settings': _create_then_update,
    'check_an_unknown_zpk': lambda users: users.check_zpk('not-a-zpk'),
    'wrong_secret': lambda users: users.find_user(email='sso.user@example.com', login_type='sso'),
}


class RecordingSession(requests.Session):
    def __init__(self, log):
        super(RecordingSession, self).__init__()
        self.log = log

    def request(self, method, url, **kwargs):
        response = super(RecordingSession, self).request(method, url, **kwargs)
        body = response.content
        form = dict((key, value) for key, value in (kwargs.get('data') or {}).items()
                    if key not in ('api_key', 'api_secret'))
        self.log.append({'endpoint': '/' + url.split('/v1/', 1)[1], 'form': form, 'status': response.status_code,
                         'answer': json.loads(body.decode('utf-8'))})
        return response


def main():
    out = os.path.join(HERE, 'fixtures')
    os.makedirs(out, exist_ok=True)
    with Emulator() as emu:
        for name, scenario in sorted(SCENARIOS.items()):
            emu.reset()
            emu.seed(SEED)
            known = dict((user['email'], user['id']) for user in emu.state()['users'])
            log = []
            secret = 'wrong' if name == 'wrong_secret' else emu.api_secret
            users = V1Users(V1Client(emu.url, emu.api_key, secret, retries=0, session=RecordingSession(log)))
            users._known_ids = known
            try:
                scenario(users)
            except ZoomError as exc:
                print('%s: %s' % (name, exc))
            with open(os.path.join(out, name + '.json'), 'w') as handle:
                json.dump(log, handle, indent=1, sort_keys=True)
                handle.write('\n')
            print('%s: %d calls' % (name, len(log)))


if __name__ == '__main__':
    main()
