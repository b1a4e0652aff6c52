from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import access
from cases.models import Case
from core.forms import add_service_errors


def case_or_refusal(request: HttpRequest, pk: int, *, change: bool = False, summary: bool = False):
    """The case and the decision, or the policy's 404 / 403-with-card (and, for pages
    other than the summary, the 403 of a reader under a 106-6 grant)."""
    return access.case_for(request.user, pk, change=change, summary=summary, request=request)


def case_form_page(
    request: HttpRequest,
    case: Case,
    form,
    *,
    title: str,
    on_valid: Callable[[dict[str, Any]], Any],
    success: str,
    formset=None,
    template: str = "cases/case_form.html",
    extra: dict | None = None,
) -> HttpResponse:
    """A form about one case: on a valid POST call the service; a service refusal comes
    back as form errors with everything the user typed still in the form."""
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            on_valid(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:detail", pk=case.pk)
    context = {"case": case, "form": form, "formset": formset, "title": title, **(extra or {})}
    return render(request, template, context, status=200)
