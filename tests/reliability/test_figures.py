"""The reliability figures print only what was observed (issue 14): the pure functions of conftest.py."""

from .conftest import digest, figures_line, observed_figures, overlapping


def test_known_counters_print_in_order_then_any_other_sorted():
    line = figures_line({'string_booleans_tried': 3, 'redirects_refused': 2, 'faults_tried': 1, 'a_new_one': 5})
    assert line.startswith('reliability: faults tried 1, redirects refused (target reached 0 times) 2, ')
    assert 'converged' not in line and 'leaks' not in line and 'secret' not in line
    assert line.endswith(', a new one 5, string booleans tried 3')


def test_no_leak_figure_without_a_scanned_run():
    # The old line printed "leaks 0" although no run had been scanned.
    assert figures_line({'leaks': 0}) is None
    assert figures_line({'leaks': 0, 'faults_tried': 2}) == 'reliability: faults tried 2'
    assert figures_line({'leaks': 0, 'secret_runs': 2}) == 'reliability: secret runs scanned 2, leaks 0'


def test_secret_values_are_counted_once_however_many_runs_scan_them():
    # Five runs scanning the same 17 values: 17 distinct values, not 85.
    values = set(digest('secret-%d' % number) for number in range(17))
    line = figures_line({'secret_runs': 5, 'leaks': 0, 'secret_values_checked': 85}, {'secret_values': values})
    assert line == 'reliability: secret runs scanned 5, distinct secret values 17, leaks 0'
    # Values with no scanned run are not a figure either.
    assert figures_line({}, {'secret_values': values}) is None


def test_attempts_and_zero_counts_are_not_figures():
    # 'races' counted a race before its outcome was known: only races seen overlapping are printed.
    assert figures_line({'races': 3}) is None
    assert figures_line({'races': 3, 'races_overlapped': 2}) == 'reliability: races observed overlapping 2'
    assert figures_line({'faults_tried': 0, 'concurrent_hosts': 0}) is None
    assert observed_figures({'concurrent_hosts': 19}, {}) == [('concurrent_hosts', 'hosts observed running at once', 19)]


def test_overlapping_counts_intervals_that_share_time_with_another():
    assert overlapping([]) == 0
    assert overlapping([(0, 1)]) == 0
    assert overlapping([(0, 1), (1, 2), (2, 3)]) == 0          # touching is not overlapping
    assert overlapping([(0, 2), (1, 3), (5, 6)]) == 2
    assert overlapping([(0, 10), (1, 2), (3, 4), (11, 12)]) == 3
    assert overlapping([(3, 4), (0, 10)]) == 2
