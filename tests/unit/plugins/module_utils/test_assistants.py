"""The pure planning functions of module_utils/assistants.py (and its I/O edges over a fake backend)."""

import pytest

from ansible_collections.zoomops.zoom.plugins.module_utils import assistants as a
from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import UsersBackend
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput

ADA, BOB, CY, DI = 'ada@example.com', 'bob@example.com', 'cy@example.com', 'di@example.com'
HOST = {'id': 'H1', 'email': 'host@example.com', 'status': 'active'}


def user(email, status='active', uid=None):
    return {'id': uid or 'id-' + email, 'email': email, 'status': status}


# --- wanted_assistants -------------------------------------------------------------------------
def test_wanted_assistants_strips_and_drops_case_insensitive_duplicates():
    assert a.wanted_assistants([' Ada@Example.com', ADA, BOB]) == ['Ada@Example.com', BOB]


def test_wanted_assistants_names_every_bad_email():
    with pytest.raises(InvalidInput) as exc:
        a.wanted_assistants(['nope', ADA, 'also bad'])
    assert "'nope'" in str(exc.value) and "'also bad'" in str(exc.value)


def test_wanted_assistants_refuses_the_host_whatever_the_case():
    with pytest.raises(InvalidInput, match='host@example.com is the host'):
        a.wanted_assistants(['HOST@example.com'], host_email='host@example.com')


def test_empty_list_is_allowed():
    assert a.wanted_assistants([]) == []


# --- plan_assistants ---------------------------------------------------------------------------
def test_present_adds_only_the_missing_ones():
    plan = a.plan_assistants([ADA], [ADA, BOB])
    assert plan.operations == [(a.ADD, BOB)]
    assert plan.diff == {'before': {'assistants': [ADA]}, 'after': {'assistants': [ADA, BOB]}}


def test_present_with_nothing_missing_is_no_change():
    plan = a.plan_assistants([ADA, BOB], ['BOB@example.com'])
    assert not plan.changed and plan.operations == []
    assert plan.diff['before'] == plan.diff['after']


def test_comparison_ignores_case_and_keeps_the_current_spelling():
    plan = a.plan_assistants(['Ada@Example.com'], [ADA], exclusive=True)
    assert not plan.changed
    assert plan.after == ['Ada@Example.com']


def test_exclusive_removal_is_clear_then_re_add_kept_then_new():
    plan = a.plan_assistants([DI, ADA, BOB], [CY, DI, ADA], exclusive=True)
    assert plan.operations == [(a.CLEAR, None), (a.ADD, ADA), (a.ADD, DI), (a.ADD, CY)]
    assert plan.removed == [BOB] and sorted(plan.kept) == [ADA, DI] and plan.added == [CY]
    assert plan.diff['after'] == {'assistants': [ADA, CY, DI]}


def test_exclusive_with_only_additions_needs_no_clear():
    plan = a.plan_assistants([ADA], [ADA, BOB], exclusive=True)
    assert plan.operations == [(a.ADD, BOB)]
    assert not plan.clears


def test_exclusive_empty_list_clears_everything_without_re_adds():
    plan = a.plan_assistants([ADA, BOB], [], exclusive=True)
    assert plan.operations == [(a.CLEAR, None)]
    assert plan.after == []


def test_absent_removes_by_clear_and_re_adds_the_others():
    plan = a.plan_assistants([ADA, BOB, CY], ['bob@EXAMPLE.com'], state='absent')
    assert plan.operations == [(a.CLEAR, None), (a.ADD, ADA), (a.ADD, CY)]
    assert plan.after == [ADA, CY]


def test_absent_of_non_assistants_is_no_change():
    assert not a.plan_assistants([ADA], [BOB, CY], state='absent').changed


def test_absent_of_the_only_assistant_is_a_single_clear():
    assert a.plan_assistants([ADA], [ADA], state='absent').operations == [(a.CLEAR, None)]


def test_plan_refuses_an_unknown_state():
    with pytest.raises(ValueError):
        a.plan_assistants([], [], state='gone')


