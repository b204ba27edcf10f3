"""Lint the EXAMPLES of every module and filter plugin with ansible-lint (production profile).

Each plugin's EXAMPLES (a list of tasks) becomes one playbook in a temporary directory
(``hosts: localhost``, the EXAMPLES text verbatim under ``tasks:``), and ansible-lint checks
them all: task names, FQCNs, YAML style, Jinja spacing, no_log on secrets... (Its experimental
``args`` rule stays a warning: it does not know that api_key/api_secret come from ZOOM_* env vars.)
Run with zoomops.zoom on ANSIBLE_COLLECTIONS_PATH.

Usage: python tools/ecosystem/lint_examples.py   (from the repository root)
"""

from __future__ import annotations

import ast
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def examples_of(path: str) -> str | None:
    """The EXAMPLES text of a plugin: the module-level string in a .py file, or the key of a .yml doc file."""
    if path.endswith('.py'):
        tree = ast.parse(open(path, encoding='utf-8').read(), path)
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'EXAMPLES' for t in node.targets):
                return ast.literal_eval(node.value)
        return None
    with open(path, encoding='utf-8') as handle:
        return (yaml.safe_load(handle) or {}).get('EXAMPLES')


def main() -> int:
    plugins = sorted(glob.glob(os.path.join(REPO, 'plugins', 'modules', '*.py'))
                     + glob.glob(os.path.join(REPO, 'plugins', 'filter', '*.py'))
                     + glob.glob(os.path.join(REPO, 'plugins', 'filter', '*.yml')))
    missing = []
    workdir = tempfile.mkdtemp(prefix='zoom-examples.')
    try:
        written = 0
        playbooks = []
        for path in plugins:
            name = os.path.splitext(os.path.basename(path))[0]
            if name == '__init__':
                continue
            text = examples_of(path)
            if text is None:
                # A filter .py file that only holds the FilterModule documents its filters in .yml files.
                if '/modules/' in path or 'DOCUMENTATION' in open(path, encoding='utf-8').read():
                    missing.append(os.path.relpath(path, REPO))
                continue
            tasks = yaml.safe_load(text)
            if not isinstance(tasks, list) or not tasks:
                missing.append(os.path.relpath(path, REPO) + ' (EXAMPLES is not a list of tasks)')
                continue
            kind = 'module' if '/modules/' in path else 'filter'
            # The EXAMPLES text verbatim (comments and layout included), indented under `tasks:`.
            body = ''.join(('    ' + line if line.strip() else line) for line in text.strip('\n').splitlines(True))
            header = ('---\n- name: Examples of the %s %s\n  hosts: localhost\n  gather_facts: false\n  tasks:\n'
                      % (name, kind))
            playbook = '%s_%s.yml' % (kind, name)
            playbooks.append(playbook)
            with open(os.path.join(workdir, playbook), 'w', encoding='utf-8') as handle:
                handle.write(header + body + '\n')
            written += 1
        if missing:
            print('lint_examples: no EXAMPLES in: ' + ', '.join(missing))
            return 1
        with open(os.path.join(workdir, '.ansible-lint'), 'w', encoding='utf-8') as handle:
            handle.write('---\nprofile: production\noffline: true\n')
        ansible_lint = os.path.join(os.path.dirname(sys.executable), 'ansible-lint')
        proc = subprocess.run([ansible_lint if os.path.exists(ansible_lint) else 'ansible-lint', '--offline', '--nocolor',
                               '-c', os.path.join(workdir, '.ansible-lint')] + playbooks, cwd=workdir, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        if proc.returncode != 0:
            print(proc.stdout.replace(workdir + os.sep, ''))
            print('lint_examples: FAILED: ansible-lint found problems in the EXAMPLES above (file = <kind>_<plugin>.yml)')
            return 1
        print('lint_examples: OK: the EXAMPLES of %d plugins pass ansible-lint (production profile)' % written)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
