"""The worker's own case list as a file (the Excel list cities keep today): the cases the
case list page shows, plus, in "every case I may read", those the user only knows of (a
team agency without consent), each row decided by the access policy:

- a row the user reads in full shows the case's columns; concerns about a member whose
  consent does not cover the reader are left out (rule 2); the area is left blank where
  住所秘匿 hides the household's address from the reader (rule 6);
- a row the user only knows of shows the minimal card: the case number, the lead agency
  and its phone (rule 2), and why no more.

No consultation, narrative or agency-internal record is exported. Decisions are made a
batch at a time (`access.case_decisions`: one query per batch), and each exported case is
logged under the agency whose basis allowed it, channel "export" (one INSERT per batch)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import User
from cases import access, selectors
from cases.forms import CaseFilterForm
from cases.models import AccessLog, Case, CaseProject, Concern, HouseholdMembership, PlanAction
from cases.models.records import SupportPlan
from cases.selectors import CaseFilters
from core.wareki import to_wareki
from reminders.selectors import BUCKETS
from reports.tables import Table

KIND = "caselist"
BATCH = 500

HEADINGS = (
    gettext_lazy("case number"),
    gettext_lazy("main concern (主訴)"),
    gettext_lazy("household"),
    gettext_lazy("area"),
    gettext_lazy("status"),
    gettext_lazy("intake agency"),
    gettext_lazy("lead agency"),
    gettext_lazy("lead agency phone"),
    gettext_lazy("responsible worker"),
    gettext_lazy("opened on"),
    gettext_lazy("open for"),
    gettext_lazy("last contact"),
    gettext_lazy("concerns"),
    gettext_lazy("projects"),
    gettext_lazy("next action"),
    gettext_lazy("next action due"),
    gettext_lazy("open reminders"),
    gettext_lazy("read as"),
)
# The columns of the minimal card (rule 2): the case number, the lead agency and its phone.
CARD_COLUMNS = frozenset({0, 6, 7, 17})
CARD_ONLY = gettext_lazy("Card only: %(reason)s")
NOTE = gettext_lazy(
    "The cases you may read, as the access policy decides for each. A case your agency "
    "only knows of shows the lead agency to contact. Concerns about a member whose consent "
    "does not cover your agency, addresses under 住所秘匿 and agency-internal records are "
    "not included. This export is recorded in the read log."
)
BAD_FILTERS = gettext_lazy("The case list's search conditions are not valid.")


def clean(user: User, params: Mapping[str, Any]) -> dict[str, Any]:
    """The case list page's filters (a query string or a mapping), as CaseFilters keeps
    them. Bad input is a ValidationError, never a 500."""
    raw = params.get("filters", "")
    data = QueryDict(raw) if isinstance(raw, str) else raw
    form = CaseFilterForm(data, user=user)
    if not form.is_valid():
        raise ValidationError(BAD_FILTERS)
    filters = CaseFilters.from_form(form.cleaned_data)
    return {"filters": dataclasses.asdict(filters)}


def _filters(params: Mapping[str, Any]) -> CaseFilters:
    return CaseFilters(**params.get("filters", {}))


def full_cases(user: User, filters: CaseFilters) -> QuerySet[Case]:
    """What the case list page lists, in its order."""
    return selectors.case_list(user, filters=filters).select_related("worker", "household__area")


def card_cases(user: User, filters: CaseFilters) -> QuerySet[Case]:
    """The cases the user only knows of (a team agency without consent, a referral
    received): listed only in "every case I may read" and unsearched, since matching a
    search or a status would tell what the card does not."""
    if filters.scope != "all" or filters.narrows_by_content:
        return Case.objects.none()
    readable = access.visible_cases(user).values("pk")
    return (
        access.visible_cases(user, codename=access.CARD)
        .exclude(pk__in=readable)
        .select_related("owner_agency", "lead_agency")
        .order_by("-pk")
    )


def count(user: User, params: Mapping[str, Any]) -> int:
    filters = _filters(params)
    return full_cases(user, filters).count() + card_cases(user, filters).count()


def _aging(case: Case, today: dt.date) -> str:
    if not case.is_open:
        return ""
    days = (today - case.opened_on).days
    for bucket in BUCKETS:
        label, start, end = bucket[1:]
        if days >= start and (end is None or days < end):
            return str(label)
    return ""


class _Batch:
    """What a batch of cases needs besides its own columns: one query each."""

    def __init__(self, user: User, cases: Sequence[Case]) -> None:
        self.decisions = access.case_decisions(user, [c.pk for c in cases])
        cases = [c for c in cases if self.decisions[c.pk].level == access.Level.FULL]
        ids = [c.pk for c in cases]
        self.concerns: dict[int, list[Concern]] = defaultdict(list)
        for concern in Concern.objects.filter(case_id__in=ids, resolved_on__isnull=True).order_by(
            "identified_on", "pk"
        ):
            self.concerns[concern.case_id].append(concern)
        self.projects: dict[int, list[str]] = defaultdict(list)
        for case_id, project in (
            CaseProject.objects.filter(case_id__in=ids, ended_on__isnull=True)
            .order_by("project")
            .values_list("case_id", "project")
        ):
            self.projects[case_id].append(project)
        self.actions: dict[int, PlanAction] = {}
        for action in (
            PlanAction.objects.filter(
                plan__case_id__in=ids,
                plan__status=SupportPlan.Status.ACTIVE,
                status__in=[PlanAction.Status.TODO, PlanAction.Status.DOING],
            )
            .select_related("plan")
            .order_by("plan__case_id", "due_on", "pk")
        ):
            self.actions.setdefault(action.plan.case_id, action)
        self.hidden_address = self._hidden_addresses(user, cases)

    def _hidden_addresses(self, user: User, cases: Sequence[Case]) -> set[int]:
        """Rule 6 for the batch: households with a current member under 住所秘匿 whose
        address (and so area) the user may not see (access.can_see_address, for many)."""
        own = {a.pk for a in access.case_agencies(user)}
        households = {c.household_id for c in cases if c.household.owner_agency_id not in own}
        confidential = set(
            HouseholdMembership.objects.filter(
                household_id__in=households,
                ended_on__isnull=True,
                person__address_confidential=True,
            ).values_list("household_id", flat=True)
        )
        if not confidential:
            return set()
        held = set(
            access.visible_cases(user, codename=access.CHANGE)
            .filter(household_id__in=confidential)
            .values_list("household_id", flat=True)
        )
        return confidential - held


def _full_row(case: Case, decision: access.Decision, batch: _Batch, today: dt.date) -> list:
    project_labels = dict(CaseProject._meta.get_field("project").flatchoices)
    concern_labels = dict(Concern._meta.get_field("category").flatchoices)
    concerns = [
        str(concern_labels.get(c.category, c.category))
        for c in batch.concerns.get(case.pk, [])
        if decision.covers(c.person_id)
    ]
    action = batch.actions.get(case.pk)
    lead = access.lead_agency(case)
    return [
        case.reference,
        case.title,
        case.household.name,
        ""
        if case.household_id in batch.hidden_address or case.household.area is None
        else case.household.area.name,
        case.get_status_display(),
        case.owner_agency.name,
        lead.name,
        lead.phone,
        case.worker.full_name if case.worker else "",
        case.opened_on,
        _aging(case, today),
        case.last_contact_at,
        "、".join(dict.fromkeys(concerns)),
        "、".join(str(project_labels.get(p, p)) for p in batch.projects.get(case.pk, [])),
        action.description if action else "",
        action.due_on if action else None,
        case.open_reminders,
        decision.basis_label,
    ]


def _card_row(case: Case, decision: access.Decision) -> list:
    card = access.minimal_card(case)
    row: list[object] = [None] * len(HEADINGS)
    row[0] = card["reference"]
    row[6] = card["lead_agency"]
    row[7] = card["lead_phone"]
    row[17] = CARD_ONLY % {"reason": decision.basis_label}
    return row


def rows(user: User, params: Mapping[str, Any]) -> Iterator[list]:
    """The rows, a batch at a time: decided, then logged, then yielded. A case whose
    decision changed since the list was read (consent withdrawn a moment ago) is left out
    or shown as its card, as the decision now says."""
    filters = _filters(params)
    today = timezone.localdate()
    cases = itertools.chain(
        full_cases(user, filters).iterator(chunk_size=BATCH),
        card_cases(user, filters).iterator(chunk_size=BATCH),
    )
    while batch_cases := list(itertools.islice(cases, BATCH)):
        batch = _Batch(user, batch_cases)
        out: list[list] = []
        reads: list[tuple[Case, access.Decision, str]] = []
        for case in batch_cases:
            decision = batch.decisions[case.pk]
            if decision.level == access.Level.FULL:
                out.append(_full_row(case, decision, batch, today))
                reads.append((case, decision, "export"))
            elif decision.level == access.Level.CARD:
                out.append(_card_row(case, decision))
                reads.append((case, decision, "export_card"))
        access.log_decided_reads(user, reads, channel=AccessLog.Channel.EXPORT)
        yield from out


def build(user: User, params: Mapping[str, Any]) -> list[Table]:
    return [
        Table(
            key=KIND,
            title=_("Case list as of %(date)s") % {"date": to_wareki(timezone.localdate())},
            headings=HEADINGS,
            rows=rows(user, params),
            note=NOTE,
        )
    ]


def allowed(user: User) -> bool:
    """Staff in a case role (the case list page's own rule)."""
    return access.can_work_on_cases(user)
