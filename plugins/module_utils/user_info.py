# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zoom_user_info's one call: read one user or every user (with their assistants), or check a zpk."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.zoomops.zoom.plugins.module_utils.assistants import email_key, sorted_emails, status_name
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.record import STATUSES, public_record


def read_users(backend, email=None, user_id=None, login_type=None, status='all'):
    """The neutral records of the one user asked for, or of every user, with the wanted status."""
    if email or user_id:
        record = backend.find_user(email=email, user_id=user_id, login_type=login_type)
        records = [record] if record else []
    else:
        records = list(backend.list_users(STATUSES if status == 'all' else (status,)))
    return [record for record in records if status == 'all' or status_name(record) == status]


def read_info(backend, email=None, user_id=None, login_type=None, status='all', include_assistants=False,
              assistants_for=None, zpk=None):
    """zoom_user_info's result: ``users`` (public records; ``assistants`` for every user with
    ``include_assistants``, or for the hosts of ``assistants_for``) and, for a ``zpk``, ``expire_in`` and
    ``zpk_valid``. Raises Failed (with what was read so far) on a ZoomError."""
    result = dict(changed=False, users=[])
    what = 'reading users'
    try:
        if zpk:
            what = 'checking the zpk'
            expire_in = backend.check_zpk(zpk)
            result.update(expire_in=expire_in or 0, zpk_valid=expire_in is not None)
        if email or user_id or not zpk:
            what = 'reading user %s' % (email or user_id) if email or user_id else 'listing users'
            records = read_users(backend, email, user_id, login_type, status)
            if include_assistants or assistants_for:
                what = 'reading assistants'
                hosts = set(email_key(host) for host in assistants_for or [])
                for record in records:
                    if not include_assistants and email_key(record.get('email', '')) not in hosts:
                        continue
                    if status_name(record) == 'pending':
                        record['assistants'] = []
                    else:
                        record['assistants'] = sorted_emails(backend.assistants(record['id']))
            result['users'] = [public_record(record) for record in records]
    except ZoomError as exc:
        raise Failed(exc, what, **result)
    return result
