"""The sweep that turns what is due into reminders, and what workers do with them.

The sweep is set-based and idempotent: each rule is one query (reminders.rules), which the
sweep wraps in one INSERT … SELECT … ON CONFLICT DO NOTHING per primary-key chunk of the
rule's model, behind the unique (kind, target, period) constraint, and in one UPDATE that
resolves the open reminders the rule no longer gives. History rows and the cases' count of
open reminders follow in bulk in the same transaction (reminders.bulk). Running it twice,
concurrently, or again after a worker died mid-chunk creates no duplicates; if the broker
was down for a day, the next run finds everything that became due meanwhile, because it
derives it from the database."""

from __future__ import annotations

import datetime as dt
import logging
import operator
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from agencies.models import Membership, User
from cases import access as case_access
from cases.models import Case
from core.history import attribute, choice_label, with_detail
from reminders import access, bulk, rules, selectors
from reminders.models import DigestSent, Reminder

log = logging.getLogger(__name__)

SNOOZE_REASON = _("Say why the reminder can wait.")
SNOOZE_FUTURE = _("Snooze until a future date.")

# The reasons the history rows of the sweep's writes give (in the site's language).
SWEPT = gettext_noop("reminder sweep")
NO_LONGER_DUE = gettext_noop("no longer due (resolved by the reminder sweep)")
# A sweep that created at least this many reminders refreshes the table's planner
# statistics (PostgreSQL ANALYZE, a fraction of a second), not waiting for autovacuum.
ANALYZE_AFTER = 10_000
CASE_CLOSED = gettext_noop("the case was closed (resolved by the reminder sweep)")
RESOLVED_NOW = gettext_noop("no longer due (resolved when the case changed)")
CLOSED_NOW = gettext_noop("the case was closed (resolved at its closure)")
REVIEW_CONTINUES = gettext_noop("reviewed: support continues")
REVIEWED = gettext_noop("reviewed")
SNOOZE_ENDED = gettext_noop("snooze ended")
ENDED, CLOSED = Reminder.Resolution.ENDED, Reminder.Resolution.CLOSED
ESCALATED = gettext_noop("escalated to the supervisor")


@dataclass
class SweepResult:
    created: dict[str, int] = field(default_factory=dict)
    resolved: dict[str, int] = field(default_factory=dict)
    closed: int = 0  # reminders resolved because their case was closed
    chunks: int = 0
    # per kind: seconds inserting, seconds resolving
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _bulk_insert(sql: str, params: list) -> int:
    """Run one INSERT … SELECT … ON CONFLICT DO NOTHING; how many rows it really inserted."""
    return bulk.execute(sql, params)


def _insert_one_by_one(due: list[rules.Due], token: str) -> int:
    """For a rule that gives Due rows instead of a query."""
    reminders = [d.reminder() for d in due]
    for reminder in reminders:
        reminder.sweep_token = token
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)
    return Reminder.objects.filter(sweep_token=token).count()


def _insert_missing(due: QuerySet | list[rules.Due]) -> int:
    """Insert the reminders among `due` (a rule's query for one chunk) that do not exist
    yet, with their history rows and their cases' counts, and return how many this call
    really inserted: a concurrent sweep's rows carry another token, so nothing is recorded
    twice. The caller holds the chunk's transaction."""
    token = bulk.new_token()
    if isinstance(due, QuerySet):
        inserted = _bulk_insert(*bulk.insert_sql(due, token))
    else:
        inserted = _insert_one_by_one(due, token) if due else 0
    if inserted:
        bulk.write_history(token, reason=SWEPT, history_type=bulk.INSERTED)
        bulk.recount_tagged(token)
    return inserted


def _resolve(reminders: QuerySet[Reminder], reason: object, resolution: str) -> int:
    """Mark `reminders` resolved (by the system: nobody acknowledged them), with when and
    why, their history rows and their cases' counts, in one UPDATE."""
    resolved, token = bulk.update(
        reminders,
        reason=reason,
        status=Reminder.Status.RESOLVED,
        resolved_at=timezone.now(),
        resolution=resolution,
    )
    if resolved:
        bulk.recount_tagged(token)
    return resolved


