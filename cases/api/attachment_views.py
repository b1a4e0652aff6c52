"""Documents attached to consultation records and assessments, over REST: list, upload,
read, download and remove, under the rules of the pages (cases/views/attachments.py).

cases/access/attachments.py decides who reads and who attaches; the upload rules (10 MB,
PDF, JPEG or PNG by their bytes, a random name on disk) are the service's
(cases/services/attachments.py), so the API refuses exactly what the page refuses, as
field errors on `file`. No answer carries where or under what name a file is stored."""

from __future__ import annotations

from functools import cached_property

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases import access, services
from cases.api.common import API, REFUSALS, WRITE_ERRORS, CasesApiMixin, LoggedListApi, responses
from cases.api.serializers import AgencyRefSerializer
from cases.models import Assessment, Attachment, Consultation
from cases.views.attachments import file_response
from core.api.fields import InputModelSerializer, OutputModelSerializer, UploadField
from core.api.schema import validated
from core.uploads import SIGNATURES

FILE_HELP = _(
    "The document: a PDF, JPEG or PNG file (told by its bytes, not its name) of 10 MB at "
    "most. The file's own name is not kept."
)

# --- serializers ------------------------------------------------------------------------


class AttachmentOutputSerializer(OutputModelSerializer):
    """What a reader of the record sees of a document; never its path or name on disk."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    consultation = serializers.IntegerField(
        source="consultation_id", read_only=True, allow_null=True
    )
    assessment = serializers.IntegerField(source="assessment_id", read_only=True, allow_null=True)
    agency = AgencyRefSerializer(read_only=True)
    uploaded_by_name = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "case",
            "consultation",
            "assessment",
            "title",
            "content_type",
            "size",
            "agency",
            "uploaded_by_name",
            "created_at",
            "download",
        ]
        read_only_fields = fields

    def get_uploaded_by_name(self, attachment: Attachment) -> str:
        return attachment.uploaded_by.display_name if attachment.uploaded_by else ""

    def get_download(self, attachment: Attachment) -> str:
        """The path of the file's download (GET attachments/{id}/file/)."""
        return reverse("api:attachment-file", args=[attachment.pk])


class AttachmentCreateInputSerializer(InputModelSerializer):
    """`title` and `file`; the file's type and size are the service's to judge, as on the
    page, so a refusal is the page's message as a field error on `file`."""

    file = UploadField(help_text=FILE_HELP)

    class Meta:
        model = Attachment
        fields = ["title", "file"]


class AttachmentRemoveInputSerializer(InputModelSerializer):
    """Why the document is removed (kept in its history)."""

    class Meta:
        model = Attachment
        fields = ["removal_reason"]
        extra_kwargs = {"removal_reason": {"required": True, "allow_blank": False}}


def attachment_list(record: Consultation | Assessment):
    """The record's shown attachments with what the output reads: one query a page."""
    return access.shown_attachments(record).select_related("agency", "uploaded_by")


# --- lists and uploads ------------------------------------------------------------------


class RecordAttachmentListApi(LoggedListApi):
    """The documents of one record; POST attaches one (multipart/form-data)."""

    serializer_class = AttachmentOutputSerializer
    parser_classes = [MultiPartParser]

    def find_record(self) -> tuple[Consultation | Assessment, access.Decision]:
        raise NotImplementedError

    @cached_property
    def record(self) -> Consultation | Assessment:
        return self.find_record()[0]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        return attachment_list(self.record)

    def log_rows(self, rows: list) -> None:
        """The rows are documents of the case, whose read case_for has logged."""

    def post(self, request: MemberRequest, pk: int) -> Response:
        record = self.record
        # The policy first: a caller who may not attach is told so, not about the file.
        access.require_attach(request.user, record)
        data = validated(AttachmentCreateInputSerializer, request)
        attachment = services.attachment_add(
            actor=request.user, record=record, file=data["file"], title=data["title"]
        )
        return Response(AttachmentOutputSerializer(attachment).data, status=status.HTTP_201_CREATED)


def upload_schema(who: str):
    return extend_schema(
        request={"multipart/form-data": AttachmentCreateInputSerializer},
        responses=responses({201: AttachmentOutputSerializer}, WRITE_ERRORS),
        description="Attach a document (multipart/form-data: `title`, `file`; the same "
        f"rules as the case page's upload). Only {who} may.",
    )


class ConsultationAttachmentListApi(RecordAttachmentListApi):
    """The documents attached to a consultation record, for whoever reads the record (an
    agency-internal one only its agency; one about a member only under that member's
    consent)."""

    def find_record(self) -> tuple[Consultation, access.Decision]:
        return access.consultation_for(
            self.request.user, self.kwargs["pk"], channel=API, request=self.request
        )

    @upload_schema("the agency that recorded the consultation")
    def post(self, request: MemberRequest, pk: int) -> Response:
        return super().post(request, pk)


class AssessmentAttachmentListApi(RecordAttachmentListApi):
    """The documents attached to an assessment, for whoever reads the case's records."""

    def find_record(self) -> tuple[Assessment, access.Decision]:
        return access.assessment_for(
            self.request.user, self.kwargs["pk"], channel=API, request=self.request
        )

    @upload_schema("the intake or lead agency")
    def post(self, request: MemberRequest, pk: int) -> Response:
        return super().post(request, pk)


# --- one document -----------------------------------------------------------------------


class AttachmentDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: AttachmentOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        attachment = access.attachment_by_id(request.user, pk, channel=API, request=request)[0]
        return Response(AttachmentOutputSerializer(attachment).data)


class AttachmentFileApi(CasesApiMixin, APIView):
    @extend_schema(
        responses={
            (200, *SIGNATURES): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, as a download under a neutral name "
                "(attachment-{id}.pdf), typed by its bytes.",
            ),
            **REFUSALS,
        },
        description="Download the document. The read is logged as a read of the case, as "
        "on the case page.",
    )
    def get(self, request: MemberRequest, pk: int) -> FileResponse:
        attachment = access.attachment_by_id(request.user, pk, channel=API, request=request)[0]
        return file_response(attachment)

    def perform_content_negotiation(self, request: Request, force: bool = False):
        """The file answers with its own type whatever Accept says; a refusal is JSON."""
        return super().perform_content_negotiation(request, force=True)


class AttachmentRemoveApi(CasesApiMixin, APIView):
    @extend_schema(
        request=AttachmentRemoveInputSerializer,
        responses=responses({204: None}, WRITE_ERRORS),
        description="Remove a document attached by mistake, saying why (`removal_reason`). "
        "It leaves every list and its download is a 404; its history keeps it. Only the "
        "agency that may attach to the record may.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        attachment = access.attachment_by_id(request.user, pk, channel=API, request=request)[0]
        access.require_attach(request.user, attachment.record)
        data = validated(AttachmentRemoveInputSerializer, request)
        services.attachment_remove(
            actor=request.user, attachment=attachment, reason=data["removal_reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
