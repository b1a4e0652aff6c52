"""From concerns to a plan over REST: concerns, assessments, support plans and the status
of their actions. Reads go through access.case_for (a stranger's 404, a team agency
without consent its 403 with the card, a 106-6 reader refused: these are not in the
meeting summary; the read logged) and, for records about one member, access.scoped;
writes call cases/services/plans.py, which decides who may."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases import access, services
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, LoggedListApi, responses
from cases.api.plan_serializers import (
    AssessmentCreateInputSerializer,
    AssessmentOutputSerializer,
    ConcernCreateInputSerializer,
    ConcernOutputSerializer,
    PlanActionOutputSerializer,
    PlanActionStatusInputSerializer,
    SupportPlanCreateInputSerializer,
    SupportPlanOutputSerializer,
)
from cases.api.record_views import CaseRecordsMixin
from cases.models import Assessment, Concern, PlanAction, SupportPlan
from cases.services.plans import ActionData
from core.api.schema import validated

M = TypeVar("M", bound=Model)


def record_or_404(queryset: QuerySet[M], pk: int) -> M:
    """The record, or the 404 of access.case_for (an id too large for the database is a
    missing one, not a 500)."""
    record = queryset.filter(pk=pk).first() if len(str(pk)) < 19 else None
    if record is None:
        raise Http404(access.NOT_FOUND)
    return record


# --- concerns ---------------------------------------------------------------------------


class CaseConcernListApi(CaseRecordsMixin, LoggedListApi):
    """The case's concerns (課題); to a consent reader, the household's and those of the
    members whose consent covers it."""

    serializer_class = ConcernOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Concern.objects.none()
        concerns = self.case.concerns.select_related("person").order_by("-identified_on", "-pk")
        return access.scoped(self.decision, concerns)

    @extend_schema(
        request=ConcernCreateInputSerializer,
        responses=responses({201: ConcernOutputSerializer}, WRITE_ERRORS),
        description="Record a concern of the household (no `person`) or of one member. Any "
        "agency that may read the case records one; about a member, only if that member's "
        "consent covers it.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case = self.case
        data = validated(ConcernCreateInputSerializer, request, household=case.household)
        concern = services.concern_add(actor=request.user, case=case, **data)
        return Response(ConcernOutputSerializer(concern).data, status=status.HTTP_201_CREATED)


# --- assessments ------------------------------------------------------------------------


class CaseAssessmentListApi(CaseRecordsMixin, LoggedListApi):
    """Every version of the household-wide assessment, the current (highest) first."""

    serializer_class = AssessmentOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return self.case.assessments.select_related("agency", "author").order_by("-number")

    @extend_schema(
        request=AssessmentCreateInputSerializer,
        responses=responses({201: AssessmentOutputSerializer}, WRITE_ERRORS),
        description="Record a new assessment version (the intake or lead agency); earlier "
        "versions stay.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(AssessmentCreateInputSerializer, request)
        assessment = services.assessment_record(actor=request.user, case=self.case, **data)
        return Response(AssessmentOutputSerializer(assessment).data, status=status.HTTP_201_CREATED)


# --- support plans ----------------------------------------------------------------------


def _with_actions() -> Prefetch:
    return Prefetch("actions", queryset=PlanAction.objects.select_related("responsible_agency"))


class CaseSupportPlanListApi(CaseRecordsMixin, LoggedListApi):
    """Every support plan version with its actions, the newest first (status `active`:
    the plan in effect)."""

    serializer_class = SupportPlanOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupportPlan.objects.none()
        return (
            self.case.plans.select_related("author")
            .prefetch_related(_with_actions())
            .order_by("-number")
        )

    @extend_schema(
        request=SupportPlanCreateInputSerializer,
        responses=responses({201: SupportPlanOutputSerializer}, WRITE_ERRORS),
        description="A new support plan version (the intake or lead agency): it supersedes "
        "the plan in effect; each action names its responsible agency.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(SupportPlanCreateInputSerializer, request)
        actions = [ActionData(**action) for action in data.pop("actions")]
        plan = services.plan_create(actor=request.user, case=self.case, actions=actions, **data)
        plan = SupportPlan.objects.prefetch_related(_with_actions()).get(pk=plan.pk)
        return Response(SupportPlanOutputSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanActionDetailApi(CasesApiMixin, APIView):
    @extend_schema(
        request=PlanActionStatusInputSerializer,
        responses=responses({200: PlanActionOutputSerializer}, WRITE_ERRORS),
        description="Report progress on a plan action: the responsible agency, or the "
        "intake or lead agency.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        action = record_or_404(PlanAction.objects.select_related("plan"), pk)
        access.case_for(request.user, action.plan.case_id, channel=API, request=request)
        data = validated(PlanActionStatusInputSerializer, request)
        action = services.plan_action_set_status(
            actor=request.user, action=action, status=data["status"]
        )
        return Response(PlanActionOutputSerializer(action).data)
