# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The user domain: validate and normalise wanted values, read current users, compare, plan the
calls, apply a plan.

Everything but ``find_user`` and ``apply_plan`` is a pure function, shared by the modules and the
roster role's filter plugin so that they can never disagree about what "changed" means.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.zoomops.zoom.plugins.module_utils.client import CODE_USER_EXISTS, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    BOOL, CREATE_METHODS, EMAIL_MAX_LENGTH, EMAIL_RE, FIELDS, FIELDS_BY_NAME, INT, INT_RE, LOGIN_TYPE_NAMES,
    PROFILE_NAMES, SECRET_KEYS, SETTINGS_NAMES, STATUS_NAMES, TYPE_NAMES,
)

try:
    import zoneinfo
except ImportError:  # Python < 3.9: time zones are then checked by Zoom only
    zoneinfo = None

HIDDEN = '<hidden>'
HIDDEN_CHANGED = '<hidden: changes>'
DEFAULT_CREATE_METHOD = 'create'
DEFAULT_USER_TYPE = 1
# getbyemail is tried with these login types, the most common first.
LOGIN_TYPE_ORDER = (100, 99, 101, 1, 0)
LOGIN_TYPE_BY_NUMBER = dict((number, name) for name, number in LOGIN_TYPE_NAMES.items())
TYPE_BY_NUMBER = dict((number, name) for name, number in TYPE_NAMES.items())
STATUS_BY_NAME = dict((name, number) for number, name in STATUS_NAMES.items())
# The create method that makes a user of each login type; Zoom's API creates no Facebook or Google users, and
# a Zoom login is invited (autocreate, which needs a password and a managed domain, is only used when asked).
CREATE_METHOD_BY_LOGIN_TYPE = dict((method['login_type'], name) for name, method in CREATE_METHODS.items()
                                   if name != 'autocreate')

_TIMEZONES = []


# Longer numbers are refused before int() (which is slow, and limited to 4300 digits, on such input).
MAX_INT_DIGITS = 18
BOOLEAN_SPELLINGS = 'true/false, yes/no, on/off, 1/0, y/n or t/f'


class InvalidInput(ValueError):
    """Input that cannot be sent to Zoom; the message names every problem found."""


# --- values ------------------------------------------------------------------------------------
def to_bool(value):
    """A boolean parsed exactly as Ansible parses a boolean option (its own strict ``boolean``):
    true/false, yes/no, on/off, 1/0, y/n, t/f in any case, and real booleans. Anything else, an
    empty string included, raises ValueError: a value that may delete or change users is never
    guessed (Python's truth would make the string 'false' true)."""
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise ValueError('%s is not a boolean (%s)' % (_short_repr(value), BOOLEAN_SPELLINGS))


def to_int(value):
    """An integer from an int or a string of digits; booleans and fractions are refused."""
    if isinstance(value, bool):
        raise ValueError('%r is not an integer' % (value,))
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if INT_RE.match(text):
        if len(text.lstrip('-')) > MAX_INT_DIGITS:
            raise ValueError('%s... (%d digits) is not an integer of at most %d digits'
                             % (text[:12], len(text.lstrip('-')), MAX_INT_DIGITS))
        return int(text)
    raise ValueError('%s is not an integer' % _short_repr(value))


def _short_repr(value, limit=40):
    """repr() of a value, cut to ``limit`` characters: messages never echo a 40 KB input whole."""
    text = repr(value)
    return text if len(text) <= limit else '%s... (%d characters)' % (text[:limit], len(text))


def _number(value):
    """An integer code (status, login type) from an int or a string of digits; None otherwise."""
    try:
        return to_int(value)
    except ValueError:
        return None


def _parse_code(value, names, numbers, what):
    """The number of a named code (user type, login type) given by its name or its number."""
    if isinstance(value, str) and value.strip().lower() in names:
        return names[value.strip().lower()]
    number = _number(value)
    if number not in numbers:
        raise ValueError('%r is not a %s (%s or %s)' % (value, what, ', '.join(names),
                                                        ', '.join(str(n) for n in sorted(numbers))))
    return number


def parse_user_type(value):
    """1, 2 or 3 from basic/pro/corp or the number."""
    return _parse_code(value, TYPE_NAMES, TYPE_BY_NUMBER, 'user type')


def parse_login_type(value):
    """0, 1, 99, 100 or 101 from facebook/google/api/zoom/sso or the number."""
    return _parse_code(value, LOGIN_TYPE_NAMES, LOGIN_TYPE_BY_NUMBER, 'login type')


