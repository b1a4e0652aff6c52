"""A case's history and its read log over REST.

History: what changed on the case and on what is recorded about it, when, by whom and why
(django-simple-history), as the case's history page shows it (`cases.selectors.history_of`:
the same reader, the same rows). An entry names the kind of record and the change, never
a field's value, so it tells a reader nothing the case page would not: agency-internal
consultations of other agencies are left out, and no narrative, address or name is in it.

Read log: who read the case, for which agency, on which basis and through which channel
(rule 7). No page shows it except the superusers' admin, so over REST it is for the
supervisors of the case's intake and current lead agencies only
(`access.require_read_log`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import access, selectors
from cases.api.common import LoggedListApi
from cases.api.record_views import CaseRecordsMixin
from cases.api.serializers import AgencyRefSerializer
from cases.models import AccessLog, Case
from cases.models.access import Basis
from core.api.schema import NamedChoiceField

CHANGES = {"+": "created", "~": "changed", "-": "deleted"}


class HistoryUserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(read_only=True)
    record = serializers.SerializerMethodField(help_text="The kind of record, in words.")
    change = serializers.SerializerMethodField()
    user = HistoryUserSerializer(read_only=True, allow_null=True)
    reason = serializers.CharField(read_only=True)

    def get_record(self, row: dict) -> str:
        return str(row["model"])

    def get_change(self, row: dict) -> str:
        return CHANGES.get(row["type"], "changed")


class ReaderSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null once the user is deleted.")
    username = serializers.CharField()


class ReadLogEntrySerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()
    agency = AgencyRefSerializer(read_only=True, allow_null=True)
    basis = NamedChoiceField(enum_name="ReadBasisEnum", choices=Basis.choices, read_only=True)
    channel = NamedChoiceField(
        enum_name="ReadChannelEnum", choices=AccessLog.Channel.choices, read_only=True
    )

    class Meta:
        model = AccessLog
        fields = ["id", "at", "user", "agency", "basis", "channel", "action"]
        read_only_fields = fields

    @extend_schema_field(ReaderSerializer())
    def get_user(self, row: AccessLog) -> dict:
        """The login ID copied at the time: the row outlives the user it names."""
        return {"id": row.user_id, "username": row.username}


class CaseHistoryListApi(CaseRecordsMixin, LoggedListApi):
    """The case's change history, the newest first (at most 300 entries, as the page):
    every record of the case the reader may read — the case, team, lead, consents,
    referrals, consultations (agency-internal ones only for their agency), concerns, plans,
    closures and assessments — each with when, which kind of record, the change, who made
    it and why. No field values. For readers of the case's details (the 106-6 summary
    reader is refused, as on the page)."""

    serializer_class = HistoryEntrySerializer
    cursor_pages = False  # several history tables merged by date

    def get_queryset(self) -> list[dict[str, Any]] | QuerySet[Case]:  # type: ignore[override]
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()  # for the schema: the path's id is a case's
        return selectors.history_of(self.case, self.request.user, self.decision)


class CaseReadLogListApi(CaseRecordsMixin, LoggedListApi):
    """Who read the case, the newest first: when, the login ID, for which agency, on which
    basis, through which channel and how (`action`: view, list, search…). For supervisors
    of the intake and current lead agencies; anyone else who may read the case gets the
    403 that says so. A privacy officer's review of the log is not listed
    (`access.case_reads`)."""

    serializer_class = ReadLogEntrySerializer

    def get_queryset(self) -> QuerySet[AccessLog]:
        if getattr(self, "swagger_fake_view", False):
            return AccessLog.objects.none()
        access.require_read_log(self.request.user, self.case)
        return access.case_reads(self.case.pk).select_related("agency").order_by("-at", "-id")
