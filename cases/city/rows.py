"""The planned city as table rows, in column order (one generator per table), streamed into
the loader so that no table is held in memory whole."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator

from cases.city import names
from cases.city.cases import JST, CasePlan
from cases.city.ids import Ids
from cases.city.load import Json, Moment, moment
from cases.models import Consultation, Project, Referral
from core.kana import normalise, phone_key

Row = tuple
NINE = dt.time(9, 0)


_STAMPS: dict[dt.date, Moment] = {}


def stamp(day: dt.date) -> Moment:
    """When a dated record was entered: nine in the morning of its day."""
    text = _STAMPS.get(day)
    if text is None:
        text = _STAMPS[day] = moment(dt.datetime.combine(day, NINE, JST))
    return text


def households(plans: Iterable[CasePlan]) -> Iterator[Row]:
    for p in plans:
        ts = moment(p.created_at)
        head = p.members[0]
        area_id, area_name, postal = p.area
        n = p.household_id
        name = f"{head.family}世帯"
        yield (
            p.household_id,
            ts,
            ts,
            1,
            name,
            postal,
            f"{names.CITY}{area_name}{n % 9 + 1}丁目{n % 31 + 1}番{n % 17 + 1}号",
            head.phone,
            area_id,
            p.worker,
            p.owner.id,
            normalise(name),
        )


def persons(plans: Iterable[CasePlan]) -> Iterator[Row]:
    for p in plans:
        ts = moment(p.created_at)
        for m in p.members:
            yield (
                m.id,
                ts,
                ts,
                1,
                m.family,
                m.given,
                m.family_kana,
                m.given_kana,
                m.birth,
                m.sex,
                m.phone,
                m.language,
                m.confidential,
                p.owner.id,
                False,
                normalise(f"{m.family}{m.given}"),
                normalise(f"{m.family_kana}{m.given_kana}"),
                phone_key(m.phone),
            )


def memberships(plans: Iterable[CasePlan], ids: Ids) -> Iterator[Row]:
    for p in plans:
        ts = moment(p.created_at)
        for m in p.members:
            yield (
                ids.next("cases_householdmembership"),
                ts,
                ts,
                m.relation,
                m.since,
                None,
                p.household_id,
                m.id,
            )


def cases(plans: Iterable[CasePlan]) -> Iterator[Row]:
    for p in plans:
        ts = moment(p.created_at)
        yield (
            p.id,
            ts,
            ts,
            1,
            p.title,
            p.status,
            p.source,
            p.opened,
            p.closed,
            p.owner.id,
            p.household_id,
            p.worker,
            p.informant,
            p.outreach_stage,
            p.last_contact,
            p.lead.id,
            0,
        )


def projects(plans: Iterable[CasePlan], ids: Ids) -> Iterator[Row]:
    for p in plans:
        for code, started in p.projects:
            created = stamp(started)
            yield (ids.next("cases_caseproject"), created, created, code, started, p.closed, p.id)


def team(plans: Iterable[CasePlan], ids: Ids) -> Iterator[Row]:
    for p in plans:
        for m in p.team:
            created = stamp(m.joined)
            yield (
                ids.next("cases_caseteam"),
                created,
                created,
                m.role,
                m.joined,
                m.left,
                m.agency.id,
                p.id,
            )


def leads(plans: Iterable[CasePlan], ids: Ids) -> Iterator[Row]:
    for p in plans:
        for n, (agency, started) in enumerate(p.leads):
            ended = p.leads[n + 1][1] if n + 1 < len(p.leads) else None
            created = stamp(started)
            yield (
                ids.next("cases_leadassignment"),
                created,
                created,
                started,
                ended,
                "相談を受け付けた" if n == 0 else "重層的支援会議で主導役を変更",
                "" if n == 0 else f"重層的支援会議 {started:%Y-%m-%d}",
                agency.id,
                p.id,
                p.worker,
            )


def consents(plans: Iterable[CasePlan]) -> Iterator[Row]:
    for p in plans:
        for c in p.consents:
            created = stamp(c.valid_from)
            yield (
                c.id,
                created,
                c.withdrawn_at or created,
                c.all_team,
                Json('["' + '", "'.join(c.purposes) + '"]'),
                c.method,
                c.valid_from,
                c.valid_until,
                c.withdrawn_at,
                names.WITHDRAWAL_REASONS[c.id % 3] if c.withdrawn_at else "",
                "",
                p.id,
                c.obtained_by,
                c.person.id,
                c.representative,
                f"{c.person.family} 正子" if c.representative else "",
            )


def consent_agencies(plans: Iterable[CasePlan], ids: Ids) -> Iterator[Row]:
    for p in plans:
        for c in p.consents:
            for agency_id in sorted(c.agency_ids):
                yield (ids.next("cases_consent_agencies"), c.id, agency_id)


def consent_extensions(plans: Iterable[CasePlan], ids: Ids) -> Iterator[Row]:
    for p in plans:
        for c in p.consents:
            for agency, day in c.extensions:
                created = stamp(day)
                yield (
                    ids.next("cases_consentextension"),
                    created,
                    created,
                    day,
                    "本人に電話で確認し、口頭で同意を得た",
                    agency.id,
                    c.id,
                    c.obtained_by,
                )


def _lead_on(p: CasePlan, day: dt.date):
    current = p.leads[0][0]
    for agency, started in p.leads:
        if started <= day:
            current = agency
    return current


def referrals(plans: Iterable[CasePlan]) -> Iterator[Row]:
    notes = {
        Referral.Status.ACCEPTED: "お引き受けします。担当者から連絡します。",
        Referral.Status.RETURNED: "当機関の対象外のため、お返しします。",
        Referral.Status.WITHDRAWN: "",
        Referral.Status.SENT: "",
    }
    for p in plans:
        for r in p.referrals:
            sender = _lead_on(p, r.sent_at.date())
            yield (
                r.id,
                r.sent_at,
                r.responded_at or r.sent_at,
                names.REFERRAL_REASONS[r.id % len(names.REFERRAL_REASONS)],
                f"{p.title}。世帯員{len(p.members)}人。",
                r.status,
                r.sent_at,
                r.responded_at if r.status != Referral.Status.WITHDRAWN else None,
                notes[r.status],
                p.id,
                sender.id,
                r.to.caseworkers[0] if r.responded_at and r.status != "withdrawn" else None,
                sender.caseworkers[0],
                r.to.id,
                Referral.Kind.REFERRAL,
            )


def grants(plans: Iterable[CasePlan], coordinator: int) -> Iterator[Row]:
    for p in plans:
        for g in p.grants:
            yield (
                g.id,
                g.starts_at,
                g.starts_at,
                "meeting_106_6",
                f"支援会議 {g.starts_at:%Y-%m-%d}",
                g.starts_at,
                g.ends_at,
                None,
                g.agency.id,
                coordinator,
                p.id,
                g.user_id,
            )


_DAY_TEXT: dict[int, str] = {}


def _day_text(ordinal: int) -> str:
    text = _DAY_TEXT.get(ordinal)
    if text is None:
        text = _DAY_TEXT[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return text


MODES = tuple(Consultation.Mode)
MODE_WEIGHTS = (25, 40, 20, 5, 10)
OUTCOMES = tuple(Consultation.Outcome)


def consultations(plans: Iterable[CasePlan], ids: Ids, rng: random.Random) -> Iterator[Row]:
    """Each case's contacts, spread from its opening to its last contact (which is the
    last of them): mostly by the lead, some by the intake and team agencies, a few
    agency-internal, about half about one member rather than the household."""
    rnd, choice = rng.random, rng.choice
    modes = rng.choices(MODES, MODE_WEIGHTS, k=4096)
    narratives = [a + b for a in names.NARRATIVE_OPENINGS for b in names.NARRATIVE_BODIES]
    plain = Json(f'["{Project.CONSULTATION}"]')
    with_hub = Json(f'["{Project.CONSULTATION}", "{Project.COLLABORATION}"]')
    outreach = Json(f'["{Project.OUTREACH}"]')
    for p in plans:
        n = p.consultations
        last = p.last_contact or p.created_at
        last_text = moment(last)
        last_day, last_minute = last.date(), last.hour * 60 + last.minute
        opened = p.opened.toordinal()
        span = last_day.toordinal() - opened
        days = sorted(opened + int(rnd() * (span + 1)) for _ in range(n - 1))
        agencies = [m.agency for m in p.team if m.agency is not p.lead]
        people = [m.id for m in p.members]
        is_outreach = bool(p.outreach_stage)
        for i in range(n):
            if i == n - 1:
                when = last_text
            else:
                day = _day_text(days[i])
                minute = 510 + int(rnd() * 540)
                if days[i] == span + opened and minute > last_minute:
                    minute = last_minute
                when = Moment(f"{day} {minute // 60:02d}:{minute % 60:02d}:00+09:00")
            agency = p.lead if not agencies or rnd() < 0.7 else choice(agencies)
            staff = p.worker if agency is p.lead else choice(agency.caseworkers)
            if is_outreach:
                mode, outcome, tags = Consultation.Mode.HOME_VISIT, choice(OUTCOMES), outreach
            else:
                mode, outcome = modes[int(rnd() * 4096)], ""
                tags = with_hub if agency.is_hub else plain
            minutes = 5 + int(rnd() * 85)
            yield (
                ids.next("cases_consultation"),
                when,
                when,
                1,
                when,
                mode,
                minutes,
                narratives[int(rnd() * len(narratives))],
                tags,
                rnd() < 0.02,
                agency.id,
                p.id,
                staff,
                None if rnd() < 0.45 else people[int(rnd() * len(people))],
                outcome,
            )


COLUMNS: dict[str, tuple[str, ...]] = {
    "cases_case": (
        "id",
        "created_at",
        "updated_at",
        "version",
        "title",
        "status",
        "referral_source",
        "opened_on",
        "closed_on",
        "owner_agency_id",
        "household_id",
        "worker_id",
        "informant",
        "outreach_stage",
        "last_contact_at",
        "lead_agency_id",
        "open_reminders",
    ),
    "cases_caseproject": (
        "id",
        "created_at",
        "updated_at",
        "project",
        "started_on",
        "ended_on",
        "case_id",
    ),
    "cases_caseteam": (
        "id",
        "created_at",
        "updated_at",
        "role",
        "joined_on",
        "left_on",
        "agency_id",
        "case_id",
    ),
    "cases_leadassignment": (
        "id",
        "created_at",
        "updated_at",
        "started_on",
        "ended_on",
        "reason",
        "decided_at",
        "agency_id",
        "case_id",
        "decided_by_id",
    ),
    "cases_consent": (
        "id",
        "created_at",
        "updated_at",
        "all_team_agencies",
        "purposes",
        "method",
        "valid_from",
        "valid_until",
        "withdrawn_at",
        "withdrawal_reason",
        "scanned_form",
        "case_id",
        "obtained_by_id",
        "person_id",
        "representative",
        "representative_name",
    ),
    "cases_consent_agencies": ("id", "consent_id", "agency_id"),
    "cases_consentextension": (
        "id",
        "created_at",
        "updated_at",
        "extended_on",
        "note",
        "agency_id",
        "consent_id",
        "extended_by_id",
    ),
    "cases_referral": (
        "id",
        "created_at",
        "updated_at",
        "reason",
        "summary",
        "status",
        "sent_at",
        "responded_at",
        "response_note",
        "case_id",
        "from_agency_id",
        "responded_by_id",
        "sent_by_id",
        "to_agency_id",
        "kind",
    ),
    "cases_accessgrant": (
        "id",
        "created_at",
        "updated_at",
        "basis",
        "source",
        "starts_at",
        "ends_at",
        "revoked_at",
        "agency_id",
        "granted_by_id",
        "case_id",
        "user_id",
    ),
    "cases_consultation": (
        "id",
        "created_at",
        "updated_at",
        "version",
        "occurred_at",
        "mode",
        "minutes",
        "narrative",
        "projects",
        "is_internal",
        "agency_id",
        "case_id",
        "staff_id",
        "person_id",
        "outcome",
    ),
    "cases_casegroupobjectpermission": (
        "id",
        "content_object_id",
        "group_id",
        "permission_id",
        "basis",
        "source",
        "valid_from",
        "valid_until",
        "person_id",
    ),
    "cases_caseuserobjectpermission": (
        "id",
        "content_object_id",
        "user_id",
        "agency_id",
        "permission_id",
        "basis",
        "source",
        "valid_from",
        "valid_until",
    ),
    "agencies_area": ("id", "created_at", "updated_at", "name", "kana", "level", "parent_id"),
    "auth_group": ("id", "name"),
    "agencies_agency": (
        "id",
        "created_at",
        "updated_at",
        "version",
        "name",
        "kana",
        "kind",
        "is_hub",
        "phone",
        "fax",
        "email",
        "postal_code",
        "address",
        "contact_hours",
        "is_active",
        "group_id",
    ),
    "agencies_agency_fields": ("id", "agency_id", "servicefield_id"),
    "agencies_agency_areas_served": ("id", "agency_id", "area_id"),
    "agencies_user": (
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "kind",
        "full_name",
        "full_name_kana",
    ),
    "agencies_membership": (
        "id",
        "created_at",
        "updated_at",
        "version",
        "role",
        "is_active",
        "agency_id",
        "user_id",
    ),
}