def is_timezone(name):
    """True when ``name`` is an IANA time zone this host knows (or, without a zone database, looks like one)."""
    if name == '':
        return True
    if zoneinfo is not None and not _TIMEZONES:
        _TIMEZONES.append(frozenset(zoneinfo.available_timezones()))
    if _TIMEZONES and _TIMEZONES[0]:
        return name in _TIMEZONES[0]
    return bool(name) and ' ' not in name and not name.startswith('/') and '..' not in name


def check_email(email):
    """The email, stripped; ValueError when it is not an email address (or longer than 254 characters)."""
    text = str(email).strip()
    if len(text) > EMAIL_MAX_LENGTH:
        raise ValueError('%r... (%d characters) is not an email address: an email address has at most %d characters'
                         % (text[:40], len(text), EMAIL_MAX_LENGTH))
    if not EMAIL_RE.match(text):
        raise ValueError('%r is not an email address' % (email,))
    return text


def normalise_wanted(field, value):
    """The canonical form of a wanted value, checked against the field's rules (ValueError if not)."""
    if field.name == 'type':
        return parse_user_type(value)
    if field.kind == BOOL:
        try:
            return to_bool(value)
        except ValueError as exc:
            raise ValueError('%s: %s' % (field.name, exc))
    if field.kind == INT:
        if field.pattern is not None and not field.pattern.match(str(value).strip()):
            raise ValueError('%s must be 10 digits, not starting with 0' % field.name)
        try:
            number = to_int(value)
        except ValueError as exc:
            raise ValueError('%s: %s' % (field.name, exc))
        if field.choices is not None and number not in field.choices:
            raise ValueError('%s must be one of %s, not %s' % (field.name, ', '.join(str(c) for c in field.choices), number))
        if field.minimum is not None and number < field.minimum:
            raise ValueError('%s must be at least %d, not %d' % (field.name, field.minimum, number))
        if field.maximum is not None and number > field.maximum:
            raise ValueError('%s must be at most %d, not %d' % (field.name, field.maximum, number))
        return number
    text = str(value)
    if text == '' and field.clearable:
        return text
    if field.pattern is not None and not field.pattern.match(text):
        if field.secret:
            raise ValueError('%s must be %s' % (field.name, 'exactly 6 digits'))
        raise ValueError('%s %r is not valid: %s' % (field.name, text, field.description))
    if field.name == 'timezone' and not is_timezone(text):
        raise ValueError('timezone %r is not an IANA time zone name (e.g. America/New_York)' % text)
    return text


def normalise_current(field, value):
    """The canonical form of a value Zoom returned, or None when it cannot be read."""
    if value is None:
        return None
    try:
        if field.kind == BOOL:
            return to_bool(value)
        if field.kind == INT:
            return to_int(value)
    except ValueError:
        return None
    return str(value)


def comparable(field, value):
    """The form in which two canonical values are compared (vanity names ignore case)."""
    if field.name == 'vanity_name' and value is not None:
        return value.lower()
    return value


def vanity_name_of(record):
    """The vanity name behind a record's vanity_url (https://zoom.us/my/NAME), '' when none."""
    if record.get('vanity_name') not in (None, ''):
        return str(record['vanity_name'])
    url = str(record.get('vanity_url') or '')
    marker = '/my/'
    return url.split(marker, 1)[1].strip('/') if marker in url else ''


def current_values(record):
    """{field name: canonical value} for every catalogue field the record carries."""
    values = {}
    for field in FIELDS:
        if field.name == 'vanity_name':
            values['vanity_name'] = vanity_name_of(record)
        elif field.name in record:
            values[field.name] = normalise_current(field, record[field.name])
    return values


# --- wanted state --------------------------------------------------------------------------------
def wanted_from_options(options):
    """{field name: canonical value} of every profile option and setting the user set (None = don't
    care). Raises InvalidInput naming every bad value, before anything is sent to Zoom."""
    wanted = {}
    problems = []
    candidates = [(name, options.get(name)) for name in PROFILE_NAMES]
    settings = options.get('settings') or {}
    if not isinstance(settings, dict):
        raise InvalidInput('settings must be a dictionary')
    unknown = sorted(set(settings) - set(SETTINGS_NAMES))
    if unknown:
        problems.append('unknown settings: %s (known: see the settings option)' % ', '.join(unknown))
    candidates.extend((name, settings.get(name)) for name in SETTINGS_NAMES)
    for name, value in candidates:
        if value is None:
            continue
        try:
            wanted[name] = normalise_wanted(FIELDS_BY_NAME[name], value)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidInput('; '.join(problems))
    return wanted


