"""Participation records in a case's history (cases.history_sources, registered in
ParticipationConfig.ready()): a person's participation plan, matchings and follow-ups are
person-level records, shown to a consent reader only for the members the consent covers
(rule 2), version by version."""

from __future__ import annotations

from agencies.models import User
from cases import access
from cases.models import Case
from core.history_diff import Source
from participation.models import FollowUp, Matching, ParticipationPlan

ON_THE_CASE = frozenset({"case"})


def case_participation(case: Case, user: User, decision: access.Decision) -> list[Source]:
    covered = access.readable_person_version(decision)
    follow_ups = access.scoped(
        decision, FollowUp.objects.filter(matching__case=case), person_field="matching__person"
    ).values("pk")
    return [
        Source(
            ParticipationPlan.history.filter(case_id=case.pk),
            hidden=ON_THE_CASE,
            readable=covered,
        ),
        Source(
            Matching.history.filter(case_id=case.pk),
            hidden=ON_THE_CASE | {"plan"},
            readable=covered,
        ),
        Source(
            FollowUp.history.filter(id__in=follow_ups, matching__case_id=case.pk),
            hidden=frozenset({"matching"}),
        ),
    ]