def test_respell_uses_the_account_spelling():
    plan = a.respell(a.plan_assistants([], ['ADA@example.com']), {ADA: 'Ada@example.com'})
    assert plan.operations == [(a.ADD, 'Ada@example.com')]
    assert plan.after == ['Ada@example.com']


# --- assistant_problems ------------------------------------------------------------------------
def test_no_problem_for_active_users():
    plan = a.plan_assistants([ADA], [BOB])
    assert a.assistant_problems(plan, {BOB: user(BOB)}, HOST) == []


def test_unknown_users_are_named():
    plan = a.plan_assistants([], [BOB, CY])
    problems = a.assistant_problems(plan, {BOB: None, CY: user(CY)}, HOST)
    assert problems == ['not a user of this account: %s' % BOB]


def test_pending_and_inactive_users_are_named_by_status():
    plan = a.plan_assistants([], [BOB, CY])
    problems = a.assistant_problems(plan, {BOB: user(BOB, 'pending'), CY: user(CY, 'inactive')}, HOST)
    assert problems == ['inactive user cannot be an assistant: %s' % CY,
                        'pending user cannot be an assistant: %s' % BOB]


def test_a_kept_assistant_that_cannot_be_re_added_blocks_the_clear():
    plan = a.plan_assistants([ADA, BOB], [BOB], state='absent')
    problems = a.assistant_problems(plan, {ADA: user(ADA, 'inactive')}, HOST)
    assert len(problems) == 1
    assert 'removing %s' % BOB in problems[0] and ADA in problems[0]


def test_an_assistant_that_is_the_host_by_id_is_refused():
    plan = a.plan_assistants([], ['alias@example.com'])
    problems = a.assistant_problems(plan, {'alias@example.com': user('alias@example.com', uid='H1')}, HOST)
    assert 'cannot be their own assistant' in problems[0]


def test_an_inactive_host_cannot_change():
    plan = a.plan_assistants([], [BOB])
    problems = a.assistant_problems(plan, {BOB: user(BOB)}, dict(HOST, status='inactive'))
    assert problems == ['the host host@example.com is inactive: Zoom only changes the assistants of an active host']


def test_no_change_has_no_problem_even_for_an_inactive_host():
    assert a.assistant_problems(a.plan_assistants([ADA], [ADA]), {}, dict(HOST, status='inactive')) == []


# --- check mode: users created earlier in the play (issue 10, item 19) ----------------------------
def test_the_users_a_plan_adds_that_the_account_lacks_are_named_sorted():
    plan = a.plan_assistants([ADA], [CY, BOB], exclusive=True)
    assert a.not_in_account(plan, {BOB: user(BOB), CY: None}) == [CY]


def test_users_assumed_created_are_active_and_then_pass_the_checks():
    plan = a.plan_assistants([], [BOB, CY])
    records = a.assume_created({BOB: user(BOB), CY: None}, [CY])
    assert records[CY] == {'email': CY, 'status': 'active'} and records[BOB] == user(BOB)
    assert a.assistant_problems(plan, records, HOST) == []


def test_a_host_without_id_is_not_confused_with_assistants_without_id():
    # Check mode, host created earlier in the play: neither side has an id yet.
    plan = a.plan_assistants([], [BOB])
    assert a.assistant_problems(plan, a.assume_created({}, [BOB]), {'email': 'new@example.com', 'status': 'active'}) == []


# --- missing_assistants ------------------------------------------------------------------------
def test_missing_after_a_failure_splits_lost_from_not_added():
    plan = a.plan_assistants([ADA, BOB, CY], [ADA, BOB, DI], exclusive=True)
    assert a.missing_assistants(plan, [ADA]) == ([BOB], [DI])


