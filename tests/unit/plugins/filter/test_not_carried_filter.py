"""zoom_user_not_carried names the fields an invitation defers as the target API's invitation carries them."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.zoomops.zoom.plugins.filter.zoom_user_options import zoom_user_not_carried

from ..module_utils.test_users import _source


def deferred_note(notes):
    return [note for note in notes if 'invitation' in note][0]


def test_a_v1_invitation_carries_the_department_and_a_v2_one_does_not():
    # a Zoom login (re-created by invitation) with a department and a time zone
    user = _source(login_type=100, status=0, dept='Ops')
    v1 = deferred_note(zoom_user_not_carried(user))
    v2 = deferred_note(zoom_user_not_carried(user, api_version='v2'))
    assert 'timezone' in v1 and 'timezone' in v2
    assert 'dept' not in v1      # v1's /user/create takes the department
    assert 'dept' in v2          # v2's POST /users (action create) takes only the names and the type
    assert 'first_name' not in v2


def test_a_list_is_read_for_the_api_given_and_an_unknown_api_fails_naming_the_choices():
    users = [_source(login_type=100, status=0, dept='Ops'), _source(login_type=99, status=0)]
    assert any('dept' in note for note in zoom_user_not_carried(users, api_version='v2'))
    with pytest.raises(AnsibleFilterError, match="api_version must be one of v1, v2, not 'v3'"):
        zoom_user_not_carried(users, api_version='v3')
