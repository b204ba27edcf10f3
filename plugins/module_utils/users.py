# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The user domain: validate and normalise wanted values, compare, plan the calls, apply a plan,
and ``ensure_user`` (zoom_user's one call: find, plan, apply, recover from "already exists").

It works on neutral records (record.py) and calls a backend through the backends.base contract
only. Everything but ``apply_plan`` and ``ensure_user`` is a pure function, shared by the modules and
the roster role's filter plugin so that they can never disagree about what "changed" means.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused, UserAlreadyExists, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    API_NAMES, BOOL, CREATE_METHODS, EMAIL_MAX_LENGTH, EMAIL_RE, FIELDS, FIELDS_BY_NAME, INT, LOGIN_TYPE_NAMES,
    PROFILE_NAMES, SECRET_KEYS, SETTINGS_NAMES, TYPE_NAMES, v2_option_problems,
)
from ansible_collections.zoomops.zoom.plugins.module_utils.record import (
    field_values, normalise_current, status_of, to_bool, to_int, with_values,
)

try:
    import zoneinfo
except ImportError:  # Python < 3.9: time zones are then checked by Zoom only
    zoneinfo = None

HIDDEN = '<hidden>'
HIDDEN_CHANGED = '<hidden: changes>'
DEFAULT_CREATE_METHOD = 'create'
DEFAULT_USER_TYPE = 'basic'
# The options accept the numbers of the catalogue's v1 column as well as the names.
LOGIN_TYPE_BY_NUMBER = dict((number, name) for name, number in LOGIN_TYPE_NAMES.items())
TYPE_BY_NUMBER = dict((number, name) for name, number in TYPE_NAMES.items())
# The create method that makes a user of each login type; Zoom's API creates no Facebook or Google users, and
# a Zoom login is invited (autocreate, which needs a password and a managed domain, is only used when asked).
CREATE_METHOD_BY_LOGIN_TYPE = dict((method['login_type'], name) for name, method in CREATE_METHODS.items()
                                   if name != 'autocreate')

_TIMEZONES = []


class InvalidInput(ValueError):
    """Input that cannot be sent to Zoom; the message names every problem found."""


# --- values ------------------------------------------------------------------------------------
def _number(value):
    """An integer code (status, login type) from an int or a string of digits; None otherwise."""
    try:
        return to_int(value)
    except ValueError:
        return None


def _parse_code(value, names, numbers, what):
    """The name of a code (user type, login type) given by its name or by the number the options accept."""
    if isinstance(value, str) and value.strip().lower() in names:
        return value.strip().lower()
    number = _number(value)
    if number not in numbers:
        raise ValueError('%r is not a %s (%s or %s)' % (value, what, ', '.join(names),
                                                        ', '.join(str(n) for n in sorted(numbers))))
    return numbers[number]


def parse_user_type(value):
    """basic, pro or corp, from the name or its number (1, 2 or 3)."""
    return _parse_code(value, TYPE_NAMES, TYPE_BY_NUMBER, 'user type')


def parse_login_type(value):
    """facebook, google, api, zoom or sso, from the name or its number (0, 1, 99, 100 or 101)."""
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


def normalise_wanted(field, value, api_version=None):
    """The canonical form of a wanted value, checked against the rules of ``api_version`` (v1, the default, or
    v2: the catalogue's Rule of each API) for the field (ValueError if not)."""
    if field.name == 'type':
        return parse_user_type(value)
    rule = field.rule(api_version)
    # Where the APIs accept different values, the message names the API whose rule refused the value.
    on_api = ' on %s' % API_NAMES[api_version or 'v1'] if field.differs_by_api else ''
    if field.kind == BOOL:
        try:
            return to_bool(value)
        except ValueError as exc:
            raise ValueError('%s: %s' % (field.name, exc))
    if field.kind == INT:
        if rule.pattern is not None and not rule.pattern.match(str(value).strip()):
            raise ValueError('%s must be 10 digits, not starting with 0' % field.name)
        try:
            number = to_int(value)
        except ValueError as exc:
            raise ValueError('%s: %s' % (field.name, exc))
        if rule.choices is not None and number not in rule.choices:
            raise ValueError('%s must be one of %s%s, not %s' % (field.name, ', '.join(str(c) for c in rule.choices),
                                                                 on_api, number))
        if rule.minimum is not None and number < rule.minimum:
            raise ValueError('%s must be at least %d%s, not %d' % (field.name, rule.minimum, on_api, number))
        if rule.maximum is not None and number > rule.maximum:
            raise ValueError('%s must be at most %d%s, not %d' % (field.name, rule.maximum, on_api, number))
        return number
    text = str(value)
    if text == '' and field.clearable:
        return text
    if rule.pattern is not None and not rule.pattern.match(text):
        if field.secret:
            raise ValueError('%s must be %s%s' % (field.name, rule.text, on_api))
        raise ValueError('%s %r is not valid: %s' % (field.name, text, field.description))
    if field.name == 'timezone' and not is_timezone(text):
        raise ValueError('timezone %r is not an IANA time zone name (e.g. America/New_York)' % text)
    return text


