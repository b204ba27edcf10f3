#!/usr/bin/env bash
# Run the benchmarks that exist: tests/emulator/bench_emulator.py and tests/bench/*.py.
# Each script prints its own figures; this only runs them in turn and fails if one fails.
# Usage: tools/run_bench.sh   (from the repository root, through `make bench`)
set -euo pipefail

scripts=()
[[ -f tests/emulator/bench_emulator.py ]] && scripts+=(tests/emulator/bench_emulator.py)
for script in tests/bench/*.py; do
    [[ -f $script && $(basename "$script") != __init__.py && $(basename "$script") != conftest.py ]] && scripts+=("$script")
done

if [[ ${#scripts[@]} -eq 0 ]]; then
    echo "run_bench: no benchmark scripts found (tests/emulator/bench_emulator.py, tests/bench/*.py)" >&2
    exit 1
fi

failed=0
for script in "${scripts[@]}"; do
    echo "==> bench: python $script"
    start=$(date +%s)
    if python "$script"; then
        echo "==> bench: $script done in $(( $(date +%s) - start ))s"
    else
        rc=$?
        echo "==> bench: $script FAILED (exit $rc)"
        failed=$(( failed + 1 ))
    fi
done
[[ $failed -eq 0 ]]
