#!/usr/bin/env bash
# Build the collection tarball as users get it, install it into a throw-away collections path
# and run the demo playbook from the installed copy against an emulator started from the
# installed copy (tools/ecosystem/installed_demo.py): nothing may depend on the git checkout.
#
#   1. ansible-galaxy collection build -> .build/dist/zoomops-zoom-<version>.tar.gz
#   2. the tarball holds no build output, venv, cache or test output, and holds what users need
#   3. ansible-galaxy collection install --offline --no-deps into a temporary collections path
#   4. docs/examples/demo.yml twice from there: run 1 changes, run 2 changes nothing
#
# Usage: tools/ecosystem/galaxy.sh   (from the repository root; ansible-galaxy, ansible-playbook
# and python from the project venv, first on PATH under make)
set -euo pipefail

dist=.build/dist
rm -rf "$dist"
mkdir -p "$dist"
start=$(date +%s)
ansible-galaxy collection build --force --output-path "$dist" .
tarballs=("$dist"/zoomops-zoom-*.tar.gz)
tarball=${tarballs[0]}
[[ -f $tarball ]] || { echo "galaxy: no tarball in $dist"; exit 1; }
echo "galaxy: built $tarball ($(du -k "$tarball" | cut -f1) KiB, $(tar -tzf "$tarball" | wc -l) entries)"

# What must never ship: venvs, build folders, caches, test output, VCS data.
listing=$(tar -tzf "$tarball")
forbidden=$(grep -E '(^|/)(\.venv|\.build|\.ansible|\.git|__pycache__|\.pytest_cache|\.ruff_cache|\.hypothesis|build)(/|$)|^tests/output(/|$)|\.pyc$|\.tar\.gz$' <<<"$listing" || true)
if [[ -n $forbidden ]]; then
    echo "galaxy: FAILED: the tarball contains build output, venvs or caches:"
    head -n 20 <<<"$forbidden" | sed 's/^/    /'
    exit 1
fi
missing=''
for required in MANIFEST.json FILES.json README.md meta/runtime.yml meta/execution-environment.yml requirements.txt \
    changelogs/changelog.yaml plugins/modules/zoom_user.py docs/examples/demo.yml \
    tests/emulator/zoom_emulator.py tests/emulator/zoomemu/__init__.py tests/emulator/zoomemu/store.py \
    tests/emulator/zoomemu/v1.py tests/emulator/zoomemu/control.py tests/emulator/zoomemu/server.py tests/emulator/harness.py; do
    grep -qx -- "$required" <<<"$listing" || missing+=" $required"
done
if [[ -n $missing ]]; then
    echo "galaxy: FAILED: the tarball lacks:$missing"
    exit 1
fi
echo "galaxy: tarball contents OK (no .venv, .build, .ansible, __pycache__, tests/output; has the demo and the emulator)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zoom-galaxy.XXXXXX")
# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
ANSIBLE_COLLECTIONS_PATH=$tmp ansible-galaxy collection install --offline --no-deps -p "$tmp" "$tarball"
installed=$tmp/ansible_collections/zoomops/zoom
[[ -f $installed/MANIFEST.json && ! -L $installed ]] || { echo "galaxy: FAILED: nothing installed at $installed"; exit 1; }

# The installed copy (not the checkout) is what ansible sees, and its docs load.
ANSIBLE_COLLECTIONS_PATH=$tmp ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ansible-galaxy collection list zoomops.zoom -p "$tmp" 2>/dev/null | grep -F "$tmp" >/dev/null
(cd "$tmp" && ANSIBLE_COLLECTIONS_PATH=$tmp ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ansible-doc -t module zoomops.zoom.zoom_user >/dev/null)

python tools/ecosystem/installed_demo.py "$tmp"
echo "galaxy: OK in $(( $(date +%s) - start ))s"