def _not_given(rule: rules.Rule, today: dt.date) -> Q:
    """The reminders of the rule's kind that its query, over every row, no longer gives:
    the condition stopped holding (the contact came, the referral was answered, the lead
    agency took over, the plan was reviewed, the consent renewed, the next period began,
    the action was done)."""
    assert rule.rows is not None  # only set-based rules are resolved
    due = rule.rows(today, None, None).filter(
        r_target=OuterRef("target"), r_period=OuterRef("period")
    )
    # Matched on the case as well where there is one: a rule's case column is a primary or
    # a foreign key, so each open reminder costs an index probe, whatever the plan.
    return Q(kind=rule.kind) & (
        Q(case__isnull=False) & ~Exists(due.filter(r_case=OuterRef("case_id")))
        | Q(case__isnull=True) & ~Exists(due)
    )


def _no_longer_due(rule: rules.Rule, today: dt.date) -> QuerySet[Reminder]:
    """The open reminders of the rule's kind whose condition ended. Snoozed ones wait: the
    sweep after they wake resolves them if their time has passed meanwhile."""
    return Reminder.objects.filter(_not_given(rule, today), status=Reminder.Status.OPEN)


def resolve_for_cases(case_ids: Iterable[int], *, today: dt.date | None = None) -> int:
    """Resolve, now rather than at the next sweep, the open reminders of these cases whose
    condition no longer holds: those of a closed case, and those no rule gives any more.
    Called after the writes that change a condition (a closure, a change of lead, a
    contact, a new plan, a consent, an action's status) commit: two UPDATEs whatever the
    number of reminders and rules, and nothing more when nothing is to be resolved."""
    ids = sorted({int(pk) for pk in case_ids if pk is not None})
    if not ids:
        return 0
    today = today or timezone.localdate()
    mine = Reminder.objects.filter(status=Reminder.Status.OPEN, case_id__in=ids)
    with transaction.atomic():
        closed = _resolve(mine.filter(case__status=Case.Status.CLOSED), CLOSED_NOW, CLOSED)
        conditions = [_not_given(rule, today) for rule in rules.rules() if rule.rows is not None]
        ended = 0
        if conditions:
            ended = _resolve(mine.filter(reduce(operator.or_, conditions)), RESOLVED_NOW, ENDED)
    return closed + ended


def sweep(*, today: dt.date | None = None, kinds: set[str] | None = None) -> SweepResult:
    """Create every reminder that is due today and resolve those that no longer are. Safe
    to run at any time, any number of times, from beat, a management command or by hand.

    Per rule: one INSERT … SELECT per primary-key chunk of its model (a transaction each,
    so a crash keeps the chunks done), then one UPDATE for what it no longer gives; before
    the rules, one UPDATE for the open reminders of closed cases. Each with its history rows
    and its cases' `open_reminders`, in the same transaction."""
    today = today or timezone.localdate()
    chunk = rules.setting("SWEEP_CHUNK")
    result = SweepResult()
    selected = [rule for rule in rules.rules() if not kinds or rule.kind in kinds]
    closed = Reminder.objects.filter(status=Reminder.Status.OPEN, case__status=Case.Status.CLOSED)
    if kinds:
        closed = closed.filter(kind__in=kinds)
    with transaction.atomic():
        result.closed = _resolve(closed, CASE_CLOSED, CLOSED)
    for rule in selected:
        started = time.perf_counter()
        bounds = rule.model._default_manager.aggregate(lo=Min("pk"), hi=Max("pk"))
        created = 0
        if bounds["lo"] is not None:
            for lo in range(bounds["lo"], bounds["hi"] + 1, chunk):
                with transaction.atomic():
                    due: QuerySet | list[rules.Due]
                    if rule.rows is not None:
                        due = rule.rows(today, lo, lo + chunk)
                    else:
                        assert rule.due is not None  # a rule has rows or due
                        due = [d for d in rule.due(today, lo, lo + chunk) if d.agency_id]
                    created += _insert_missing(due)
                result.chunks += 1
        result.created[rule.kind] = created
        inserting = time.perf_counter() - started
        if rule.rows is not None:
            with transaction.atomic():
                result.resolved[rule.kind] = _resolve(
                    _no_longer_due(rule, today), NO_LONGER_DUE, ENDED
                )
        result.seconds[rule.kind] = (inserting, time.perf_counter() - started - inserting)
    if sum(result.created.values()) >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # The planner's row estimates for the reminders were taken before these rows: with
        # them stale, tomorrow's NOT EXISTS would sort the whole kind for every chunk.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Reminder._meta.db_table)}")
    log.info(
        "reminder sweep %s: created %s, resolved %s, %s of closed cases",
        today,
        result.created,
        result.resolved,
        result.closed,
    )
    return result


