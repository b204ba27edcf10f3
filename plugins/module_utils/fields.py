# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one catalogue of Zoom user fields.

Every other piece derives from it: the modules' argument specs, input validation, the
normalisation used for comparison, the split between what a create call carries and what needs a
follow-up update, the docs (a unit test checks the docs and the API spec against it) and each
backend's wire names: per field, ``v1`` is the v1 form field, ``v2`` the v2 JSON path (None where
the mapping is not settled, see docs/docsite/rst/architecture.rst) and ``inverted`` says that v2's flag means the
opposite (``disable_chat`` is v2's ``in_meeting.chat``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE, BOOLEANS_TRUE

BOOL = 'bool'
INT = 'int'
STR = 'str'

# The names of user types and login types, and (the catalogue's v1 column) the numbers v1 gives them,
# which the options also accept.
TYPE_NAMES = {'basic': 1, 'pro': 2, 'corp': 3}
LOGIN_TYPE_NAMES = {'facebook': 0, 'google': 1, 'api': 99, 'zoom': 100, 'sso': 101}
# How each create method makes a user: the login type it gives and whether the user is invited.
CREATE_METHODS = {
    'create': {'login_type': 'zoom', 'pending': True},
    'autocreate': {'login_type': 'zoom', 'pending': False},
    'custcreate': {'login_type': 'api', 'pending': False},
    'ssocreate': {'login_type': 'sso', 'pending': False},
}

# Every pattern matches the WHOLE value: \A and \Z, never ^ and $ ($ also matches before a final newline, so
# "123456\n" passed as a host key and failed on every later /user/update). re.fullmatch is not in Python 2.7.
# No pattern may backtrack more than linearly: the email's domain is dot-separated labels that contain no dot,
# so a value has one way to match (the former [^@\s]+\.[^@\s]+ took 13 s on a 40 KB crafted email).
EMAIL_RE = re.compile(r'\A[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+\Z')
# RFC 5321: a path is at most 256 characters including its angle brackets.
EMAIL_MAX_LENGTH = 254
PMI_RE = re.compile(r'\A[1-9][0-9]{9}\Z')
HOST_KEY_RE = re.compile(r'\A[0-9]{6}\Z')
# v2 takes host keys of 6 to 10 digits (PATCH /users/{userId}: minLength 6, maxLength 10; v2-mapping.md a.2).
HOST_KEY_V2_RE = re.compile(r'\A[0-9]{6,10}\Z')
VANITY_RE = re.compile(r'\A[A-Za-z][A-Za-z0-9.]{4,39}\Z')
# An integer as text: ASCII digits only (str.isdigit() also accepts '²' and other scripts' digits).
INT_RE = re.compile(r'\A-?[0-9]+\Z')

# The largest number Zoom's v1 integer fields take (a 32-bit signed integer).
INT32_MAX = 2147483647

WEBINAR_CAPACITIES = (0, 100, 500, 1000, 3000, 5000, 10000)
LARGE_CAPACITIES = (0, 100, 200, 300, 500)
# v2's lists (the spec's PATCH /users/{userId}/settings descriptions; v2-mapping.md a.3): another list than v1's.
WEBINAR_CAPACITIES_V2 = (100, 500, 501, 1000, 1001, 3000, 5000, 10000)
LARGE_CAPACITIES_V2 = (500, 1000)
AUTO_DELETE_CMR_DAYS_V2 = (30, 60, 90, 120)

API_NAMES = {'v1': 'Zoom API v1', 'v2': 'Zoom API v2'}

# Fields a /user/create, /user/autocreate and /user/custcreate call carries (the seed's lists).
_AT_CREATE = 'cac'
# Fields /user/ssocreate carries as well.
_AT_SSO = 'sso'


class Rule:
    """The values one API accepts for a field: ``choices``, ``minimum``/``maximum`` (integers), ``pattern`` (text)
    and ``text``, how a message states the rule without echoing the value (for a secret)."""

    def __init__(self, choices=None, minimum=None, maximum=None, pattern=None, text=None):
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.text = text


class Field:
    """One user field: its API name, JSON kind, where it lives in the module options and which
    create calls carry it."""

    def __init__(self, name, kind, group, description, at=(), choices=None, minimum=None,
                 maximum=None, pattern=None, secret=False, clearable=False, v1=None, v2=None, inverted=False,
                 rule_text=None, v2_rule=None):
        self.name = name
        self.v1 = v1 or name        # the v1 form field (and key of v1's records)
        self.v2 = v2                # the v2 JSON path (profile: key of /users/{id}; settings: dotted path)
        self.inverted = inverted    # v2's flag means the opposite of this field
        self.kind = kind
        self.group = group          # 'profile' (top-level option) or 'settings' (in the settings dict)
        self.description = description
        self.at = frozenset(at)
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.secret = secret
        self.clearable = clearable  # '' is accepted beside the pattern: it removes the value
        # The values each API accepts: v1's are the attributes above; ``v2_rule`` (a Rule) where v2 differs.
        self.rules = {'v1': Rule(choices, minimum, maximum, pattern, rule_text)}
        self.rules['v2'] = v2_rule or self.rules['v1']

    def rule(self, api_version=None):
        """The Rule of the values ``api_version`` (v1, the default, or v2) accepts."""
        return self.rules.get(api_version or 'v1', self.rules['v1'])

    @property
    def differs_by_api(self):
        """True when the APIs accept different values (messages then name the API)."""
        return self.rules['v1'] is not self.rules['v2']

    @property
    def any_choices(self):
        """Every value some API accepts, sorted, when each API has a list (the argument spec's choices), else None."""
        lists = [rule.choices for rule in self.rules.values()]
        if any(choices is None for choices in lists):
            return None
        return tuple(sorted(set(value for choices in lists for value in choices)))

    def carried_by(self, create_method):
        """True when the create call of ``create_method`` accepts this field."""
        if create_method == 'ssocreate':
            return _AT_SSO in self.at
        return _AT_CREATE in self.at


def _f(name, kind, group, description, at=(_AT_CREATE,), **kwargs):
    return Field(name, kind, group, description, at=at, **kwargs)


_BOTH = (_AT_CREATE, _AT_SSO)

PROFILE_FIELDS = (
    _f('first_name', STR, 'profile', "The user's first name.", at=_BOTH),
    _f('last_name', STR, 'profile', "The user's last name.", at=_BOTH),
    _f('type', INT, 'profile', 'The user type: V(basic) (1), V(pro) (2) or V(corp) (3).', at=_BOTH,
       choices=(1, 2, 3)),
    _f('dept', STR, 'profile', 'Department, used for reports.'),
    _f('timezone', STR, 'profile', 'The time zone of the user profile, an IANA name such as V(Europe/Paris).', at=()),
    _f('pmi', INT, 'profile', 'Personal Meeting ID, 10 digits, not starting with 0.', at=(_AT_SSO,),
       pattern=PMI_RE),
    _f('vanity_name', STR, 'profile',
       'Personal meeting room name (5 to 40 letters, digits or dots, starting with a letter); '
       "compared with the C(vanity_url) Zoom returns. V('') removes it.", at=(), pattern=VANITY_RE,
       clearable=True),
    _f('host_key', STR, 'profile', 'Host key, 6 digits on Zoom API v1, 6 to 10 digits on v2. Never returned; shown as'
       ' C(<hidden>) in diffs.', at=(), pattern=HOST_KEY_RE, secret=True, rule_text='exactly 6 digits',
       v2_rule=Rule(pattern=HOST_KEY_V2_RE, text='6 to 10 digits')),
    _f('group_id', STR, 'profile', 'User group ID.', at=_BOTH),
    _f('imgroup_id', STR, 'profile', 'IM group ID.', at=_BOTH),
    _f('cms_user_id', STR, 'profile', 'User ID on an external CMS.', at=()),
    _f('track_id', STR, 'profile', 'Referral partner track ID.'),
)

SETTINGS_FIELDS = (
    _f('disable_chat', BOOL, 'settings', 'Disable in-meeting chat.'),
    _f('enable_e2e_encryption', BOOL, 'settings', 'Enable end-to-end encryption.'),
    _f('enable_silent_mode', BOOL, 'settings', 'Enable attendee on-hold.'),
    _f('disable_group_hd', BOOL, 'settings', 'Disable group HD.'),
    _f('disable_recording', BOOL, 'settings', 'Disable recording.'),
    _f('enable_cmr', BOOL, 'settings', 'Enable cloud meeting recording.'),
    _f('enable_record_speaker_view', BOOL, 'settings', 'Record the active speaker view.', at=()),
    _f('enable_record_gallery_view', BOOL, 'settings', 'Record the gallery view.', at=()),
    _f('enable_record_audio_file', BOOL, 'settings', 'Record an audio-only file.', at=()),
    _f('enable_auto_recording', BOOL, 'settings', 'Enable automatic recording.'),
    _f('enable_cloud_auto_recording', BOOL, 'settings', 'Enable automatic cloud recording.'),
    _f('meeting_capacity', INT, 'settings', 'Meeting capacity; V(0) follows the account capacity.', at=_BOTH,
       minimum=0, maximum=INT32_MAX),
    _f('enable_webinar', BOOL, 'settings', 'Enable the webinar feature.', at=_BOTH),
    _f('webinar_capacity', INT, 'settings', 'Webinar capacity - V(0), V(100), V(500), V(1000), V(3000), V(5000) or'
       ' V(10000) on Zoom API v1; V(100), V(500), V(501), V(1000), V(1001), V(3000), V(5000) or V(10000) on v2.',
       at=_BOTH, choices=WEBINAR_CAPACITIES, v2_rule=Rule(choices=WEBINAR_CAPACITIES_V2)),
    _f('enable_large', BOOL, 'settings', 'Enable the large meeting feature.', at=_BOTH),
    _f('large_capacity', INT, 'settings', 'Large meeting capacity - V(0), V(100), V(200), V(300) or V(500) on Zoom API'
       ' v1; V(500) or V(1000) on v2.', at=_BOTH, choices=LARGE_CAPACITIES, v2_rule=Rule(choices=LARGE_CAPACITIES_V2)),
    _f('disable_feedback', BOOL, 'settings', 'Disable feedback.'),
    _f('disable_jbh_reminder', BOOL, 'settings', 'Disable the join-before-host email reminder.'),
    _f('enable_breakout_room', BOOL, 'settings', 'Enable breakout rooms.'),
    _f('enable_polling', BOOL, 'settings', 'Enable polling in meetings.'),
    _f('enable_annotation', BOOL, 'settings', 'Enable annotation.'),
    _f('enable_share_dual_camera', BOOL, 'settings', 'Enable sharing a dual camera.'),
    _f('enable_far_end_camera_control', BOOL, 'settings', 'Enable far end camera control.'),
    _f('disable_private_chat', BOOL, 'settings', 'Disable private chat.'),
    _f('enable_enter_exit_chime', BOOL, 'settings', 'Enable the enter/exit chime.'),
    _f('option_enter_exit_chime_type', INT, 'settings',
       'Who hears the enter/exit chime (V(0) everybody, V(1) the host only).', choices=(0, 1)),
    _f('disable_cancel_meeting_notification', BOOL, 'settings',
       'Disable the email notification when a meeting is cancelled.'),
    _f('enable_remote_support', BOOL, 'settings', 'Enable remote support.'),
    _f('enable_file_transfer', BOOL, 'settings', 'Enable file transfer.'),
    _f('enable_virtual_background', BOOL, 'settings', 'Enable virtual background.'),
    _f('enable_attention_tracking', BOOL, 'settings', 'Enable attention tracking.'),
    _f('enable_waiting_room', BOOL, 'settings', 'Enable the waiting room.'),
    _f('enable_use_pmi', BOOL, 'settings', 'Use the Personal Meeting ID for instant meetings.', at=()),
    _f('enable_closed_caption', BOOL, 'settings', 'Enable closed captions.'),
    _f('enable_co_host', BOOL, 'settings', 'Enable co-hosts.'),
    _f('enable_auto_saving_chats', BOOL, 'settings', 'Enable auto-saving chats.'),
    _f('enable_phone_participants_password', BOOL, 'settings',
       'Generate and require a password for participants joining by phone.'),
    _f('enable_auto_delete_cmr', BOOL, 'settings', 'Enable auto-deleting cloud recordings.'),
    _f('auto_delete_cmr_days', INT, 'settings', 'Delete cloud recordings after this many days - 1 to 365 on Zoom API'
       ' v1; V(30), V(60), V(90) or V(120) on v2.', minimum=1, maximum=365,
       v2_rule=Rule(choices=AUTO_DELETE_CMR_DAYS_V2)),
)

FIELDS = PROFILE_FIELDS + SETTINGS_FIELDS

# The catalogue's v2 column (docs/docsite/rst/architecture.rst): per field, its v2 JSON path (a key of /users/{id} for profile
# fields, a dotted path of /users/{id}/settings for settings) and whether v2's flag means the opposite. Filled only
# where v2-mapping.md (section a, [SPEC]) maps the field one to one; the rest waits for the v2 backend: the user
# type (v2 has no corp), the vanity name and host key (not read back as such), group and IM group ids, the
# track id, the deprecated or ambiguous settings and the pairs v2 combines in one enum (auto recording and cloud
# auto recording, enter/exit chime and its type).
_V2_COLUMN = {
    'first_name': ('first_name', False),
    'last_name': ('last_name', False),
    'dept': ('dept', False),
    'timezone': ('timezone', False),
    'pmi': ('pmi', False),
    'cms_user_id': ('cms_user_id', False),
    'disable_chat': ('in_meeting.chat', True),
    'disable_group_hd': ('in_meeting.group_hd', True),
    'enable_cmr': ('recording.cloud_recording', False),
    'enable_record_speaker_view': ('recording.record_speaker_view', False),
    'enable_record_gallery_view': ('recording.record_gallery_view', False),
    'enable_record_audio_file': ('recording.record_audio_file', False),
    'meeting_capacity': ('feature.meeting_capacity', False),
    'enable_webinar': ('feature.webinar', False),
    'webinar_capacity': ('feature.webinar_capacity', False),
    'enable_large': ('feature.large_meeting', False),
    'large_capacity': ('feature.large_meeting_capacity', False),
    'disable_jbh_reminder': ('email_notification.jbh_reminder', True),
    'enable_breakout_room': ('in_meeting.breakout_room', False),
    'enable_polling': ('in_meeting.polling', False),
    'enable_annotation': ('in_meeting.annotation', False),
    'enable_far_end_camera_control': ('in_meeting.far_end_camera_control', False),
    'disable_private_chat': ('in_meeting.private_chat', True),
    'disable_cancel_meeting_notification': ('email_notification.cancel_meeting_reminder', True),
    'enable_remote_support': ('in_meeting.remote_support', False),
    'enable_file_transfer': ('in_meeting.file_transfer', False),
    'enable_virtual_background': ('in_meeting.virtual_background', False),
    'enable_waiting_room': ('in_meeting.waiting_room', False),
    'enable_use_pmi': ('schedule_meeting.use_pmi_for_instant_meetings', False),
    'enable_closed_caption': ('in_meeting.closed_caption', False),
    'enable_co_host': ('in_meeting.co_host', False),
    'enable_auto_saving_chats': ('in_meeting.auto_saving_chat', False),
    'enable_phone_participants_password': ('schedule_meeting.pstn_password_protected', False),
    'enable_auto_delete_cmr': ('recording.auto_delete_cmr', False),
    'auto_delete_cmr_days': ('recording.auto_delete_cmr_days', False),
}
for _field in FIELDS:
    if _field.name in _V2_COLUMN:
        _field.v2, _field.inverted = _V2_COLUMN[_field.name]
FIELDS_BY_NAME = dict((field.name, field) for field in FIELDS)
PROFILE_NAMES = tuple(field.name for field in PROFILE_FIELDS)
SETTINGS_NAMES = tuple(field.name for field in SETTINGS_FIELDS)
# Values never returned by the modules nor shown in diffs.
SECRET_KEYS = ('token', 'zak', 'zpk', 'host_key', 'password')

# v2 keeps two pairs of catalogue settings in one enumeration each (v2-mapping.md a.3): recording.auto_recording
# (none | local | cloud: automatic cloud recording is automatic recording) and in_meeting.entry_exit_chime
# (none | host | all: a chime that is off has no type).
V2_AUTO_RECORDING = 'recording.auto_recording'
V2_CHIME = 'in_meeting.entry_exit_chime'
V2_COMBINED = {
    'enable_auto_recording': V2_AUTO_RECORDING, 'enable_cloud_auto_recording': V2_AUTO_RECORDING,
    'enable_enter_exit_chime': V2_CHIME, 'option_enter_exit_chime_type': V2_CHIME,
}
# Profile options v2 has no equivalent for (v2-mapping.md a.2), whatever their value ('' too: v2 has nothing to clear).
NO_V2_PROFILE = ('track_id', 'imgroup_id')
ZOOM_LOGIN_METHODS = ('create', 'autocreate')


def v2_path(name):
    """The v2 settings path of a catalogue setting (its own or its combined enumeration's), None when v2 has none."""
    return V2_COMBINED.get(name) or FIELDS_BY_NAME[name].v2


def v2_option_problems(options):
    """The problems of module options (zoom_user's, or a roster entry's) that Zoom API v2 cannot hold, one message
    naming each option, [] when none. Pure: checked before any call, with the values' rules (fields.Rule).

    Refused: the profile options v2 has no equivalent for (any value), type corp, the settings v2 dropped, a
    password for a user who does not sign in with Zoom, a zpk, group_id '' (v2 membership is only added: '' cannot
    mean "in no group"), and enable_auto_recording false with enable_cloud_auto_recording true (v2's one
    enumeration cannot hold automatic cloud recording without automatic recording)."""
    problems = []
    for name in NO_V2_PROFILE:
        if options.get(name) is not None:
            problems.append('%s has no Zoom API v2 equivalent%s' % (
                name, ' (IM groups became user groups: use group_id)' if name == 'imgroup_id' else ''))
    if str(options.get('type')).strip().lower() in ('corp', '3'):
        problems.append('type corp (3) has no Zoom API v2 equivalent: use basic or pro (licensed)')
    if options.get('group_id') == '':
        problems.append("group_id '' (in no group) cannot be held on Zoom API v2: a membership is only added, never "
                        'removed by zoom_user; omit group_id')
    settings = options.get('settings') or {}
    if isinstance(settings, dict):
        dropped = sorted(name for name, value in settings.items()
                         if value is not None and name in FIELDS_BY_NAME and v2_path(name) is None)
        if dropped:
            problems.append('settings %s have no Zoom API v2 equivalent' % ', '.join(dropped))
        if _is_false(settings.get('enable_auto_recording')) and _is_true(settings.get('enable_cloud_auto_recording')):
            problems.append('enable_auto_recording false with enable_cloud_auto_recording true cannot be held on Zoom '
                            'API v2 (one setting, recording.auto_recording: automatic cloud recording is automatic '
                            'recording)')
    method = options.get('create_method')
    login_type = options.get('login_type')
    if options.get('password') is not None and (method in ('custcreate', 'ssocreate')
                                                or login_type in ('api', 'sso', 99, 101, '99', '101')):
        how = method or 'login_type %s' % login_type
        problems.append('password cannot be set on Zoom API v2 for users created with %s: only users who sign in '
                        'with Zoom (%s) have a password' % (how, ', '.join(ZOOM_LOGIN_METHODS)))
    if options.get('zpk') not in (None, ''):
        problems.append('zpk has no Zoom API v2 equivalent (v2 has no zpk check)')
    return problems


def _is_true(value):
    return _spelling(value) in BOOLEANS_TRUE


def _is_false(value):
    return value is not None and _spelling(value) in BOOLEANS_FALSE


def _spelling(value):
    """A boolean option's value as Ansible's lists spell it (True, 'yes', 'Yes', 1 ...)."""
    return value if isinstance(value, bool) else str(value).strip().lower()


# What POST /users carries in its user_info on API v2 (besides email, type and autoCreate's password).
V2_CREATE_CARRIES = ('first_name', 'last_name')
# What an invitation (create_method create) carries on each API, None where Field.carried_by says it (v1): on v2
# POST /users carries the names, and a group membership is added right after it.
INVITATION_CARRIES = {'v1': None, 'v2': V2_CREATE_CARRIES + ('group_id',)}
