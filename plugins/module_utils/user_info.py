# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zoom_user_info's one call: read one user or every user (with their assistants), or check a zpk."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.zoomops.zoom.plugins.module_utils.assistants import email_key, sorted_emails, status_name
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.record import STATUSES, public_record


def read_users(backend, email=None, user_id=None, login_type=None, status='all', full_records=True):
    """The neutral records of the one user asked for, or of every user, with the wanted status (``full_records``:
    complete the records of a list that leaves fields out, see complete_records())."""
    if email or user_id:
        record = backend.find_user(email=email, user_id=user_id, login_type=login_type)
        records = [record] if record else []
    else:
        records = list(backend.list_users(STATUSES if status == 'all' else (status,)))
        if full_records and not getattr(backend, 'lists_full_records', True):
            records = complete_records(backend, records)
    return [record for record in records if status == 'all' or status_name(record) == status]


def complete_records(backend, listed):
    """The full records of listed users, for an API whose list leaves fields out (v2's GET /users has no vanity
    name, login type, CMS id nor settings: an export without them would clear every vanity name and re-create API
    and SSO users as invitations): one find_user per user, by id (by email for a pending user, listed without
    one). A user gone since the list is left out."""
    records = []
    for record in listed:
        found = backend.find_user(user_id=record.get('id'), email=None if record.get('id') else record['email'])
        if found is not None:
            records.append(found)
    return records


def read_info(backend, email=None, user_id=None, login_type=None, status='all', include_assistants=False,
              assistants_for=None, zpk=None, full_records=True):
    """zoom_user_info's result: ``users`` (public records; ``assistants`` for every user with
    ``include_assistants``, or for the hosts of ``assistants_for``; complete records unless ``full_records`` is
    false) and, for a ``zpk``, ``expire_in`` and ``zpk_valid``. Raises Failed (with what was read so far) on a ZoomError."""
    result = dict(changed=False, users=[])
    what = 'reading users'
    try:
        if zpk:
            what = 'checking the zpk'
            expire_in = backend.check_zpk(zpk)
            result.update(expire_in=expire_in or 0, zpk_valid=expire_in is not None)
        if email or user_id or not zpk:
            what = 'reading user %s' % (email or user_id) if email or user_id else 'listing users'
            records = read_users(backend, email, user_id, login_type, status, full_records)
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