def comparable(field, value):
    """The form in which two canonical values are compared (vanity names ignore case)."""
    if field.name == 'vanity_name' and value is not None:
        return value.lower()
    return value


def current_values(record, names=None):
    """{field name: canonical value} for every catalogue field a neutral record carries, or only for ``names``
    (settings flattened; values normalised again, as a record read back from a module result may hold text)."""
    values = {}
    for name, value in field_values(record).items():
        if names is not None and name not in names:
            continue
        values[name] = value if name == 'type' else normalise_current(FIELDS_BY_NAME[name], value)
    return values


# --- wanted state --------------------------------------------------------------------------------
def wanted_from_options(options, api_version=None):
    """{field name: canonical value} of every profile option and setting the user set (None = don't
    care), checked against the rules of ``api_version`` (v1, the default, or v2; on v2 also what v2 cannot hold:
    fields.v2_option_problems, so ``options`` may carry type, password, create_method, login_type and zpk too).
    Raises InvalidInput naming every problem at once, before anything is sent to Zoom. zoom_user and a roster
    entry call it alike: ``wanted_from_options(entry, api_version)``."""
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
            wanted[name] = normalise_wanted(FIELDS_BY_NAME[name], value, api_version)
        except ValueError as exc:
            problems.append(str(exc))
    if api_version == 'v2':
        # What v2 cannot hold at all, in the same message as the values outside v2's rules.
        problems.extend(v2_option_problems(options))
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


# Values Zoom may give a new user by itself (ssocreate names a pro or corp user's room after the email): exported
# even when empty, so that re-applying clears them on the target.
EXPORTED_WHEN_EMPTY = ('vanity_name',)


def _login_type_of(user):
    """The login type name of a record (a name, or a number the options accept), None when it has none or an
    unknown one."""
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
        options['login_type'] = login_type
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


def not_carried(user, invitation_carries=None):
    """What ``user_options(user)`` cannot carry to another account, as sentences that start with the email
    (``invitation_carries``: what the target API's invitation carries, backends.base; None for the catalogue's)."""
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
                          if value not in (None, '') and not carried_at_create(name, 'create', invitation_carries))
        note = '%s: re-created by invitation (a Zoom login brings its own password): pending until accepted' % email
        if user.get('status') == 'active':
            note += ', not active'
        if deferred:
            note += '; %s applied by a run after the acceptance' % ', '.join(deferred)
        notes.append(note)
    groups = user.get('group_ids') or []
    if len(groups) > 1:
        notes.append('%s: a member of %d groups (%s): only group_id %s is carried (zoom_user adds one membership)'
                     % (email, len(groups), ', '.join(groups), options.get('group_id', groups[0])))
    if user.get('assistants'):
        notes.append('%s: assistants are not zoom_user options: apply them with zoom_user_assistant once the users '
                     'exist' % email)
    return notes


# --- finding a user ---------------------------------------------------------------------------
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
    name = parse_login_type(login_type)
    if not create_method:
        return CREATE_METHOD_BY_LOGIN_TYPE.get(name)
    makes = CREATE_METHODS[create_method]['login_type']
    if makes != name:
        raise ValueError('login_type %s and create_method %s disagree: %s creates %s users; leave create_method out '
                         'to create a %s user with %s' % (
                             name, create_method, create_method, makes, name,
                             CREATE_METHOD_BY_LOGIN_TYPE.get(name, 'no create method (not creatable by the API)')))
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


def _view(values, names, hidden_changed=()):
    """A diff side: managed fields only, settings nested, secrets hidden."""
    view = {}
    for name in names:
        field = FIELDS_BY_NAME[name]
        value = values.get(name)
        if field.secret:
            value = HIDDEN_CHANGED if name in hidden_changed else HIDDEN
        if field.group == 'settings':
            view.setdefault('settings', {})[name] = value
        else:
            view[name] = value
    return view


