"""Documents attached to consultation records and assessments: attach, download, remove."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases import access, services
from cases.models import Assessment, Attachment, Consultation
from cases.views.common import case_form_page, case_or_refusal
from core.uploads import detect_type, neutral_name


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("what it is"),
        max_length=200,
        help_text=_("e.g. 「病院からの診療情報提供書」. The file's own name is not kept."),
    )
    file = forms.FileField(label=_("file (PDF, JPEG or PNG, up to 10 MB)"))


class RemovalForm(forms.Form):
    reason = forms.CharField(label=_("why removed"), max_length=200)


def _attach(request: HttpRequest, case, record) -> HttpResponse:
    access.require_attach(request.user, record)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Attach a document"),
        on_valid=lambda d: services.attachment_add(
            actor=request.user, record=record, file=d["file"], title=d["title"]
        ),
        success=_("The document was attached."),
        tab="timeline" if isinstance(record, Consultation) else "plan",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_attach(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    case, decision = case_or_refusal(request, pk)
    consultation = get_object_or_404(
        access.visible_consultations(request.user, case, decision), pk=consultation_pk
    )
    return _attach(request, case, consultation)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_attach(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk)[0]
    assessment = get_object_or_404(Assessment, pk=assessment_pk, case=case)
    return _attach(request, case, assessment)


@never_cache
@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Like the consent scans: only through the policy, always a download under a neutral
    name typed by its bytes."""
    case, decision = case_or_refusal(request, pk)
    return file_response(access.attachment_for(request.user, case, attachment_pk, decision))


def file_response(attachment: Attachment) -> FileResponse:
    """The attachment's file as a download (the page's and the API's): a neutral name and
    the type its bytes say, never sniffed. A file gone from the storage is the 404 of an
    attachment that does not exist, not a 500."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(access.NOT_FOUND) from None
    content_type = detect_type(handle)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=neutral_name(content_type, stem=f"attachment-{attachment.pk}"),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case, decision = case_or_refusal(request, pk)
    attachment = access.attachment_for(request.user, case, attachment_pk, decision)
    access.require_attach(request.user, attachment.record)
    form = RemovalForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Remove an attachment"),
        on_valid=lambda d: services.attachment_remove(
            actor=request.user, attachment=attachment, reason=d["reason"]
        ),
        success=_("The attachment was removed. Its history keeps it."),
        tab="timeline" if attachment.consultation_id else "plan",
        extra={"attachment": attachment},
    )
