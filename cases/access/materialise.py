"""Writing the materialised decision: a case's rows in django-guardian's direct foreign-key
tables, rebuilt from its owner, lead, team, consents, grants and referrals.

One case, one writer of its permissions at a time: `recompute_case_permissions` locks the
case row (SELECT … FOR UPDATE) before it reads anything, in the caller's transaction, so a
withdrawal can never be undone by a concurrent write that read the consents before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from cases.access.base import CARD, CHANGE, VIEW
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Consent,
)
from cases.models.access import Basis
from core import request_cache


def lock_case(case: Case) -> Case:
    """Lock the case row for the rest of the transaction (the first thing every write that
    changes who can see the case does, so such writes queue rather than interleave)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_case must run inside transaction.atomic()")
    return Case.objects.select_for_update().get(pk=case.pk)


# --- the facts a case's rows follow from, and the rows (plain values, no database) -------


class ConsentFacts(NamedTuple):
    pk: int
    person_id: int
    valid_from: dt.date
    valid_until: dt.date | None
    withdrawn: bool
    purposes: Collection[str]
    agency_ids: frozenset[int]  # chosen, the team when recorded, and the extensions


class GrantFacts(NamedTuple):
    pk: int
    user_id: int | None
    agency_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    revoked: bool


class CaseFacts(NamedTuple):
    case_id: int
    owner_agency_id: int
    lead_agency_id: int | None  # the current lead assignment's agency
    team_agency_ids: frozenset[int]  # agencies on the team now (not left)
    consents: Sequence[ConsentFacts] = ()
    grants: Sequence[GrantFacts] = ()
    referrals: Sequence[tuple[int, int]] = ()  # (referral pk, to-agency id), every status


class GroupRow(NamedTuple):
    """One row of CaseGroupObjectPermission."""

    case_id: int
    group_id: int
    permission_id: int
    basis: str
    source: str
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None
    person_id: int | None


class UserRow(NamedTuple):
    """One row of CaseUserObjectPermission."""

    case_id: int
    user_id: int
    agency_id: int
    permission_id: int
    basis: str
    source: str
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def rows_for(
    facts: CaseFacts,
    *,
    today: dt.date,
    groups: Mapping[int, int],
    permission_ids: Mapping[str, int],
) -> tuple[list[GroupRow], list[UserRow]]:
    """What a case's rows must be, from its facts alone: the rule of materialisation.

    `groups` maps agency id to its permission group id, `permission_ids` the codenames
    CARD, VIEW and CHANGE to their ids. Pure: `case_rows` feeds it from the database,
    `manage.py generate_city` from the city it is building."""
    case_id = facts.case_id
    rows: dict[tuple[int, str, str], GroupRow] = {}
    personal: dict[tuple[int, str, str], UserRow] = {}

    def add(
        agency_id: int,
        codenames: Sequence[str],
        basis: str,
        source: str,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        person_id: int | None = None,
    ) -> None:
        group_id = groups[agency_id]
        for codename in codenames:
            rows[(group_id, codename, source)] = GroupRow(
                case_id,
                group_id,
                permission_ids[codename],
                basis,
                source,
                start,
                end,
                person_id,
            )

    add(facts.owner_agency_id, (CARD, VIEW, CHANGE), Basis.OWNER.value, "owner")
    if facts.lead_agency_id is not None:
        add(facts.lead_agency_id, (CARD, VIEW, CHANGE), Basis.OWNER.value, "lead")

    team = facts.team_agency_ids
    for agency_id in team:
        add(agency_id, (CARD,), Basis.TEAM.value, f"team:{agency_id}")

    for consent in facts.consents:
        if consent.withdrawn:
            continue
        if consent.valid_until is not None and consent.valid_until < today:
            continue  # expired: nothing to materialise
        if Consent.Purpose.SHARING not in consent.purposes:
            continue  # given for other purposes only (a meeting, the plan): no reading
        end = (
            _day_start(consent.valid_until + dt.timedelta(days=1)) if consent.valid_until else None
        )
        # The agencies it names: those chosen, the team when it was recorded ("all team
        # agencies") and the extensions. Named agencies read only while on the team.
        for agency_id in team & consent.agency_ids:
            add(
                agency_id,
                (VIEW,),
                Basis.CONSENT.value,
                f"consent:{consent.pk}",
                _day_start(consent.valid_from),
                end,
                consent.person_id,
            )

    for grant in facts.grants:
        if grant.revoked or grant.user_id is None:
            continue
        source = f"grant:{grant.pk}"
        for codename, start, end in ((CARD, None, None), (VIEW, grant.starts_at, grant.ends_at)):
            personal[(grant.user_id, codename, source)] = UserRow(
                case_id,
                grant.user_id,
                grant.agency_id,
                permission_ids[codename],
                Basis.MEETING.value,
                source,
                start,
                end,
            )

    for referral_id, to_agency_id in facts.referrals:
        add(to_agency_id, (CARD,), Basis.REFERRAL.value, f"referral:{referral_id}")
    return list(rows.values()), list(personal.values())