# --- what workers do with reminders -------------------------------------------------


def _save(actor: User, reminder: Reminder, reason: object) -> Reminder:
    """Save a worker's change to one reminder, and recount its case's open reminders (one
    row) in the same transaction."""
    with transaction.atomic():
        attribute(reminder, actor, reason)
        reminder.save()
        if reminder.case_id is not None:
            bulk.recount([reminder.case_id])
    return reminder


def acknowledge(*, actor: User, reminder: Reminder) -> Reminder:
    access.require_own(actor, reminder)
    return _acknowledge(actor, reminder, gettext_noop("acknowledged"))


def _acknowledge(actor: User, reminder: Reminder, reason: str) -> Reminder:
    reminder.status = Reminder.Status.DONE
    reminder.acknowledged_at = timezone.now()
    reminder.acknowledged_by = actor
    return _save(actor, reminder, reason)


def snooze(*, actor: User, reminder: Reminder, until: dt.date, reason: str) -> Reminder:
    access.require_own(actor, reminder)
    errors = {}
    if not reason.strip():
        errors["reason"] = SNOOZE_REASON
    if until <= timezone.localdate():
        errors["until"] = SNOOZE_FUTURE
    if errors:
        raise ValidationError(errors)
    return _snooze(actor, reminder, until, reason)


def _snooze(actor: User, reminder: Reminder, until: dt.date, reason: str) -> Reminder:
    reminder.status = Reminder.Status.SNOOZED
    reminder.snoozed_until = until
    reminder.snooze_reason = reason
    return _save(actor, reminder, with_detail(gettext_noop("snoozed"), reason))


def wake_snoozed(*, today: dt.date | None = None) -> int:
    """Snoozed reminders whose date has come are open again (one UPDATE)."""
    today = today or timezone.localdate()
    snoozed = Reminder.objects.filter(status=Reminder.Status.SNOOZED, snoozed_until__lte=today)
    with transaction.atomic():
        woken, token = bulk.update(snoozed, reason=SNOOZE_ENDED, status=Reminder.Status.OPEN)
        if woken:
            bulk.recount_tagged(token)
    return woken


def _link(reminder: Reminder) -> str:
    """Where the e-mail sends the reader: the case page, which decides what they may read."""
    path = (
        reverse("cases:detail", args=[reminder.case_id])
        if reminder.case_id
        else reverse("reminders:list")
    )
    return f"{settings.SITE_URL}{path}"


# --- notifying ------------------------------------------------------------------------


def escalate(*, today: dt.date | None = None) -> int:
    """Reminders still open N days after they were created go to the agency's
    supervisors (they appear in the supervisors' digest and dashboard)."""
    today = today or timezone.localdate()
    days = rules.setting("ESCALATE_AFTER_DAYS")
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.max))
    waited = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today - dt.timedelta(days=days))
    ignored = Reminder.objects.filter(  # counted from creation, or from the end of a snooze
        waited, status=Reminder.Status.OPEN, escalated_at__isnull=True, created_at__lte=cutoff
    )
    with transaction.atomic():
        count = bulk.update(ignored, reason=ESCALATED, escalated_at=timezone.now())[0]
    return count


def digest_recipients() -> list[int]:
    """Users with something to read today: open reminders of their own or their agency's,
    or escalations for the agencies they supervise."""
    open_reminders = Reminder.objects.filter(status=Reminder.Status.OPEN)
    named = set(open_reminders.exclude(user=None).values_list("user_id", flat=True))
    agencies = set(open_reminders.values_list("agency_id", flat=True))
    members = Membership.objects.filter(
        agency_id__in=agencies,
        is_active=True,
        role__in=[Membership.Role.CASEWORKER, Membership.Role.SUPERVISOR],
        user__is_active=True,
        user__kind=User.Kind.STAFF,
    ).values_list("user_id", flat=True)
    return sorted(named | set(members))


