"""Write an offline stand-in for the ``get-pip.py`` script that ansible-test downloads.

ansible-test bootstraps pip into each sanity-test virtual environment by running
``~/.ansible/test/cache/get_pip_<pip_version>.py``; if the file is missing it tries to
download it from a host that is not reachable from CI.  The stand-in written here runs
``python -m ensurepip`` and then ``python -m pip install <arguments>`` (dropping the
``--no-setuptools``/``--no-wheel`` flags that only get-pip.py understands), so pip and
every other package come from the ordinary package index configuration.

The pip version(s) are read from the installed ansible_test package.  The script is
idempotent: it rewrites a file only when its content differs, and it never replaces a
file it did not write (for example a real get-pip.py) unless ``--force`` is given.

Usage: python tools/write_get_pip_shim.py [--force] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import types

MARKER = '# zoomops.zoom offline get-pip shim'

SHIM = '''\
"""Offline stand-in for get-pip.py (see tools/write_get_pip_shim.py in zoomops.zoom)."""
{marker}
import subprocess
import sys

DROP = ('--no-setuptools', '--no-wheel')


def main():
    args = [arg for arg in sys.argv[1:] if arg not in DROP]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    main()
'''


def pip_versions() -> set[str]:
    """Return every pip version that the installed ansible-test may ask for."""
    versions: set[str] = set()
    try:
        from ansible_test._internal import python_requirements  # pylint: disable=import-outside-toplevel
        from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS  # pylint: disable=import-outside-toplevel

        for python_version in SUPPORTED_PYTHON_VERSIONS:
            packages = python_requirements.get_venv_packages(types.SimpleNamespace(version=python_version))
            if 'pip' in packages:
                versions.add(packages['pip'])
    except Exception as ex:  # pragma: no cover - fallback for a changed internal API
        print(f'write_get_pip_shim: ansible-test API lookup failed ({ex}); parsing its source instead', file=sys.stderr)
        import ansible_test  # pylint: disable=import-outside-toplevel

        path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
        with open(path, encoding='utf-8') as handle:
            versions.update(re.findall(r"""pip\s*=\s*['"]([0-9][0-9.]*)['"]""", handle.read()))
    if not versions:
        raise SystemExit('write_get_pip_shim: could not find the pip version that ansible-test uses')
    return versions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--force', action='store_true', help='replace files this script did not write')
    parser.add_argument('--cache-dir', default=os.path.expanduser('~/.ansible/test/cache'))
    args = parser.parse_args()

    content = SHIM.format(marker=MARKER)
    os.makedirs(args.cache_dir, exist_ok=True)
    for version in sorted(pip_versions()):
        path = os.path.join(args.cache_dir, f'get_pip_{version.replace(".", "_")}.py')
        if os.path.exists(path):
            with open(path, encoding='utf-8', errors='replace') as handle:
                current = handle.read()
            if current == content:
                continue
            if MARKER not in current and not args.force:
                print(f'write_get_pip_shim: keeping existing {path} (not written by this script; use --force to replace)')
                continue
        tmp = path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as handle:
            handle.write(content)
        os.replace(tmp, path)
        print(f'write_get_pip_shim: wrote {path} (pip {version})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
