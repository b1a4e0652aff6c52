"""名寄せ over REST: merging a duplicate person record into the one named in the URL, the
record of a merge, and undoing it. cases/access/merge.py decides who may (an agency that
may change both records; undo: its supervisors; the record: its staff); the services move
the references (cases/services/merge.py)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from agencies.models import User
from cases import access, services
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, referenced, responses
from cases.api.serializers import AgencyRefSerializer, PersonRefSerializer
from cases.models import PersonMerge
from cases.services.merge import DROPPED
from core.api.fields import StrictCharField
from core.api.schema import validated


class MergeInputSerializer(serializers.Serializer):
    other = serializers.IntegerField(
        min_value=1,
        help_text=_("The duplicate record (its id): merged into the person of the URL."),
    )
    reason = StrictCharField(max_length=300, help_text=_("Why the two records are one person."))


class MergeUndoInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=300, help_text=_("Why the merge is undone."))


class MovedReferenceSerializer(serializers.Serializer):
    record = serializers.CharField(help_text="app_label.model of the record that pointed at it")
    id = serializers.IntegerField()
    field = serializers.CharField()
    dropped = serializers.BooleanField(
        help_text="True: it would have been recorded twice, so it stayed on the merged record."
    )


class MergeActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class MergeOutputSerializer(serializers.ModelSerializer):
    kept = PersonRefSerializer(read_only=True)
    merged = PersonRefSerializer(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    merged_by = MergeActorSerializer(read_only=True)
    merged_at = serializers.DateTimeField(source="created_at", read_only=True)
    undone_by = MergeActorSerializer(read_only=True, allow_null=True)
    moved = serializers.SerializerMethodField()

    class Meta:
        model = PersonMerge
        fields = [
            "id",
            "kept",
            "merged",
            "agency",
            "merged_by",
            "merged_at",
            "reason",
            "moved",
            "undone_at",
            "undone_by",
        ]
        read_only_fields = fields

    @extend_schema_field(MovedReferenceSerializer(many=True))
    def get_moved(self, merge: PersonMerge) -> list[dict]:
        return [
            {"record": label, "id": pk, "field": field, "dropped": action == [DROPPED]}
            for label, pk, field, *action in merge.moved
            if not action or action == [DROPPED]
        ]


def _merge_for(user: User, pk: int) -> PersonMerge:
    text = str(pk)
    merge = (
        PersonMerge.objects.select_related("kept", "merged", "agency", "merged_by", "undone_by")
        .filter(pk=int(text))
        .first()
        if text.isdigit() and len(text) < 19
        else None
    )
    if merge is None:
        raise Http404(access.NOT_FOUND)
    access.require_merge_read(user, merge)
    return merge


def _logged(user: User, merge: PersonMerge, request: MemberRequest) -> None:
    """Both persons' names are read: logged under the agency that merged (rule 7)."""
    decision = access.Decision(access.Level.FULL, access.Basis.OWNER, merge.agency)
    access.log_reads(user, [merge.kept, merge.merged], decision, channel=API, request=request)


class PersonMergeApi(CasesApiMixin, APIView):
    @extend_schema(
        request=MergeInputSerializer,
        responses=responses({201: MergeOutputSerializer}, WRITE_ERRORS),
        description="Merge the duplicate record `other` into this person (名寄せ): every "
        "record about it moves here, and it is marked merged into this one. Only an agency "
        "that may change both records and sees the address of the households they live in.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        user = request.user
        kept, _ = access.person_for(user, pk, channel=API, request=request)
        data = validated(MergeInputSerializer, request)
        merged = referenced(
            "other",
            lambda: access.person_for(user, data["other"], channel=API, request=request)[0],
        )
        merge = services.person_merge(actor=user, kept=kept, merged=merged, reason=data["reason"])
        return Response(MergeOutputSerializer(merge).data, status=status.HTTP_201_CREATED)


class MergeDetailApi(CasesApiMixin, APIView):
    @extend_schema(
        responses=responses({200: MergeOutputSerializer}),
        description="A merge of two person records: the staff of the agency that merged.",
    )
    def get(self, request: MemberRequest, pk: int) -> Response:
        merge = _merge_for(request.user, pk)
        _logged(request.user, merge, request)
        return Response(MergeOutputSerializer(merge).data)


class MergeUndoApi(CasesApiMixin, APIView):
    @extend_schema(
        request=MergeUndoInputSerializer,
        responses=responses({200: MergeOutputSerializer}, WRITE_ERRORS),
        description="Undo a merge: every record it moved goes back. A supervisor of the "
        "agency that merged.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        merge = _merge_for(request.user, pk)
        data = validated(MergeUndoInputSerializer, request)
        merge = services.person_merge_undo(actor=request.user, merge=merge, reason=data["reason"])
        _logged(request.user, merge, request)
        return Response(MergeOutputSerializer(merge).data)
