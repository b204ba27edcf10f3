"""Run docs/examples/demo.yml twice from an INSTALLED copy of zoomops.zoom against an emulator
started from that same installed copy (tests/emulator/zoom_emulator.py inside it).

Proves that the collection as shipped in the tarball works without the git checkout: the
playbook, the modules and the emulator all come from COLLECTIONS_PATH. Run 1 must change
something, run 2 must change nothing and make no write call.

Usage: python tools/ecosystem/installed_demo.py COLLECTIONS_PATH
(ansible-playbook is the one next to this Python, else the one on PATH.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

RECAP_LINE = re.compile(r'^(?P<host>\S+)\s*:\s*(?P<counts>(?:\w+=\d+\s*)+)$')
COUNT = re.compile(r'(\w+)=(\d+)')


def recap_totals(output: str) -> dict[str, int]:
    """Sum the PLAY RECAP counters (ok, changed, failed, ...) over every host."""
    totals = {'ok': 0, 'changed': 0, 'failed': 0, 'unreachable': 0}
    in_recap = False
    for line in output.splitlines():
        if line.startswith('PLAY RECAP'):
            in_recap = True
            continue
        match = RECAP_LINE.match(line.strip()) if in_recap else None
        if match:
            for key, value in COUNT.findall(match.group('counts')):
                totals[key] = totals.get(key, 0) + int(value)
    return totals


def ansible_bin(name: str) -> str:
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else (shutil.which(name) or name)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    collections_path = os.path.abspath(sys.argv[1])
    installed = os.path.join(collections_path, 'ansible_collections', 'zoomops', 'zoom')
    playbook = os.path.join(installed, 'docs', 'examples', 'demo.yml')
    emulator_dir = os.path.join(installed, 'tests', 'emulator')
    for path in (playbook, os.path.join(emulator_dir, 'zoom_emulator.py'), os.path.join(emulator_dir, 'harness.py')):
        if not os.path.isfile(path):
            print(f'installed_demo: {path} is missing from the installed collection')
            return 1

    sys.path.insert(0, emulator_dir)
    # The installed copy's harness (its EMULATOR_PATH is the installed zoom_emulator.py).
    import harness  # pylint: disable=import-outside-toplevel

    if not os.path.realpath(harness.EMULATOR_PATH).startswith(os.path.realpath(installed) + os.sep):
        print(f'installed_demo: the emulator would start from {harness.EMULATOR_PATH}, not from the installed copy')
        return 1

    env = {key: value for key, value in os.environ.items() if not key.startswith(('ANSIBLE_', 'ZOOM_'))}
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': collections_path,
        'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
    })
    failures = []
    with tempfile.TemporaryDirectory(prefix='zoom-installed-demo.') as workdir, harness.Emulator() as emu:
        env.update({'ZOOM_API_URL': emu.url, 'ZOOM_API_KEY': emu.api_key, 'ZOOM_API_SECRET': emu.api_secret})
        print(f'installed_demo: emulator {emu.url} from {harness.EMULATOR_PATH}')
        print(f'installed_demo: playbook {playbook}')
        for number in (1, 2):
            emu.clear_calls()
            start = time.monotonic()
            # cwd outside the checkout: no ansible.cfg, collections/ or roles/ of the repository is seen.
            proc = subprocess.run([ansible_bin('ansible-playbook'), playbook], cwd=workdir, env=env, text=True,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
            totals = recap_totals(proc.stdout)
            writes = emu.write_calls()
            print(f'installed_demo: run {number}: rc={proc.returncode} ok={totals["ok"]} changed={totals["changed"]} '
                  f'failed={totals["failed"]} | API calls={len(emu.calls())} writes={len(writes)} | {time.monotonic() - start:.1f}s')
            if proc.returncode != 0 or totals['failed'] or not totals['ok']:
                failures.append(f'run {number} failed (rc {proc.returncode})')
                print(proc.stdout)
            elif number == 1 and totals['changed'] == 0:
                failures.append('run 1 changed nothing')
            elif number == 2 and (totals['changed'] or writes):
                failures.append(f'run 2 is not idempotent: changed={totals["changed"]}, {len(writes)} write call(s)')
                print(proc.stdout)
    if failures:
        print('installed_demo: FAILED: ' + '; '.join(failures))
        return 1
    print('installed_demo: OK: the installed collection converges (run 1 changed, run 2 changed=0)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
