# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zoomops.zoom contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A host's assistants (users holding scheduling privilege for the host) as a set.

A backend that cannot remove one assistant alone (``can_remove_one_assistant`` false: Zoom v1
deletes ALL of a host's assistants at once) gets removals planned as "delete all, then re-add the
ones that stay". Between the two the host briefly has fewer assistants (the window); if a re-add
fails there, ``AssistantsPartlyApplied`` names exactly the assistants that are missing, and a rerun
(state=present) converges. A backend that can remove one gets one REMOVE per assistant that goes.

The planning functions are pure (no I/O) and shared by zoom_user_assistant and the roster role:
``wanted_assistants`` (normalise and validate the input), ``plan_assistants`` (the calls from the
current set to the wanted one) and ``assistant_problems`` (what makes a plan impossible, found
before any write). ``resolve_users`` and ``apply_assistant_plan`` are the I/O edges.
Emails are always compared without regard to case.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.zoomops.zoom.plugins.module_utils.backends.base import email_key  # noqa: F401
from ansible_collections.zoomops.zoom.plugins.module_utils.errors import Failed, Refused, ZoomError
from ansible_collections.zoomops.zoom.plugins.module_utils.users import InvalidInput, check_email

CLEAR = 'clear'
ADD = 'add'
REMOVE = 'remove'


def sorted_emails(emails):
    """Emails sorted without regard to case (the order of every list this collection returns)."""
    return sorted(emails, key=lambda email: (email_key(email), email))


def unique_emails(emails):
    """The emails without case-insensitive duplicates, first spelling and order kept."""
    seen = set()
    result = []
    for email in emails:
        key = email_key(email)
        if key not in seen:
            seen.add(key)
            result.append(email)
    return result


def wanted_assistants(assistants, host_email=None):
    """The assistant emails of the options, stripped and deduplicated (case-insensitively).

    Raises InvalidInput naming every entry that is not an email address and, when the host's
    email is known, every entry equal to the host: a host cannot be their own assistant.
    """
    problems = []
    emails = []
    for entry in assistants or []:
        try:
            emails.append(check_email(entry))
        except ValueError as exc:
            problems.append(str(exc))
    host_problem = same_as_host(emails, host_email)
    if host_problem:
        problems.append(host_problem)
    if problems:
        raise InvalidInput('; '.join(problems))
    return unique_emails(emails)


def same_as_host(emails, host_email):
    """A message when one of ``emails`` is the host's email (a host cannot be their own assistant), else None."""
    if not host_email:
        return None
    host_key = email_key(host_email)
    if any(email_key(email) == host_key for email in emails):
        return '%s is the host: a host cannot be their own assistant' % host_email
    return None


class AssistantPlan:
    """The calls from the ``before`` set of assistants to the ``after`` set.

    ``operations`` is a list of (CLEAR, None), (REMOVE, email) and (ADD, email) in the order to run
    them; empty when nothing changes. A CLEAR is always first and followed by the ADDs of every
    assistant in ``after`` (those kept first, then the new ones); REMOVEs come before the ADDs.
    """

    def __init__(self, before, after, operations):
        self.before = list(before)
        self.after = list(after)
        self.operations = list(operations)

    @property
    def changed(self):
        return bool(self.operations)

    @property
    def clears(self):
        """True when the plan deletes all of the host's assistants first (some must go)."""
        return any(action == CLEAR for action, _email in self.operations)

    @property
    def additions(self):
        """The emails the plan adds, in call order (the kept ones too after a CLEAR)."""
        return [email for action, email in self.operations if action == ADD]

    @property
    def removed(self):
        """Assistants before and not after."""
        after = set(email_key(email) for email in self.after)
        return [email for email in self.before if email_key(email) not in after]

    @property
    def kept(self):
        """Assistants both before and after (re-added after a CLEAR: these are in the window)."""
        after = set(email_key(email) for email in self.after)
        return [email for email in self.before if email_key(email) in after]

    @property
    def added(self):
        """Assistants after and not before."""
        before = set(email_key(email) for email in self.before)
        return [email for email in self.after if email_key(email) not in before]

    @property
    def diff(self):
        """{'before': {'assistants': [...]}, 'after': {'assistants': [...]}}: sorted emails, the same in check
        mode and for real. The lists are wrapped in dicts because Ansible's diff display needs text or dicts."""
        return {'before': {'assistants': sorted_emails(self.before)},
                'after': {'assistants': sorted_emails(self.after)}}


def plan_assistants(current, wanted, state='present', exclusive=False, can_remove_one=False):
    """The AssistantPlan from the ``current`` assistant emails to the ``wanted`` ones. Pure.

    - state=present: every wanted email becomes an assistant; with ``exclusive`` every other
      current assistant is removed as well.
    - state=absent: no wanted email is an assistant; the others stay.

    Adding only costs one ADD per new assistant. Removing costs one REMOVE per assistant that goes when
    the backend ``can_remove_one`` assistant alone; otherwise a CLEAR and an ADD per assistant that
    stays: kept assistants are re-added first, in sorted order, then the new ones.
    Current spellings of emails are kept; new assistants appear as spelled in ``wanted``.
    """
    if state not in ('present', 'absent'):
        raise ValueError('state must be present or absent, not %r' % (state,))
    current = unique_emails(current)
    wanted = unique_emails(wanted)
    wanted_keys = set(email_key(email) for email in wanted)
    current_keys = set(email_key(email) for email in current)
    if state == 'absent':
        after = [email for email in current if email_key(email) not in wanted_keys]
    elif exclusive:
        after = [email for email in current if email_key(email) in wanted_keys]
        after += [email for email in wanted if email_key(email) not in current_keys]
    else:
        after = current + [email for email in wanted if email_key(email) not in current_keys]
    after_keys = set(email_key(email) for email in after)
    kept = sorted_emails(email for email in current if email_key(email) in after_keys)
    new = sorted_emails(email for email in after if email_key(email) not in current_keys)
    if len(kept) < len(current) and can_remove_one:
        operations = [(REMOVE, email) for email in sorted_emails(email for email in current
                                                                 if email_key(email) not in after_keys)]
        operations += [(ADD, email) for email in new]
    elif len(kept) < len(current):
        operations = [(CLEAR, None)] + [(ADD, email) for email in kept + new]
    else:
        operations = [(ADD, email) for email in new]
    return AssistantPlan(current, after, operations)


def respell(plan, spellings):
    """The plan with emails as the account spells them: ``spellings`` maps email_key → account email."""
    def spelled(email):
        return spellings.get(email_key(email), email) if email else email
    return AssistantPlan([spelled(email) for email in plan.before], [spelled(email) for email in plan.after],
                         [(action, spelled(email)) for action, email in plan.operations])


def status_name(record):
    """'active', 'inactive' or 'pending' of a neutral record ('active' when it has none)."""
    status = record.get('status')
    return 'active' if status is None else str(status)


def assistant_problems(plan, records, host):
    """Why ``plan`` cannot be carried out, as a list of messages (empty: it can). Pure.

    ``records`` maps email_key → the account's record (None: no such user) for every email the plan
    adds; ``host`` is the host's record. Everything v1 would refuse half-way is found here, before any
    write, so that a CLEAR never runs when a re-add is bound to fail.
    """
    if not plan.changed:
        return []
    problems = []
    host_status = status_name(host)
    if host_status != 'active':
        problems.append('the host %s is %s: Zoom only changes the assistants of an active host'
                        % (host.get('email'), host_status))
    kept_keys = set(email_key(email) for email in plan.kept)
    unknown, by_status, same_host, stuck = [], {}, [], []
    host_key = email_key(host.get('email', ''))
    for email in plan.additions:
        record = records.get(email_key(email))
        same_id = record is not None and host.get('id') is not None and record.get('id') == host.get('id')
        if email_key(email) == host_key or same_id:
            same_host.append(email)
        elif record is None:
            unknown.append(email)
        elif status_name(record) != 'active':
            if email_key(email) in kept_keys:
                stuck.append('%s (%s)' % (email, status_name(record)))
            else:
                by_status.setdefault(status_name(record), []).append(email)
    if same_host:
        problems.append('%s is the host: a host cannot be their own assistant' % ', '.join(same_host))
    if unknown:
        problems.append('not a user of this account: %s' % ', '.join(sorted_emails(unknown)))
    for status in sorted(by_status):
        problems.append('%s user%s cannot be an assistant: %s' % (
            status, 's' if len(by_status[status]) > 1 else '', ', '.join(sorted_emails(by_status[status]))))
    if stuck:
        problems.append('removing %s means deleting all assistants and re-adding the others, but Zoom would '
                        'refuse to re-add %s' % (', '.join(sorted_emails(plan.removed)), ', '.join(sorted(stuck))))
    return problems


# --- I/O edges ---------------------------------------------------------------------------------
def not_in_account(plan, records):
    """The emails ``plan`` adds that are not users of the account (None in ``records``), sorted. Pure."""
    return sorted_emails(email for email in unique_emails(plan.additions) if records.get(email_key(email)) is None)


def assume_created(records, emails):
    """``records`` where each of ``emails`` is an active user (check mode: created by an earlier task). Pure."""
    assumed = dict(records)
    for email in emails:
        assumed[email_key(email)] = {'email': email, 'status': 'active'}
    return assumed


def resolve_users(backend, emails, login_type=None):
    """{email_key: neutral record or None} for ``emails``, from the account (pending users included), in
    as few calls as the backend can (``login_type``: the likely login type of them all, a hint)."""
    return backend.find_users(unique_emails(emails), login_type=login_type)


class AssistantsPartlyApplied(Exception):
    """A call failed part-way through a plan. ``present`` is what the host has now (as far as the
    calls that succeeded tell), ``missing`` the assistants the host had and should keep but has
    lost (deleted by the CLEAR, not re-added yet), ``not_added`` the new ones not added yet."""

    def __init__(self, error, plan, present, writes_done):
        self.error = error
        self.plan = plan
        self.writes_done = writes_done
        self.present = []
        self.missing = []
        self.not_added = []
        self.update(present)
        super(AssistantsPartlyApplied, self).__init__(self.message())

    def update(self, present):
        """Recompute what is missing from the assistants the host is known to have now."""
        self.present = sorted_emails(unique_emails(present))
        self.missing, self.not_added = missing_assistants(self.plan, self.present)

    def message(self):
        parts = ['%s' % self.error]
        if self.missing:
            parts.append('the host now LACKS these assistants, deleted by the delete-all and not re-added: %s'
                         % ', '.join(self.missing))
        if self.not_added:
            parts.append('not added yet: %s' % ', '.join(self.not_added))
        parts.append('run again (state=present with these assistants) to converge')
        return '; '.join(parts)


def missing_assistants(plan, present):
    """(missing, not_added) after a partial run: assistants of ``plan.after`` that the host does not
    have in ``present``, split into those it had before (lost) and new ones. Pure; sorted."""
    present_keys = set(email_key(email) for email in present)
    before_keys = set(email_key(email) for email in plan.before)
    absent = [email for email in plan.after if email_key(email) not in present_keys]
    return (sorted_emails(email for email in absent if email_key(email) in before_keys),
            sorted_emails(email for email in absent if email_key(email) not in before_keys))


def batched_operations(operations, per_call=1):
    """``operations`` as (action, [emails]): consecutive additions grouped by up to ``per_call`` (one call each
    where the API adds several assistants at once), every other operation alone. Pure."""
    batches = []
    for action, email in operations:
        if action == ADD and batches and batches[-1][0] == ADD and len(batches[-1][1]) < max(1, per_call):
            batches[-1][1].append(email)
        else:
            batches.append((action, [email]))
    return batches


def apply_assistant_plan(backend, host_id, plan):
    """Run ``plan``'s calls for the host; returns the assistants after (sorted).

    Raises AssistantsPartlyApplied when a call fails after at least one write (the caller may
    re-read the host's assistants and call ``update`` for an exact report), ZoomError when the
    first write fails (nothing changed).
    """
    present = list(plan.before)
    writes_done = 0
    late_clear = False
    for action, emails in batched_operations(plan.operations, backend.assistants_per_call):
        email = emails[0]
        try:
            if action == CLEAR:
                backend.clear_assistants(host_id)
                present = []
                # A timed-out attempt of the delete-all may land after the re-adds: check at the end.
                late_clear = backend.last_write_may_land_late
            elif action == REMOVE:
                backend.remove_assistant(host_id, email)
                present = [kept for kept in present if email_key(kept) != email_key(email)]
            elif len(emails) == 1:
                backend.add_assistant(host_id, email)
                present.append(email)
            else:
                backend.add_assistants(host_id, emails)
                present.extend(emails)
        except ZoomError as exc:
            if writes_done == 0 and action != CLEAR:
                raise
            # A failed CLEAR may have been applied before its answer was lost: count it as a write.
            raise AssistantsPartlyApplied(exc, plan, [] if action == CLEAR else present, writes_done + (action == CLEAR))
        writes_done += 1
    if late_clear:
        try:
            backend.wait_for_late_writes()
            present = list(backend.assistants(host_id))
            lost, not_added = missing_assistants(plan, present)
            for email in lost + not_added:
                backend.add_assistant(host_id, email)
                present.append(email)
        except ZoomError as exc:
            raise AssistantsPartlyApplied(exc, plan, present, writes_done)
    return sorted_emails(present)


# --- zoom_user_assistant's one call -----------------------------------------------------------
def describe(plan, who):
    """The result's msg: what the plan did to the host's assistants."""
    if not plan.changed:
        return 'assistants of %s unchanged' % who
    parts = []
    if plan.added:
        parts.append('added %s' % ', '.join(sorted_emails(plan.added)))
    if plan.removed:
        if plan.clears:
            window = 'delete-all, then %d re-add%s' % (len(plan.kept), '' if len(plan.kept) == 1 else 's') \
                if plan.kept else 'delete-all'
            parts.append('removed %s (%s)' % (', '.join(sorted_emails(plan.removed)), window))
        else:
            parts.append('removed %s' % ', '.join(sorted_emails(plan.removed)))
    return 'assistants of %s: %s' % (who, '; '.join(parts))


def ensure_assistants(backend, wanted, host_email=None, host_id=None, state='present', exclusive=False,
                      login_type=None, assistants_login_type=None, check_mode=False):
    """Bring a host's assistants to the wanted state (``wanted``: wanted_assistants' emails): find the
    host and its assistants, plan, check every assistant the plan adds before the first write, and
    apply unless ``check_mode``. Returns (result, warnings): result holds changed, assistants, host,
    diff and msg as zoom_user_assistant returns them.

    Raises Refused (nothing changed) naming what makes the plan impossible, Failed on a ZoomError
    (with ``missing`` and ``not_added`` when the failure came part-way: see AssistantsPartlyApplied).
    """
    warnings = []
    try:
        return _ensure_assistants(backend, wanted, host_email, host_id, state, exclusive, login_type,
                                  assistants_login_type, check_mode, warnings)
    except (Failed, Refused) as failure:
        failure.warnings = warnings
        raise


def _ensure_assistants(backend, wanted, host_email, host_id, state, exclusive, login_type, assistants_login_type,
                       check_mode, warnings):
    who = host_email or 'id %s' % host_id
    result = dict(changed=False, assistants=[])
    try:
        host = backend.find_user(email=host_email, user_id=host_id, login_type=login_type, settings=False)
        if host is None and not (check_mode and host_email):
            raise Refused('host %s not found in the account' % who, **result)
        if host is None:
            # Check mode: the host may be created by an earlier task of this play (which check mode did not run).
            warnings.append('check mode: the host %s is not a user of this account (yet): assumed to be created, '
                            'active and without assistants, by an earlier task; a real run fails if it is not' % who)
            host, current = {'email': host_email, 'status': 'active'}, []
        else:
            who = host.get('email') or who
            result['host'] = dict(id=host.get('id'), email=host.get('email'))
            current = list(backend.assistants(host['id']))
        problem = same_as_host(wanted, host.get('email'))
        if problem:
            raise Refused('invalid input: %s' % problem, **result)
        result['assistants'] = sorted_emails(current)
        plan = plan_assistants(current, wanted, state, exclusive, backend.can_remove_one_assistant)
        # Every email the plan would add (or re-add after a delete-all) must be an active user: check
        # them all before the first write.
        records = resolve_users(backend, plan.additions, login_type=assistants_login_type) if plan.changed else {}
        missing = not_in_account(plan, records)
        if check_mode and missing:
            # Check mode: created by an earlier task of this play, maybe; a real run checks them again.
            warnings.append('check mode: %s %s not a user of this account (yet): assumed to be created, active, by '
                            'an earlier task; a real run fails, before any write, if not'
                            % (', '.join(missing), 'is' if len(missing) == 1 else 'are'))
            records = assume_created(records, missing)
        problems = assistant_problems(plan, records, host)
        if problems:
            raise Refused('cannot manage the assistants of %s, nothing was changed: %s' % (who, '; '.join(problems)),
                          **result)
        plan = respell(plan, dict((key, record['email']) for key, record in records.items() if record))
    except ZoomError as exc:
        raise Failed(exc, 'reading the assistants of %s' % who, **result)

    after = sorted_emails(plan.after)
    if plan.changed and not check_mode:
        try:
            after = apply_assistant_plan(backend, host['id'], plan)
        except AssistantsPartlyApplied as partial:
            raise _partly_applied(backend, host, partial, who, result)
        except ZoomError as exc:
            raise Failed(exc, 'managing the assistants of %s' % who, **result)
    result.update(changed=plan.changed, assistants=after, diff=plan.diff, msg=describe(plan, who))
    return result, warnings


def _partly_applied(backend, host, partial, who, result):
    """The Failed naming exactly the assistants the host lacks now: re-read them when Zoom answers."""
    checked = 'according to the calls that succeeded'
    try:
        partial.update(backend.assistants(host['id']))
        checked = 're-read from Zoom'
    except ZoomError:
        pass
    result = dict(result, changed=True, assistants=partial.present, missing=partial.missing,
                  not_added=partial.not_added, diff=partial.plan.diff)
    failed = Failed(partial.error, 'managing the assistants of %s' % who, **result)
    failed.message = 'managing the assistants of %s failed part-way (%s): %s' % (who, checked, partial.message())
    return failed
