"""`make demo`: docs/examples/demo.yml run twice against a fresh Zoom emulator (tests/emulator/harness.py) on API v2
(Server-to-Server OAuth), then on API v1, through that version's ZOOM_* variables; each run's PLAY RECAP totals and
the API calls the emulator saw (token requests included) are printed. Exits 1 when a first run failed or changed
nothing, or a second run failed, changed anything or made a write call.

Usage: python tools/demo.py [--playbook PATH] [--verbose] [-- extra ansible-playbook args]   (make demo: the venv first
on PATH, ANSIBLE_COLLECTIONS_PATH=.build/collections)
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests', 'emulator'))

from harness import Emulator  # noqa: E402  pylint: disable=wrong-import-position

RECAP_LINE = re.compile(r'^\S+\s*:\s*(?:\w+=\d+\s*)+$')
DEFAULTS = {'ANSIBLE_COLLECTIONS_PATH': os.path.join(REPO, '.build', 'collections'), 'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0', 'ANSIBLE_RETRY_FILES_ENABLED': '0', 'ANSIBLE_LOCALHOST_WARNING': '0',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0'}


def recap(output):
    """(totals, found): the counts (ok, changed, failed, unreachable, ...) of the PLAY RECAP's host lines, summed."""
    lines = [line for block in output.split('PLAY RECAP')[1:] for line in block.splitlines()[1:] if RECAP_LINE.match(line.strip())]
    totals = collections.Counter(ok=0, changed=0, failed=0, unreachable=0)
    for key, value in re.findall(r'(\w+)=(\d+)', '\n'.join(lines)):
        totals[key] += int(value)
    return totals, bool(lines)


def environment(emu, version):
    """ansible-playbook's environment: the collection pointed at the emulator through one API version's ZOOM_* variables."""
    v1 = {'ZOOM_API_KEY': emu.api_key, 'ZOOM_API_SECRET': emu.api_secret}
    v2 = {'ZOOM_OAUTH_URL': f'{emu.root}/oauth/token', 'ZOOM_ACCOUNT_ID': emu.account_id, 'ZOOM_CLIENT_ID': emu.client_id,
          'ZOOM_CLIENT_SECRET': emu.client_secret}
    env = dict(DEFAULTS, **{key: value for key, value in os.environ.items() if key not in v1 and key not in v2})
    return dict(env, ZOOM_API_VERSION=version, ZOOM_API_URL=f'{emu.root}/{version}', **(v2 if version == 'v2' else v1))


def run_playbook(emu, env, argv, number, verbose):
    """One run: its exit code, PLAY RECAP totals, wall time and the calls the emulator saw (and the write calls)."""
    emu.clear_calls()
    start = time.monotonic()
    proc = subprocess.run(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    seconds = time.monotonic() - start
    if verbose or proc.returncode != 0:
        print(f'--- ansible-playbook output, run {number} (exit {proc.returncode}) ---\n{proc.stdout.rstrip()}\n--- end of output ---')
    (totals, found), writes = recap(proc.stdout), emu.write_calls()
    return dict(rc=proc.returncode, seconds=seconds, recap=totals, has_recap=found, calls=len(emu.calls()), writes=len(writes),
                write_endpoints=sorted({call.get('endpoint', '?') for call in writes}))


def check_runs(runs):
    """Print the two runs of one API version; what is wrong with them (nothing when run 1 changed things, run 2 nothing)."""
    problems = []
    for number, run in enumerate(runs, start=1):
        counts = run['recap']
        print(f'run {number}: rc={run["rc"]} ok={counts["ok"]} changed={counts["changed"]} failed={counts["failed"]} '
              f'unreachable={counts["unreachable"]} | API calls={run["calls"]} write calls={run["writes"]} | {run["seconds"]:.1f}s'
              + (' | writes: ' + ', '.join(run['write_endpoints']) if run['write_endpoints'] else ''))
        if run['rc'] != 0 or counts['failed'] or counts['unreachable']:
            problems.append(f'run {number} failed (exit {run["rc"]})')
        elif not run['has_recap']:
            problems.append(f'run {number} printed no PLAY RECAP')
    first, second = runs
    problems += ['run 1 changed nothing'] if first['recap']['changed'] == 0 else []
    problems += [f'run 2 changed {second["recap"]["changed"]} task(s): the playbook is not idempotent'] if second['recap']['changed'] else []
    problems += [f'run 2 made {second["writes"]} write call(s): {", ".join(second["write_endpoints"])}'] if second['writes'] else []
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--playbook', default=os.path.join('docs', 'examples', 'demo.yml'))
    parser.add_argument('--verbose', '-v', action='store_true', help='print the ansible-playbook output of both runs')
    parser.add_argument('extra', nargs='*', help='extra ansible-playbook arguments (after --)')
    args = parser.parse_args()
    playbook = os.path.join(REPO, args.playbook)   # an absolute path stays as it is
    if not os.path.isfile(playbook):
        print(f'demo: playbook {playbook} not found', file=sys.stderr)
        return 2
    shown = os.path.relpath(playbook, REPO) if playbook.startswith(REPO + os.sep) else playbook
    problems, summaries = [], []
    for version in ('v2', 'v1'):
        with Emulator() as emu:
            print(f'demo: API {version}: emulator at {emu.root}/{version}; playbook {shown}')
            env = environment(emu, version)
            runs = [run_playbook(emu, env, ['ansible-playbook', playbook] + args.extra, number, args.verbose) for number in (1, 2)]
        problems.extend(f'API {version}: {problem}' for problem in check_runs(runs))
        summaries.append(f'API {version}: run 1 changed={runs[0]["recap"]["changed"]}, run 2 changed=0 with '
                         f'{runs[1]["calls"]} read-only API call(s)')
    print('demo: FAILED: ' + '; '.join(problems) if problems else 'demo: OK: ' + '; '.join(summaries))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
