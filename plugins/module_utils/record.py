# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The neutral user record: the one shape the domain compares and plans on, whatever the API.

It is the shape zoom_user and zoom_user_info return (``public_record`` of it):

- read-only keys (``id``, ``email``, ``created_at``, ``vanity_url``, ...);
- ``status``: ``active``, ``inactive`` or ``pending``; ``login_type``: ``facebook``, ``google``,
  ``api``, ``zoom`` or ``sso``; ``type``: ``basic``, ``pro`` or ``corp`` (names, never numbers);
- every profile field of the catalogue at the top level, in its canonical form (booleans, integers,
  text), ``vanity_name`` always present ('' when none);
- ``settings``: the catalogue's settings, nested;
- ``assistants`` (emails) when they were read;
- ``group_ids``, every group the user is a member of, where the API has several (v2); ``group_id`` is then
  the first of them (v1 has one group, ``group_id`` alone).

A backend converts its API's records to this shape at its boundary (and planned changes back to its
wire fields). A backend's record may also hold ``host_key`` when the API returns it (to compare a
wanted host key); ``public_record`` removes it, as every secret.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import (
    BOOL, FIELDS, FIELDS_BY_NAME, INT, INT_RE, PROFILE_NAMES, SECRET_KEYS, SETTINGS_NAMES,
)

STATUSES = ('active', 'inactive', 'pending')
READ_ONLY_KEYS = ('id', 'email', 'status', 'login_type', 'created_at', 'vanity_url', 'pic_url', 'verified',
                  'account_id', 'lastClientVersion', 'lastLoginTime', 'group_ids')
# The key of every group a user is a member of, where the API says (v2: a user may be in several groups; the
# record's group_id is the first of them, so that group_id is read, exported and compared as on v1).
GROUP_IDS = 'group_ids'
SETTINGS = 'settings'

# Longer numbers are refused before int() (which is slow, and limited to 4300 digits, on such input).
MAX_INT_DIGITS = 18
BOOLEAN_SPELLINGS = 'true/false, yes/no, on/off, 1/0, y/n or t/f'


def to_bool(value):
    """A boolean parsed exactly as Ansible parses a boolean option (its own strict ``boolean``):
    true/false, yes/no, on/off, 1/0, y/n, t/f in any case, and real booleans. Anything else, an
    empty string included, raises ValueError: a value that may delete or change users is never
    guessed (Python's truth would make the string 'false' true)."""
    try:
        return boolean(value, strict=True)
    except TypeError:
        raise ValueError('%s is not a boolean (%s)' % (short_repr(value), BOOLEAN_SPELLINGS))


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
    raise ValueError('%s is not an integer' % short_repr(value))


def short_repr(value, limit=40):
    """repr() of a value, cut to ``limit`` characters: messages never echo a 40 KB input whole."""
    text = repr(value)
    return text if len(text) <= limit else '%s... (%d characters)' % (text[:limit], len(text))


def normalise_current(field, value):
    """The canonical form of a value Zoom returned, or None when it cannot be read."""
    if value is None:
        return None
    # Values already canonical (most of what a JSON answer holds) return at once: a listing of 100,000 users
    # normalises millions of them.
    kind = value.__class__
    if (kind is bool and field.kind == BOOL) or (kind is int and field.kind == INT) \
            or (kind is str and field.kind not in (BOOL, INT)):
        return value
    try:
        if field.kind == BOOL:
            return to_bool(value)
        if field.kind == INT:
            return to_int(value)
    except ValueError:
        return None
    return str(value)


def vanity_name_of(record):
    """The vanity name behind a record's vanity_url (https://zoom.us/my/NAME), '' when none."""
    if record.get('vanity_name') not in (None, ''):
        return str(record['vanity_name'])
    url = str(record.get('vanity_url') or '')
    marker = '/my/'
    return url.split(marker, 1)[1].strip('/') if marker in url else ''


def vanity_url_for(vanity_name):
    """The vanity_url Zoom gives a room name ('' for none)."""
    return 'https://zoom.us/my/%s' % vanity_name if vanity_name else ''


def status_of(record):
    """'active', 'inactive' or 'pending' of a neutral record (None for no record; 'active' when unknown)."""
    if not record:
        return None
    status = record.get('status')
    return status if status in STATUSES else 'active'


def field_values(record):
    """{field name: value} of every catalogue field a neutral record carries (settings flattened)."""
    values = {}
    settings = record.get(SETTINGS) or {}
    for field in FIELDS:
        source = settings if field.group == 'settings' else record
        if field.name in source:
            values[field.name] = source[field.name]
    if 'vanity_name' in FIELDS_BY_NAME:
        values['vanity_name'] = vanity_name_of(record)
    return values


def copy_record(value):
    """A copy of a neutral record (or of any JSON-like value) whose dictionaries and lists are new and whose scalars
    are shared: setting values in it never touches the original. copy.deepcopy, which does the same for any object,
    was most of the planning time of a roster of 100,000 users."""
    if isinstance(value, dict):
        return dict((key, copy_record(item)) for key, item in value.items())
    if isinstance(value, list):
        return [copy_record(item) for item in value]
    return value


def with_values(record, values, keep=False, url=True):
    """A copy of the neutral ``record`` with the catalogue ``values`` set (settings nested; with ``url``,
    vanity_url following vanity_name as Zoom makes it); with ``keep``, values the record already has are
    kept. Other keys of ``values`` (email, status, ...) are set at the top level."""
    result = copy_record(record) if record else {}
    settings = result.setdefault(SETTINGS, {})
    for name, value in values.items():
        field = FIELDS_BY_NAME.get(name)
        target = settings if field is not None and field.group == 'settings' else result
        if keep and name in target:
            continue
        target[name] = value
        if name == 'group_id' and isinstance(result.get(GROUP_IDS), list) and value and value not in result[GROUP_IDS]:
            # A membership is added, never moved (v2): the other groups stay.
            result[GROUP_IDS] = result[GROUP_IDS] + [value]
        if name == 'vanity_name' and url:
            result['vanity_url'] = vanity_url_for(value)
    return result


def public_record(record):
    """A neutral record as the modules return it: read-only keys, the profile fields (vanity_name always),
    ``settings`` and ``assistants``; never a secret."""
    if not record:
        return {}
    user = {}
    for key in READ_ONLY_KEYS:
        if key in record:
            user[key] = record[key]
    values = field_values(record)
    for name in PROFILE_NAMES:
        if name in values and name not in SECRET_KEYS:
            user[name] = values[name]
    user[SETTINGS] = dict((name, values[name]) for name in SETTINGS_NAMES if name in values)
    if 'assistants' in record:
        user['assistants'] = record['assistants']
    return user
