#!/usr/bin/env bash
# Run pytest on one test directory.
#
# A directory with no test files (test_*.py / *_test.py) is reported as SKIPPED and
# exits 0, so the target stays valid before that suite is written.  A directory that
# has test files but from which pytest collects nothing (exit 5) fails.
# Usage: tools/run_pytest.sh DIR [pytest arguments]
set -euo pipefail

dir=$1
shift

if [[ ! -d $dir ]] || [[ -z $(find "$dir" -type f \( -name 'test_*.py' -o -name '*_test.py' \) -not -path '*/__pycache__/*' -print -quit) ]]; then
    echo "run_pytest: SKIPPED $dir: no test files (test_*.py, *_test.py) there yet"
    exit 0
fi

junit_dir=${LOG_DIR:-.build/logs}
mkdir -p "$junit_dir"
junit="$junit_dir/junit-$(basename "$dir").xml"

status=0
python -m pytest "$dir" --junitxml="$junit" "$@" || status=$?
if [[ $status -eq 5 ]]; then
    echo "run_pytest: FAILED $dir has test files but pytest collected no tests (exit 5)"
fi
exit "$status"
