"""The roster filters as the role calls them: with extra vars (strings), their interface and output keys."""

import inspect

import pytest

from ansible_collections.zoomops.zoom.plugins.filter import roster as roster_filter

from ..module_utils.test_roster import public


def _filters():
    return roster_filter


@pytest.mark.parametrize('spelling', ['false', 'no', 'off', '0', 'n', 'f', 'False'])
def test_string_false_switches_never_remove_anyone(spelling):
    current = [public('keep@example.com'), public('extra@example.com')]
    result = _filters().roster_plan([{'email': 'keep@example.com'}], current, purge=spelling)
    assert result['remove'] == [] and result['removals'] == []
    permanent = _filters().roster_plan([{'email': 'keep@example.com'}], current, purge='true', permanent=spelling)
    assert [(user['email'], user['permanent']) for user in permanent['remove']] == [('extra@example.com', False)]
    with pytest.raises(Exception) as caught:
        _filters().roster_plan([], current, purge='true', allow_empty=spelling)
    assert 'refusing to purge: the roster is empty' in str(caught.value)


def test_a_switch_that_does_not_parse_fails_every_filter_before_any_plan():
    from ansible.errors import AnsibleFilterError
    filters = _filters()
    for call in (lambda: filters.roster_plan([{'email': 'a@example.com'}], [public('b@example.com')], purge='flase'),
                 lambda: filters.roster_validate([{'email': 'a@example.com'}], purge=''),
                 lambda: filters.roster_summary({}, check_mode='maybe')):
        with pytest.raises(AnsibleFilterError) as caught:
            call()
        assert 'must be a boolean' in str(caught.value)


def test_roster_check_answers_every_problem_instead_of_raising():
    found = _filters().roster_check([{'email': 'ok@example.com', 'assistants': ['a@example.com']},
                                     {'email': 'x@example.com', 'state': 'gone'}], purge='maybe')
    assert found['hosts'] == []
    text = '; '.join(found['problems'])
    assert 'zoom_roster_purge must be a boolean' in text
    assert "invalid roster: entry 1 (x@example.com): state must be present or absent, not 'gone'" in text
    good = _filters().roster_check([{'email': 'ok@example.com', 'assistants': ['a@example.com']}], purge='no')
    assert good == {'problems': [], 'hosts': ['ok@example.com']}
    assert 'missing required arguments: zoom_roster_users' in _filters().roster_check(None)['problems'][0]


# --- the interface the role calls ---------------------------------------------------------------------
def test_the_filters_keep_the_signatures_the_role_calls():
    signatures = dict((name, list(inspect.signature(function).parameters))
                      for name, function in roster_filter.FilterModule().filters().items())
    assert signatures == {
        'roster_validate': ['users', 'purge', 'allow_empty', 'permanent', 'protected', 'max_removals'],
        'roster_check': ['users', 'purge', 'allow_empty', 'permanent', 'protected', 'max_removals'],
        'roster_plan': ['users', 'current', 'purge', 'permanent', 'protected', 'allow_empty', 'max_removals'],
        'roster_secrets': ['users'],
        'roster_summary': ['plan', 'applied', 'removed', 'assistants', 'check_mode'],
    }


def test_the_plan_keeps_the_keys_the_role_reads():
    plan = roster_filter.roster_plan([{'email': 'new@example.com', 'create_method': 'custcreate'},
                                      {'email': 'keep@example.com', 'dept': 'Other'}],
                                     [public('keep@example.com'), public('gone@example.com')], purge=True)
    assert set(plan) == {'apply', 'created', 'updated', 'deactivated', 'verify', 'remove', 'removals', 'assistants',
                         'unchanged', 'counts', 'protected_kept', 'warnings', 'refused'}
    assert plan['created'] == ['new@example.com'] and plan['updated'] == ['keep@example.com']
    assert plan['removals'] == ['gone@example.com']
    summary = roster_filter.roster_summary(plan, check_mode='true')
    assert set(summary) >= {'created', 'updated', 'deactivated', 'removed', 'unchanged', 'assistants', 'failed',
                            'failures', 'check_mode', 'planned_removals'}


@pytest.mark.parametrize('odd', [{'id': 'noemail'}, {'id': 'noemail', 'email': None}, 'just a string'])
def test_the_plan_filter_ignores_a_listed_user_without_email_with_a_warning(odd):
    result = roster_filter.roster_plan([{'email': 'keep@example.com'}], [public('keep@example.com'), odd], purge=True)
    assert result['remove'] == [] and result['refused'] == []
    assert any('has no email' in warning for warning in result['warnings'])
