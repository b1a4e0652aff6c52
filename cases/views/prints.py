"""Printed forms (帳票) of a case: 相談受付票, アセスメントシート, 支援プラン, 同意書 and
経過記録. Each is read exactly as its page is (`access.case_for`: a stranger's 404, the
403 with the card, a 106-6 reader refused; only the records the reader may read) and
logged as a print, under the agency whose basis allowed it (docs/prints.md)."""

import datetime as dt
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from cases import access, family_reads, genogram, selectors
from cases.forms import RecordPrintForm
from cases.models import Case, Concern, Consent, HouseholdMembership, SupportPlan
from cases.timeline import case_record
from core.prints import print_page

PRINT = "print"


def _case(request: HttpRequest, pk: int) -> tuple[Case, access.Decision]:
    return access.case_for(request.user, pk, request=request, action=PRINT)


def _members(
    request: HttpRequest, case: Case, decision: access.Decision, day: dt.date
) -> list[family_reads.MemberRow]:
    """The current members, the head first, with their age on `day`, as the reader may see
    them (a consent reader: by name only those the consent covers, rule 2); the household
    and each member shown by name are logged as printed too."""
    order = {relation: i for i, relation in enumerate(HouseholdMembership.Relation.values)}
    memberships = sorted(
        (m for m in selectors.household_members(case.household) if m.ended_on is None),
        key=lambda m: (order.get(m.relation, len(order)), m.person.birth_date or dt.date.max),
    )
    members = family_reads.shown_members(memberships, decision, on=day)
    access.log_reads(
        request.user,
        [case.household, *family_reads.shown_persons(members)],
        decision,
        request=request,
        action=PRINT,
    )
    return members


def _concerns(decision: access.Decision, case: Case) -> list[Concern]:
    return list(
        access.scoped(decision, case.concerns.select_related("person")).order_by(
            "resolved_on", "category", "identified_on", "pk"
        )
    )


def _back(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _relation(case: Case, person_id: int | None) -> HouseholdMembership | None:
    if person_id is None:
        return None
    return case.household.memberships.filter(person_id=person_id, ended_on__isnull=True).first()


@login_required
def consultation_print(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    """相談受付票: who came (or phoned), about whom, the route, the main concern, the
    concerns, what was said, who took it and when."""
    case, decision = _case(request, pk)
    consultation = get_object_or_404(
        access.visible_consultations(request.user, case, decision).select_related(
            "agency", "staff", "person"
        ),
        pk=consultation_pk,
    )
    day = timezone.localdate(consultation.occurred_at)
    members = _members(request, case, decision, day)
    person = consultation.person
    return print_page(
        request,
        "print/consultation.html",
        agency=decision.agency or consultation.agency,
        back_url=_back(case),
        case=case,
        consultation=consultation,
        person=person,
        person_age=person.age_on(day) if person else None,
        membership=_relation(case, consultation.person_id),
        members=members,
        concerns=[c for c in _concerns(decision, case) if c.resolved_on is None],
        show_address=access.can_see_address(request.user, case.household),
    )


@login_required
def assessment_print(request: HttpRequest, pk: int) -> HttpResponse:
    """アセスメントシート of the household: members with 続柄 and age, the concerns by
    domain, the assessment (the latest, or ?version=N), and the genogram's place."""
    case, decision = _case(request, pk)
    assessments = case.assessments.select_related("author", "agency")
    version = request.GET.get("version", "")
    if version:
        if not version.isdigit() or len(version) > 4:
            raise Http404(access.NOT_FOUND)
        assessment = get_object_or_404(assessments, number=int(version))
    else:
        assessment = assessments.first()
    day = assessment.assessed_on if assessment else timezone.localdate()
    by_domain: dict[str, list[Concern]] = defaultdict(list)
    for concern in _concerns(decision, case):
        by_domain[concern.get_category_display()].append(concern)
    # The genogram as the reader may read the household (cases/genogram.py), its named
    # persons logged like the genogram page's.
    on_household = access.household_decision(request.user, case.household)
    graph, named = genogram.genogram_for(request.user, case.household, on_household)
    access.log_reads(request.user, named, on_household, request=request, action="print")
    return print_page(
        request,
        "print/assessment.html",
        genogram_svg=mark_safe(genogram.render_svg(graph)),  # noqa: S308 - every text escaped
        agency=decision.agency or case.owner_agency,
        back_url=_back(case),
        case=case,
        assessment=assessment,
        assessed_on=day,
        members=_members(request, case, decision, day),
        domains=sorted(by_domain.items(), key=lambda kv: kv[0]),
        withheld=selectors.withheld_records(decision, case),
        show_address=access.can_see_address(request.user, case.household),
    )


@login_required
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """支援プラン for the person's agreement: the goals, the actions (who, by when), the
    review date, a box for 本人の意向 and the signature lines."""
    case, decision = _case(request, pk)
    plans = case.plans.select_related("author").prefetch_related("actions__responsible_agency")
    version = request.GET.get("version", "")
    if version:
        if not version.isdigit() or len(version) > 4:
            raise Http404(access.NOT_FOUND)
        plan = get_object_or_404(plans, number=int(version))
    else:
        plan = plans.filter(status=SupportPlan.Status.ACTIVE).first() or plans.first()
        if plan is None:
            raise Http404(access.NOT_FOUND)
    return print_page(
        request,
        "print/plan.html",
        agency=decision.agency or case.owner_agency,
        back_url=_back(case),
        case=case,
        plan=plan,
        members=_members(request, case, decision, timezone.localdate()),
        lead=case.lead_agency,
        show_address=access.can_see_address(request.user, case.household),
    )


@login_required
def consent_print(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """個人情報の提供に関する同意書, filled in from the consent's scope (agencies,
    information, purposes, period) for the person to sign. No 決裁欄: it is the person's."""
    case, decision = _case(request, pk)
    consent = get_object_or_404(
        Consent.objects.select_related("person", "obtained_by").prefetch_related("agencies"),
        pk=consent_pk,
        case=case,
    )
    if not decision.covers(consent.person_id):
        raise Http404(access.NOT_FOUND)
    access.log_reads(request.user, [consent.person], decision, request=request, action=PRINT)
    return print_page(
        request,
        "print/consent.html",
        agency=decision.agency or case.owner_agency,
        back_url=_back(case),
        approval=False,
        case=case,
        consent=consent,
        purposes=[
            Consent.Purpose(p).label for p in consent.purposes if p in Consent.Purpose.values
        ],
        membership=_relation(case, consent.person_id),
        can_attach=decision.can_change and not consent.scanned_form and not consent.withdrawn_at,
    )


@login_required
def record_print(request: HttpRequest, pk: int) -> HttpResponse:
    """経過記録 for a period (?start=&end=, the case's opening to today by default): the
    timeline's entries the reader may read, oldest first."""
    case, decision = _case(request, pk)
    today = timezone.localdate()
    form = RecordPrintForm(request.GET or None, initial={"start": case.opened_on, "end": today})
    start, end, record = case.opened_on, today, None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if not form.is_bound or form.is_valid():  # a wrong period: its errors, nothing printed
        record = case_record(request.user, case, decision, start=start, end=end)
    access.log_reads(request.user, [case.household], decision, request=request, action=PRINT)
    return print_page(
        request,
        "print/record.html",
        agency=decision.agency or case.owner_agency,
        back_url=_back(case),
        case=case,
        form=form,
        start=start,
        end=end,
        record=record,
        withheld=selectors.withheld_records(decision, case),
        show_address=access.can_see_address(request.user, case.household),
    )
