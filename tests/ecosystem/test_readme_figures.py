"""The README's figures are the data's (issue 14): tools/figures.py renders them from docs/figures/*.json, and CI
(this test, in `make test`'s ecosystem suite) fails when the README and the data differ, when a data file lacks a
field the README shows, or when a region is missing.

The first test runs the tool as CI does (a process, its exit status); the others call its main() in this process
(``figures``): the same argument parsing, exit status and messages, without a Python start-up (about 0.1 CPU-s) for
each of their forty runs."""

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import types

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(REPO, 'tools', 'figures.py')
REGIONS = ('v2-noop', 'roster', 'reliability')


def load_tool():
    spec = importlib.util.spec_from_file_location('figures_tool', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures_process(root, *args):
    return subprocess.run([sys.executable, TOOL, '--root', str(root)] + list(args), capture_output=True, text=True,
                          check=False, timeout=60)


TOOL_MODULE = load_tool()


def figures(root, *args):
    """tools/figures.py's main() on ``root``, in this process: its exit status and what it printed."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        returncode = TOOL_MODULE.main(['--root', str(root)] + list(args))
    return types.SimpleNamespace(returncode=returncode, stdout=stdout.getvalue(), stderr=stderr.getvalue())


@pytest.fixture
def copy(tmp_path):
    """README.md and docs/figures/ in a temporary root."""
    shutil.copy(os.path.join(REPO, 'README.md'), tmp_path / 'README.md')
    shutil.copytree(os.path.join(REPO, 'docs', 'figures'), tmp_path / 'docs' / 'figures')
    return tmp_path


def region(text, name):
    match = re.search(r'<!-- figures: %s -->\n(.*?)<!-- /figures -->' % re.escape(name), text, re.S)
    assert match, name
    return match


def edit_json(root, name, change):
    path = root / 'docs' / 'figures' / name
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_the_readme_figures_are_those_of_docs_figures():
    run = figures_process(REPO, '--check')
    assert run.returncode == 0, run.stderr
    assert 'matches' in run.stdout


@pytest.mark.parametrize('name', REGIONS)
def test_a_figure_changed_by_hand_fails_the_check_naming_its_region_and_a_rewrite_restores_it(copy, name):
    readme = copy / 'README.md'
    text = readme.read_text()
    match = region(text, name)
    # The last number of the region's table, one more.
    body = match.group(1)
    numbers = list(re.finditer(r'\| (\d+)[ .,]', body))
    assert numbers, name
    last = numbers[-1]
    edited = body[:last.start(1)] + str(int(last.group(1)) + 1) + body[last.end(1):]
    readme.write_text(text[:match.start(1)] + edited + text[match.end(1):])
    run = figures(copy, '--check')
    assert run.returncode == 1
    assert 'region(s) %s:' % name in run.stderr
    assert figures(copy).returncode == 0
    assert readme.read_text() == text
    assert figures(copy, '--check').returncode == 0


# A figure of each data file, and the region whose text it must change (derived figures included).
DATA_FIGURES = [
    ('bench_v2_noop.json', ('v2', 'noop_settings', 'api_calls'), 'v2-noop'),
    ('bench_v2_noop.json', ('machine', 'ansible_core'), 'v2-noop'),
    ('bench_roster.json', ('runs', 0, 'seconds'), 'roster'),
    ('bench_roster.json', ('naive', 'seconds'), 'roster'),            # the per-user time and every speed-up
    ('bench_roster.json', ('accounts', 'forks_1', 'cpu_seconds'), 'roster'),   # the cores busy and the bound
    ('bench_roster.json', ('settings', 'calls'), 'roster'),           # calls per user and the floor at 100,000
    ('bench_roster.json', ('machine_before', 'cores'), 'roster'),     # also the bound of the accounts' speed-up
    ('reliability.json', ('figures', 'faults_tried'), 'reliability'),
    ('reliability.json', ('measured', 'tests'), 'reliability'),
]


def walk(data, path):
    for key in path[:-1]:
        data = data[key]
    return data, path[-1]


@pytest.mark.parametrize('name, path, expected', DATA_FIGURES)
def test_a_figure_changed_in_the_data_changes_its_region(copy, name, path, expected):
    def change(data):
        holder, key = walk(data, path)
        holder[key] = holder[key] + 7 if isinstance(holder[key], (int, float)) else holder[key] + '.1'
    edit_json(copy, name, change)
    run = figures(copy, '--check')
    assert run.returncode == 1, run.stdout
    assert 'region(s) %s:' % expected in run.stderr


@pytest.mark.parametrize('name, path, expected', DATA_FIGURES)
def test_a_field_missing_from_the_data_fails_naming_the_file_and_the_field(copy, name, path, expected):
    def remove(data):
        holder, key = walk(data, path)
        del holder[key]
    edit_json(copy, name, remove)
    text = (copy / 'README.md').read_text()
    for args in (('--check',), ()):
        run = figures(copy, *args)
        assert run.returncode == 2
        field = ''.join('[%d]' % key if isinstance(key, int) else '.' + key for key in path).lstrip('.')
        assert 'region %s: docs/figures/%s: no field %s' % (expected, name, field) in run.stderr
    assert (copy / 'README.md').read_text() == text   # nothing written


def test_a_region_missing_or_unknown_fails(copy):
    readme = copy / 'README.md'
    text = readme.read_text()
    readme.write_text(text.replace('<!-- figures: v2-noop -->', '<!-- figures: v2-nop -->'))
    run = figures(copy, '--check')
    assert run.returncode == 2
    assert "unknown figures region 'v2-nop'" in run.stderr
    assert 'no figures region v2-noop' in run.stderr


def test_a_reliability_row_without_figures_fails(copy):
    readme = copy / 'README.md'
    text = readme.read_text()
    renamed = text.replace('| Property |', '| Properties |')
    readme.write_text(renamed)
    run = figures(copy)
    assert run.returncode == 2
    assert "row 'Properties' has no figures" in run.stderr and 'no row for Property' in run.stderr
    assert readme.read_text() == renamed   # nothing written


def test_a_reliability_run_is_taken_in_with_when_and_how_long(copy, tmp_path):
    logs = tmp_path / 'logs'
    logs.mkdir()
    current = json.loads((copy / 'docs' / 'figures' / 'reliability.json').read_text())['figures']
    new = dict(current, faults_tried=current['faults_tried'] + 1)
    (logs / 'reliability-figures.json').write_text(json.dumps(new))
    (logs / 'junit-reliability.xml').write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="12" time="61.5" '
        'timestamp="2026-11-28T09:30:00.5+00:00"></testsuite></testsuites>')
    run = figures(copy, '--reliability', str(logs / 'reliability-figures.json'))
    assert run.returncode == 0, run.stderr
    data = json.loads((copy / 'docs' / 'figures' / 'reliability.json').read_text())
    assert data['figures'] == new
    assert data['measured']['date'] == '2026-11-28 09:30 UTC'
    assert (data['measured']['tests'], data['measured']['seconds']) == (12, 61.5)
    text = (copy / 'README.md').read_text()
    assert 'Figures of the run of 2026-11-28 09:30 UTC (12 reliability tests in 62 s' in text
    assert '| %d faults tried' % new['faults_tried'] in text
    assert figures(copy, '--check').returncode == 0


def test_numbers_and_durations_are_rendered_as_the_readme_shows_them():
    tool = TOOL_MODULE
    assert tool.number(100000) == '100,000'
    assert [tool.duration(value) for value in (59.6, 559, 6550)] == ['60 s', '9 min', '109 min']
    assert tool.duration(7200) == '2.0 h'
    assert tool.calls_text(tool.Data({'calls': 27, 'list_calls': 6, 'endpoints': {
        'GET /users': 6, 'GET /users/{userId}': 10, 'PATCH /users/{userId}': 10, 'POST /oauth/token': 1}}, 'run')) == (
        '27 (6 list pages, 10 `GET /users/{userId}`, 10 `PATCH /users/{userId}`, 1 token)')


def test_the_growth_from_10k_to_100k_and_the_goals_are_computed_from_the_runs(copy):
    def grow(data):
        for size, time_factor, rss_factor in ((10000, 2.0, 1.5), (100000, 30.0, 6.0)):
            for run in [run for run in data['runs'] if run['size'] == 1000 and run['roster'] == 'file'
                        and not run['changes']]:
                data['runs'].append(dict(run, size=size, seconds=run['seconds'] * time_factor,
                                         maxrss_mib=run['maxrss_mib'] * rss_factor))
        data['goals_missed'] = ['v1 roster file: 100k/10k time ratio 15.0 (goal: at most 10)']
    edit_json(copy, 'bench_roster.json', grow)
    assert figures(copy).returncode == 0
    notes = region((copy / 'README.md').read_text(), 'roster').group(1)
    assert 'v1 roster file 15.0× the time, 4.0× the max RSS' in notes
    assert 'the ratio at most 10, with the roster as a file and in host_vars): missed: v1 roster file: 100k/10k' in \
        ' '.join(notes.split())


def test_a_failed_bench_run_is_refused_not_rendered(copy):
    edit_json(copy, 'bench_roster.json', lambda data: data.update(failures=['v1 N=1000 roster file: rc 2']))
    text = (copy / 'README.md').read_text()
    run = figures(copy)
    assert run.returncode == 2
    assert 'a failed run is no figure: v1 N=1000 roster file: rc 2' in run.stderr
    assert (copy / 'README.md').read_text() == text
