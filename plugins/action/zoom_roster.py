# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zoomops.zoom.zoom_roster action: hands the roster variable named by ``users_var`` to the module without templating
and validating it as a module argument (documented in plugins/modules/zoom_roster.py).

Why: a roster of 100,000 users given as ``users: "{{ zoom_roster_users }}"`` costs ansible-core a template pass over
every string, a JSON copy into the module's arguments, and AnsibleModule's validation of every entry -- about 20 s and
hundreds of MiB before the module starts. Here the variable is read from the task's variables as it is, only its
strings that hold a template (a password from a vault variable) are templated, one by one, and the roster goes to the
module as a JSON file in the task's private temporary directory, which is removed afterwards.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from collections.abc import Mapping

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six import binary_type, integer_types, string_types
from ansible.plugins.action import ActionBase

from ansible_collections.zoomops.zoom.plugins.module_utils.roster import missing_roster_message, not_a_list_message

MODULE = 'zoomops.zoom.zoom_roster'
# Jinja2's markers, as ansible-core's own is_possibly_template looks for them.
TEMPLATE_MARKERS = ('{{', '{%', '{#')


class NotAList(Exception):
    """The roster variable's value (after templating, when it is a template) is not a list."""


def where(index, entry):
    """An entry named as the module names it in messages: index and email (the email only when it is plain text)."""
    email = entry.get('email') if isinstance(entry, Mapping) else None
    return 'entry %d (%s)' % (index, email) if isinstance(email, string_types) and not has_template(email) \
        else 'entry %d' % index


def has_template(text):
    """Whether the string ``text`` may hold a Jinja2 template (a cheap substring test, as ansible-core makes)."""
    return any(marker in text for marker in TEMPLATE_MARKERS)


def plain_data(value, template=None):
    """``value`` as plain JSON data (dict, list, str, int, float, bool, None), each string that holds a template passed
    through ``template`` first (when given). Anything else -- a date, an ansible-core tagged or vault-encrypted
    value -- becomes its text, as ansible-core turns it into module arguments."""
    if isinstance(value, string_types):
        if template is not None and has_template(value):
            return plain_data(template(value))
        return str(value)   # a plain str, whatever subclass ansible-core tagged it with
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, integer_types):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return dict((str(key), plain_data(item, template)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain_data(item, template) for item in value]
    if isinstance(value, binary_type):
        return to_text(value, errors='surrogate_or_strict')
    return to_text(value)


def roster_of(value, template):
    """The roster held by a variable's ``value``, as plain data: a list whose template strings are templated one by
    one, or a template string (``"{{ staff + contractors }}"``) templated as a whole, which must give a list. Raises
    NotAList otherwise (None included: the caller names it as undefined)."""
    if isinstance(value, string_types) and has_template(value):
        # Templated once, as a whole: what it gives is final (ansible-core resolves the variables it names).
        value = plain_data(template(value))
        if not isinstance(value, list):
            raise NotAList(value)
        return value
    if not isinstance(value, (list, tuple)):
        raise NotAList(value)
    roster = []
    for index, entry in enumerate(value):
        try:
            roster.append(plain_data(entry, template))
        except AnsibleError as exc:
            # which entry's template failed: the error alone names only the variable it missed
            raise AnsibleError('%s: %s' % (where(index, entry), first_line(exc)))
    return roster


def file_option_for(name):
    """The file option that stands instead of the variable ``name`` in messages: the role's own for its variable."""
    return 'zoom_roster_users_file' if name.startswith('zoom_roster_') else 'users_file'


def first_line(text, limit=300):
    """The first line of an error, shortened: ansible-core may quote the variable's source after it (a roster line
    with its passwords), which must never be shown."""
    line = to_text(text).strip().split('\n')[0]
    return line if len(line) <= limit else line[:limit] + '...'


class ActionModule(ActionBase):
    """Runs the module zoomops.zoom.zoom_roster; with ``users_var``, reads the roster from that variable itself."""

    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # no longer has any effect
        task_vars = task_vars or {}
        args = dict(self._task.args)
        name = args.get('users_var')
        if name is None:
            result.update(self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars))
            return result
        problem, roster = self._roster_from(name, args, task_vars)
        if problem:
            result.update(failed=True, changed=False, msg=problem)
            return result
        if roster is None:
            # The variable is undefined and users_file is given: the module reads the file itself.
            args.pop('users_var')
            result.update(self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars))
            return result
        path = None
        try:
            path = self._connection._shell.join_path(self._make_tmp_path(), 'roster.json')
            result.update(self._run_with_file(name, roster, path, args, task_vars))
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
            if path and self._connection._shell.tmpdir:
                # The directory was kept (ANSIBLE_KEEP_REMOTE_FILES, for debugging): the roster never is.
                self._low_level_execute_command(self._connection._shell.remove(path), sudoable=False)
        return result

    def _roster_from(self, name, args, task_vars):
        """(problem, roster): the message of a failure before any call, or the roster of the variable ``name`` (None
        when it is undefined and ``users_file`` stands instead)."""
        if not isinstance(name, string_types) or not name.strip():
            return 'users_var must be the name of a variable holding the roster, not %r' % (name,), None
        if args.get('users') is not None:
            return 'parameters are mutually exclusive: users|users_var', None
        defined = name in task_vars and task_vars[name] is not None
        if args.get('users_file') is not None:
            if defined:
                return ('parameters are mutually exclusive: the variable %s (users_var) and the file %s (users_file): '
                        'give one' % (name, file_option_for(name)), None)
            return None, None
        if not defined:
            return missing_roster_message(name, file_option_for(name)), None
        value = task_vars[name]
        try:
            return None, roster_of(value, self._templar.template)
        except NotAList as exc:
            # plain_data: the type's plain name (ansible-core 2.19 tags a dict as _AnsibleTaggedDict)
            return not_a_list_message(name, plain_data(exc.args[0])), None
        except AnsibleError as exc:
            return 'the variable %s (users_var) could not be templated: %s' % (name, first_line(exc)), None

    def _run_with_file(self, name, roster, path, args, task_vars):
        """The module's result, the roster handed over as the JSON file ``path`` (0600) in the task's private
        temporary directory: neither in the module's arguments nor in any output."""
        self._transfer_data(path, json.dumps(roster, separators=(',', ':')))
        self._remote_chmod([path], '0600')
        self._fixup_perms2((self._connection._shell.tmpdir, path), execute=False)
        result = self._execute_module(module_name=MODULE, module_args=dict(args, users_var=name, users_file=path),
                                      task_vars=task_vars)
        # The module names the variable, never the private file; this keeps it so whatever it failed on.
        for key in ('msg', 'exception', 'module_stderr', 'module_stdout'):
            if isinstance(result.get(key), string_types):
                result[key] = result[key].replace(path, 'the variable %s' % name)
        return result