def differences(wanted, current):
    """Names of the wanted fields whose value differs from the current one, in catalogue order."""
    changed = []
    for field in FIELDS:
        if field.name not in wanted:
            continue
        if comparable(field, wanted[field.name]) != comparable(field, current.get(field.name)):
            changed.append(field.name)
    return changed


# --- records as the modules return them ------------------------------------------------------
READ_ONLY_KEYS = ('id', 'email', 'status', 'login_type', 'created_at', 'vanity_url', 'pic_url', 'verified',
                  'account_id', 'lastClientVersion', 'lastLoginTime')


def public_record(record):
    """A user as the modules return it: zoom_user's option names (flat profile fields and a
    ``settings`` dict) plus read-only keys; names for status, type and login type; no secrets."""
    if not record:
        return {}
    values = current_values(record)
    user = {}
    for key in READ_ONLY_KEYS:
        if key in record:
            user[key] = record[key]
    if 'status' in record:
        user['status'] = STATUS_NAMES.get(_number(record['status']), record['status'])
    if 'login_type' in record:
        user['login_type'] = LOGIN_TYPE_BY_NUMBER.get(_number(record['login_type']), record['login_type'])
    for name in PROFILE_NAMES:
        if name in values and name not in SECRET_KEYS:
            user[name] = values[name]
    if user.get('type') in TYPE_BY_NUMBER:
        user['type'] = TYPE_BY_NUMBER[user['type']]
    user['settings'] = dict((name, values[name]) for name in SETTINGS_NAMES if name in values)
    if 'assistants' in record:
        user['assistants'] = record['assistants']
    return user


# Values Zoom may give a new user by itself (ssocreate names a pro or corp user's room after the email): exported
# even when empty, so that re-applying clears them on the target.
EXPORTED_WHEN_EMPTY = ('vanity_name',)


def _login_type_of(user):
    """The login type number of a record (public name or v1 number), None when it has none or an unknown one."""
    try:
        return parse_login_type(user.get('login_type'))
    except ValueError:
        return None


def user_options(user):
    """The zoom_user options that re-create a public record (export, then re-apply); never a secret.

    The login type gives the create method (api: custcreate, sso: ssocreate, zoom: create); a user that Zoom's
    API cannot create as it is (a Facebook or Google login, an inactive Zoom login, which could only be invited)
    gets ``create: false`` instead: it is updated where it exists and left missing, with a warning, elsewhere.
    ``not_carried`` says what these options leave behind.
    """
    options = {'email': user['email'], 'state': 'present'}
    login_type = _login_type_of(user)
    if login_type is not None:
        options['login_type'] = LOGIN_TYPE_BY_NUMBER[login_type]
        create_method = CREATE_METHOD_BY_LOGIN_TYPE.get(login_type)
        if create_method is None or (CREATE_METHODS[create_method]['pending'] and user.get('status') == 'inactive'):
            options['create'] = False
        else:
            options['create_method'] = create_method
    for name in PROFILE_NAMES:
        value = user.get(name)
        if name in SECRET_KEYS:
            continue
        if value not in (None, ''):
            options[name] = value
        elif value == '' and name in EXPORTED_WHEN_EMPTY:
            options[name] = ''
    settings = dict((k, v) for k, v in (user.get('settings') or {}).items() if v is not None)
    if settings:
        options['settings'] = settings
    if user.get('status') in ('active', 'inactive'):
        options['active'] = user['status'] == 'active'
    return options


