"""The sweep that turns what is due into reminders, and what workers do with them.

The sweep is idempotent: each rule reads its model in primary-key ranges and inserts only
the (kind, target, period) rows that do not exist yet, with INSERT … ON CONFLICT DO NOTHING
behind the unique constraint. Running it twice, concurrently, or again after a worker died
mid-chunk creates no duplicates; if the broker was down for a day, the next run finds
everything that became due meanwhile, because it derives it from the database."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from agencies.models import Membership, User
from cases import access as case_access
from reminders import rules
from reminders.models import DigestSent, Reminder

log = logging.getLogger(__name__)

NOT_YOURS = _("This reminder is for another agency.")
SNOOZE_REASON = _("Say why the reminder can wait.")
SNOOZE_FUTURE = _("Snooze until a future date.")


@dataclass
class SweepResult:
    created: dict[str, int] = field(default_factory=dict)
    chunks: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _bulk_insert(reminders: list[Reminder]) -> None:
    """INSERT … ON CONFLICT DO NOTHING behind the (kind, target, period) constraint."""
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)


def _insert_missing(due: list[rules.Due]) -> int:
    """Insert the reminders among `due` that do not exist yet and return how many this call
    really inserted. ON CONFLICT DO NOTHING settles a race with a concurrent sweep; the
    rows are tagged with this call's token so history is written for exactly the rows it
    inserted, never twice."""
    if not due:
        return 0
    keys = {(d.kind, d.target, d.period) for d in due}
    existing = set(
        Reminder.objects.filter(
            kind__in={k for k, _t, _p in keys}, target__in={t for _k, t, _p in keys}
        ).values_list("kind", "target", "period")
    )
    token = uuid.uuid4().hex
    missing = []
    for d in due:
        if (d.kind, d.target, d.period) not in existing:
            reminder = d.reminder()
            reminder.sweep_token = token
            missing.append(reminder)
    if not missing:
        return 0
    _bulk_insert(missing)
    inserted = list(Reminder.objects.filter(sweep_token=token))
    Reminder.history.bulk_history_create(
        inserted, batch_size=1000, default_change_reason="reminder sweep"
    )
    return len(inserted)


def sweep(*, today: dt.date | None = None, kinds: set[str] | None = None) -> SweepResult:
    """Create every reminder that is due today. Safe to run at any time, any number of
    times, from beat, a management command or by hand."""
    today = today or timezone.localdate()
    chunk = rules.setting("SWEEP_CHUNK")
    result = SweepResult()
    for rule in rules.rules():
        if kinds and rule.kind not in kinds:
            continue
        bounds = rule.model.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
        if bounds["lo"] is None:
            continue
        created = 0
        for lo in range(bounds["lo"], bounds["hi"] + 1, chunk):
            with transaction.atomic():
                due = [d for d in rule.due(today, lo, lo + chunk) if d.agency_id]
                created += _insert_missing(due)
            result.chunks += 1
        result.created[rule.kind] = created
    log.info("reminder sweep %s: %s", today, result.created)
    return result


# --- what workers do with reminders -------------------------------------------------


def _require_own(actor: User, reminder: Reminder) -> None:
    if reminder.agency_id not in {a.pk for a in case_access.case_agencies(actor)}:
        raise PermissionDenied(NOT_YOURS)


def acknowledge(*, actor: User, reminder: Reminder) -> Reminder:
    _require_own(actor, reminder)
    return _acknowledge(actor, reminder, "acknowledged")


def _acknowledge(actor: User, reminder: Reminder, reason: str) -> Reminder:
    reminder.status = Reminder.Status.DONE
    reminder.acknowledged_at = timezone.now()
    reminder.acknowledged_by = actor
    reminder._history_user = actor
    reminder._change_reason = reason
    reminder.save()
    return reminder


def snooze(*, actor: User, reminder: Reminder, until: dt.date, reason: str) -> Reminder:
    _require_own(actor, reminder)
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
    reminder._history_user = actor
    reminder._change_reason = f"snoozed: {reason}"[:100]
    reminder.save()
    return reminder


def wake_snoozed(*, today: dt.date | None = None) -> int:
    """Snoozed reminders whose date has come are open again."""
    today = today or timezone.localdate()
    woken = 0
    for reminder in Reminder.objects.filter(
        status=Reminder.Status.SNOOZED, snoozed_until__lte=today
    ):
        reminder.status = Reminder.Status.OPEN
        reminder._change_reason = "snooze ended"
        reminder.save()
        woken += 1
    return woken


def open_for(user: User):
    """Open reminders for the user: theirs, and their agencies' without a named worker."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return (
        Reminder.objects.filter(status=Reminder.Status.OPEN)
        .filter(Q(user=user) | Q(user__isnull=True, agency_id__in=agencies))
        .select_related("case", "agency")
    )


