"""Person-level participation records: plans, matchings (with their lifecycle actions) and
follow-ups. They follow the case's access policy (cases/access.py), in every endpoint:

- Lists hold only records of cases the caller may read; each person listed is logged as
  read (rule 7) with the basis on which it was shown.
- A single record is fetched with the policy's decision on its case: a stranger gets the
  404 of a missing record, a team agency without consent the 403 naming the missing
  consent (with the minimal card).
- A case, person or matching named in a request body that the caller may not know of is a
  400 on that field, worded exactly as for an id that does not exist.
- Who may write what is the answer of participation/services (its package docstring)."""

from __future__ import annotations

from collections.abc import Sequence

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases import access
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, LoggedListApi, referenced, responses
from cases.models import Case, Person
from cases.services.cases import PERSON_NOT_IN_HOUSEHOLD
from core.api.preconditions import expected_version
from core.api.schema import validated
from participation import selectors, services
from participation.api.filters import FollowUpFilter, MatchingFilter, PlanFilter
from participation.api.inputs import (
    FollowUpCreateInputSerializer,
    MatchingCreateInputSerializer,
    MatchingEndInputSerializer,
    MatchingStepInputSerializer,
    PlanCreateInputSerializer,
    PlanUpdateInputSerializer,
)
from participation.api.serializers import (
    FollowUpOutputSerializer,
    MatchingOutputSerializer,
    PlanOutputSerializer,
)
from participation.models import FollowUp, Matching, ParticipationPlan

LIFECYCLE_ERRORS = WRITE_ERRORS


class PersonListApi(LoggedListApi):
    """A list of records about persons: each person shown is logged once."""

    def log_rows(self, rows: Sequence) -> None:
        persons = list({p.pk: p for p in (self.person_of(row) for row in rows)}.values())
        access.log_list_reads(self.request.user, persons, channel=API, request=self.request)

    def person_of(self, row) -> Person:
        return row.person


def _case(request: MemberRequest, pk: int) -> Case:
    return referenced(
        "case", lambda: access.case_for(request.user, pk, channel=API, request=request)[0]
    )


def _member(case: Case, pk: int) -> Person:
    person = selectors.current_members(case).filter(pk=pk).first()
    if person is None:
        raise ValidationError({"person": [str(PERSON_NOT_IN_HOUSEHOLD)]})
    return person


# --- plans -------------------------------------------------------------------------------


def plan_body(plan: ParticipationPlan) -> dict:
    return PlanOutputSerializer(plan).data