def not_carried(user):
    """What ``user_options(user)`` cannot carry to another account, as sentences that start with the email."""
    email = user['email']
    options = user_options(user)
    notes = ['%s: password and host key not carried (Zoom never returns them); set them on the target if needed'
             % email]
    login_type = options.get('login_type')
    if options.get('create') is False:
        if login_type in ('facebook', 'google'):
            why = "Zoom's API cannot create a %s login" % login_type
        else:
            why = ('an inactive Zoom login could only be invited, which would send an invitation to a deactivated '
                   'user (create it with create_method autocreate and a password to carry it)')
        notes.append('%s: exported with create: false: %s; it is updated where it exists and left missing, with a '
                     'warning, where it does not' % (email, why))
    elif options.get('create_method') == 'create':
        given = dict(options.get('settings') or {}, **dict((name, options.get(name)) for name in PROFILE_NAMES))
        deferred = sorted(name for name, value in given.items()
                          if value not in (None, '') and not FIELDS_BY_NAME[name].carried_by('create'))
        note = '%s: re-created by invitation (a Zoom login brings its own password): pending until accepted' % email
        if user.get('status') == 'active':
            note += ', not active'
        if deferred:
            note += '; %s applied by a run after the acceptance' % ', '.join(deferred)
        notes.append(note)
    if user.get('assistants'):
        notes.append('%s: assistants are not zoom_user options: apply them with zoom_user_assistant once the users '
                     'exist' % email)
    return notes


def record_from_public(user):
    """The raw API record form (as plan_user and current_values take it) of a public record.

    The inverse of public_record for everything it returns: ``settings`` flattened, names of type,
    status and login type turned back into v1's numbers. Secrets were never in it and stay absent, so
    a wanted host_key cannot be compared against the result. Pure.
    """
    record = {}
    for key, value in user.items():
        if key != 'settings':
            record[key] = value
    record.update(user.get('settings') or {})
    if record.get('type') in TYPE_NAMES:
        record['type'] = TYPE_NAMES[record['type']]
    if record.get('status') in STATUS_BY_NAME:
        record['status'] = STATUS_BY_NAME[record['status']]
    if record.get('login_type') in LOGIN_TYPE_NAMES:
        record['login_type'] = LOGIN_TYPE_NAMES[record['login_type']]
    return record


# --- finding a user ---------------------------------------------------------------------------
def find_user(api, email=None, user_id=None, login_type=None):
    """The current record of the user, or None; fewest calls first.

    By id: /user/get, then the pending list. By email: getbyemail with the likely login type
    (1 call for an existing user), then checkemail (2 calls for a missing one), then the pending
    list (an invited user, the default create method's result: usually 1 more call, stopping at
    the page that has it), then getbyemail with the other login types.
    """
    if user_id:
        return api.get_by_id(user_id) or api.find_pending(user_id=user_id)
    first = LOGIN_TYPE_ORDER[0] if login_type is None else login_type
    record = api.get_by_email(email, first)
    if record is not None:
        return record
    if not api.email_exists(email):
        return None
    record = api.find_pending(email=email)
    if record is not None:
        return record
    for other in LOGIN_TYPE_ORDER:
        if other != first:
            record = api.get_by_email(email, other)
            if record is not None:
                return record
    return None


def login_type_hint(login_type=None, create_method=None):
    """The login type to look a user up with first."""
    if login_type is not None:
        return parse_login_type(login_type)
    if create_method:
        return CREATE_METHODS[create_method]['login_type']
    return None


def create_method_for(create_method=None, login_type=None):
    """How a missing user is created: ``create_method`` when given, else the method that gives ``login_type``
    (api: custcreate, sso: ssocreate, zoom: create), else create.

    None when only a Facebook or Google login type is given: Zoom's API cannot create those users.
    ValueError when the two disagree (login type sso with create_method custcreate), so that a task
    fails before any call rather than create a user of another login type than the one it names.
    """
    if login_type in (None, ''):
        return create_method or DEFAULT_CREATE_METHOD
    number = parse_login_type(login_type)
    if not create_method:
        return CREATE_METHOD_BY_LOGIN_TYPE.get(number)
    makes = CREATE_METHODS[create_method]['login_type']
    if makes != number:
        raise ValueError('login_type %s and create_method %s disagree: %s creates %s users; leave create_method out '
                         'to create a %s user with %s' % (
                             LOGIN_TYPE_BY_NUMBER[number], create_method, create_method, LOGIN_TYPE_BY_NUMBER[makes],
                             LOGIN_TYPE_BY_NUMBER[number],
                             CREATE_METHOD_BY_LOGIN_TYPE.get(number, 'no create method (not creatable by the API)')))
    return create_method


# --- planning -----------------------------------------------------------------------------------
class Plan:
    """What to do to reach the wanted state: ``operations`` [(action, fields)], the ``diff`` a
    user sees (the same in check mode and for real), warnings, and the record expected after."""

    def __init__(self, operations=None, diff=None, warnings=None, after=None):
        self.operations = operations or []
        self.diff = diff or {'before': {}, 'after': {}}
        self.warnings = warnings or []
        self.after = after

    @property
    def changed(self):
        return bool(self.operations)


