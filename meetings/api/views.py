"""Meetings and their participants: planning, inviting, the confidentiality pledge,
attendance, and the meeting's course (publish → hold → approve the minutes).

Who sees a meeting is meetings/access.py's answer (its organising agency and its
participants; anyone else gets the 404 of a missing meeting); who may run it is the
services'. Case material on the agenda is shown as meetings/api/selectors.case_material
allows, and logged. The agenda, decisions and actions are in meetings/api/item_views.py."""

from __future__ import annotations

import builtins
from functools import cached_property
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases.api.common import WRITE_ERRORS, CasesApiMixin, responses
from core.api.schema import validated
from meetings import access, services
from meetings.api import selectors
from meetings.api.serializers import (
    AttendanceInputSerializer,
    MeetingCreateInputSerializer,
    MeetingDetailOutputSerializer,
    MeetingOutputSerializer,
    ParticipantAddInputSerializer,
    ParticipantOutputSerializer,
)
from meetings.models import Meeting, Participant
from meetings.selectors import meeting_list

LIFECYCLE_ERRORS = {k: v for k, v in WRITE_ERRORS.items() if k != 409}


def meeting_body(request: MemberRequest, meeting: Meeting) -> dict:
    """The meeting with participants and agenda; the case material shown is logged."""
    selectors.with_participants(meeting)
    items = list(selectors.agenda(meeting))
    material = selectors.case_material(request.user, meeting, items)
    selectors.log_case_reads(request, material.cases_shown(), action="view")
    context = {"user": request.user, "items": items, "material": material}
    return MeetingDetailOutputSerializer(meeting, context=context).data


class MeetingApiMixin(CasesApiMixin):
    """Case-role callers; nested under meetings/<pk>/, the meeting is fetched once, with
    the 404 of a missing one for those outside it."""

    kwargs: dict

    @cached_property
    def meeting(self) -> Meeting:
        return access.meeting_for(self.request.user, self.kwargs["pk"])


class PagedListApi(CasesApiMixin, generics.ListAPIView):
    """A paginated list whose serializer context is computed from the page's rows."""

    def list(self, request: Request, *args, **kwargs) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), **self.row_context(rows)}
        serializer = self.get_serializer(rows, many=True, context=context)
        if page is None:
            return Response(serializer.data)
        return self.get_paginated_response(serializer.data)

    # `builtins.list`: in this class `list` is the method above.
    def row_context(self, rows: builtins.list[Any]) -> dict[str, Any]:
        return {}


# --- meetings ---------------------------------------------------------------------------


class MeetingListApi(PagedListApi):
    """Meetings the caller's agency organises or the caller is invited to, latest first.
    No case material is listed (see the meeting's detail and agenda)."""

    serializer_class = MeetingOutputSerializer
    ordering_fields = {"id": "id", "starts_at": "starts_at"}
    updated_field = "updated_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        return meeting_list(self.request.user)

    def row_context(self, rows: list[Meeting]) -> dict[str, Any]:
        return {"user": self.request.user}

    @extend_schema(
        request=MeetingCreateInputSerializer,
        responses=responses({201: MeetingDetailOutputSerializer}, LIFECYCLE_ERRORS),
        description="Plan a meeting (coordinators and supervisors, for an agency they "
        "coordinate for). The caller is invited as its first participant.",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(MeetingCreateInputSerializer, request)
        meeting = services.meeting_create(actor=request.user, **data)
        return Response(meeting_body(request, meeting), status=status.HTTP_201_CREATED)


class MeetingDetailApi(MeetingApiMixin, APIView):
    @extend_schema(
        responses=responses({200: MeetingDetailOutputSerializer}),
        description="The meeting, its participants and its agenda. An item whose case the "
        "caller may not read shows only its reference and `withheld: true`.",
    )
    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(meeting_body(request, self.meeting))


class MeetingPublishApi(MeetingApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: MeetingDetailOutputSerializer}, LIFECYCLE_ERRORS),
        description="Publish the agenda. At a 重層的支援会議 consent must still cover every "
        "attending agency (400 names those it does not); at a 支援会議 the agencies whose "
        "participant pledged may read the agenda's cases until `grant_days_after` days "
        "after the meeting (art. 106-6).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        meeting = services.meeting_publish(actor=request.user, meeting=self.meeting)
        return Response(meeting_body(request, meeting))


class MeetingHoldApi(MeetingApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: MeetingDetailOutputSerializer}, LIFECYCLE_ERRORS),
        description="Record that the meeting took place; decisions can then be recorded.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        meeting = services.meeting_hold(actor=request.user, meeting=self.meeting)
        return Response(meeting_body(request, meeting))


class MeetingApproveMinutesApi(MeetingApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: MeetingDetailOutputSerializer}, LIFECYCLE_ERRORS),
        description="Approve the minutes of a held meeting; nothing about it changes after.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        meeting = services.minutes_approve(actor=request.user, meeting=self.meeting)
        return Response(meeting_body(request, meeting))


# --- participants -----------------------------------------------------------------------


class MeetingParticipantListApi(MeetingApiMixin, PagedListApi):
    serializer_class = ParticipantOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Participant.objects.none()
        return selectors.participant_list(self.meeting)

    @extend_schema(
        request=ParticipantAddInputSerializer,
        responses=responses({201: ParticipantOutputSerializer}, LIFECYCLE_ERRORS),
        description="Invite a person for their agency. At a 重層的支援会議 the agency must be "
        "covered by consent for every case already on the agenda (400 names it if not).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        meeting = self.meeting
        data = validated(ParticipantAddInputSerializer, request)
        participant = services.participant_add(
            actor=request.user, meeting=meeting, user=data["user"], agency=data["agency"]
        )
        return Response(
            ParticipantOutputSerializer(participant).data, status=status.HTTP_201_CREATED
        )


class MeetingPledgeApi(MeetingApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: ParticipantOutputSerializer}, LIFECYCLE_ERRORS),
        description="Record your own confidentiality pledge (守秘義務の確認) for a 支援会議. "
        "Once the agenda is published your agency reads its cases until the reading "
        "period ends.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        participant = services.pledge_record(actor=request.user, meeting=self.meeting)
        return Response(ParticipantOutputSerializer(participant).data)


class ParticipantAttendanceApi(CasesApiMixin, APIView):
    @extend_schema(
        request=AttendanceInputSerializer,
        responses=responses({200: ParticipantOutputSerializer}, LIFECYCLE_ERRORS),
        description="Record whether the participant attended (those who run the meeting).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        participant = selectors.participant_for(request.user, pk)
        data = validated(AttendanceInputSerializer, request)
        participant = services.attendance_set(
            actor=request.user, participant=participant, attended=data["attended"]
        )
        return Response(ParticipantOutputSerializer(participant).data)