class PlanListApi(PersonListApi):
    """Participation plans in the cases the caller may read."""

    serializer_class = PlanOutputSerializer
    filterset_class = PlanFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ParticipationPlan.objects.none()
        return selectors.plan_list(self.request.user)

    @extend_schema(
        request=PlanCreateInputSerializer,
        responses=responses({201: PlanOutputSerializer}, WRITE_ERRORS),
        description="Start a household member's plan. Any agency that may read the case; "
        "one plan per person and case.",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(PlanCreateInputSerializer, request)
        case = _case(request, data["case"])
        person = _member(case, data["person"])
        plan = services.plan_create(
            actor=request.user, case=case, person=person, goals=data.get("goals", "")
        )
        return Response(plan_body(plan), status=status.HTTP_201_CREATED)


class PlanDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: PlanOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        plan, _ = selectors.plan_for_reading(request.user, pk, request=request, channel=API)
        return Response(plan_body(plan))

    @extend_schema(
        request=PlanUpdateInputSerializer,
        responses=responses({200: PlanOutputSerializer}, WRITE_ERRORS),
        description="Change the goals: the agency that wrote the plan, or the case's intake "
        "or lead agency.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        plan, _ = selectors.plan_for_reading(request.user, pk, request=request, channel=API)
        data = validated(PlanUpdateInputSerializer, request)
        plan = services.plan_update(
            actor=request.user,
            plan=plan,
            goals=data["goals"],
            expected_version=expected_version(request, data.get("version")),
        )
        return Response(plan_body(plan))


# --- matchings ---------------------------------------------------------------------------


def matching_body(matching: Matching) -> dict:
    return MatchingOutputSerializer(matching).data


class MatchingListApi(PersonListApi):
    """Matchings in the cases the caller may read, latest first."""

    serializer_class = MatchingOutputSerializer
    filterset_class = MatchingFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Matching.objects.none()
        return selectors.matching_list(self.request.user)

    @extend_schema(
        request=MatchingCreateInputSerializer,
        responses=responses({201: MatchingOutputSerializer}, WRITE_ERRORS),
        description="Propose a menu to a household member (their plan is started if they "
        "have none). Any agency that may read the case; the caller's agency becomes the "
        "supporting agency.",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(MatchingCreateInputSerializer, request)
        case = _case(request, data["case"])
        person = _member(case, data["person"])
        matching = services.matching_propose(
            actor=request.user,
            case=case,
            person=person,
            menu=data["menu"],
            note=data.get("note", ""),
            proposed_on=data.get("proposed_on"),
        )
        return Response(matching_body(matching), status=status.HTTP_201_CREATED)


class MatchingDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: MatchingOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        matching, _ = selectors.matching_for(request.user, pk, request=request, channel=API)
        return Response(matching_body(matching))


class MatchingStepApi(CasesApiMixin, APIView):
    """One step of the lifecycle: proposed → trial → active → ended. A step the matching
    cannot take is a 400 naming its status and where it can go."""

    to: str = ""
    input_serializer = MatchingStepInputSerializer

    def post(self, request: MemberRequest, pk: int) -> Response:
        matching, _ = selectors.matching_for(request.user, pk, request=request, channel=API)
        data = validated(self.input_serializer, request)
        matching = services.matching_move(
            actor=request.user,
            matching=matching,
            to=self.to,
            on=data.get("on"),
            outcome=data.get("outcome", ""),
            reason=data.get("reason", ""),
            expected_version=data["version"],
        )
        return Response(matching_body(matching))


class MatchingTrialApi(MatchingStepApi):
    to = Matching.Status.TRIAL

    @extend_schema(
        request=MatchingStepInputSerializer,
        responses=responses({200: MatchingOutputSerializer}, LIFECYCLE_ERRORS),
        description="Start the trial: takes one of the menu's places (400 when all are "
        "taken). The supporting agency, or the case's intake or lead agency.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        return super().post(request, pk)


class MatchingActivateApi(MatchingStepApi):
    to = Matching.Status.ACTIVE

    @extend_schema(
        request=MatchingStepInputSerializer,
        responses=responses({200: MatchingOutputSerializer}, LIFECYCLE_ERRORS),
        description="After the trial, the person takes part. The supporting agency, or the "
        "case's intake or lead agency.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        return super().post(request, pk)


class MatchingEndApi(MatchingStepApi):
    to = Matching.Status.ENDED
    input_serializer = MatchingEndInputSerializer

    @extend_schema(
        request=MatchingEndInputSerializer,
        responses=responses({200: MatchingOutputSerializer}, LIFECYCLE_ERRORS),
        description="End the matching with its outcome and the reason; frees its place.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        return super().post(request, pk)


# --- follow-ups --------------------------------------------------------------------------


def follow_up_body(follow_up: FollowUp) -> dict:
    return FollowUpOutputSerializer(follow_up).data


class FollowUpListApi(PersonListApi):
    """Follow-ups (定着支援) in the cases the caller may read, latest first."""

    serializer_class = FollowUpOutputSerializer
    filterset_class = FollowUpFilter
    ordering_fields = {"id": "id", "next_on": "next_on"}
    updated_field = "updated_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUp.objects.none()
        return selectors.follow_up_list(self.request.user)

    def person_of(self, row: FollowUp) -> Person:
        return row.matching.person

    @extend_schema(
        request=FollowUpCreateInputSerializer,
        responses=responses({201: FollowUpOutputSerializer}, WRITE_ERRORS),
        description="Record a follow-up of the person or of the host. Any agency that may "
        "read the case; `next_on` comes back as a reminder to the caller's agency.",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(FollowUpCreateInputSerializer, request)
        matching = referenced(
            "matching",
            lambda: selectors.matching_for(
                request.user, data.pop("matching"), request=request, channel=API
            )[0],
        )
        follow_up = services.follow_up_record(actor=request.user, matching=matching, **data)
        return Response(follow_up_body(follow_up), status=status.HTTP_201_CREATED)


class FollowUpDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: FollowUpOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        follow_up = selectors.follow_up_for(request.user, pk, request=request, channel=API)
        return Response(follow_up_body(follow_up))