def plan_user(current, wanted, state='present', active=None, permanent=False, create_method=None,
              password=None, update_password='on_create', revoke_token=False, email=None, create=True,
              invitation_carries=None):
    """The Plan from ``current`` (a neutral record or None) to the ``wanted`` fields and status.

    Pure: no I/O. Only the fields in ``wanted`` are compared; an update sends only those that differ.
    With ``create`` false a missing user is left missing: no operation, a warning naming it.
    ``invitation_carries``: the fields the API's invitation carries (backends.base), None for the catalogue's.
    """
    status = status_of(current)
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
        return _plan_create(wanted, active, create_method or DEFAULT_CREATE_METHOD, password, email,
                            invitation_carries)
    if status == 'pending':
        return _plan_pending(current, wanted, active, password, update_password, revoke_token)
    return _plan_update(current, wanted, active, password, update_password, revoke_token)


def carried_at_create(name, create_method, invitation_carries=None):
    """True when the create call of ``create_method`` carries the field ``name`` (an invitation: the API's
    ``invitation_carries`` when given, else the catalogue's)."""
    if invitation_carries is not None and CREATE_METHODS[create_method]['pending']:
        return name in invitation_carries
    return FIELDS_BY_NAME[name].carried_by(create_method)


def _plan_create(wanted, active, create_method, password, email, invitation_carries=None):
    method = CREATE_METHODS[create_method]
    fields = {'email': email, 'type': wanted.get('type', DEFAULT_USER_TYPE)}
    later = {}
    for name, value in wanted.items():
        if carried_at_create(name, create_method, invitation_carries):
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
        after = with_values({}, dict((name, value) for name, value in fields.items() if name != 'password'), url=False)
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
        after = with_values({}, wanted, url=False)
        shown = [field.name for field in FIELDS if field.name in wanted]
        # The password first: a run failing after the create leaves a user whose password a rerun
        # (update_password=on_create) would never set, so keep that window as short as possible.
        if password is not None and create_method != 'autocreate':
            operations.append(('set_password', {}))
        if later:
            operations.append(('update', dict(later)))
    after.update({'email': email, 'type': fields['type'], 'login_type': method['login_type'],
                  'status': 'pending' if method['pending'] else 'active'})
    diff_after = {'state': 'present', 'email': email}
    diff_after.update(_view(wanted, shown))
    if not method['pending'] and active is not None:
        diff_after['active'] = active
        if active is False:
            operations.append(('deactivate', {}))
            after['status'] = 'inactive'
    return Plan(operations, {'before': {'state': 'absent'}, 'after': diff_after}, warnings, after)


def _plan_pending(current, wanted, active, password, update_password, revoke_token):
    values = current_values(current, wanted)
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
    values = current_values(current, wanted)
    changed_fields = differences(wanted, values)
    operations = []
    # Unchanged fields need no new record (only its status may be set below): a copy per user was most of the time
    # a roster of 100,000 users took to plan.
    after = with_values(current, dict((name, wanted[name]) for name in changed_fields)) if changed_fields \
        else dict(current)
    if changed_fields:
        operations.append(('update', dict((name, wanted[name]) for name in changed_fields)))
    hidden_changed = set(changed_fields)
    managed = [field.name for field in FIELDS if field.name in wanted]
    before_view = _view(values, managed)
    after_view = _view(dict(values, **wanted), managed, hidden_changed)
    if password is not None and update_password == 'always':
        operations.append(('set_password', {}))
        before_view['password'] = HIDDEN
        after_view['password'] = HIDDEN_CHANGED
    status = status_of(current)
    if active is not None:
        before_view['active'] = status == 'active'
        after_view['active'] = active
        if active and status != 'active':
            operations.append(('activate', {}))
            after['status'] = 'active'
        elif not active and status == 'active':
            operations.append(('deactivate', {}))
            after['status'] = 'inactive'
    if revoke_token:
        operations.append(('revoke_token', {}))
        before_view['token'] = HIDDEN
        after_view['token'] = HIDDEN_CHANGED
    return Plan(operations, {'before': before_view, 'after': after_view}, [], after)


# --- applying -----------------------------------------------------------------------------------
def apply_plan(backend, plan, current, password=None, applied=None, attempting=None):
    """Carry out ``plan`` on ``current`` (None when creating) through ``backend``; returns the
    neutral record after.

    Raises ZoomError (with the endpoint and Zoom's code) on failure, UserAlreadyExists when a
    create met "already exists" so that the caller can re-read and re-plan. Each action that
    succeeded is appended to ``applied`` (when given), so that a failure part-way can still
    report the changes already made; ``attempting`` (a one-item list, when given) holds the action
    under way, None once the plan is through.
    """
    record = current
    for action, fields in plan.operations:
        if attempting is not None:
            attempting[0] = action
        record = _apply_operation(backend, action, fields, record, password)
        if applied is not None:
            applied.append(action)
    if attempting is not None:
        attempting[0] = None
    return record


