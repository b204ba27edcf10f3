"""ansible-lint over the examples users copy: the EXAMPLES of every module and filter plugin, and the example
playbooks of the roles' READMEs, with the profile of the repository's .ansible-lint (production: FQCN, task names,
YAML style, Jinja spacing, no_log on secrets...).

Each plugin's EXAMPLES (a list of tasks) becomes one play on localhost: the text verbatim (comments and layout kept)
under its ``tasks:``. A README's ``yaml`` block that is a playbook (a list of plays) is copied as it is. They are
linted as the plays of one playbook in a temporary directory (see lint_run). ansible-lint runs
offline, on zoomops.zoom as this checkout (tests/conftest.py links .build/collections/ansible_collections/zoomops/zoom
to it), the way test_lint_user_playbook.py runs it. A failure lists each problem as its rule, the example (plugin or
README, from the lines that hold it) and the task. A syntax-check failure stops the rules on the whole playbook: once
it is mended, the next run lists the other examples' problems.

The second test proves the check can fail: a copy of the plugins whose examples call a module by its short name,
and name a task in lower case, fails naming fqcn[action] and name[casing] and the examples that hold them. Both tests
read ONE ansible-lint run, which lints the examples and the mutated ones together and tells their problems apart by
path.
"""

import ast
import glob
import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from .test_lint_user_playbook import COLLECTIONS, PLAYBOOK as USER_PLAYBOOK, REPO, ansible_lint

# Under xdist (-n), the session fixture linted (one ansible-lint run) is made on one xdist worker.
pytestmark = pytest.mark.xdist_group('ecosystem-lint')

# Where the examples are: plugin globs (relative to a repository root) and the roles' READMEs.
PLUGIN_GLOBS = ('plugins/modules/*.py', 'plugins/filter/*.py', 'plugins/filter/*.yml')
README_GLOB = 'roles/*/README.md'
# The rules the examples must pass however the profile is set: a user copies the examples as they are.
REQUIRED_RULES = ('fqcn', 'name')
PLAY_HEADER = '---\n- name: Examples of the %s %s\n  hosts: localhost\n  gather_facts: false\n  tasks:\n'
TASK_NAME = re.compile(r'^    - name: (.*)$')


def repository_profile(repo=REPO):
    """The profile of the repository's .ansible-lint (production when it names none)."""
    with open(os.path.join(repo, '.ansible-lint'), encoding='utf-8') as handle:
        config = yaml.safe_load(handle) or {}
    for key in ('skip_list', 'warn_list'):
        relaxed = [rule for rule in config.get(key) or () if str(rule).split('[', maxsplit=1)[0] in REQUIRED_RULES]
        assert not relaxed, "the repository's .ansible-lint %s relaxes %s, which the examples must pass" % (key, relaxed)
    return config.get('profile') or 'production'


def examples_of(path):
    """The EXAMPLES text of a plugin (the module-level string of a .py file, the key of a .yml doc file), or None."""
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    if path.endswith('.py'):
        for node in ast.parse(text, path).body:
            if isinstance(node, ast.Assign) and any(getattr(target, 'id', None) == 'EXAMPLES' for target in node.targets):
                return ast.literal_eval(node.value)
        return None
    return (yaml.safe_load(text) or {}).get('EXAMPLES')


def readme_playbooks(path):
    """The ``yaml`` blocks of a README that are playbooks (a list of plays, each with ``hosts``)."""
    with open(path, encoding='utf-8') as handle:
        blocks = re.findall(r'^```ya?ml\n(.*?)^```', handle.read(), re.S | re.M)
    playbooks = []
    for block in blocks:
        try:
            plays = yaml.safe_load(block)
        except yaml.YAMLError:
            continue
        if isinstance(plays, list) and plays and all(isinstance(play, dict) and 'hosts' in play for play in plays):
            playbooks.append(block)
    return playbooks


def example_playbooks(repo):
    """One playbook per example of ``repo``: {playbook file name: (what it comes from, its text)}. Fails for a module
    (or a documented filter) without EXAMPLES, or with EXAMPLES that are not a list of tasks."""
    playbooks = {}
    problems = []
    for path in sorted(set(path for pattern in PLUGIN_GLOBS for path in glob.glob(os.path.join(repo, pattern)))):
        name = os.path.splitext(os.path.basename(path))[0]
        if name == '__init__':
            continue
        kind = 'module' if os.sep + 'modules' + os.sep in path else 'filter'
        relative = os.path.relpath(path, repo)
        text = examples_of(path)
        if text is None:
            with open(path, encoding='utf-8') as handle:
                documented = 'DOCUMENTATION' in handle.read()
            if kind == 'module' or documented:   # a filter's .py file holding only FilterModule has its docs in .yml
                problems.append('%s has no EXAMPLES' % relative)
            continue
        tasks = yaml.safe_load(text)
        if not isinstance(tasks, list) or not tasks:
            problems.append('%s: EXAMPLES is not a list of tasks' % relative)
            continue
        body = ''.join(('    ' + line if line.strip() else line) for line in text.strip('\n').splitlines(True))
        playbooks['%s_%s.yml' % (kind, name)] = ('the EXAMPLES of %s' % relative, PLAY_HEADER % (name, kind) + body + '\n')
    for path in sorted(glob.glob(os.path.join(repo, README_GLOB))):
        role = os.path.basename(os.path.dirname(path))
        for number, block in enumerate(readme_playbooks(path), 1):
            playbooks['role_%s_readme_%d.yml' % (role, number)] = (
                'example playbook %d of %s' % (number, os.path.relpath(path, repo)),
                block if block.startswith('---') else '---\n' + block)
    assert not problems, problems
    return playbooks


