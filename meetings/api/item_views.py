"""The agenda, its minutes and decisions, and the action items of a meeting.

An agenda item about a case shows the case's summary only to those meetings/access.py lets
read it (may_see_case_material), and its minutes, decisions and action descriptions only
to those who may read the minutes (may_read_minutes): at a 支援会議 that is the members who
pledged and the case's owning agency, not a team agency that reads the case by consent.
Whatever case material a response shows is logged (cases.access.log_list_reads, API)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from agencies.models import User
from cases import access as case_access
from cases.api.common import WRITE_ERRORS, CasesApiMixin, responses
from cases.models import Case, Closure
from core.api.preconditions import expected_version
from core.api.schema import validated
from meetings import access, services
from meetings.api import selectors
from meetings.api.serializers import (
    ActionAddInputSerializer,
    ActionOutputSerializer,
    ActionStatusInputSerializer,
    AgendaAddInputSerializer,
    AgendaItemOutputSerializer,
    AgendaMoveInputSerializer,
    AgendaUpdateInputSerializer,
    DecisionInputSerializer,
    DecisionOutputSerializer,
)
from meetings.api.views import LIFECYCLE_ERRORS, MeetingApiMixin, PagedListApi
from meetings.models import ActionItem, AgendaItem, Decision


def item_body(request: MemberRequest, item: AgendaItem) -> dict:
    material = selectors.item_material(request.user, item)
    selectors.log_case_reads(request, material.cases_shown(), action="view")
    return AgendaItemOutputSerializer(item, context={"material": material}).data


def action_body(request: MemberRequest, action: ActionItem) -> dict:
    material = selectors.item_material(request.user, action.item)
    shown = frozenset({action.pk}) if access.may_read_action(request.user, action) else frozenset()
    selectors.log_case_reads(request, material.cases_shown(minutes=True), action="view")
    context = {"material": material, "actions_shown": shown}
    return ActionOutputSerializer(action, context=context).data


def named_case(case_id: int | None) -> Case | None:
    """The case a request names: one that does not exist is a 400 on `case`, worded as the
    services word one the caller may not read."""
    if case_id is None:
        return None
    case = Case.objects.select_related("household").filter(pk=case_id).first()
    if case is None:
        raise ValidationError({"case": [str(case_access.NOT_FOUND)]})
    return case


def require_minutes(user: User, item: AgendaItem) -> selectors.CaseMaterial:
    """What of the item the caller sees, or access.require_minutes' 403 naming what is
    missing for one who sees the item but not its minutes."""
    access.require_minutes(user, item)
    return selectors.item_material(user, item)


# --- the agenda -------------------------------------------------------------------------


class MeetingItemListApi(MeetingApiMixin, PagedListApi):
    """The agenda in order. Items whose case the caller may not read show only the case's
    reference and `withheld: true`."""

    serializer_class = AgendaItemOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgendaItem.objects.none()
        return selectors.agenda(self.meeting)

    def row_context(self, rows: list[AgendaItem]) -> dict[str, Any]:
        """What the page shows of each case, which is logged here as read."""
        material = selectors.case_material(self.request.user, self.meeting, rows)
        selectors.log_case_reads(self.request, material.cases_shown(), action="list")
        return {"material": material}

    @extend_schema(
        request=AgendaAddInputSerializer,
        responses=responses({201: AgendaItemOutputSerializer}, LIFECYCLE_ERRORS),
        description="Add a case you may read, or a topic, at the end of the agenda. A "
        "重層的支援会議 takes a case only if consent covers every attending agency (400 names "
        "those it does not); a 包括的支援推進会議 takes no case.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        meeting = self.meeting
        access.require_run(request.user, meeting)
        data = validated(AgendaAddInputSerializer, request)
        item = services.agenda_add(
            actor=request.user,
            meeting=meeting,
            purpose=data["purpose"],
            case=named_case(data.get("case")),
            topic=data["topic"],
        )
        return Response(item_body(request, item), status=status.HTTP_201_CREATED)


class ItemDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: AgendaItemOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(item_body(request, selectors.item_for(request.user, pk)))

    @extend_schema(
        request=AgendaUpdateInputSerializer,
        responses=responses({200: AgendaItemOutputSerializer}, WRITE_ERRORS),
        description="Change the purpose or write the minutes (those who run the meeting), "
        "until the minutes are approved.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        item = selectors.item_for(request.user, pk)
        data = validated(AgendaUpdateInputSerializer, request)
        item = services.agenda_update(
            actor=request.user,
            item=item,
            purpose=data.get("purpose", item.purpose),
            minutes=data.get("minutes", item.minutes),
            expected_version=expected_version(request, data.get("version")),
        )
        return Response(item_body(request, selectors.item_for(request.user, item.pk)))


class ItemMoveApi(CasesApiMixin, APIView):
    @extend_schema(
        request=AgendaMoveInputSerializer,
        responses=responses({200: AgendaItemOutputSerializer}, LIFECYCLE_ERRORS),
        description="Swap the item with the one before (`up`) or after (`down`) it.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        item = selectors.item_for(request.user, pk)
        data = validated(AgendaMoveInputSerializer, request)
        services.agenda_move(actor=request.user, item=item, up=data["direction"] == "up")
        return Response(item_body(request, selectors.item_for(request.user, pk)))


# --- decisions --------------------------------------------------------------------------


class ItemDecisionListApi(PagedListApi):
    """The decisions on an item, for those who may read its minutes."""

    serializer_class = DecisionOutputSerializer

    @cached_property
    def item(self) -> AgendaItem:
        return selectors.item_for(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        material = require_minutes(self.request.user, self.item)
        selectors.log_case_reads(self.request, material.cases_shown(minutes=True), action="view")
        return self.item.decisions.select_related("agency", "decided_by")

    @extend_schema(
        request=DecisionInputSerializer,
        responses=responses({201: DecisionOutputSerializer}, LIFECYCLE_ERRORS),
        description="Record a decision of a held meeting. A change of lead, a plan approval "
        "and a closure proposal are applied to the case, whose history names the meeting.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(DecisionInputSerializer, request)
        decision = services.decision_record(
            actor=request.user,
            item=self.item,
            kind=data["kind"],
            text=data["text"],
            agency=data.get("agency"),
            closure_reason=data.get("closure_reason", Closure.Reason.GOALS_MET),
        )
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


# --- action items -----------------------------------------------------------------------


class MeetingActionListApi(MeetingApiMixin, PagedListApi):
    """Who does what by when. The description of an action on a case item is shown as the
    item's minutes are; that of an action on the meeting as a whole, to those who run the
    meeting and to the assigned agency. A withheld one is null with `withheld_reason`."""

    serializer_class = ActionOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem.objects.none()
        return selectors.action_list(self.meeting)

    def row_context(self, rows: list[ActionItem]) -> dict[str, Any]:
        user = self.request.user
        items = [a.item for a in rows if a.item is not None]
        material = selectors.case_material(user, self.meeting, items)
        selectors.log_case_reads(self.request, material.cases_shown(minutes=True), action="list")
        shown = selectors.actions_shown(user, self.meeting, rows, material)
        return {"material": material, "actions_shown": shown}

    @extend_schema(
        request=ActionAddInputSerializer,
        responses=responses({201: ActionOutputSerializer}, LIFECYCLE_ERRORS),
        description="Assign an action to an agency, optionally on one of this meeting's items.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        meeting = self.meeting
        access.require_run(request.user, meeting)
        data = validated(ActionAddInputSerializer, request)
        item = None
        if data.get("item") is not None:
            item = selectors.agenda(meeting).filter(pk=data["item"]).first()
            if item is None:
                raise ValidationError({"item": [str(access.NOT_FOUND)]})
        action = services.action_add(
            actor=request.user,
            meeting=meeting,
            item=item,
            description=data["description"],
            agency=data["agency"],
            due_on=data["due_on"],
        )
        return Response(action_body(request, action), status=status.HTTP_201_CREATED)


class ActionStatusApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ActionStatusInputSerializer,
        responses=responses({200: ActionOutputSerializer}, LIFECYCLE_ERRORS),
        description="Report progress: the assigned agency, or those who run the meeting.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        action = selectors.action_for(request.user, pk)
        data = validated(ActionStatusInputSerializer, request)
        action = services.action_set_status(
            actor=request.user, action=action, status=data["status"]
        )
        return Response(action_body(request, action))