def _status_name(record):
    if not record:
        return None
    return STATUS_NAMES.get(_number(record.get('status')), 'active')


def _view(values, names, hidden_changed=()):
    """A diff side: managed fields only, settings nested, secrets hidden."""
    view = {}
    for name in names:
        field = FIELDS_BY_NAME[name]
        value = values.get(name)
        if field.secret:
            value = HIDDEN_CHANGED if name in hidden_changed else HIDDEN
        elif name == 'type':
            value = TYPE_BY_NUMBER.get(value, value)
        if field.group == 'settings':
            view.setdefault('settings', {})[name] = value
        else:
            view[name] = value
    return view


def plan_user(current, wanted, state='present', active=None, permanent=False, create_method=None,
              password=None, update_password='on_create', revoke_token=False, email=None, create=True):
    """The Plan from ``current`` (an API record or None) to the ``wanted`` fields and status.

    Pure: no I/O. Only the fields in ``wanted`` are compared; an update sends only those that differ.
    With ``create`` false a missing user is left missing: no operation, a warning naming it.
    """
    status = _status_name(current)
    if state == 'absent':
        if current is None:
            return Plan(after=None)
        action = 'permanent_delete' if permanent else 'delete'
        return Plan([(action, {'id': current.get('id'), 'pending': status == 'pending'})],
                    {'before': {'state': 'present', 'email': current.get('email')}, 'after': {'state': 'absent'}})
    if current is None and not create:
        return Plan(warnings=['%s does not exist and create is false: left missing, nothing created'
                              % (email or 'the user')], after=None)
    if current is None:
        return _plan_create(wanted, active, create_method or DEFAULT_CREATE_METHOD, password, email)
    if status == 'pending':
        return _plan_pending(current, wanted, active, password, update_password, revoke_token)
    return _plan_update(current, wanted, active, password, update_password, revoke_token)


def _plan_create(wanted, active, create_method, password, email):
    method = CREATE_METHODS[create_method]
    fields = {'email': email, 'type': wanted.get('type', DEFAULT_USER_TYPE)}
    later = {}
    for name, value in wanted.items():
        if FIELDS_BY_NAME[name].carried_by(create_method):
            fields[name] = value
        elif name != 'type':
            later[name] = value
    warnings = []
    if create_method == 'autocreate':
        fields['password'] = password
    operations = [('create', {'create_method': create_method, 'fields': fields})]
    if method['pending']:
        # An invitation carries only the create call's fields; the rest waits for the acceptance, so neither
        # the diff nor the predicted user shows it (the warning names it).
        after = dict((name, value) for name, value in fields.items() if name != 'password')
        shown = [field.name for field in FIELDS if field.name in wanted and field.name not in later]
        # An empty value needs nothing on a new invitation: its field is empty until a run after the acceptance.
        deferred = sorted(name for name, value in later.items() if value != '')
        if deferred:
            warnings.append('%s is invited (pending) until the invitation is accepted; %s will be applied by a run '
                            'after that' % (email, ', '.join(deferred)))
        if active is False:
            warnings.append('%s is invited (pending): it can be deactivated only after accepting' % email)
        if password is not None:
            warnings.append('%s is invited (pending): an invited user chooses the password when accepting, '
                            'so password was not set' % email)
    else:
        after = dict(wanted)
        shown = [field.name for field in FIELDS if field.name in wanted]
        # The password first: a run failing after the create leaves a user whose password a rerun
        # (update_password=on_create) would never set, so keep that window as short as possible.
        if password is not None and create_method != 'autocreate':
            operations.append(('set_password', {}))
        if later:
            operations.append(('update', dict(later)))
    after.update({'email': email, 'type': fields['type'], 'login_type': method['login_type'],
                  'status': STATUS_BY_NAME['pending'] if method['pending'] else STATUS_BY_NAME['active']})
    diff_after = {'state': 'present', 'email': email}
    diff_after.update(_view(wanted, shown))
    if not method['pending'] and active is not None:
        diff_after['active'] = active
        if active is False:
            operations.append(('deactivate', {}))
            after['status'] = STATUS_BY_NAME['inactive']
    return Plan(operations, {'before': {'state': 'absent'}, 'after': diff_after}, warnings, after)


