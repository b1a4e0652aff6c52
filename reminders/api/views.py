"""The reminders app over REST: the caller's open reminders (acknowledging and snoozing
one), the supervisor's caseload and the cases behind each figure, and case reviews. Each
endpoint asks what its page asks (reminders.access, cases.access), says the same words when
it refuses, logs what the page logs, and writes through reminders.services."""

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
from cases import access as case_access
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, LoggedListApi, referenced, responses
from cases.api.plan_views import record_or_404
from cases.api.record_views import CaseRecordsMixin
from cases.models import Case
from core.api.schema import FIELD_ERRORS, validated
from reminders import access, selectors, services
from reminders.api.serializers import (
    CaseloadCaseSerializer,
    CaseloadOutputSerializer,
    DrillDownFilterSerializer,
    ReminderOutputSerializer,
    ReviewInputSerializer,
    ReviewOutputSerializer,
    SnoozeInputSerializer,
)
from reminders.models import CaseReview, Reminder
from reminders.selectors import BUCKETS

# --- reminders --------------------------------------------------------------------------


class ReminderListApi(LoggedListApi):
    """The caller's open reminders: addressed to them, or to one of their agencies without
    a named worker, the soonest due first. Each says its kind, the case's reference number
    and the due date (`line`, as on every page and in the e-mail), never a name."""

    serializer_class = ReminderOutputSerializer

    def get_queryset(self) -> QuerySet[Reminder]:
        if getattr(self, "swagger_fake_view", False):
            return Reminder.objects.none()
        return selectors.open_for(self.request.user).order_by("due_on", "pk")

    def log_rows(self, rows: list[Any]) -> None:
        """As the reminders page: the cases the reader may read are logged as read."""
        access.log_shown(self.request, rows, channel=API)  # type: ignore[arg-type]


def reminder_body(request: MemberRequest, reminder: Reminder) -> dict:
    reminder = Reminder.objects.select_related("case", "agency").get(pk=reminder.pk)
    return ReminderOutputSerializer(reminder, context={"request": request}).data


class ReminderAcknowledgeApi(CasesApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: ReminderOutputSerializer}, WRITE_ERRORS),
        description="Acknowledge a reminder of one of the caller's agencies: it is done. "
        "Another agency's reminder is the 404 of a missing one.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        reminder = access.reminder_for(request.user, pk)
        services.acknowledge(actor=request.user, reminder=reminder)
        return Response(reminder_body(request, reminder))


class ReminderSnoozeApi(CasesApiMixin, APIView):
    @extend_schema(
        request=SnoozeInputSerializer,
        responses=responses({200: ReminderOutputSerializer}, WRITE_ERRORS),
        description="Snooze a reminder of one of the caller's agencies until a future "
        "date, saying why; it is open again on that date.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        reminder = access.reminder_for(request.user, pk)
        data = validated(SnoozeInputSerializer, request)
        services.snooze(actor=request.user, reminder=reminder, **data)
        return Response(reminder_body(request, reminder))


# --- the caseload -----------------------------------------------------------------------


class CaseloadApi(CasesApiMixin, APIView):
    @extend_schema(
        responses=responses({200: CaseloadOutputSerializer}),
        description="The caseload dashboard's figures, for supervisors and coordinators: "
        "the open cases led by the agencies they supervise, per worker and by age "
        "(`buckets`), with overdue plan reviews, no contact for 30 days and the hub still "
        "leading. Counts only; `caseload/cases/` lists the cases behind a figure.",
    )
    def get(self, request: MemberRequest) -> Response:
        agencies = access.require_caseload(request.user)
        data = selectors.figures(request.user, agencies)
        body = {
            "agencies": agencies,
            "buckets": [{"key": key, "label": label} for key, label, *_rest in BUCKETS],
            "rows": data["rows"],
            "totals": data["totals"],
        }
        return Response(CaseloadOutputSerializer(body).data)


class CaseloadCaseListApi(LoggedListApi):
    """The cases behind one figure of the caseload (as the drill-down page), the longest
    open first; each listed case is logged as read on its basis."""

    serializer_class = CaseloadCaseSerializer

    @cached_property
    def filters(self) -> dict[str, str]:
        serializer = DrillDownFilterSerializer(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        agencies = access.require_caseload(self.request.user)
        return selectors.drill_down(self.request.user, agencies=agencies, **self.filters)

    @extend_schema(
        parameters=[DrillDownFilterSerializer],
        responses=responses({200: CaseloadCaseSerializer(many=True), 400: FIELD_ERRORS}),
    )
    def get(self, request: MemberRequest, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


# --- case reviews -----------------------------------------------------------------------


class CaseReviewListApi(CaseRecordsMixin, LoggedListApi):
    """The case's supervisor reviews, the newest first, with their notes: the intake and
    lead agencies' own (a team agency reading by consent gets the 403 naming its basis, as
    on the review page)."""

    serializer_class = ReviewOutputSerializer

    @cached_property
    def _case_and_decision(self) -> tuple[Case, case_access.Decision]:
        return case_access.case_for(
            self.request.user, self.kwargs["pk"], change=True, channel=API, request=self.request
        )

    def get_queryset(self) -> QuerySet[CaseReview]:
        if getattr(self, "swagger_fake_view", False):
            return CaseReview.objects.none()
        return self.case.reviews.select_related("reviewer", "new_lead").order_by(
            "-reviewed_on", "-pk"
        )

    @extend_schema(
        request=ReviewInputSerializer,
        responses=responses({201: ReviewOutputSerializer}, WRITE_ERRORS),
        description="Record a review (a supervisor of the intake or lead agency) and apply "
        "its decision: continue until a date (the long-running reminder waits until then), "
        "propose closure, take to a 重層的支援会議, or change the lead agency (`new_lead`).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case = self.case
        data = validated(ReviewInputSerializer, request)
        new_lead = data.pop("new_lead", None)
        if new_lead is not None:
            data["new_lead"] = referenced(
                "new_lead", lambda: record_or_404(Agency.objects.filter(is_active=True), new_lead)
            )
        review = services.review_record(actor=request.user, case=case, **data)
        review = CaseReview.objects.select_related("reviewer", "new_lead").get(pk=review.pk)
        return Response(ReviewOutputSerializer(review).data, status=status.HTTP_201_CREATED)