# --- I/O edges over a fake backend ----------------------------------------------------------------
class FakeBackend(UsersBackend):
    def __init__(self, fail_add_after=None, can_remove_one=False, lands_late=False, present=()):
        self.log = []
        self.fail_add_after = fail_add_after
        self.adds = 0
        self.can_remove_one_assistant = can_remove_one
        self.lands_late = lands_late
        self.present = list(present)

    def find_users(self, emails, login_type=None):
        self.log.append('find %s' % ', '.join(emails))
        return dict((a.email_key(email), user(email)) for email in emails)

    def clear_assistants(self, host_id):
        self.log.append('clear')

    def remove_assistant(self, host_id, assistant_email):
        self.log.append('remove ' + assistant_email)

    def add_assistant(self, host_id, assistant_email):
        if self.fail_add_after is not None and self.adds >= self.fail_add_after:
            raise ZoomError('/user/assistant/set', None, 'HTTP 500 from the server')
        self.adds += 1
        self.log.append('add ' + assistant_email)

    @property
    def last_write_may_land_late(self):
        return self.lands_late and self.log[-1] == 'clear'

    def wait_for_late_writes(self):
        self.log.append('wait')

    def assistants(self, host_id):
        self.log.append('read')
        return list(self.present)


def test_resolve_users_asks_the_backend_once_for_the_unique_emails():
    backend = FakeBackend()
    records = a.resolve_users(backend, [ADA, 'ADA@example.com', BOB], login_type='sso')
    assert sorted(records) == [ADA, BOB]
    assert backend.log == ['find %s, %s' % (ADA, BOB)]


def test_apply_runs_the_operations_in_order():
    backend = FakeBackend()
    plan = a.plan_assistants([ADA, BOB], [ADA, CY], exclusive=True)
    assert a.apply_assistant_plan(backend, 'H1', plan) == [ADA, CY]
    assert backend.log == ['clear', 'add ' + ADA, 'add ' + CY]


def test_a_backend_that_removes_one_assistant_gets_removals_and_no_window():
    plan = a.plan_assistants([ADA, BOB, CY], [ADA, DI], exclusive=True, can_remove_one=True)
    assert plan.operations == [(a.REMOVE, BOB), (a.REMOVE, CY), (a.ADD, DI)]
    assert not plan.clears and plan.removed == [BOB, CY] and plan.added == [DI]
    backend = FakeBackend(can_remove_one=True)
    assert a.apply_assistant_plan(backend, 'H1', plan) == [ADA, DI]
    assert backend.log == ['remove ' + BOB, 'remove ' + CY, 'add ' + DI]
    assert a.describe(plan, 'host@example.com') == 'assistants of host@example.com: added %s; removed %s, %s' % (
        DI, BOB, CY)


def test_a_delete_all_that_may_land_late_is_checked_and_the_lost_re_added():
    backend = FakeBackend(lands_late=True, present=[CY])
    plan = a.plan_assistants([ADA, BOB], [ADA, CY], exclusive=True)
    assert a.apply_assistant_plan(backend, 'H1', plan) == [ADA, CY]
    assert backend.log == ['clear', 'add ' + ADA, 'add ' + CY, 'wait', 'read', 'add ' + ADA]


def test_a_failure_after_the_clear_names_the_missing_assistants():
    backend = FakeBackend(fail_add_after=1)
    plan = a.plan_assistants([ADA, BOB, CY], [CY], state='absent')
    with pytest.raises(a.AssistantsPartlyApplied) as exc:
        a.apply_assistant_plan(backend, 'H1', plan)
    assert exc.value.present == [ADA] and exc.value.missing == [BOB] and exc.value.not_added == []
    assert 'LACKS these assistants' in str(exc.value) and BOB in str(exc.value)


def test_a_failure_of_the_first_addition_is_a_plain_error():
    backend = FakeBackend(fail_add_after=0)
    with pytest.raises(ZoomError):
        a.apply_assistant_plan(backend, 'H1', a.plan_assistants([], [ADA]))


def test_consecutive_additions_are_batched_by_what_one_call_adds():
    from ansible_collections.zoomops.zoom.plugins.module_utils.assistants import ADD, REMOVE, batched_operations
    operations = [(REMOVE, 'x@e.com')] + [(ADD, 'a%d@e.com' % number) for number in range(5)]
    assert batched_operations(operations, 2) == [(REMOVE, ['x@e.com']), (ADD, ['a0@e.com', 'a1@e.com']),
                                                 (ADD, ['a2@e.com', 'a3@e.com']), (ADD, ['a4@e.com'])]
    # One per call (v1): every addition alone, as before.
    assert batched_operations(operations, 1) == [(action, [email]) for action, email in operations]
