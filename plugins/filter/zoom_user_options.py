# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The filters of this file are documented in zoom_user_options.yml and zoom_user_not_carried.yml beside it (one
# documentation file per filter: `ansible-doc -t filter zoomops.zoom.zoom_user_not_carried`).

from ansible.errors import AnsibleFilterError

from ansible_collections.zoomops.zoom.plugins.module_utils.fields import INVITATION_CARRIES
from ansible_collections.zoomops.zoom.plugins.module_utils.users import not_carried, user_options


def _each(name, function, value, flatten):
    """``function`` of a user record, or of each record of a list (concatenated when ``flatten``)."""
    if isinstance(value, (list, tuple)):
        results = [_each(name, function, item, False) for item in value]
        return [entry for result in results for entry in result] if flatten else results
    if not isinstance(value, dict):
        raise AnsibleFilterError('%s expects a user record (a dict) or a list of them, not %s'
                                 % (name, type(value).__name__))
    if not value.get('email'):
        raise AnsibleFilterError('%s: the user record has no email' % name)
    return function(dict(value))


def zoom_user_options(user):
    """The zoom_user options that re-create ``user`` (a record of zoom_user_info), or a list of them."""
    return _each('zoom_user_options', user_options, user, flatten=False)


def zoom_user_not_carried(user, api_version='v1'):
    """What zoom_user_options leaves behind for ``user`` (or a list of users) when applied through ``api_version``:
    sentences naming the email."""
    if api_version not in INVITATION_CARRIES:
        raise AnsibleFilterError('zoom_user_not_carried: api_version must be one of %s, not %r'
                                 % (', '.join(sorted(INVITATION_CARRIES)), api_version))
    carries = INVITATION_CARRIES[api_version]
    return _each('zoom_user_not_carried', lambda record: not_carried(record, carries), user, flatten=True)


class FilterModule(object):
    """zoomops.zoom filters for users."""

    def filters(self):
        return {'zoom_user_options': zoom_user_options, 'zoom_user_not_carried': zoom_user_not_carried}
