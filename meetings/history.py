"""Meeting decisions in a case's history (cases.history_sources, registered in
MeetingsConfig.ready()): a decision is part of its agenda item's minutes, so its changes
are shown only to those who may read those minutes (`access.minutes_readable_items`)."""

from __future__ import annotations

from agencies.models import User
from cases import access as case_access
from cases.models import Case
from core.history_diff import Source
from meetings import access
from meetings.models import Decision


def case_decisions(case: Case, user: User, decision: case_access.Decision) -> list[Source]:
    readable = access.minutes_readable_items(user, case, decision)
    return [
        Source(
            Decision.history.filter(item__case_id=case.pk, item_id__in=readable),
            hidden=frozenset({"item"}),
        )
    ]