def for_case(user: User, case) -> list[Reminder]:
    """The case's reminders that are not done, among those addressed to the user or to one
    of the user's agencies (another agency's reminders are its own business)."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return list(
        case.reminders.exclude(status=Reminder.Status.DONE)
        .filter(Q(user=user) | Q(agency_id__in=agencies))
        .select_related("agency")
        .order_by("due_on")
    )


def log_shown(request, reminders: list[Reminder], *, action: str = "reminders") -> None:
    """Rule 7 for a list of reminders: the cases they name that the reader may read are
    logged as read, each on its basis (the others show only a reference number)."""
    user = request.user
    cases = {r.case_id: r.case for r in reminders if r.case_id}
    if not cases:
        return
    own = {a.pk for a in case_access.case_agencies(user)}
    readable = case_access.case_bases(
        user, [pk for pk, c in cases.items() if c.owner_agency_id not in own]
    )
    shown = [c for pk, c in cases.items() if c.owner_agency_id in own or pk in readable]
    case_access.log_list_reads(user, shown, request=request, action=action)


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
    count = 0
    waited = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today - dt.timedelta(days=days))
    for reminder in Reminder.objects.filter(
        waited, status=Reminder.Status.OPEN, escalated_at__isnull=True, created_at__lte=cutoff
    ):  # counted from creation, or from the end of a snooze
        reminder.escalated_at = timezone.now()
        reminder._change_reason = "escalated to the supervisor"
        reminder.save()
        count += 1
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
    mine = list(open_for(user).order_by("due_on")[:200])
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
        first_time, Reminder, ["notified_at"], default_change_reason="sent in the daily digest"
    )
    return True


# --- supervisor case reviews -----------------------------------------------------------

REVIEWER_ONLY = _("Only a supervisor of the intake or lead agency may review the case.")
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

    case_access.require_change(actor, case)
    lead = case.leads.filter(ended_on__isnull=True).values_list("agency_id", flat=True).first()
    if not any(
        m.role == Membership.Role.SUPERVISOR and m.agency_id in (case.owner_agency_id, lead)
        for m in case_access.case_memberships(actor)
    ):
        raise PermissionDenied(REVIEWER_ONLY)
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
        review._history_user = actor
        review._change_reason = f"case review: {decision}"
        review.save()
        long_running = Reminder.objects.filter(
            case=case, kind=Reminder.Kind.LONG_RUNNING, status=Reminder.Status.OPEN
        )
        for reminder in long_running:
            if decision == CaseReview.Decision.CONTINUE:
                _snooze(actor, reminder, continue_until, "reviewed: support continues")
            else:
                _acknowledge(actor, reminder, f"reviewed: {decision}")
        # The note stays on the review, which only the intake and lead agencies read: the
        # closure proposal and the lead change are read by every reader of the case.
        if decision == CaseReview.Decision.PROPOSE_CLOSURE:
            case_services.closure_propose(actor=actor, case=case, reason="goals_met")
        elif decision == CaseReview.Decision.CHANGE_LEAD:
            case_services.lead_change(
                actor=actor, case=case, agency=new_lead, reason=str(_("Case review"))
            )
    return review
