"""Run the demo playbook twice against the Zoom emulator and check that it is idempotent.

For API v2 (Server-to-Server OAuth), then API v1: starts tests/emulator/zoom_emulator.py through
tests/emulator/harness.py, points the collection at it with that version's ZOOM_* variables, runs
``ansible-playbook docs/examples/demo.yml`` twice and prints, for each run, the PLAY RECAP totals and
the API calls the emulator saw (token requests included on v2).  Exits non-zero when a first run
failed or changed nothing, or when a second run failed, changed anything or made a write call.

Usage: python tools/demo.py [--playbook PATH] [--verbose] [-- extra ansible-playbook args]
Run it through `make demo`, which puts the venv first on PATH and sets
ANSIBLE_COLLECTIONS_PATH to .build/collections.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests', 'emulator'))

from harness import Emulator  # noqa: E402  pylint: disable=wrong-import-position

RECAP_LINE = re.compile(r'^(?P<host>\S+)\s*:\s*(?P<counts>(?:\w+=\d+\s*)+)$')
COUNT = re.compile(r'(\w+)=(\d+)')


def parse_recap(output: str) -> dict[str, dict[str, int]]:
    """Return {host: {ok: N, changed: N, failed: N, ...}} from the PLAY RECAP block(s)."""
    hosts: dict[str, dict[str, int]] = {}
    in_recap = False
    for line in output.splitlines():
        if line.startswith('PLAY RECAP'):
            in_recap = True
            continue
        if not in_recap:
            continue
        match = RECAP_LINE.match(line.strip())
        if not match:
            if line.strip():
                in_recap = False
            continue
        counts = hosts.setdefault(match.group('host'), {})
        for key, value in COUNT.findall(match.group('counts')):
            counts[key] = counts.get(key, 0) + int(value)
    return hosts


def totals(hosts: dict[str, dict[str, int]]) -> dict[str, int]:
    result = {'ok': 0, 'changed': 0, 'failed': 0, 'unreachable': 0}
    for counts in hosts.values():
        for key, value in counts.items():
            result[key] = result.get(key, 0) + value
    return result


def run_playbook(emu: Emulator, playbook: str, extra: list[str], verbose: bool, number: int) -> dict:
    emu.clear_calls()
    cmd = [shutil.which('ansible-playbook') or 'ansible-playbook', playbook] + extra
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    seconds = time.monotonic() - start
    if verbose or proc.returncode != 0:
        print(f'--- ansible-playbook output, run {number} (exit {proc.returncode}) ---')
        print(proc.stdout.rstrip())
        print('--- end of output ---')
    hosts = parse_recap(proc.stdout)
    calls = emu.calls()
    writes = emu.write_calls()
    return {
        'rc': proc.returncode,
        'seconds': seconds,
        'recap': totals(hosts),
        'has_recap': bool(hosts),
        'calls': len(calls),
        'writes': len(writes),
        'write_endpoints': sorted({call.get('endpoint', '?') for call in writes}),
    }


def describe(number: int, run: dict) -> str:
    recap = run['recap']
    line = (f'run {number}: rc={run["rc"]} ok={recap["ok"]} changed={recap["changed"]} failed={recap["failed"]} '
            f'unreachable={recap["unreachable"]} | API calls={run["calls"]} write calls={run["writes"]} | {run["seconds"]:.1f}s')
    if run['write_endpoints']:
        line += ' | writes: ' + ', '.join(run['write_endpoints'])
    return line


CONNECTION_VARIABLES = ('ZOOM_API_VERSION', 'ZOOM_API_URL', 'ZOOM_OAUTH_URL', 'ZOOM_API_KEY', 'ZOOM_API_SECRET',
                        'ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET')


def connect(emu: Emulator, version: str) -> None:
    """Point the collection at the emulator through the ZOOM_* variables of one API version (and only those)."""
    for variable in CONNECTION_VARIABLES:
        os.environ.pop(variable, None)
    os.environ['ZOOM_API_VERSION'] = version
    os.environ['ZOOM_API_URL'] = f'{emu.root}/{version}'
    if version == 'v2':
        os.environ['ZOOM_OAUTH_URL'] = f'{emu.root}/oauth/token'
        os.environ['ZOOM_ACCOUNT_ID'] = emu.account_id
        os.environ['ZOOM_CLIENT_ID'] = emu.client_id
        os.environ['ZOOM_CLIENT_SECRET'] = emu.client_secret
    else:
        os.environ['ZOOM_API_KEY'] = emu.api_key
        os.environ['ZOOM_API_SECRET'] = emu.api_secret


def check_runs(runs: list[dict]) -> list[str]:
    """What is wrong with the two runs of one API version (empty when run 1 changed things and run 2 nothing)."""
    problems = []
    first, second = runs
    for number, run in enumerate(runs, start=1):
        print(describe(number, run))
        if run['rc'] != 0 or run['recap']['failed'] or run['recap']['unreachable']:
            problems.append(f'run {number} failed (exit {run["rc"]})')
        elif not run['has_recap']:
            problems.append(f'run {number} printed no PLAY RECAP')
    if first['recap']['changed'] == 0:
        problems.append('run 1 changed nothing')
    if second['recap']['changed'] != 0:
        problems.append(f'run 2 changed {second["recap"]["changed"]} task(s): the playbook is not idempotent')
    if second['writes'] != 0:
        problems.append(f'run 2 made {second["writes"]} write call(s): {", ".join(second["write_endpoints"])}')
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--playbook', default=os.path.join('docs', 'examples', 'demo.yml'))
    parser.add_argument('--verbose', '-v', action='store_true', help='print the ansible-playbook output of both runs')
    parser.add_argument('extra', nargs='*', help='extra ansible-playbook arguments (after --)')
    args = parser.parse_args()

    playbook = args.playbook if os.path.isabs(args.playbook) else os.path.join(REPO, args.playbook)
    if not os.path.isfile(playbook):
        print(f'demo: playbook {playbook} not found', file=sys.stderr)
        return 2

    os.environ.setdefault('ANSIBLE_COLLECTIONS_PATH', os.path.join(REPO, '.build', 'collections'))
    os.environ.setdefault('ANSIBLE_NOCOLOR', '1')
    os.environ.setdefault('ANSIBLE_FORCE_COLOR', '0')
    os.environ.setdefault('ANSIBLE_RETRY_FILES_ENABLED', '0')
    os.environ.setdefault('ANSIBLE_LOCALHOST_WARNING', '0')
    os.environ.setdefault('ANSIBLE_INVENTORY_UNPARSED_WARNING', '0')

    problems = []
    summaries = []
    for version in ('v2', 'v1'):
        with Emulator() as emu:
            connect(emu, version)
            shown = os.path.relpath(playbook, REPO) if playbook.startswith(REPO + os.sep) else playbook
            print(f'demo: API {version}: emulator at {emu.root}/{version}; playbook {shown}')
            runs = [run_playbook(emu, playbook, args.extra, args.verbose, number) for number in (1, 2)]
        problems.extend(f'API {version}: {problem}' for problem in check_runs(runs))
        summaries.append(f'API {version}: run 1 changed={runs[0]["recap"]["changed"]}, run 2 changed=0 with '
                         f'{runs[1]["calls"]} read-only API call(s)')

    if problems:
        print('demo: FAILED: ' + '; '.join(problems))
        return 1
    print('demo: OK: ' + '; '.join(summaries))
    return 0


if __name__ == '__main__':
    sys.exit(main())
