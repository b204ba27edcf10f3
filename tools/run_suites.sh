#!/usr/bin/env bash
# Run several make targets ("suites") with at most SUITE_JOBS of them at once.
#
# Each suite writes to $LOG_DIR/<suite>.log.  As soon as a suite ends, one line tells
# PASS/FAIL and its time; a passing suite shows the last lines of its log, a failing one
# the last $FAIL_TAIL lines (default 400).  A summary table closes the run and the
# script exits non-zero when any suite failed.
# Usage: tools/run_suites.sh SUITE...   (from the repository root; MAKE may name make)
set -uo pipefail

jobs=${SUITE_JOBS:-2}
log_dir=${LOG_DIR:-.build/logs}
fail_tail=${FAIL_TAIL:-400}
make_cmd=${MAKE:-make}
mkdir -p "$log_dir"
rm -f "$log_dir"/junit-*.xml "$log_dir/summary.txt"

declare -A suite_of_pid=() start_of=() result_of=() seconds_of=()
order=("$@")
overall_start=$(date +%s)

summary_line() {
    # The closing summary line of a pytest run, or of ansible-test / ruff / ansible-lint.
    local log=$1
    grep -E '^=+ .*( passed| failed| error| skipped| no tests ran).* in [0-9.]+s.*=+$|^run_pytest: SKIPPED|^run_sanity: ansible-test sanity exited|^All checks passed|^Passed: |^Failed: ' "$log" | tail -n 1 || true
}

finish() {
    local pid=$1 rc=$2 suite
    suite=${suite_of_pid[$pid]}
    seconds_of[$suite]=$(( $(date +%s) - ${start_of[$suite]} ))
    local log=$log_dir/$suite.log
    if [[ $rc -eq 0 ]] && grep -q '^run_pytest: SKIPPED' "$log"; then
        result_of[$suite]=SKIP
        echo "==> SKIP $suite: $(grep '^run_pytest: SKIPPED' "$log" | head -n 1)"
    elif [[ $rc -eq 0 ]]; then
        result_of[$suite]=PASS
        echo "==> PASS $suite (${seconds_of[$suite]}s)  log: $log"
        tail -n 4 "$log" | sed "s/^/    [$suite] /"
    else
        result_of[$suite]="FAIL($rc)"
        echo "==> FAIL $suite (exit $rc, ${seconds_of[$suite]}s)  log: $log -- last $fail_tail lines:"
        grep -v "^WARNING: Location '.*' is ignored" "$log" | tail -n "$fail_tail" | sed "s/^/    [$suite] /"
        echo "==> end of $suite log"
    fi
}

running=0
# Wait for any one suite to end and report it.
reap_one() {
    local pid='' rc
    wait -n -p pid
    rc=$?
    finish "$pid" "$rc"
    running=$(( running - 1 ))
}
for suite in "${order[@]}"; do
    while (( running >= jobs )); do
        reap_one
    done
    echo "==> start $suite"
    start_of[$suite]=$(date +%s)
    "$make_cmd" --no-print-directory "$suite" >"$log_dir/$suite.log" 2>&1 </dev/null &
    suite_of_pid[$!]=$suite
    running=$(( running + 1 ))
done
while (( running > 0 )); do
    reap_one
done

passed=0
failed=0
skipped=0
echo
echo "==> summary (wall time $(( $(date +%s) - overall_start ))s, $jobs at a time)"
for suite in "${order[@]}"; do
    printf '    %-16s %-8s %5ss  %s\n' "$suite" "${result_of[$suite]}" "${seconds_of[$suite]}" "$(summary_line "$log_dir/$suite.log")"
    if [[ ${result_of[$suite]} == PASS ]]; then
        passed=$(( passed + 1 ))
    elif [[ ${result_of[$suite]} == SKIP ]]; then
        skipped=$(( skipped + 1 ))
    else
        failed=$(( failed + 1 ))
    fi
done
# Test counts over the pytest suites of this run (from their JUnit XML files).
tests_line=$(python3 - "$log_dir" <<'EOF_PY' || true
import glob, os, sys
import xml.etree.ElementTree as ET
total = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}
files = sorted(glob.glob(os.path.join(sys.argv[1], 'junit-*.xml')))
for path in files:
    root = ET.parse(path).getroot()
    for suite in ([root] if root.tag == 'testsuite' else root.iter('testsuite')):
        for key in total:
            total[key] += int(suite.get(key, 0))
if files:
    failed = total['failures'] + total['errors']
    passed = total['tests'] - failed - total['skipped']
    skipped = ', %d skipped' % total['skipped'] if total['skipped'] else ''
    # The closing line CI reads: the tests of every pytest suite of this run (failed suites included).
    print('tests: %d passed, %d failed%s' % (passed, failed, skipped))
EOF_PY
)
closing="suites: $passed passed, $failed failed"
(( skipped > 0 )) && closing+=", $skipped skipped"
echo "$closing"
# summary.txt (repeated by .ci/run as its last line): the test counts, else the suite counts.
echo "${tests_line:-$closing}" | tee "$log_dir/summary.txt"
[[ $failed -eq 0 ]]