def _apply_operation(backend, action, fields, record, password):
    """One planned action; returns the record after it."""
    if action == 'create':
        record = backend.create(fields['create_method'], _without_none(fields['fields']))
        return with_values(record, dict((name, value) for name, value in fields['fields'].items()
                                        if name != 'password'), keep=True, url=False)
    if action in ('delete', 'permanent_delete'):
        backend.delete(fields['id'], pending=fields['pending'], permanent=action == 'permanent_delete')
        return None
    user_id = record.get('id')
    if action == 'update':
        backend.update(user_id, fields)
        return with_values(record, fields)
    if action == 'set_password':
        backend.set_password(user_id, password)
    elif action in ('activate', 'deactivate'):
        backend.set_status(user_id, action == 'activate')
        record = dict(record, status='active' if action == 'activate' else 'inactive')
    elif action == 'revoke_token':
        backend.revoke_token(user_id)
    return record


def _without_none(fields):
    return dict((key, value) for key, value in fields.items() if value is not None)


# --- zoom_user's one call -------------------------------------------------------------------------
def describe(plan, who, left_missing=False):
    """zoom_user's msg: what the plan did to the user."""
    if left_missing:
        return 'user %s does not exist: not created (create=false)' % who
    if not plan.changed:
        return 'user %s unchanged' % who
    actions = [action for action, _fields in plan.operations]
    if 'create' in actions:
        return 'user %s created' % who
    if 'delete' in actions or 'permanent_delete' in actions:
        return 'user %s deleted%s' % (who, ' permanently' if 'permanent_delete' in actions else '')
    parts = []
    for action, fields in plan.operations:
        parts.append('updated (%s)' % ', '.join(sorted(fields)) if action == 'update' else action.replace('_', ' '))
    return 'user %s %s' % (who, ', '.join(parts))


class Outcome:
    """What ensure_user did: ``changed``, the neutral record ``after`` (None: absent), the ``diff``, the
    ``plan`` the msg describes, and ``warnings``."""

    def __init__(self, changed, after, diff, plan):
        self.changed = changed
        self.after = after
        self.diff = diff
        self.plan = plan
        self.warnings = plan.warnings


def ensure_user(backend, email=None, user_id=None, login_type=None, wanted=None, check_mode=False, **options):
    """Bring one user to the wanted state: find it (``login_type``: the lookup hint), plan, and apply
    unless ``check_mode``. ``options`` are plan_user's (state, active, permanent, create_method, password,
    update_password, revoke_token, create). Returns an Outcome.

    Owns the recovery from "already exists": another run created the user between the read and the
    create, or our own retried create went through before its answer was lost; the user is re-read
    and re-planned. Raises Refused before any write, and Failed (with ``applied``) on a ZoomError.
    """
    wanted = wanted or {}
    update_host_key = options.pop('update_host_key', 'on_create')
    who = email or 'id %s' % user_id
    options = dict(options, email=email, invitation_carries=getattr(backend, 'invitation_carries', None))
    creating = options.get('state', 'present') == 'present' and options.get('create', True)
    password = options.get('password')
    plan = None
    applied = []
    attempting = [None]
    try:
        current = backend.find_user(email=email, user_id=user_id, login_type=login_type,
                                    settings=bool(settings_in(wanted)))
        present = options.get('state', 'present') == 'present' and (creating or current is not None)
        unheld = unheld_warnings(wanted, current, backend, who) if present else []
        wanted = wanted_for_backend(wanted, current, backend, update_host_key)
        if current is None and creating and not email:
            raise Refused('no user with id %s: give email (not id) to create a user' % user_id)
        if current is None and creating and options.get('create_method') is None:
            raise Refused("user %s does not exist and cannot be created: Zoom's API does not create %s logins "
                          '(set create: false to leave it missing)' % (who, login_type))
        plan = plan_user(current, wanted, **options)
        outcome = Outcome(plan.changed, plan.after, plan.diff, plan)
        if plan.changed and not check_mode:
            try:
                outcome.after = apply_plan(backend, plan, current, password=password, applied=applied,
                                           attempting=attempting)
            except UserAlreadyExists as exists:
                outcome = _after_user_exists(backend, exists, plan, wanted, options, login_type, applied, attempting)
        outcome.warnings = unheld + outcome.warnings
        return outcome
    except ZoomError as exc:
        what = 'managing user %s' % who
        if plan is not None and plan.operations and plan.operations[0][0] == 'create' and _sets_password(plan) \
                and attempting[0] in ('create', 'set_password'):
            # The create may have gone through without the password that was to follow it; a rerun
            # with update_password=on_create would not set it.
            what += (' (the user may have been created without its password: run again with'
                     ' update_password=always to set it)')
        # What went through before the failure is a change: report it truthfully.
        raise Failed(exc, what, changed=bool(applied), applied=applied)


