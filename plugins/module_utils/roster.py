# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roster: the whole account's users as one desired list, planned in one place.

Pure functions (no I/O) used by the ``zoomops.zoom.roster`` role's filter plugin:

- ``validate_roster`` checks every entry before any API call (the same checks zoom_user and
  zoom_user_assistant make, through users.check_email, users.wanted_from_options and
  assistants.wanted_assistants) and names each bad entry by index and email;
- ``plan_roster`` compares the entries with the account as zoom_user_info returned it, through
  users.plan_user and assistants.plan_assistants -- the code the modules run -- and answers which
  users to create, update, deactivate and remove and which hosts' assistants differ;
- ``summarise`` turns the plan and the registered results of the modules into counts and failures.

The modules still do the writes: the plan only decides which users they are run for.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.module_utils.common.validation import check_type_list
from ansible.module_utils.six import string_types

from ansible_collections.zoomops.zoom.plugins.module_utils.assistants import (
    email_key, ensure_assistants, plan_assistants, sorted_emails, status_name, wanted_assistants,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import CREATE_METHODS, FIELDS_BY_NAME, PROFILE_NAMES
from ansible_collections.zoomops.zoom.plugins.module_utils.record import BOOLEAN_SPELLINGS
from ansible_collections.zoomops.zoom.plugins.module_utils.users import (
    InvalidInput, check_email, create_method_for, describe, ensure_user, login_type_hint, parse_login_type, plan_user,
    settings_in, to_bool, to_int, wanted_from_options,
)

try:
    import yaml
except ImportError:  # a roster file in YAML then fails, naming PyYAML; JSON needs nothing
    yaml = None

STATES = ('present', 'absent')
UPDATE_PASSWORD = ('on_create', 'always')
# zoom_user's options a roster entry may carry, plus ``assistants``.
CONTROL_KEYS = ('email', 'state', 'active', 'permanent', 'create_method', 'password', 'update_password', 'login_type')
ENTRY_KEYS = frozenset(CONTROL_KEYS + PROFILE_NAMES + ('settings', 'assistants'))
SECRET_OPTIONS = ('password', 'host_key')
# Options passed on to zoom_user for a user the plan sends to it; never a secret (see ``secrets``), so that loop
# items, which -v prints, hold none.
PASSED_KEYS = ('email', 'state', 'active', 'create_method', 'update_password', 'login_type') + tuple(
    name for name in PROFILE_NAMES if name not in SECRET_OPTIONS) + ('settings',)
DEFAULT_MAX_REMOVALS = 10

CREATED = 'created'
UPDATED = 'updated'
DEACTIVATED = 'deactivated'
REMOVED = 'removed'
UNCHANGED = 'unchanged'


class RosterRefused(ValueError):
    """The roster would do something it must not do without being told explicitly (wipe the account,
    remove more users than allowed); nothing was planned."""


def parse_boolean(value, name, default=False):
    """A switch parsed exactly as Ansible parses a boolean option (ansible's own ``boolean(strict=True)``):
    true/false, yes/no, on/off, 1/0, y/n, t/f in any case, and real booleans. None (not set) is ``default``.

    Anything else -- an empty string included, which ``-e zoom_roster_purge=`` gives -- raises InvalidInput:
    a switch that may delete users is never guessed (Python's truth would make the string 'false' true).
    """
    if value is None:
        return default
    try:
        return to_bool(value)
    except ValueError:
        raise InvalidInput('%s must be a boolean (%s), not %r' % (name, BOOLEAN_SPELLINGS, value))


def role_options(purge=False, permanent=False, allow_empty=False, protected=None, max_removals=DEFAULT_MAX_REMOVALS):
    """The role's switches and limits, parsed (strings from ``-e key=value`` included) and checked; raises
    InvalidInput naming every bad one. Answers {purge, permanent, allow_empty, protected, max_removals}."""
    problems = []
    options = {}
    for name, value in (('purge', purge), ('permanent', permanent), ('allow_empty', allow_empty)):
        try:
            options[name] = parse_boolean(value, _VARIABLES[name])
        except InvalidInput as exc:
            problems.append(str(exc))
    options['protected'] = []
    try:
        # As Ansible reads a list option: a string is split on commas.
        for email in check_type_list(protected if protected is not None else []):
            options['protected'].append(check_email(email))
    except (TypeError, ValueError) as exc:
        problems.append('%s must be a list of emails: %s' % (_VARIABLES['protected'], exc))
    try:
        options['max_removals'] = to_int(DEFAULT_MAX_REMOVALS if max_removals is None else max_removals)
        if options['max_removals'] < 0:
            raise ValueError('%r is negative' % (max_removals,))
    except ValueError as exc:
        problems.append('%s must be a whole number of users, 0 or more: %s' % (_VARIABLES['max_removals'], exc))
    if problems:
        raise InvalidInput('invalid role variables: %s' % '; '.join(problems))
    return options


# The role variable behind each filter argument (messages name what the user set).
_VARIABLES = {'purge': 'zoom_roster_purge', 'permanent': 'zoom_roster_purge_permanent',
              'allow_empty': 'zoom_roster_allow_empty', 'protected': 'zoom_roster_protected',
              'max_removals': 'zoom_roster_max_removals'}


def _describe(index, entry):
    email = entry.get('email') if isinstance(entry, dict) else None
    return 'entry %d%s' % (index, ' (%s)' % email if email else '')


def validate_entry(entry, api_version=None):
    """The normalised form of one roster entry, checked against the rules of ``api_version`` (v1, the default, or
    v2: what users.wanted_from_options checks); raises InvalidInput naming every problem.

    Normalised: ``email`` (stripped), ``key`` (for comparison), ``state``, ``active`` (None: don't
    care), ``permanent``, ``create_method``, ``update_password``, ``login_type`` (number or None),
    ``has_password``, ``wanted`` (users.wanted_from_options), ``assistants`` (None: not managed) and
    ``options`` (what zoom_user is given when the user must be changed; no password).
    """
    if not isinstance(entry, dict):
        raise InvalidInput('must be a dictionary of zoom_user options, not %s' % type(entry).__name__)
    problems = []
    unknown = sorted(str(key) for key in set(entry) - ENTRY_KEYS)
    if unknown:
        problems.append('unknown keys: %s' % ', '.join(unknown))
    email = None
    if entry.get('email') in (None, ''):
        problems.append('email is required')
    else:
        try:
            email = check_email(entry['email'])
        except ValueError as exc:
            problems.append(str(exc))
    state = entry.get('state') or 'present'
    if state not in STATES:
        problems.append('state must be present or absent, not %r' % (state,))
    active = permanent = None
    try:
        active = parse_boolean(entry.get('active'), 'active', default=None)
    except InvalidInput as exc:
        problems.append(str(exc))
    try:
        permanent = parse_boolean(entry.get('permanent'), 'permanent')
    except InvalidInput as exc:
        problems.append(str(exc))
    create_method = entry.get('create_method')
    if create_method is not None and create_method not in CREATE_METHODS:
        problems.append('create_method must be one of %s, not %r' % (', '.join(sorted(CREATE_METHODS)), create_method))
    has_password = entry.get('password') not in (None, '')
    if create_method == 'autocreate' and not has_password:
        problems.append('create_method autocreate needs a password')
    update_password = entry.get('update_password') or 'on_create'
    if update_password not in UPDATE_PASSWORD:
        problems.append('update_password must be on_create or always, not %r' % (update_password,))
    login_type = None
    if entry.get('login_type') not in (None, ''):
        try:
            login_type = parse_login_type(entry['login_type'])
        except ValueError as exc:
            problems.append(str(exc))
        else:
            try:  # zoom_user creates with the method the login type gives, and refuses a disagreeing pair
                create_method_for(create_method if create_method in CREATE_METHODS else None, login_type)
            except ValueError as exc:
                problems.append(str(exc))
    wanted = {}
    try:
        wanted = wanted_from_options(entry, api_version)
    except InvalidInput as exc:
        problems.append(str(exc))
    assistants = None
    if entry.get('assistants') is not None:
        if state == 'absent':
            problems.append('assistants cannot be managed for a user with state absent')
        elif not isinstance(entry['assistants'], (list, tuple)):
            problems.append('assistants must be a list of emails')
        else:
            try:
                assistants = wanted_assistants(entry['assistants'], email)
            except InvalidInput as exc:
                problems.append(str(exc))
    if problems:
        raise InvalidInput('; '.join(problems))
    options = dict((key, entry[key]) for key in PASSED_KEYS if entry.get(key) is not None)
    options['email'] = email
    return {'email': email, 'key': email_key(email), 'state': state, 'active': active, 'permanent': permanent,
            'create_method': create_method, 'update_password': update_password, 'login_type': login_type,
            'has_password': has_password, 'wanted': wanted, 'assistants': assistants, 'options': options}


def missing_roster_message(name='zoom_roster_users', alternative='zoom_roster_users_file'):
    """The failure of a roster that is undefined or null, naming the variable ``name`` (and its ``alternative``)."""
    return ('missing required arguments: %s (or %s): it is undefined or null (a misspelt variable name?); give the '
            'list of users, [] for none' % (name, alternative))


def not_a_list_message(name, value):
    """The failure of a roster ``value`` that is not a list, naming the variable ``name`` and the type, never the value
    (it may hold passwords)."""
    return '%s must be a list of users, not %s' % (name, type(value).__name__)


def load_roster(path, what=None):
    """The roster entries of a JSON or YAML file (a list of entries, or a mapping with ``zoom_roster_users``): data
    only, never templated. Raises InvalidInput naming the file (or ``what``, e.g. the variable the action plugin wrote
    to a private file) when it cannot be read or holds something else."""
    what = what or 'zoom_roster_users_file %s' % path
    try:
        with open(path, 'rb') as handle:
            text = handle.read().decode('utf-8')
    except (IOError, OSError, UnicodeError) as exc:
        raise InvalidInput('cannot read %s: %s' % (what, exc))
    try:
        data = json.loads(text)
    except ValueError:
        if yaml is None:
            raise InvalidInput('%s is not JSON, and PyYAML, which reads YAML, is not installed' % what)
        try:
            data = yaml.load(text, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise InvalidInput('%s is neither JSON nor YAML: %s' % (what, exc))
    if isinstance(data, dict) and 'zoom_roster_users' in data:
        data = data['zoom_roster_users']
    if not isinstance(data, list):
        raise InvalidInput('%s must hold a list of users (or a mapping with zoom_roster_users), not %s'
                           % (what, type(data).__name__))
    return data


def validate_roster(users, purge=False, allow_empty=False, api_version=None):
    """The normalised entries of the roster ``users`` (validate_entry for each); raises InvalidInput
    naming every bad entry by index and email, and every duplicate email, before any API call.

    Raises RosterRefused when ``purge`` is asked with an empty roster and ``allow_empty`` is not set:
    an empty or undefined variable must never wipe an account.
    """
    if users is None:
        # An undefined (misspelt) or empty-valued variable: never "nothing to do", silently.
        raise InvalidInput(missing_roster_message())
    if not isinstance(users, (list, tuple)):
        raise InvalidInput(not_a_list_message('zoom_roster_users', users))
    purge = parse_boolean(purge, _VARIABLES['purge'])
    allow_empty = parse_boolean(allow_empty, _VARIABLES['allow_empty'])
    if purge and not users and not allow_empty:
        raise RosterRefused('refusing to purge: the roster is empty, which would remove every user of the account '
                            '(set zoom_roster_allow_empty: true if that is really wanted)')
    entries, problems, seen = [], [], {}
    for index, entry in enumerate(users):
        try:
            normalised = validate_entry(entry, api_version)
        except InvalidInput as exc:
            problems.append('%s: %s' % (_describe(index, entry), exc))
            continue
        if normalised['key'] in seen:
            problems.append('%s: duplicate email, already in entry %d' % (_describe(index, entry), seen[normalised['key']]))
            continue
        seen[normalised['key']] = index
        normalised['index'] = index
        entries.append(normalised)
    if problems:
        raise InvalidInput('invalid roster: %s' % '; '.join(problems))
    return entries


def check_roster(users, purge=False, permanent=False, allow_empty=False, protected=None,
                 max_removals=DEFAULT_MAX_REMOVALS, api_version=None):
    """(role_options' options, validate_roster's entries) of the roster and the role's switches, every switch parsed
    as Ansible parses booleans (``-e zoom_roster_purge=false`` arrives as the string 'false'). Raises InvalidInput or
    RosterRefused naming every problem, the roster's included when a switch is bad (but never purges on a switch that
    did not parse)."""
    problems = []
    options = None
    try:
        options = role_options(purge, permanent, allow_empty, protected, max_removals)
    except InvalidInput as exc:
        problems.append(str(exc))
    if options is None:
        try:
            validate_roster(users, api_version=api_version)
        except InvalidInput as exc:
            problems.append(str(exc))
        raise InvalidInput('; '.join(problems))
    return options, validate_roster(users, purge=options['purge'], allow_empty=options['allow_empty'],
                                    api_version=api_version)


def managed_hosts(entries):
    """Emails of the hosts whose assistants the roster manages (for zoom_user_info's assistants_for)."""
    return [entry['email'] for entry in entries if entry['assistants'] is not None]


def secrets(users):
    """{email: {password, host_key}} of the roster entries that set one (kept out of the plan and of loop items)."""
    result = {}
    for entry in users or []:
        if not isinstance(entry, dict) or not entry.get('email'):
            continue
        values = dict((name, entry[name]) for name in SECRET_OPTIONS if entry.get(name) not in (None, ''))
        if values:
            result[check_email(entry['email'])] = values
    return result


def category(plan):
    """How a users.Plan counts in the summary: created, deactivated, removed or updated."""
    actions = [action for action, _fields in plan.operations]
    if 'create' in actions:
        return CREATED
    if 'delete' in actions or 'permanent_delete' in actions:
        return REMOVED
    if 'deactivate' in actions:
        return DEACTIVATED
    return UPDATED


def _plan_entry(entry, record):
    """(category or None, users.Plan) of one present entry against its current record (zoom_user_info's, or None)."""
    options = dict(state='present', active=entry['active'],
                   create_method=create_method_for(entry['create_method'], entry['login_type']),
                   password='<set>' if entry['has_password'] else None,
                   update_password=entry['update_password'], email=entry['email'])
    wanted = entry['wanted']
    if record is not None and 'host_key' in wanted:
        # Zoom never lists host keys: compare the rest here, zoom_user compares the host key.
        wanted = dict((name, value) for name, value in wanted.items() if name != 'host_key')
    plan = plan_user(record, wanted, **options)
    return (category(plan) if plan.changed else None), plan


def plan_roster(entries, current_users, purge=False, permanent=False, protected=(),
                max_removals=DEFAULT_MAX_REMOVALS):
    """The plan from the account (``current_users``: zoom_user_info's ``users``) to the roster
    (``entries``: validate_roster's output). Pure.

    Answers a dict:

    - ``apply``: zoom_user options for every user to create or change (``roster_action`` says why:
      created, updated, deactivated, or ``verify`` for an entry with a host_key, which zoom_user
      alone can compare); ``created`` / ``updated`` / ``deactivated``: their emails;
    - ``remove``: users to remove ({email, login_type, permanent, reason: absent or purge});
    - ``assistants``: hosts whose assistants differ ({host_email, assistants, added, removed, login_type and
      assistants_login_type (lookup hints for zoom_user_assistant, when known), after_creates: the host or an added assistant is created by this run});
    - ``unchanged``: how many roster users need no call; ``counts``: planned counts;
    - ``protected_kept``: protected users that were not removed; ``warnings`` (a user of the account without an
      email is ignored with a warning: the roster matches users by email);
    - ``refused``: why the run must stop before any write (empty when it may go on): too many removals, or
      assistants that the state of the users after this run makes impossible (an assistant or a host that this
      run deactivates, invites, removes or leaves inactive, pending or missing), naming the entries.
    """
    purge = parse_boolean(purge, _VARIABLES['purge'])
    permanent = parse_boolean(permanent, _VARIABLES['permanent'])
    warnings = []
    current = _account_by_key(current_users, warnings)
    protected_keys = set(email_key(check_email(email)) for email in protected or [])
    roster = dict((entry['key'], entry) for entry in entries)
    apply, remove, hosts, protected_kept, uncreatable = [], [], [], [], []
    # email_key -> the record a present entry leaves behind (plan.after): the status after this run.
    after_records = {}
    unchanged = 0
    for entry in entries:
        public = current.get(entry['key'])
        if entry['state'] == 'absent':
            if public is None:
                unchanged += 1
            elif entry['key'] in protected_keys:
                protected_kept.append(public['email'])
                warnings.append('%s is protected: not removed although its roster entry says state=absent'
                                % public['email'])
            else:
                remove.append(_removal(public, entry['permanent'], 'absent'))
            continue
        if public is None and create_method_for(entry['create_method'], entry['login_type']) is None:
            # zoom_user refuses to create it (no create method gives that login type): so does the plan.
            uncreatable.append('%s: a missing user of login type %s cannot be created through Zoom\'s API'
                               % (_describe(entry['index'], entry), entry['login_type']))
            continue
        kind, plan = _plan_entry(entry, public)
        after_records[entry['key']] = plan.after
        warnings.extend(plan.warnings)
        options = dict(entry['options'])
        if public is not None and 'login_type' not in options and public.get('login_type'):
            # zoom_user finds the user with one call when it is told the login type.
            options['login_type'] = public['login_type']
        if kind is None and 'host_key' in entry['wanted'] and public is not None and public.get('status') != 'pending':
            # Zoom never lists host keys: only zoom_user (which reads the user) can compare this one.
            kind = 'verify'
        if kind is None:
            unchanged += 1
        else:
            options['roster_action'] = kind
            apply.append(options)
        host = _plan_host(entry, public, kind, warnings)
        if host is not None:
            hosts.append(host)
    purged = []
    if purge:
        for key, public in current.items():
            if key in roster:
                continue
            if key in protected_keys:
                protected_kept.append(public['email'])
            else:
                purged.append(_removal(public, permanent, 'purge'))
        remove.extend(purged)
    refused = uncreatable
    if len(purged) > max_removals:
        refused.append('refusing to purge %d users, more than zoom_roster_max_removals (%d): %s'
                       % (len(purged), max_removals, ', '.join(sorted_emails(user['email'] for user in purged))))
    by_kind = dict((kind, sorted_emails(o['email'] for o in apply if o['roster_action'] == kind))
                   for kind in (CREATED, UPDATED, DEACTIVATED, 'verify'))
    created_keys = set(email_key(email) for email in by_kind[CREATED])
    removed_reasons = dict((email_key(user['email']), user['reason']) for user in remove)
    for host in hosts:
        additions = host.pop('additions')
        login_types = set(_login_type_after_run(email, current, roster) for email in additions)
        if len(login_types) == 1 and None not in login_types:
            # zoom_user_assistant looks each assistant up with one call when it knows their login type.
            host['assistants_login_type'] = login_types.pop()
        problems = _assistants_after_run(host['host_email'], additions, current, roster, after_records,
                                         removed_reasons)
        if problems:
            entry = roster[email_key(host['host_email'])]
            refused.append('%s: its assistants cannot be set: %s'
                           % (_describe(entry['index'], entry), '; '.join(problems)))
        host['after_creates'] = host.pop('new_host') or any(email_key(email) in created_keys for email in host['added'])
    return {
        'apply': apply,
        'created': by_kind[CREATED],
        'updated': by_kind[UPDATED],
        'deactivated': by_kind[DEACTIVATED],
        'verify': by_kind['verify'],
        'remove': remove,
        'removals': sorted_emails(user['email'] for user in remove),
        'assistants': hosts,
        'unchanged': unchanged,
        'counts': {CREATED: len(by_kind[CREATED]), UPDATED: len(by_kind[UPDATED]),
                   DEACTIVATED: len(by_kind[DEACTIVATED]), REMOVED: len(remove), UNCHANGED: unchanged,
                   'verify': len(by_kind['verify']), 'assistants': len(hosts)},
        'protected_kept': sorted_emails(protected_kept),
        'warnings': warnings,
        'refused': refused,
    }


def _account_by_key(current_users, warnings):
    """{email_key: record} of zoom_user_info's users. A record without a usable email (or not a record at all)
    cannot be matched to a roster entry nor removed by email: it is left alone, with a warning."""
    current = {}
    for user in current_users or []:
        email = user.get('email') if isinstance(user, dict) else None
        if not isinstance(email, string_types) or not email.strip():
            who = 'id %s' % user.get('id') if isinstance(user, dict) and user.get('id') else repr(user)[:80]
            warnings.append('a user of the account has no email (%s): ignored, neither changed nor removed '
                            '(the roster matches users by email)' % who)
            continue
        current.setdefault(email_key(email), user)
    return current


def _login_type_after_run(email, current, roster):
    """The login type name of a user after this run (its entry's, the account's, or its create method's), or None."""
    key = email_key(email)
    entry = roster.get(key)
    if entry is not None and entry['login_type'] is not None:
        return _login_type_name(entry['login_type'])
    if key in current:
        return _login_type_name(current[key].get('login_type')) if current[key].get('login_type') else None
    if entry is not None and entry['state'] == 'present':
        return _login_type_name(CREATE_METHODS[entry['create_method'] or 'create']['login_type'])
    return None


def _assistants_after_run(host_email, additions, current, roster, after_records, removed_reasons):
    """Why the host's assistants cannot be set once this run's user changes are made (the role sets assistants
    last), as messages (empty: they can). Pure.

    Zoom only changes the assistants of an active host and only adds active users: the host and every assistant
    the plan adds (or re-adds after a delete-all) must be active AFTER this run's creations, updates,
    deactivations and removals -- which check mode cannot observe, so the plan must.
    """
    problems = []
    host_problem = _not_active_after_run(host_email, current, roster, after_records, removed_reasons)
    if host_problem:
        problems.append('the host %s: Zoom only changes the assistants of an active host' % host_problem)
    for email in additions:
        problem = _not_active_after_run(email, current, roster, after_records, removed_reasons)
        if problem:
            problems.append('assistant %s: only an active user can be an assistant' % problem)
    return problems


def _not_active_after_run(email, current, roster, after_records, removed_reasons):
    """'EMAIL is <why it is not active after this run>', or None when it is active then."""
    key = email_key(email)
    entry = roster.get(key)
    by_entry = ' by %s' % _describe(entry['index'], entry) if entry is not None else ''
    if key in removed_reasons:
        how = 'by purge' if removed_reasons[key] == 'purge' else by_entry
        return '%s is removed by this run (%s)' % (email, how.strip())
    public = current.get(key)
    if key in after_records:
        status = status_name(after_records[key] or {})
    elif public is not None:
        status = status_name(public)
    else:
        return '%s is not a user of this account, nor created by this roster' % email
    if status == 'active':
        return None
    before = status_name(public) if public is not None else None
    if public is None:
        verb = 'invited (pending, until the invitation is accepted)' if status == 'pending' else 'created %s' % status
        return '%s is %s by this run%s' % (email, verb, by_entry)
    if before != status:
        return '%s is made %s by this run%s' % (email, 'inactive (deactivated)' if status == 'inactive' else status,
                                                by_entry)
    return '%s is %s' % (email, status)


def _removal(public, permanent, reason):
    removal = {'email': public['email'], 'permanent': bool(permanent), 'reason': reason}
    if public.get('login_type'):
        removal['login_type'] = public['login_type']
    return removal


def _plan_host(entry, public, kind, warnings):
    """The assistants item of a host whose assistants differ (or whose user is created now), else None."""
    wanted = entry['assistants']
    if wanted is None:
        return None
    if public is None:
        if not wanted:
            return None
        method = entry['create_method'] or 'create'
        if CREATE_METHODS[method]['pending']:
            warnings.append('%s is invited (pending) by this run: its assistants will be set by a run after it '
                            'accepts' % entry['email'])
            return None
        return {'host_email': entry['email'], 'assistants': sorted_emails(wanted), 'new_host': True,
                'added': sorted_emails(wanted), 'removed': [], 'additions': list(wanted),
                'login_type': _login_type_name(CREATE_METHODS[method]['login_type'] if entry['login_type'] is None
                                               else entry['login_type'])}
    if public.get('status') == 'pending':
        if wanted:
            warnings.append('%s is invited (pending): its assistants will be set by a run after it accepts'
                            % public['email'])
        return None
    plan = plan_assistants(public.get('assistants') or [], wanted, 'present', exclusive=True)
    if not plan.changed and public.get('assistants') is not None:
        return None
    host = {'host_email': public['email'], 'assistants': sorted_emails(wanted), 'new_host': False,
            'added': sorted_emails(plan.added), 'removed': sorted_emails(plan.removed), 'additions': plan.additions}
    login_type = entry['login_type'] if entry['login_type'] is not None else public.get('login_type')
    if login_type not in (None, ''):
        # zoom_user_assistant finds the host (and, usually, its assistants) with one call each.
        host['login_type'] = _login_type_name(login_type)
    return host


def _login_type_name(login_type):
    """The name (sso, api, ...) of a login type given by name or number, as zoom_user_assistant's login_type takes it."""
    try:
        return parse_login_type(login_type)
    except ValueError:
        return login_type


# --- the summary --------------------------------------------------------------------------------
def _items(registered):
    if not isinstance(registered, dict):
        return []
    return [item for item in registered.get('results') or [] if isinstance(item, dict)]


def _failure(item, who):
    return {'email': who, 'msg': str(item.get('msg') or 'failed')}


def applied_kind(result):
    """How a zoom_user result counts: created, deactivated or updated -- from what the module reports it did
    (its diff), not from what the plan expected. A run that lost a race (another run created the user between
    the read and the create) re-reads and updates: that is an update, not a creation."""
    diff = result.get('diff')
    if isinstance(diff, dict) and isinstance(diff.get('before'), dict) and isinstance(diff.get('after'), dict):
        before, after = diff['before'], diff['after']
        if before.get('state') == 'absent' and after.get('state') == 'present':
            return CREATED
        if after.get('active') is False and before.get('active') is not False:
            return DEACTIVATED
        return UPDATED
    # No diff (not a zoom_user result as this collection writes it): its msg says what it did.
    message = str(result.get('msg') or '')
    return CREATED if message.endswith(' created') else UPDATED


def summarise(plan, applied=None, removed=None, assistants=None, check_mode=False):
    """Counts and failures of a roster run, from the plan and the registered loop results of
    zoom_user (``applied``, ``removed``) and zoom_user_assistant (``assistants``).

    A user the plan sent to zoom_user counts by what the module reported (``applied_kind``) when it reported a
    change (so check mode, where the modules predict, counts the same as the real run), unchanged otherwise.
    Failed items are listed as {email, msg}.
    """
    check_mode = parse_boolean(check_mode, 'check_mode')
    counts = {CREATED: 0, UPDATED: 0, DEACTIVATED: 0, REMOVED: 0, UNCHANGED: plan.get('unchanged', 0),
              'assistants': 0, 'failed': 0}
    failed = []
    for item in _items(applied):
        options = item.get('item') or {}
        if item.get('failed'):
            failed.append(_failure(item, options.get('email')))
        elif item.get('changed'):
            counts[applied_kind(item)] += 1
        elif not item.get('skipped'):
            counts[UNCHANGED] += 1
    for item in _items(removed):
        options = item.get('item') or {}
        if item.get('failed'):
            failed.append(_failure(item, options.get('email')))
        elif item.get('changed'):
            counts[REMOVED] += 1
    for item in _items(assistants):
        options = item.get('item') or {}
        if item.get('failed'):
            failed.append(_failure(item, 'assistants of %s' % options.get('host_email')))
        elif item.get('changed'):
            counts['assistants'] += 1
    counts['failed'] = len(failed)
    summary = dict(counts)
    summary['failures'] = failed
    summary['check_mode'] = bool(check_mode)
    if check_mode:
        summary['planned_removals'] = list(plan.get('removals') or [])
    if plan.get('protected_kept'):
        summary['protected_kept'] = list(plan['protected_kept'])
    return summary


# --- the whole run in one process (the zoom_roster module) ---------------------------------------
def failure_message(summary):
    """The message naming every failed change of a run's summary (empty when none failed)."""
    if not summary.get('failed'):
        return ''
    return "%d of the roster's changes failed (the others were applied): %s" % (
        summary['failed'], ' | '.join('%s: %s' % (failure['email'], failure['msg']) for failure in summary['failures']))


def _item_result(item, outcome=None, failure=None):
    """One change as a registered loop item (what ``summarise`` counts): ``item``, changed, failed, msg, diff."""
    if failure is not None:
        return {'item': item, 'failed': True, 'changed': bool(getattr(failure, 'result', {}).get('changed')),
                'msg': getattr(failure, 'message', None) or str(failure)}
    return dict(outcome, item=item)


def _ensure_entry(backend, options, secret, check_mode, api_version=None):
    """zoom_user's one call for the options the plan hands it (``secret``: the entry's password and host key)."""
    params = dict(options, **secret)
    who = params['email']
    hint = login_type_hint(params.get('login_type'), params.get('create_method'))
    create_method = create_method_for(params.get('create_method'), params.get('login_type'))
    active = parse_boolean(params.get('active'), 'active', default=None)
    outcome = ensure_user(backend, email=who, login_type=hint, wanted=wanted_from_options(params, api_version),
                          check_mode=check_mode, state='present', active=active,
                          create_method=create_method, password=params.get('password'),
                          update_password=params.get('update_password') or 'on_create')
    return {'changed': outcome.changed, 'diff': outcome.diff, 'msg': describe(outcome.plan, who),
            'warnings': outcome.warnings}


def _remove_entry(backend, removal, check_mode):
    who = removal['email']
    outcome = ensure_user(backend, email=who, login_type=login_type_hint(removal.get('login_type')),
                          check_mode=check_mode, state='absent', permanent=removal['permanent'])
    return {'changed': outcome.changed, 'diff': outcome.diff, 'msg': describe(outcome.plan, who),
            'warnings': outcome.warnings}


def _ensure_host(backend, host, check_mode):
    hint = login_type_hint(host['login_type']) if host.get('login_type') else None
    assistants_hint = login_type_hint(host['assistants_login_type']) if host.get('assistants_login_type') else hint
    result, warnings = ensure_assistants(backend, host['assistants'], host_email=host['host_email'],
                                         state='present', exclusive=True, login_type=hint,
                                         assistants_login_type=assistants_hint, check_mode=check_mode)
    return {'changed': result['changed'], 'diff': result.get('diff'), 'msg': result.get('msg'), 'warnings': warnings}


def _run_each(items, who, run_one):
    """Run ``run_one(item)`` for every item; one item's failure never stops the others. Answers the registered
    loop results and the warnings raised."""
    results, warnings = [], []
    for item in items:
        try:
            outcome = run_one(item)
        except (Failed, Refused) as failure:
            warnings.extend(getattr(failure, 'warnings', ()))
            results.append(_item_result(item, failure=failure))
            continue
        except ValueError as exc:   # InvalidInput: what zoom_user refuses before any call
            results.append(_item_result(item, failure=InvalidInput('invalid input: %s' % exc)))
            continue
        warnings.extend(outcome.pop('warnings'))
        outcome['diff'] = dict(outcome['diff'] or {}, before_header=who(item), after_header=who(item))
        results.append(_item_result(item, outcome))
    return results, warnings


# The keys of a listed user that planning reads whatever the entry manages: who it is, its status and login type.
IDENTITY_KEYS = ('id', 'email', 'status', 'login_type', 'group_ids', 'assistants')


def trimmed_record(record, wanted):
    """The part of a neutral record that planning its roster entry reads: IDENTITY_KEYS and the fields ``wanted``
    (the entry's wanted values; None for a user the roster does not name, which only purge reads). Pure.

    Nothing compares the other fields, so keeping them for 100,000 users (about 60 settings each) only cost memory.
    """
    kept = dict((key, record[key]) for key in IDENTITY_KEYS if key in record)
    for name in wanted or ():
        if FIELDS_BY_NAME[name].group != 'settings' and name in record:
            kept[name] = record[name]
    if wanted and 'vanity_name' in wanted and 'vanity_url' in record:
        kept['vanity_url'] = record['vanity_url']
    kept['settings'] = kept_settings(record.get('settings') or {}, wanted)
    return kept


def kept_settings(settings, wanted):
    """The ``settings`` (a record's) that the wanted fields ``wanted`` name. Pure."""
    return dict((name, settings[name]) for name in settings_in(wanted or ()) if name in settings)


def read_account(backend, entries):
    """The account's users as planning needs them (``trimmed_record``), read with the list calls only, plus the
    assistants of the hosts whose assistants the roster manages (a pending host has none: no call), and, when the
    API lists no settings (``lists_full_records`` false: v2), the settings of each listed user whose settings the
    roster manages (one call each; a pending user has none). Raises Failed (naming what was being read) on a
    ZoomError."""
    wanted = dict((entry['key'], entry['wanted']) for entry in entries if entry['state'] == 'present')
    hosts = set(email_key(email) for email in managed_hosts(entries))
    lists_settings = getattr(backend, 'lists_full_records', True)
    users, host_records, settings_to_read = [], [], []
    what = 'listing users'
    try:
        for record in backend.list_users():
            key = email_key(record.get('email') or '')
            user = trimmed_record(record, wanted.get(key))
            if key in hosts and record.get('email'):
                host_records.append(user)
            if not lists_settings and record.get('id') and status_name(user) != 'pending' \
                    and settings_in(wanted.get(key) or ()):
                settings_to_read.append((user, wanted[key]))
            users.append(user)
        # After the listing: its pages follow each other (v2's page tokens expire; v1 paces list calls).
        for user in host_records:
            what = 'reading the assistants of %s' % user['email']
            user['assistants'] = [] if status_name(user) == 'pending' else sorted_emails(backend.assistants(user['id']))
        for user, fields in settings_to_read:
            what = 'reading the settings of %s' % user['email']
            user['settings'] = kept_settings(backend.user_settings(user['id']), fields)
    except ZoomError as exc:
        raise Failed(exc, what)
    return users


def converge_roster(backend, entries, options, secrets_by_email, check_mode=False, api_version=None):
    """The whole roster run on ``backend``: read the account once (list calls, and the assistants of the hosts the
    roster manages), plan (``plan_roster``), refuse before any write what the plan refuses, then apply every change
    through the modules' own calls (users.ensure_user, assistants.ensure_assistants), one failure not stopping the
    others; unless ``check_mode``, which predicts the same changes.

    ``entries``: validate_roster's output; ``options``: role_options' output; ``secrets_by_email``: ``secrets``'
    output (passwords and host keys, kept out of the plan and of the result).

    Answers {changed, summary, changes, diff, warnings, msg}: only what changed (or failed) and the counts, never
    the account's records. Raises Failed when the account cannot be read, Refused (nothing written) when the plan
    refuses, naming the entries.
    """
    account = read_account(backend, entries)
    plan = plan_roster(entries, account, purge=options['purge'], permanent=options['permanent'],
                       protected=options['protected'], max_removals=options['max_removals'])
    del account
    if plan['refused']:
        refused = Refused('; '.join(plan['refused']))
        refused.warnings = plan['warnings']
        raise refused
    warnings = list(plan['warnings'])
    applied, more = _run_each(plan['apply'], lambda item: item['email'], lambda item: _ensure_entry(
        backend, dict((key, value) for key, value in item.items() if key != 'roster_action'),
        secrets_by_email.get(item['email'], {}), check_mode, api_version))
    warnings.extend(more)
    removed, more = _run_each(plan['remove'], lambda item: item['email'],
                              lambda item: _remove_entry(backend, item, check_mode))
    warnings.extend(more)
    hosts, more = _run_each(plan['assistants'], lambda item: 'assistants of %s' % item['host_email'],
                            lambda item: _ensure_host(backend, item, check_mode))
    warnings.extend(more)
    summary = summarise(plan, {'results': applied}, {'results': removed}, {'results': hosts}, check_mode)
    summary['warnings'] = len(warnings)
    changes = []
    for kind, results in (('user', applied), ('removal', removed), ('assistants', hosts)):
        for result in results:
            if result.get('changed') or result.get('failed'):
                item = result['item']
                change = {'email': item.get('email') or item.get('host_email'), 'what': kind,
                          'changed': bool(result.get('changed')), 'msg': result.get('msg')}
                if result.get('failed'):
                    change['failed'] = True
                changes.append(change)
    diff = [result['diff'] for results in (applied, removed, hosts) for result in results
            if result.get('changed') and result.get('diff')]
    return {'changed': any(change['changed'] for change in changes), 'summary': summary, 'changes': changes,
            'diff': diff, 'warnings': warnings, 'msg': failure_message(summary) or _summary_line(summary)}


def _summary_line(summary):
    return ('%screated %d, updated %d, deactivated %d, removed %d, unchanged %d, hosts with new assistants %d'
            % ('check mode: ' if summary.get('check_mode') else '', summary[CREATED], summary[UPDATED],
               summary[DEACTIVATED], summary[REMOVED], summary[UNCHANGED], summary['assistants']))
