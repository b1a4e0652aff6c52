"""Export pages: my exports, starting one, its progress (polled by htmx) and the download,
which only the user who asked for it gets, until it expires."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.forms import form_page, submit
from reports import access, services
from reports.exports import kinds
from reports.exports.files import CONTENT_TYPES
from reports.forms import ExportForm
from reports.models import Export

LIST_SIZE = 50


def _kind_title(export: Export) -> str:
    entry = kinds.get(export.kind)
    return str(entry.title) if entry else export.kind


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's exports, newest first: one query (their own rows, on their index)."""
    if not access.may_export(request.user):
        raise PermissionDenied(access.NO_EXPORT)
    exports = list(
        Export.objects.filter(user_id=request.user.pk).order_by("-created_at", "-pk")[:LIST_SIZE]
    )
    for export in exports:
        export.kind_title = _kind_title(export)
    return render(request, "reports/export_list.html", {"exports": exports, "now": timezone.now()})


@login_required
def export_new(request: HttpRequest) -> HttpResponse:
    """Start an export (the case list's buttons post here); a GET shows the form."""
    form = ExportForm(request.POST or None, initial=request.GET.dict())
    if done := submit(
        request,
        form,
        lambda: services.export_start(
            user=request.user,
            kind=form.cleaned_data["kind"],
            format=form.cleaned_data["format"],
            params={"filters": form.cleaned_data["filters"]},
        ),
    ):
        return redirect("reports:export_detail", pk=done.value.pk)
    return form_page(
        request,
        form,
        title=_("Export"),
        cancel_url=reverse("reports:exports"),
        submit_label=_("Start the export"),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = access.own_export(request.user, pk)
    return render(
        request,
        "reports/export_detail.html",
        {"export": export, "kind_title": _kind_title(export), "expired": export.is_expired()},
    )


@never_cache
@login_required
@require_GET
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, which the job page polls every second until the export is
    finished (the finished bar carries no trigger, so the polling stops)."""
    export = access.own_export(request.user, pk)
    return render(
        request, "reports/_progress.html", {"export": export, "expired": export.is_expired()}
    )


@never_cache
@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, from private storage (nothing serves MEDIA_ROOT), to the user who asked
    for it while it has not expired; an expired one is a page saying so (410)."""
    export = access.own_export(request.user, pk)
    if export.is_expired() or (export.status == Export.Status.DONE and not export.file):
        return render(
            request,
            "reports/export_expired.html",
            {"export": export, "expiry_hours": settings.REPORT_EXPORT_EXPIRY_HOURS},
            status=410,
        )
    if export.status != Export.Status.DONE:
        return redirect("reports:export_detail", pk=export.pk)
    entry = kinds.get(export.kind)
    if entry is None or not entry.allowed(request.user):
        raise PermissionDenied(services.NOT_ALLOWED)
    day = timezone.localtime(export.finished_at or export.created_at).strftime("%Y%m%d")
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"{entry.filename}-{day}.{export.format}",
        content_type=CONTENT_TYPES[export.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
