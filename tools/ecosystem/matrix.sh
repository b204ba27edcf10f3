#!/usr/bin/env bash
# Run tests/unit and tests/integration on the edges of the version matrix that
# meta/runtime.yml's requires_ansible claims (the project venv covers the middle, ansible-core 2.19):
#
#   2.17  oldest claimed ansible-core, on Python 3.11   venv .build/venv-2.17
#   2.21  newest ansible-core, on pyenv's Python 3.12   venv .build/venv-2.21
#         (skipped with "skipped: no Python 3.12" when pyenv has no 3.12.*)
#
# Each venv is created once and reinstalled only when its requirement list or interpreter
# changes (stamp file inside the venv).  The tests run with that venv's python: the
# integration harness runs the ansible-playbook next to the running interpreter, so the
# playbooks run on that ansible-core too.
#
# Usage: tools/ecosystem/matrix.sh [2.17] [2.21]   (default: both; from the repository root)
# Environment: MATRIX_XDIST (default "-n 2"), MATRIX_PYTHON_2_17 (default python3.11, else python3),
#              MATRIX_PYTHON_2_21 (default: newest $(pyenv root)/versions/3.12.*), LOG_DIR (JUnit files).
set -euo pipefail

build=.build
log_dir=${LOG_DIR:-$build/logs}
xdist=${MATRIX_XDIST:--n 2}
mkdir -p "$log_dir"

# Test tools, with the bounds of requirements-dev.txt; ansible-core is added per entry.
common_requirements=(
    'pytest>=8,<9'
    'pytest-xdist>=3.5,<4'
    'pyyaml>=6,<7'
    'requests>=2.25,<3'
    'hypothesis>=6.100,<7'
)

python_for_2_17() {
    if [[ -n ${MATRIX_PYTHON_2_17:-} ]]; then
        echo "$MATRIX_PYTHON_2_17"
    elif command -v python3.11 >/dev/null 2>&1; then
        command -v python3.11
    else
        command -v python3
    fi
}

python_for_2_21() {
    if [[ -n ${MATRIX_PYTHON_2_21:-} ]]; then
        echo "$MATRIX_PYTHON_2_21"
        return
    fi
    local root candidate best=''
    root=$(pyenv root 2>/dev/null) || return 0
    # Highest 3.12.N (numeric sort on the patch number).
    for candidate in "$root"/versions/3.12.*; do
        [[ -x $candidate/bin/python3.12 ]] || continue
        best=$(printf '%s\n%s\n' "$best" "$candidate" | sed '/^$/d' | sort -t. -k3,3n | tail -n 1)
    done
    [[ -n $best ]] && echo "$best/bin/python3.12"
    return 0
}

# ensure_venv DIR PYTHON REQUIREMENT...
ensure_venv() {
    local dir=$1 python=$2
    shift 2
    local want stamp
    want="$("$python" -c 'import sys; print(sys.implementation.name, *sys.version_info[:3])') | $*"
    stamp=$dir/.zoomops-matrix
    if [[ -x $dir/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then
        return 0
    fi
    echo "matrix: creating $dir ($want)"
    rm -rf "$dir"
    "$python" -m venv "$dir"
    if ! "$dir/bin/python" -m pip install --disable-pip-version-check -q "$@" >"$log_dir/$(basename "$dir").pip.log" 2>&1; then
        grep -v "^WARNING: Location '.*' is ignored" "$log_dir/$(basename "$dir").pip.log" | tail -n 40
        echo "matrix: pip install into $dir failed (log: $log_dir/$(basename "$dir").pip.log)"
        return 1
    fi
    echo "$want" >"$stamp"
}

# run_entry NAME PYTHON ANSIBLE_REQUIREMENT
run_entry() {
    local name=$1 python=$2 core=$3 dir=$build/venv-$1 start status=0
    start=$(date +%s)
    ensure_venv "$dir" "$python" "$core" "${common_requirements[@]}"
    local core_version
    core_version=$("$dir/bin/ansible-playbook" --version)   # whole output: `| head -n 1` would break its pipe
    echo "matrix: $name: $("$dir/bin/python" --version), ${core_version%%$'\n'*} (setup $(( $(date +%s) - start ))s)"
    # shellcheck disable=SC2086  # MATRIX_XDIST is a list of arguments
    "$dir/bin/python" -m pytest tests/unit tests/integration $xdist -p no:cacheprovider \
        --junitxml="$log_dir/junit-matrix-$name.xml" || status=$?
    echo "matrix: $name: pytest exited $status after $(( $(date +%s) - start ))s"
    return "$status"
}

entries=("$@")
[[ ${#entries[@]} -eq 0 ]] && entries=(2.17 2.21)

failed=0
ran=()
skipped=()
for entry in "${entries[@]}"; do
    case $entry in
        2.17)
            ran+=(2.17)
            run_entry 2.17 "$(python_for_2_17)" 'ansible-core>=2.17,<2.18' || failed=$(( failed + 1 ))
            ;;
        2.21)
            python=$(python_for_2_21)
            if [[ -z $python ]]; then
                echo "matrix: 2.21: skipped: no Python 3.12 (pyenv root/versions/3.12.* not found)"
                skipped+=(2.21)
                continue
            fi
            ran+=(2.21)
            run_entry 2.21 "$python" 'ansible-core>=2.21,<2.22' || failed=$(( failed + 1 ))
            ;;
        *)
            echo "matrix: unknown entry $entry (known: 2.17, 2.21)" >&2
            exit 2
            ;;
    esac
done
if [[ $failed -ne 0 ]]; then
    echo "matrix: FAILED ($failed of ${#entries[@]} entries)"
    exit 1
fi
echo "matrix: OK (ran: ${ran[*]:-none}; skipped: ${skipped[*]:-none})"