def write_playbooks(workdir, folder, playbooks):
    """Each playbook in its own file ``folder/NAME``: {path relative to ``workdir``: what it comes from}."""
    os.makedirs(os.path.join(workdir, folder), exist_ok=True)
    written = {}
    for name, (where, text) in playbooks.items():
        with open(os.path.join(workdir, folder, name), 'w', encoding='utf-8') as handle:
            handle.write(text)
        written[folder + '/' + name] = where
    return written


def write_merged(workdir, path, playbooks):
    """All the playbooks as the plays of ONE playbook ``path`` (each keeps its text, without its ``---``):
    {path: [(first line, last line, what it comes from), ...]}."""
    lines, parts, first = [], ['---\n'], 2
    for where, text in playbooks.values():
        text = text[len('---\n'):] if text.startswith('---\n') else text
        text = text if text.endswith('\n') else text + '\n'
        lines.append((first, first + text.count('\n') - 1, where))
        first += text.count('\n')
        parts.append(text)
    os.makedirs(os.path.dirname(os.path.join(workdir, path)), exist_ok=True)
    with open(os.path.join(workdir, path), 'w', encoding='utf-8') as handle:
        handle.write(''.join(parts))
    return {path: lines}


def where_at(written, path, line):
    """What the line ``line`` of the playbook ``path`` comes from (``written``: from write_playbooks or write_merged),
    and the first line of that example."""
    where = written.get(path, path)
    if isinstance(where, str):
        return where, 1
    return next(((origin, first) for first, last, origin in where if line and first <= line <= last), (path, 1))


def task_at(path, line, first=1):
    """The name of the task of the playbook ``path`` that holds ``line`` (1-based), '' when it is in the play (the
    example's play starts at line ``first``)."""
    with open(path, encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    for number in range(min(line, len(lines)), first - 1, -1):
        match = TASK_NAME.match(lines[number - 1])
        if match:
            return match.group(1).strip().strip('"\'')
    return ''


def lint(workdir, written):
    """One ansible-lint run over the playbooks ``written`` (paths relative to ``workdir``, see where_at) with
    the repository's profile: the problems, each as (rule, playbook, where, task, message)."""
    config = os.path.join(workdir, '.ansible-lint')
    with open(config, 'w', encoding='utf-8') as handle:
        handle.write('---\nprofile: %s\noffline: true\n' % repository_profile())
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, NO_COLOR='1')
    env['PATH'] = os.path.dirname(ansible_lint()) + os.pathsep + env.get('PATH', '')
    proc = subprocess.run([ansible_lint(), '--offline', '--nocolor', '-f', 'json', '-c', config] + sorted(written),
                          cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, check=False)
    try:
        report = json.loads(proc.stdout or '[]')
    except ValueError:
        pytest.fail('ansible-lint gave no JSON report (exit %d):\n%s\n%s' % (proc.returncode, proc.stdout, proc.stderr))
    problems = []
    for item in report:
        location = item.get('location') or {}
        playbook = location.get('path', '?')
        line = (location.get('lines') or {}).get('begin') or ((location.get('positions') or {}).get('begin') or {}).get('line')
        line = int(line) if line else None
        where, first = where_at(written, playbook, line)
        task = task_at(os.path.join(workdir, playbook), line, first) if line and playbook in written else ''
        problems.append((item.get('check_name', '?'), playbook, where, task, item.get('description', '')))
    assert bool(problems) == (proc.returncode != 0), 'exit %d without a problem listed:\n%s' % (proc.returncode,
                                                                                                proc.stderr)
    # Every playbook was linted as one (none left out as of an unknown kind).
    assert ' in %d files processed of %d encountered' % (len(written), len(written)) in proc.stderr, proc.stderr
    return problems


