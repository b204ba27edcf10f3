"""Benchmark: what an unchanged zoom_user task costs on Zoom API v2, and on v1 for comparison.

    python tests/bench/bench_v2_noop.py [--json PATH]

Real ansible-playbook runs against the emulator (tests/emulator/harness.py), one play per scenario, each counted
from the emulator's call log (API calls, and token requests ``POST /oauth/token``):

- a no-op zoom_user (profile fields only);
- a no-op zoom_user that manages settings;
- the no-op with a reused token: a zoom_token task registers the token once and module_defaults passes it as
  access_token (the token requests of that play minus those of a play holding zoom_token alone).

The tasks give ``login_type`` (as a playbook that knows its users does); without it v1 walks the login types.

Issue 12's figures: 1 API call and at most 1 token request for a no-op on v2, one call more with settings, no
token request with a reused token. Nothing here is typed in: every number printed is counted. ``--json PATH``
writes the same figures as JSON, with when and where they were measured (docs/figures/bench_v2_noop.json is that
file for the README's table: tools/figures.py).
"""

import argparse
import json
import os
import pathlib
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, REPO)

from tests.bench.measured import machine  # noqa: E402
from tests.conftest import COLLECTIONS  # noqa: E402  (importing it links .build/collections/.../zoomops/zoom here)
from tests.integration.conftest import Player  # noqa: E402

from harness import TOKEN_ENDPOINT, Emulator  # noqa: E402

EMAIL = 'bench.noop@example.com'
USER = {'email': EMAIL, 'create_method': 'custcreate', 'first_name': 'Bench', 'dept': 'Ops',
        'disable_chat': True, 'enable_waiting_room': False}
# The login type is given, as a playbook that knows its users does (without it, v1 walks the login types).
PROFILE = {'email': EMAIL, 'login_type': 'api', 'first_name': 'Bench', 'dept': 'Ops'}
SETTINGS = dict(PROFILE, settings={'disable_chat': True, 'enable_waiting_room': False})
# What issue 12 promises on v2 (checked after counting: a bench that contradicts it fails).
PROMISED = {'noop': (1, 1), 'noop_settings': (2, 1), 'reused_token': (1, 0)}


def counted(emu, player, tasks):
    """(API calls, token requests, seconds) of one ansible-playbook run of ``tasks``, from the emulator's log."""
    emu.clear_calls()
    start = time.monotonic()
    run = player(tasks, diff=False)
    seconds = time.monotonic() - start
    if run.rc != 0 or run.failed or any(entry['result'].get('changed') for entry in run.results):
        raise SystemExit('bench_v2_noop: a no-op run failed or changed something:\n%s\n%s' % (run.stdout, run.stderr))
    calls = [call['endpoint'] for call in emu.calls()]
    tokens = sum(1 for endpoint in calls if endpoint == TOKEN_ENDPOINT)
    return len(calls) - tokens, tokens, seconds


def figure(api_calls, token_requests, seconds):
    return {'api_calls': api_calls, 'token_requests': token_requests, 'seconds': round(seconds, 2)}


def measure(emu, workdir):
    figures = {}
    for backend in ('v2', 'v1'):
        player = Player(emu, pathlib.Path(tempfile.mkdtemp(dir=workdir)), backend)
        figures[backend] = {
            'noop': figure(*counted(emu, player, [{'name': 'noop', 'zoomops.zoom.zoom_user': PROFILE}])),
            'noop_settings': figure(*counted(emu, player, [{'name': 'noop', 'zoomops.zoom.zoom_user': SETTINGS}])),
        }
    player = Player(emu, pathlib.Path(tempfile.mkdtemp(dir=workdir)), 'v2')
    login = {'name': 'token', 'zoomops.zoom.zoom_token': {}, 'register': 'zoom_login', 'no_log': True}
    reuse = {'group/zoomops.zoom.zoom': dict(player.connection(), access_token='{{ zoom_login.access_token }}')}
    _calls, alone_tokens, _seconds = counted(emu, player, [login])
    for name, task in (('reused_token', PROFILE),):
        api_calls, tokens, seconds = counted(emu, player, [
            login, {'name': name, 'zoomops.zoom.zoom_user': task, 'module_defaults': reuse}])
        figures['v2'][name] = figure(api_calls, tokens - alone_tokens, seconds)
    figures['v2']['zoom_token_alone'] = {'token_requests': alone_tokens}
    return figures


def report(figures):
    rows = [('no-op zoom_user', 'noop'), ('no-op zoom_user, settings managed', 'noop_settings'),
            ('no-op zoom_user, reused token (zoom_token + access_token)', 'reused_token')]
    print('%-58s %16s %16s' % ('scenario (one task, user unchanged)', 'v2 calls+tokens', 'v1 calls'))
    for label, key in rows:
        v2 = figures['v2'][key]
        v1 = figures['v1'].get(key)
        v1_calls = v1['api_calls'] if v1 else '-'
        print('%-58s %9d + %-5d %16s' % (label, v2['api_calls'], v2['token_requests'], v1_calls))
    print('(API calls + token requests of the task, counted from the emulator call log; v1 sends its key and '
          'secret with every call, so it has no token requests)')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--json', metavar='PATH', help='also write the figures as JSON to PATH')
    args = parser.parse_args(argv)
    start = time.monotonic()
    measured = machine()
    if not os.path.isdir(os.path.join(COLLECTIONS, 'ansible_collections', 'zoomops', 'zoom', 'plugins')):
        raise SystemExit('bench_v2_noop: zoomops.zoom is not linked under %s' % COLLECTIONS)
    with tempfile.TemporaryDirectory(prefix='bench-v2-noop-') as workdir, Emulator() as emu:
        emu.seed([USER])
        figures = measure(emu, workdir)
    figures['seconds'] = round(time.monotonic() - start, 1)
    figures['machine'] = measured
    report(figures)
    print('bench_v2_noop: %.1f s' % figures['seconds'])
    if args.json:
        with open(args.json, 'w') as handle:
            json.dump(figures, handle, indent=2, sort_keys=True)
            handle.write('\n')
    broken = ['%s: %d calls + %d token requests, issue 12 says %d + at most %d' % (
        key, figures['v2'][key]['api_calls'], figures['v2'][key]['token_requests'], calls, tokens)
        for key, (calls, tokens) in sorted(PROMISED.items())
        if figures['v2'][key]['api_calls'] != calls or figures['v2'][key]['token_requests'] > tokens]
    if broken:
        print('bench_v2_noop: the v2 figures break issue 12: %s' % '; '.join(broken), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
