"""Writing the materialised decision: a case's rows in django-guardian's direct foreign-key
tables, rebuilt from its owner, lead, team, consents, grants and referrals.

One case, one writer of its permissions at a time: `recompute_case_permissions` locks the
case row (SELECT … FOR UPDATE) before it reads anything, in the caller's transaction, so a
withdrawal can never be undone by a concurrent write that read the consents before it."""

from __future__ import annotations

import datetime as dt

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


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _permissions() -> dict[str, Permission]:
    return {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="cases",
            content_type__model="case",
            codename__in=[CARD, VIEW, CHANGE],
        )
    }


def case_rows(case: Case) -> tuple[list[CaseGroupObjectPermission], list[CaseUserObjectPermission]]:
    """What the case's rows must be now (nothing written)."""
    perms = _permissions()
    today = timezone.localdate()
    rows: dict[tuple, CaseGroupObjectPermission] = {}
    personal: dict[tuple, CaseUserObjectPermission] = {}
    groups = dict(Agency.objects.values_list("pk", "group_id"))

    def add(agency_id: int, codenames, basis, source, start=None, end=None, person_id=None):
        for codename in codenames:
            rows[(groups[agency_id], codename, source)] = CaseGroupObjectPermission(
                group_id=groups[agency_id],
                permission=perms[codename],
                content_object=case,
                basis=basis,
                source=source,
                valid_from=start,
                valid_until=end,
                person_id=person_id,
            )

    add(case.owner_agency_id, (CARD, VIEW, CHANGE), Basis.OWNER, "owner")
    lead = case.leads.filter(ended_on__isnull=True).first()
    if lead is not None:
        add(lead.agency_id, (CARD, VIEW, CHANGE), Basis.OWNER, "lead")

    team = set(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    for agency_id in team:
        add(agency_id, (CARD,), Basis.TEAM, f"team:{agency_id}")

    consents = case.consents.filter(withdrawn_at__isnull=True).prefetch_related("agencies")
    for consent in consents:
        if consent.valid_until is not None and consent.valid_until < today:
            continue  # expired: nothing to materialise
        if Consent.Purpose.SHARING not in consent.purposes:
            continue  # given for other purposes only (a meeting, the plan): no reading
        end = (
            _day_start(consent.valid_until + dt.timedelta(days=1)) if consent.valid_until else None
        )
        # The agencies it names: those chosen, the team when it was recorded ("all team
        # agencies") and the extensions. Named agencies read only while on the team.
        for agency_id in team & {a.pk for a in consent.agencies.all()}:
            add(
                agency_id,
                (VIEW,),
                Basis.CONSENT,
                f"consent:{consent.pk}",
                _day_start(consent.valid_from),
                end,
                consent.person_id,
            )

    for grant in case.access_grants.filter(revoked_at__isnull=True, user__isnull=False):
        for codename, start, end in ((CARD, None, None), (VIEW, grant.starts_at, grant.ends_at)):
            personal[(grant.user_id, codename, f"grant:{grant.pk}")] = CaseUserObjectPermission(
                user_id=grant.user_id,
                agency_id=grant.agency_id,
                permission=perms[codename],
                content_object=case,
                basis=Basis.MEETING,
                source=f"grant:{grant.pk}",
                valid_from=start,
                valid_until=end,
            )

    for referral in case.referrals.all():
        add(referral.to_agency_id, (CARD,), Basis.REFERRAL, f"referral:{referral.pk}")
    return list(rows.values()), list(personal.values())


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