def mutated_copy(copy):
    """A copy of the plugins whose examples break the rules: zoom_user's calls it by its short name (which a play
    that names no collection cannot resolve); zoom_user_info's calls ansible.builtin.copy by its short name and its
    first task's name is in lower case. The lower-case name."""
    shutil.copytree(os.path.join(REPO, 'plugins'), str(copy / 'plugins'), ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copy(os.path.join(REPO, '.ansible-lint'), str(copy / '.ansible-lint'))
    mutate(copy / 'plugins' / 'modules' / 'zoom_user.py', '  zoomops.zoom.zoom_user:\n', '  zoom_user:\n')
    info = copy / 'plugins' / 'modules' / 'zoom_user_info.py'
    mutate(info, '  ansible.builtin.copy:\n', '  copy:\n')
    first_name = re.search(r'^- name: ([A-Z].*)$', info.read_text(encoding='utf-8'), re.M).group(1)
    lower_case = first_name[0].lower() + first_name[1:]
    mutate(info, '- name: ' + first_name + '\n', '- name: ' + lower_case + '\n')
    return lower_case


def lint_run(tmp):
    """ONE ansible-lint run over the examples of this checkout and those of the mutated copy (and, when the profile is
    production, the user playbook of test_lint_user_playbook.py), told apart by path; the session fixture ``linted``
    (conftest.py) makes it once for the tests of both files.
    An ansible-lint run costs about 2.5 CPU-s before its first playbook, and each playbook an ansible-playbook
    --syntax-check (about 0.7 CPU-s): so this checkout's examples are the plays of one playbook (real/examples.yml;
    a problem is the example's whose lines hold it), and mutated/ holds only the examples the mutations changed, one
    playbook each (a syntax-check failure stops the rules on its whole file: each mutated example keeps its own).
    The copy's other examples are this checkout's, text for text: their problems are those real/ has in them.
    {'real': (examples, problems), 'mutated': (examples, problems), 'lower_case': the task name made lower case,
    'profile': the profile, 'user': the user playbook's problems (only with the production profile)}."""
    copy = tmp / 'repo'
    lower_case = mutated_copy(copy)
    real, mutated = example_playbooks(REPO), example_playbooks(str(copy))
    changed = dict((name, example) for name, example in mutated.items() if real.get(name) != example)
    assert sorted(changed) == ['module_zoom_user.yml', 'module_zoom_user_info.yml'], sorted(changed)
    written = write_merged(str(tmp), 'real/examples.yml', real)
    written.update(write_playbooks(str(tmp), 'mutated', changed))
    profile = repository_profile()
    if profile == 'production':
        with open(USER_PLAYBOOK, encoding='utf-8') as handle:
            written.update(write_playbooks(str(tmp), 'user', {'user_playbook.yml': ('the user playbook', handle.read())}))
    problems = lint(str(tmp), written)
    unchanged = set(where for name, (where, _text) in mutated.items() if name not in changed)
    # A problem outside the folders (the configuration, say) is each side's, as it was when each side had its run.
    elsewhere = [problem[:1] + problem[2:] for problem in problems if not problem[1].startswith(('real/', 'mutated/', 'user/'))]
    side = dict((folder, [problem[:1] + problem[2:] for problem in problems if problem[1].startswith(folder + '/')])
                for folder in ('real', 'mutated', 'user'))
    result = {'real': (real, side['real'] + elsewhere), 'lower_case': lower_case, 'profile': profile,
              'mutated': (mutated, side['mutated'] + [problem for problem in side['real'] if problem[1] in unchanged]
                          + elsewhere)}
    if profile == 'production':
        result['user'] = side['user'] + elsewhere
    return result


def listed(problems):
    return '\n'.join('%s in %s, task %r: %s' % problem for problem in problems)


def test_every_example_passes_ansible_lint_with_the_repository_profile(linted):
    examples, problems = linted['real']
    assert problems == [], 'ansible-lint (profile %s) on the examples:\n%s' % (repository_profile(), listed(problems))
    kinds = sorted(where for where, _text in examples.values())
    assert any('plugins/modules/zoom_user.py' in kind for kind in kinds), kinds
    assert any('plugins/filter/' in kind for kind in kinds), kinds
    assert any('roles/zoom_roster/README.md' in kind for kind in kinds), kinds


def test_a_short_module_name_or_a_lower_case_task_name_in_an_example_fails_naming_the_rule_and_the_example(linted):
    _written, problems = linted['mutated']
    found = set((rule, where) for rule, where, _task, _message in problems)
    assert found == {('syntax-check[unknown-module]', 'the EXAMPLES of plugins/modules/zoom_user.py'),
                     ('fqcn[action-core]', 'the EXAMPLES of plugins/modules/zoom_user_info.py'),
                     ('name[casing]', 'the EXAMPLES of plugins/modules/zoom_user_info.py')}, listed(problems)
    # Each problem names the task that holds it.
    tasks = dict((rule, task) for rule, _where, task, _message in problems)
    assert tasks['name[casing]'] == linted['lower_case'], listed(problems)
    assert all(task for task in tasks.values()), listed(problems)


def mutate(path, old, new):
    text = path.read_text(encoding='utf-8')
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding='utf-8')