def settings_in(wanted):
    """The names of the settings among the wanted fields ``wanted``. Pure."""
    return [name for name in wanted if FIELDS_BY_NAME[name].group == 'settings']


def wanted_for_backend(wanted, current, backend, update_host_key='on_create'):
    """The wanted fields this backend can compare with ``current``: a host key that the API never returns
    (``returns_host_key`` false) is set on create, and later only with ``update_host_key`` always; a group the
    user is already a member of (``group_membership``) is no change."""
    wanted = dict(wanted)
    if current is not None and 'host_key' in wanted and not backend.returns_host_key and update_host_key != 'always':
        del wanted['host_key']
    if current is not None and getattr(backend, 'group_membership', False) and 'group_id' in wanted \
            and wanted['group_id'] in (current.get('group_ids') or ()):
        del wanted['group_id']
    if getattr(backend, 'combined_settings', False):
        wanted = combined_wanted(wanted, current)
    return wanted


def combined_wanted(wanted, current):
    """The wanted settings as an API holding each pair in one enumeration (v2) can hold them: automatic recording
    off means no automatic cloud recording either, automatic cloud recording is automatic recording, and the chime's
    type is compared and written only while the chime is on (wanted on, or on now and not wanted off): a chime
    that is off has no type, and a type alone never turns the chime on. (The pair "automatic recording off, cloud
    on" is refused before any call: fields.v2_option_problems.) Pure."""
    wanted = dict(wanted)
    if wanted.get('enable_auto_recording') is False:
        wanted.setdefault('enable_cloud_auto_recording', False)
    if wanted.get('enable_cloud_auto_recording') is True:
        wanted.setdefault('enable_auto_recording', True)
    if chime_type_unheld(wanted, current):
        del wanted['option_enter_exit_chime_type']
    return wanted


def chime_type_unheld(wanted, current):
    """True when ``wanted`` asks for a chime type while the chime stays off: wanted off, or not wanted and off (or not
    known: a new user) now. An API holding the chime and its type in one value (v2) has no type for a chime that is
    off, so that type is neither compared nor written. Pure."""
    if 'option_enter_exit_chime_type' not in wanted:
        return False
    chime = wanted.get('enable_enter_exit_chime')
    if chime is None and current is not None:
        chime = current_values(current).get('enable_enter_exit_chime')
    return chime is not True


def unheld_warnings(wanted, current, backend, who):
    """The warnings naming what ``wanted`` asks for that ``backend`` cannot hold, and that is therefore left as it is
    (neither in the diff nor reported as a change): on an API holding the chime and its type in one value (v2), a
    chime type while the chime stays off. [] when none. Pure."""
    if getattr(backend, 'combined_settings', False) and chime_type_unheld(wanted, current):
        return ['settings.option_enter_exit_chime_type (%s) is not applied to %s: Zoom API v2 holds the chime and its '
                'type in one value (in_meeting.entry_exit_chime), and a chime that is off has no type; set '
                'settings.enable_enter_exit_chime: true with it to apply it'
                % (wanted['option_enter_exit_chime_type'], who)]
    return []


def _after_user_exists(backend, exists, plan, wanted, options, login_type, applied, attempting):
    """Converge after a create met "already exists": re-read the user and apply what differs."""
    attempting[0] = None
    current = backend.find_user(email=options['email'], login_type=login_type)
    if current is None:
        attempting[0] = 'create'
        raise exists
    replan_options = options
    if exists.retried and _sets_password(plan):
        # Our own create went through: the password it was to be followed by is still to be set.
        replan_options = dict(options, update_password='always')
    replan = plan_user(current, wanted, **replan_options)
    after = apply_plan(backend, replan, current, password=options.get('password'), applied=applied,
                       attempting=attempting)
    if exists.retried:
        # Our own retried create: keep the creation's diff and msg (what check mode predicted).
        return Outcome(True, after, plan.diff, plan)
    # Another run created the user: report what this run did to it.
    return Outcome(replan.changed, after, replan.diff, replan)


def _sets_password(plan):
    return any(action == 'set_password' for action, _fields in plan.operations)
