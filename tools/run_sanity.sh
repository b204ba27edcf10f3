#!/usr/bin/env bash
# Run `ansible-test sanity` on a copy of the collection.
#
# ansible-test needs the collection at .../ansible_collections/<namespace>/<name>/, so the
# work tree is copied (without .git, .venv, .build, tests/output and caches) into a
# temporary directory laid out that way, and ansible-test runs there.  The results
# directory (tests/output) is copied back to $SANITY_OUTPUT (default .build/sanity-output).
#
# Usage: tools/run_sanity.sh [SOURCE_DIR] [-- extra ansible-test arguments]
# Environment:
#   SANITY_PYTHON   Python version for ansible-test --python (default 3.11)
#   SANITY_OUTPUT   where to copy tests/output after the run (default SOURCE_DIR/.build/sanity-output)
#   SANITY_FULL_LOG the unfiltered ansible-test output, pip lines included
#                   (default SOURCE_DIR/.build/logs/sanity-full.log)
#   KEEP_SANITY_TMP set to 1 to keep the temporary copy
# ansible-test must be on PATH (make sanity puts .venv/bin first).
set -euo pipefail

src=$(pwd)
if [[ $# -gt 0 && $1 != -- ]]; then
    src=$1
    shift
fi
[[ ${1:-} == -- ]] && shift
src=$(cd "$src" && pwd)

if [[ ! -f $src/galaxy.yml ]]; then
    echo "run_sanity: $src/galaxy.yml not found: nothing to test" >&2
    exit 1
fi

read -r namespace name < <(python3 - "$src/galaxy.yml" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
def field(key):
    m = re.search(r'^' + key + r':\s*["\']?([A-Za-z0-9_]+)', text, re.M)
    return m.group(1) if m else ''
print(field('namespace'), field('name'))
EOF
)
if [[ -z ${namespace:-} || -z ${name:-} ]]; then
    echo "run_sanity: cannot read namespace/name from $src/galaxy.yml" >&2
    exit 1
fi

python_version=${SANITY_PYTHON:-3.11}
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
output=${SANITY_OUTPUT:-$src/.build/sanity-output}
full_log=${SANITY_FULL_LOG:-$src/.build/logs/sanity-full.log}
pip_noise="^(WARNING: Location '.*' is ignored|Collecting |  Downloading |  Using cached |Processing |Looking in (indexes|links)|Installing collected packages|Successfully (installed|uninstalled)|  Attempting uninstall|    Found existing installation|    Uninstalling |Requirement already satisfied| +[━╸─]+ )"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zoom-sanity.XXXXXX")
# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
    if [[ ${KEEP_SANITY_TMP:-0} != 1 ]]; then
        rm -rf "$tmp"
    else
        echo "run_sanity: kept $tmp"
    fi
}
trap cleanup EXIT

dest=$tmp/ansible_collections/$namespace/$name
mkdir -p "$dest"
# No rsync on CI machines: tar with excludes (anchored at the top of the tree).
tar -C "$src" -cf - \
    --anchored \
    --exclude=./.git --exclude=./.venv --exclude=./.build --exclude=./.ansible --exclude=./tests/output \
    --exclude=./build \
    --no-anchored \
    --exclude=__pycache__ --exclude=.pytest_cache --exclude=.ruff_cache --exclude=.hypothesis \
    --exclude='*.pyc' --exclude='*.tar.gz' \
    . | tar -C "$dest" -xf -

cd "$dest"
echo "run_sanity: ansible-test sanity on $namespace.$name (python $python_version) in $dest"
start=$(date +%s)
# The console shows ansible-test's own lines; pip's progress lines (installing the sanity
# venvs) go only to the full log.
mkdir -p "$(dirname "$full_log")"
set +e
ansible-test sanity --requirements --python "$python_version" --color no "$@" 2>&1 \
    | tee "$full_log" \
    | grep --line-buffered -v -E "$pip_noise"
status=${PIPESTATUS[0]}
set -e
echo "run_sanity: ansible-test sanity exited $status after $(( $(date +%s) - start ))s"

if [[ -d $dest/tests/output ]]; then
    rm -rf "$output"
    mkdir -p "$(dirname "$output")"
    cp -r "$dest/tests/output" "$output"
fi
exit "$status"