def send_digest(*, user_id: int, today: dt.date | None = None) -> bool:
    """At most one e-mail a day per user, listing their open reminders and, for
    supervisors, the escalated ones of their agencies. True if a mail went out."""
    today = today or timezone.localdate()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    mine = list(selectors.open_for(user).order_by("due_on")[:200])
    supervised = [
        m.agency_id
        for m in case_access.case_memberships(user)
        if m.role == Membership.Role.SUPERVISOR
    ]
    escalated = list(
        Reminder.objects.filter(
            status=Reminder.Status.OPEN, escalated_at__isnull=False, agency_id__in=supervised
        ).select_related("agency")[:200]
    )
    if not mine and not escalated:
        return False
    # Only what Reminder.line says (kind, case reference, due date) and a link: no name,
    # case title or description ever goes out by e-mail.
    lines = [f"- {r.line} {_link(r)}" for r in mine]
    if escalated:
        lines += ["", str(_("Escalated to you as supervisor:"))]
        lines += [f"- {r.agency.name}: {r.line} {_link(r)}" for r in escalated]
    try:
        # The day's row and the mail go together: if the mail server fails, the row is
        # rolled back and the task's retry sends it; a concurrent task waits on the row
        # and then finds the day taken.
        with transaction.atomic():
            DigestSent.objects.create(
                user=user, day=today, reminder_count=len(mine) + len(escalated)
            )
            send_mail(
                subject=str(_("Reminders for %(date)s (%(count)s)"))
                % {"date": today.isoformat(), "count": len(mine) + len(escalated)},
                message="\n".join(lines),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
    except IntegrityError:
        return False  # already sent today
    now = timezone.now()
    first_time = [r for r in mine if r.notified_at is None]
    for reminder in first_time:
        reminder.notified_at = now
    bulk_update_with_history(
        first_time,
        Reminder,
        ["notified_at"],
        default_change_reason=gettext_noop("sent in the daily digest"),
    )
    return True


# --- supervisor case reviews -----------------------------------------------------------

UNTIL_REQUIRED = _("Say until when the support continues.")
UNTIL_FUTURE = _("Choose a future date.")
LEAD_REQUIRED = _("Choose the new lead agency.")


def review_record(
    *,
    actor: User,
    case,
    goals_still_valid: bool,
    lead_is_right: bool,
    closure_possible: bool,
    decision: str,
    note: str = "",
    continue_until: dt.date | None = None,
    new_lead=None,
):
    """Record a supervisor's review and apply its decision through the cases services:
    continue (the long-running reminder waits until the date), propose closure, take to
    a 重層的支援会議 (shown in the reminders), or change the lead."""
    from cases import services as case_services
    from reminders.models import CaseReview

    access.require_review(actor, case)
    errors = {}
    if decision == CaseReview.Decision.CONTINUE:
        if continue_until is None:
            errors["continue_until"] = UNTIL_REQUIRED
        elif continue_until <= timezone.localdate():
            errors["continue_until"] = UNTIL_FUTURE
    if decision == CaseReview.Decision.CHANGE_LEAD and new_lead is None:
        errors["new_lead"] = LEAD_REQUIRED
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review = CaseReview(
            case=case,
            reviewer=actor,
            reviewed_on=timezone.localdate(),
            goals_still_valid=goals_still_valid,
            lead_is_right=lead_is_right,
            closure_possible=closure_possible,
            note=note,
            decision=decision,
            continue_until=continue_until,
            new_lead=new_lead,
        )
        review.full_clean()
        attribute(
            review,
            actor,
            with_detail(gettext_noop("case review"), choice_label(review, "decision")),
        )
        review.save()
        long_running = Reminder.objects.filter(
            case=case, kind=Reminder.Kind.LONG_RUNNING, status=Reminder.Status.OPEN
        )
        for reminder in long_running:
            if decision == CaseReview.Decision.CONTINUE:
                assert continue_until is not None  # UNTIL_REQUIRED above
                _snooze(actor, reminder, continue_until, REVIEW_CONTINUES)
            else:
                _acknowledge(
                    actor, reminder, with_detail(REVIEWED, choice_label(review, "decision"))
                )
        # The note stays on the review, which only the intake and lead agencies read: the
        # closure proposal and the lead change are read by every reader of the case.
        if decision == CaseReview.Decision.PROPOSE_CLOSURE:
            case_services.closure_propose(actor=actor, case=case, reason="goals_met")
        elif decision == CaseReview.Decision.CHANGE_LEAD:
            case_services.lead_change(
                actor=actor, case=case, agency=new_lead, reason=str(_("Case review"))
            )
    return review
