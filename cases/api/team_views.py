"""Who works on a case, over REST: the team (agencies joining and leaving), the lead
(主導役: the current one and every earlier one, and handing it over), closure (proposed,
then approved or sent back by a supervisor) and reopening. Each of these writes changes
who can see the case: cases/services (team.py, closure.py) decide who may make it and
recompute the case's permissions; the views only fetch through access and call them."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from agencies.models import Agency
from cases import access, services
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, LoggedListApi, responses
from cases.api.plan_views import record_or_404
from cases.api.record_views import CaseRecordsMixin
from cases.api.serializers import CaseDetailOutputSerializer
from cases.api.team_serializers import (
    ClosureApproveInputSerializer,
    ClosureOutputSerializer,
    ClosureProposeInputSerializer,
    ClosureSendBackInputSerializer,
    LeadChangeInputSerializer,
    LeadOutputSerializer,
    ReopenInputSerializer,
    TeamAddInputSerializer,
    TeamMemberOutputSerializer,
)
from cases.api.views import case_body
from cases.models import Case, CaseTeam, Closure, LeadAssignment
from core.api.schema import validated


class SummaryRecordsMixin(CaseRecordsMixin):
    """As CaseRecordsMixin, for what the case page shows a reader under a 106-6 grant too
    (the meeting summary: the team and the lead)."""

    @cached_property
    def _case_and_decision(self) -> tuple[Case, access.Decision]:
        return access.case_for(
            self.request.user, self.kwargs["pk"], summary=True, channel=API, request=self.request
        )


# --- team -------------------------------------------------------------------------------


def team_context(case: Case) -> dict[str, Any]:
    """What TeamMemberOutputSerializer reads besides the rows, in two queries: the agencies
    an active consent given for sharing covers (as the case page's badge,
    cases.selectors.case_team)."""
    consents = list(access.active_consents(case).prefetch_related("agencies"))
    covered = {a.pk for c in consents for a in c.agencies.all()}
    if any(c.all_team_agencies for c in consents):
        covered |= set(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    return {"owner_id": case.owner_agency_id, "lead_id": case.lead_agency_id, "covered": covered}


def member_body(case: Case, member: CaseTeam) -> dict:
    return TeamMemberOutputSerializer(member, context=team_context(case)).data


class CaseTeamListApi(SummaryRecordsMixin, LoggedListApi):
    """The agencies on the team now, with whether each reads the details (`consent`)."""

    serializer_class = TeamMemberOutputSerializer

    def get_queryset(self) -> QuerySet[CaseTeam]:
        if getattr(self, "swagger_fake_view", False):
            return CaseTeam.objects.none()
        return self.case.team.filter(left_on__isnull=True).select_related("agency")

    def row_context(self, rows: list) -> dict:
        return team_context(self.case)

    @extend_schema(
        request=TeamAddInputSerializer,
        responses=responses({201: TeamMemberOutputSerializer}, WRITE_ERRORS),
        description="Add an agency to the team (the intake or lead agency). It sees the "
        "minimal card; the details need a consent that covers it.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(TeamAddInputSerializer, request)
        member = services.team_add(actor=request.user, case=self.case, **data)
        return Response(member_body(self.case, member), status=status.HTTP_201_CREATED)


class TeamLeaveApi(CasesApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: TeamMemberOutputSerializer}, WRITE_ERRORS),
        description="The agency leaves the team (the intake or lead agency records it); "
        "the intake and lead agencies stay. Its access ends at once.",
    )
    def post(self, request: MemberRequest, pk: int, agency_id: int) -> Response:
        case, _ = access.case_for(request.user, pk, summary=True, channel=API, request=request)
        agency = record_or_404(Agency.objects.all(), agency_id)
        member = services.team_leave(actor=request.user, case=case, agency=agency)
        return Response(member_body(case, member))


# --- lead -------------------------------------------------------------------------------


class CaseLeadListApi(SummaryRecordsMixin, LoggedListApi):
    """The lead agency now (`is_current`) and every earlier one, the newest first, each
    with the reason it was given the lead. A reader under a 106-6 grant reads the meeting
    summary, which names the current lead only (as the case page does): the history of
    handovers and their reasons is not part of it."""

    serializer_class = LeadOutputSerializer

    def get_queryset(self) -> QuerySet[LeadAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return LeadAssignment.objects.none()
        leads = self.case.leads.select_related("agency", "decided_by")
        if self.decision.summary_only:
            leads = leads.filter(ended_on__isnull=True)
        return leads.order_by("-started_on", "-pk")

    @extend_schema(
        request=LeadChangeInputSerializer,
        responses=responses({201: LeadOutputSerializer}, WRITE_ERRORS),
        description="Hand the lead to another agency, with the reason (the intake or lead "
        "agency). The new lead joins the team if it is not on it.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(LeadChangeInputSerializer, request)
        lead = services.lead_change(actor=request.user, case=self.case, **data)
        return Response(LeadOutputSerializer(lead).data, status=status.HTTP_201_CREATED)


# --- closure and reopening --------------------------------------------------------------


class CaseClosureListApi(CaseRecordsMixin, LoggedListApi):
    """Every closure proposal of the case, the newest first (status `proposed`: the one
    waiting for a supervisor)."""

    serializer_class = ClosureOutputSerializer

    def get_queryset(self) -> QuerySet[Closure]:
        if getattr(self, "swagger_fake_view", False):
            return Closure.objects.none()
        return self.case.closures.select_related("proposed_by", "decided_by").order_by(
            "-proposed_at", "-pk"
        )

    @extend_schema(
        request=ClosureProposeInputSerializer,
        responses=responses({201: ClosureOutputSerializer}, WRITE_ERRORS),
        description="Propose closing the case (the intake or lead agency); a supervisor "
        "approves it or sends it back.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(ClosureProposeInputSerializer, request)
        closure = services.closure_propose(actor=request.user, case=self.case, **data)
        return Response(ClosureOutputSerializer(closure).data, status=status.HTTP_201_CREATED)


def visible_closure(request: MemberRequest, pk: int) -> Closure:
    closure = record_or_404(Closure.objects.select_related("case"), pk)
    access.case_for(request.user, closure.case_id, channel=API, request=request)
    return closure


def closure_body(closure: Closure) -> dict:
    closure = Closure.objects.select_related("proposed_by", "decided_by").get(pk=closure.pk)
    return ClosureOutputSerializer(closure).data


class ClosureApproveApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ClosureApproveInputSerializer,
        responses=responses({200: ClosureOutputSerializer}, WRITE_ERRORS),
        description="A supervisor of the intake or lead agency approves the closure with "
        "an evaluation (what changed for the household): the case closes.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        closure = visible_closure(request, pk)
        data = validated(ClosureApproveInputSerializer, request)
        services.closure_approve(actor=request.user, closure=closure, **data)
        return Response(closure_body(closure))


class ClosureSendBackApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ClosureSendBackInputSerializer,
        responses=responses({200: ClosureOutputSerializer}, WRITE_ERRORS),
        description="A supervisor of the intake or lead agency sends the proposal back, "
        "saying why; the case stays open.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        closure = visible_closure(request, pk)
        data = validated(ClosureSendBackInputSerializer, request)
        services.closure_send_back(actor=request.user, closure=closure, note=data["note"])
        return Response(closure_body(closure))


class CaseReopenApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ReopenInputSerializer,
        responses=responses({200: CaseDetailOutputSerializer}, WRITE_ERRORS),
        description="Reopen a closed case (the intake or lead agency): it starts again at "
        "受付 with the projects given (default: consultation); its history stays.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case, _ = access.case_for(request.user, pk, channel=API, request=request)
        data = validated(ReopenInputSerializer, request)
        case = services.case_reopen(actor=request.user, case=case, **data)
        decision = access.case_decision(request.user, case)
        return Response(case_body(case, decision))
