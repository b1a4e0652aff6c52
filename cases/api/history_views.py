"""A case's history and its read log over REST.

History: what changed on the case and on what is recorded about it, when, by whom, why and
from what to what (django-simple-history), as the case's history page shows it
(`cases.selectors.history_of`: the same reader, the same rows, the same values). What the
reader may not read is not in it: other agencies' internal consultations, the records of
members whose consent does not cover the reader, minutes the reader may not read; internal
columns (ids, version, timestamps) are never among the changes.

Read log: who read the case, for which agency, on which basis and through which channel
(rule 7). No page shows it except the superusers' admin, so over REST it is for the
supervisors of the case's intake and current lead agencies only
(`access.require_read_log`)."""

from __future__ import annotations

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
from core.history_diff import Entry

CHANGES = {"+": "created", "~": "changed", "-": "deleted"}


class HistoryUserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(read_only=True, help_text="The field's name in the model.")
    # `label` is also an attribute of DRF's Field; as a declared field it is the output key.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="The field's name, in words."
    )
    old = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The value before, as a person reads it (choice labels, names, 和暦 dates, "
        "はい/いいえ), in full; null for a record's creation; 「(not shown to you)」 when the "
        "caller may not read the previous version.",
    )
    new = serializers.CharField(read_only=True, help_text="The value after, displayed alike.")


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(read_only=True)
    record = serializers.SerializerMethodField(help_text="The kind of record, in words.")
    change = NamedChoiceField(
        enum_name="HistoryChangeEnum", choices=list(CHANGES.values()), read_only=True
    )
    user = HistoryUserSerializer(read_only=True, allow_null=True)
    reason = serializers.CharField(read_only=True)
    changes = FieldChangeSerializer(
        many=True,
        read_only=True,
        help_text="The fields that changed against the record's previous version (for a "
        "creation, the initial values that hold something; for a deletion, none).",
    )

    def get_record(self, row: Entry) -> str:
        return str(row.model)


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
    every record of the case the reader may read — the case, projects, team, lead, consents
    and their extensions, 106-6 grants, referrals, consultations (agency-internal ones only
    for their agency; another member's only with that member's consent), concerns,
    assessments, plans and their actions, closures, and what other apps record about the
    case (participation plans, matchings and follow-ups; meeting decisions whose minutes
    the reader may read) — each with when, which kind of record, the change, who made it,
    why, and the fields that changed from what to what. For readers of the case's details
    (the 106-6 summary reader is refused, as on the page)."""

    serializer_class = HistoryEntrySerializer
    cursor_pages = False  # several history tables merged by date

    def get_queryset(self) -> list[Entry] | QuerySet[Case]:  # type: ignore[override]
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
