"""The case timeline: consultations, referrals, lead changes, consent events, plans, team
changes and closures, newest first, one page at a time.

A page is the latest `TIMELINE_PAGE` events before a cursor (`before`, a moment: the page
shows what happened strictly before it). Each source is one query that fetches at most a
page and one of its rows, newest first, so a page runs the same queries whatever the length
of the case's history. Consultations come from `access.visible_consultations` (internal
records and rule 2 scoping included); the caller has already read the case through
`access.case_for`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from agencies.models import User
from cases import access
from cases.models import Attachment, Case, Consultation
from core.dates import age_label, local_day

TIMELINE_PAGE = 50


@dataclass
class Event:
    at: dt.datetime
    kind: str
    title: str
    body: str = ""
    agency: str = ""
    who: str = ""
    internal: bool = False
    # A consultation's own: its id, its shown attachments, and whether the reader's agency
    # recorded it (and so may attach documents to it).
    record_id: int | None = None
    attachments: list[Attachment] = field(default_factory=list)
    can_attach: bool = False


@dataclass
class Timeline:
    events: list[Event]
    earlier: dt.datetime | None  # the cursor of the page before this one; None: no more

    @property
    def earlier_cursor(self) -> str:
        return cursor_text(self.earlier) if self.earlier else ""


def cursor_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_cursor(text: str | None) -> dt.datetime | None:
    """The `before=` of an earlier-entries link; anything else means "the latest"."""
    try:
        moment = parse_datetime(text or "")
    except ValueError:
        return None
    if moment is None or timezone.is_naive(moment):
        return None
    return moment


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _at(day: dt.date, recorded: dt.datetime | None = None) -> dt.datetime:
    """When a dated event happened: the moment it was recorded if that was the same day,
    otherwise the start of that day."""
    if recorded is not None and timezone.localtime(recorded).date() == day:
        return recorded
    return _midnight(day)


# --- one query per source, each at most `limit` rows, newest first ------------------------


def _latest(qs: QuerySet, field: str, before: dt.datetime | None, limit: int) -> list:
    """Rows with one moment (`field`)."""
    if before is not None:
        qs = qs.filter(**{f"{field}__lt": before})
    return list(qs.order_by(F(field).desc(), F("pk").desc())[:limit])


def _latest_pairs(
    qs: QuerySet, first: str, second: str, before: dt.datetime | None, limit: int
) -> list:
    """Rows with two events: `first` and, later, `second` (sent and answered, recorded and
    withdrawn, proposed and decided). A row counts by its latest event before the cursor,
    so the rows holding the latest `limit` events are among the `limit` fetched."""
    if before is None:
        latest = Coalesce(second, first)
    else:
        qs = qs.filter(**{f"{first}__lt": before})
        latest = models.Case(
            models.When(**{f"{second}__lt": before}, then=F(second)), default=F(first)
        )
    return list(qs.annotate(latest=latest).order_by(F("latest").desc(), F("pk").desc())[:limit])


def _latest_dated(
    qs: QuerySet, day: str, recorded: str, before: dt.datetime | None, limit: int
) -> list:
    """Rows dated by a day (`day`), placed at `recorded` when that was the same day and at
    the start of the day otherwise (`_at`), in SQL: the same order and the same cut."""
    same_day = Q(**{f"{recorded}__date": F(day)})
    if before is not None:
        cut = timezone.localdate(before)
        on_cut_day = same_day & Q(**{f"{recorded}__lt": before})
        if _midnight(cut) < before:
            on_cut_day |= ~same_day
        qs = qs.filter(Q(**{f"{day}__lt": cut}) | (Q(**{day: cut}) & on_cut_day))
    moment = models.Case(models.When(same_day, then=F(recorded)))
    return list(qs.order_by(F(day).desc(), moment.desc(nulls_last=True), F("pk").desc())[:limit])


def _about(consultation: Consultation) -> str:
    """・佐藤和子（80歳）: whom a consultation was about and their age on its day."""
    person = consultation.person
    if person is None:
        return ""
    age = age_label(person.age_on(local_day(consultation.occurred_at)))
    return f"・{person.full_name}（{age}）" if age else f"・{person.full_name}"


def _events(
    user: User, case: Case, decision: access.Decision | None, before: dt.datetime | None, n: int
) -> list[Event]:
    events: list[Event] = []
    consultations = (
        access.visible_consultations(user, case, decision)
        .select_related("agency", "staff", "person")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(removed_at__isnull=True).order_by("pk"),
                to_attr="shown_attachments",
            )
        )
    )
    mine = {a.pk for a in access.case_agencies(user)}
    for c in _latest(consultations, "occurred_at", before, n):
        events.append(
            Event(
                c.occurred_at,
                "consultation",
                f"{c.get_mode_display()}（{c.minutes}分）{_about(c)}",
                c.narrative,
                c.agency.name,
                c.staff.display_name if c.staff else "",
                c.is_internal,
                record_id=c.pk,
                attachments=c.shown_attachments,
                can_attach=c.agency_id in mine and case.is_open,
            )
        )
    referrals = case.referrals.select_related("from_agency", "to_agency")
    for r in _latest_pairs(referrals, "sent_at", "responded_at", before, n):
        events.append(
            Event(
                r.sent_at,
                "referral",
                _("Referred: %(a)s → %(b)s") % {"a": r.from_agency, "b": r.to_agency},
                r.reason,
            )
        )
        if r.responded_at:
            events.append(
                Event(
                    r.responded_at,
                    "referral",
                    _("Referral %(status)s by %(agency)s")
                    % {"status": r.get_status_display(), "agency": r.to_agency},
                    r.response_note,
                )
            )
    leads = case.leads.select_related("agency", "decided_by")
    for lead in _latest_dated(leads, "started_on", "created_at", before, n):
        events.append(
            Event(
                _at(lead.started_on, lead.created_at),
                "lead",
                _("Lead agency: %(agency)s") % {"agency": lead.agency},
                lead.reason + (f"（{lead.decided_at}）" if lead.decided_at else ""),
                who=lead.decided_by.display_name if lead.decided_by else "",
            )
        )
    for consent in _latest_pairs(
        case.consents.select_related("person"), "created_at", "withdrawn_at", before, n
    ):
        events.append(
            Event(
                consent.created_at,
                "consent",
                _("Consent recorded: %(person)s") % {"person": consent.person},
                f"{consent.valid_from}〜{consent.valid_until or ''}",
            )
        )
        if consent.withdrawn_at:
            events.append(
                Event(
                    consent.withdrawn_at,
                    "consent",
                    _("Consent withdrawn: %(person)s") % {"person": consent.person},
                    consent.withdrawal_reason,
                )
            )
    for plan in _latest(case.plans.all(), "created_at", before, n):
        events.append(
            Event(
                plan.created_at, "plan", _("Support plan v%(n)s") % {"n": plan.number}, plan.goals
            )
        )
    team = case.team.select_related("agency")
    for member in _latest_dated(team, "joined_on", "created_at", before, n):
        events.append(
            Event(
                _at(member.joined_on, member.created_at),
                "team",
                _("Joined the team: %(a)s") % {"a": member.agency},
            )
        )
    for member in _latest_dated(
        team.filter(left_on__isnull=False), "left_on", "updated_at", before, n
    ):
        events.append(
            Event(
                _at(member.left_on, member.updated_at),
                "team",
                _("Left the team: %(a)s") % {"a": member.agency},
            )
        )
    closures = case.closures.select_related("proposed_by", "decided_by")
    for closure in _latest_pairs(closures, "proposed_at", "decided_at", before, n):
        events.append(
            Event(
                closure.proposed_at,
                "closure",
                _("Closure proposed: %(r)s") % {"r": closure.get_reason_display()},
                closure.evaluation,
                who=closure.proposed_by.display_name if closure.proposed_by else "",
            )
        )
        if closure.decided_at:
            events.append(
                Event(
                    closure.decided_at,
                    "closure",
                    _("Closure %(status)s") % {"status": closure.get_status_display()},
                    closure.decision_note,
                    who=closure.decided_by.display_name if closure.decided_by else "",
                )
            )
    if before is not None:  # the later event of a pair may lie after the cursor
        events = [e for e in events if e.at < before]
    return sorted(events, key=lambda e: e.at, reverse=True)


def case_timeline(
    user: User,
    case: Case,
    decision: access.Decision | None = None,
    *,
    before: dt.datetime | None = None,
    size: int = TIMELINE_PAGE,
) -> Timeline:
    """The latest `size` events before `before` (the latest of all without it), and the
    cursor of the page before. A page never splits events of the same moment: the next
    page starts just before the oldest moment shown, so nothing is skipped."""
    events = _events(user, case, decision, before, size + 1)
    if len(events) <= size:
        return Timeline(events=events, earlier=None)
    first_left_out = events[size].at
    shown = [e for e in events[:size] if e.at > first_left_out]
    if not shown:  # more than a page at one moment: show a page of them, go on before it
        shown = events[:size]
    return Timeline(events=shown, earlier=shown[-1].at)


# The most entries a printed 経過記録 holds; a longer range is printed in parts.
RECORD_PRINT_MAX = 500


@dataclass
class Record:
    events: list[Event]  # oldest first
    truncated: bool  # more entries lie in the range than RECORD_PRINT_MAX


def case_record(
    user: User,
    case: Case,
    decision: access.Decision | None,
    *,
    start: dt.date,
    end: dt.date,
    limit: int = RECORD_PRINT_MAX,
) -> Record:
    """The printed 経過記録: the timeline's entries from `start` to `end` (both days
    included), oldest first: the same sources and the same access filter as the case
    page's timeline, at most `limit` (the latest of the range when there are more)."""
    before = _midnight(end + dt.timedelta(days=1))
    since = _midnight(start)
    events = [e for e in _events(user, case, decision, before, limit + 1) if e.at >= since]
    truncated = len(events) > limit
    return Record(events=list(reversed(events[:limit])), truncated=truncated)