def _plan_pending(current, wanted, active, password, update_password, revoke_token):
    values = current_values(current)
    pending_changes = [name for name in differences(wanted, values) if name in current or name == 'vanity_name']
    asked = []
    if pending_changes:
        asked.append(', '.join(pending_changes))
    if active is False:
        asked.append('active=false')
    if password is not None and update_password == 'always':
        asked.append('password')
    if revoke_token:
        asked.append('revoke_token')
    warnings = []
    if asked:
        warnings.append('%s is invited (pending) and cannot be changed until the invitation is accepted; '
                        '%s will be applied by a run after that' % (current.get('email'), '; '.join(asked)))
    return Plan([], warnings=warnings, after=current)


def _plan_update(current, wanted, active, password, update_password, revoke_token):
    values = current_values(current)
    changed_fields = differences(wanted, values)
    operations = []
    after = copy.deepcopy(current)
    if changed_fields:
        operations.append(('update', dict((name, wanted[name]) for name in changed_fields)))
        for name in changed_fields:
            after[name] = wanted[name]
        if 'vanity_name' in changed_fields:
            after['vanity_url'] = 'https://zoom.us/my/%s' % wanted['vanity_name'] if wanted['vanity_name'] else ''
    hidden_changed = set(changed_fields)
    managed = [field.name for field in FIELDS if field.name in wanted]
    before_view = _view(values, managed)
    after_view = _view(dict(values, **wanted), managed, hidden_changed)
    if password is not None and update_password == 'always':
        operations.append(('set_password', {}))
        before_view['password'] = HIDDEN
        after_view['password'] = HIDDEN_CHANGED
    status = _status_name(current)
    if active is not None:
        before_view['active'] = status == 'active'
        after_view['active'] = active
        if active and status != 'active':
            operations.append(('activate', {}))
            after['status'] = STATUS_BY_NAME['active']
        elif not active and status == 'active':
            operations.append(('deactivate', {}))
            after['status'] = STATUS_BY_NAME['inactive']
    if revoke_token:
        operations.append(('revoke_token', {}))
        before_view['token'] = HIDDEN
        after_view['token'] = HIDDEN_CHANGED
    return Plan(operations, {'before': before_view, 'after': after_view}, [], after)


# --- applying -----------------------------------------------------------------------------------
def apply_plan(api, plan, current, password=None, applied=None):
    """Carry out ``plan`` on ``current`` (None when creating); returns the record after.

    Raises ZoomError (with the endpoint and Zoom's code) on failure, and UserExists when a
    create met "already exists" so that the caller can re-read and re-plan. Each action that
    succeeded is appended to ``applied`` (when given), so that a failure part-way can still
    report the changes already made.
    """
    record = copy.deepcopy(current) if current else None
    for action, fields in plan.operations:
        record = _apply_operation(api, action, fields, record, password)
        if applied is not None:
            applied.append(action)
    return record


def _apply_operation(api, action, fields, record, password):
    """One planned action; returns the record after it."""
    if action == 'create':
        try:
            record = api.create(fields['create_method'], _without_none(fields['fields']))
        except ZoomError as exc:
            if exc.code == CODE_USER_EXISTS:
                raise UserExists(exc, retried=api.last_call_attempts > 1)
            raise
        for name, value in fields['fields'].items():
            if name != 'password':
                record.setdefault(name, value)
        return record
    if action in ('delete', 'permanent_delete'):
        api.delete(fields['id'], pending=fields['pending'], permanent=action == 'permanent_delete')
        return None
    user_id = record.get('id')
    if action == 'update':
        api.update(user_id, fields)
        record.update(fields)
        if 'vanity_name' in fields:
            record['vanity_url'] = 'https://zoom.us/my/%s' % fields['vanity_name'] if fields['vanity_name'] else ''
    elif action == 'set_password':
        api.set_password(user_id, password)
    elif action == 'activate':
        api.activate(user_id)
        record['status'] = STATUS_BY_NAME['active']
    elif action == 'deactivate':
        api.deactivate(user_id)
        record['status'] = STATUS_BY_NAME['inactive']
    elif action == 'revoke_token':
        api.revoke_token(user_id)
    return record


class UserExists(Exception):
    """A create met "user already exists": another run created the user, or a retried create of
    ours was applied before its answer was lost (``retried``)."""

    def __init__(self, error, retried=False):
        super(UserExists, self).__init__(str(error))
        self.error = error
        self.retried = retried


def _without_none(fields):
    return dict((key, value) for key, value in fields.items() if value is not None)