# --- the same rule, fed from the database ----------------------------------------------


def permission_ids() -> dict[str, int]:
    return dict(
        Permission.objects.filter(
            content_type__app_label="cases",
            content_type__model="case",
            codename__in=[CARD, VIEW, CHANGE],
        ).values_list("codename", "pk")
    )


def case_facts(case: Case) -> CaseFacts:
    """The case's facts as they stand in the database."""
    lead = case.leads.filter(ended_on__isnull=True).first()
    team = frozenset(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    consents = tuple(
        ConsentFacts(
            pk=consent.pk,
            person_id=consent.person_id,
            valid_from=consent.valid_from,
            valid_until=consent.valid_until,
            withdrawn=consent.withdrawn_at is not None,
            purposes=tuple(consent.purposes),
            agency_ids=frozenset(a.pk for a in consent.agencies.all()),
        )
        for consent in case.consents.filter(withdrawn_at__isnull=True).prefetch_related("agencies")
    )
    grants = tuple(
        GrantFacts(
            pk=grant.pk,
            user_id=grant.user_id,
            agency_id=grant.agency_id,
            starts_at=grant.starts_at,
            ends_at=grant.ends_at,
            revoked=grant.revoked_at is not None,
        )
        for grant in case.access_grants.filter(revoked_at__isnull=True, user__isnull=False)
    )
    return CaseFacts(
        case_id=case.pk,
        owner_agency_id=case.owner_agency_id,
        lead_agency_id=lead.agency_id if lead is not None else None,
        team_agency_ids=team,
        consents=consents,
        grants=grants,
        referrals=tuple(case.referrals.values_list("pk", "to_agency_id")),
    )


def case_rows(case: Case) -> tuple[list[CaseGroupObjectPermission], list[CaseUserObjectPermission]]:
    """What the case's rows must be now (nothing written)."""
    perms = permission_ids()
    facts = case_facts(case)
    agency_ids = {facts.owner_agency_id, *facts.team_agency_ids, *(a for _, a in facts.referrals)}
    if facts.lead_agency_id is not None:
        agency_ids.add(facts.lead_agency_id)
    groups = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "group_id"))
    rows, personal = rows_for(
        facts, today=timezone.localdate(), groups=groups, permission_ids=perms
    )
    return (
        [
            CaseGroupObjectPermission(
                group_id=row.group_id,
                permission_id=row.permission_id,
                content_object=case,
                basis=row.basis,
                source=row.source,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                person_id=row.person_id,
            )
            for row in rows
        ],
        [
            CaseUserObjectPermission(
                user_id=row.user_id,
                agency_id=row.agency_id,
                permission_id=row.permission_id,
                content_object=case,
                basis=row.basis,
                source=row.source,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
            )
            for row in personal
        ],
    )


def recompute_case_permissions(case: Case) -> None:
    """Rebuild the case's rows. Called by every service that changes the owner, lead, team,
    consents, grants or referrals, inside its transaction; locks the case row first."""
    with transaction.atomic():
        lock_case(case)
        rows, personal = case_rows(case)
        CaseGroupObjectPermission.objects.filter(content_object=case).delete()
        CaseUserObjectPermission.objects.filter(content_object=case).delete()
        CaseGroupObjectPermission.objects.bulk_create(rows)
        CaseUserObjectPermission.objects.bulk_create(personal)
    request_cache.forget()  # "holds a personal grant" may have changed in this request
