from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cases import access
from cases.models import Case
from core.forms import form_page, submit


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
    tab: str = "",
) -> HttpResponse:
    """A form about one case (core.forms.submit and the form page, with the case as the
    crumb): on a valid POST call the service with the cleaned data; a service refusal
    comes back as form errors with everything the user typed still in the form. `tab`:
    the case page's tab the user returns to (where what they saved shows)."""
    if submit(request, form, lambda: on_valid(form.cleaned_data), formset=formset):
        messages.success(request, success)
        return redirect(case_tab_url(case, tab))
    return case_page(
        request, case, form, title=title, template=template, formset=formset, **(extra or {})
    )


def case_tab_url(case: Case, tab: str = "") -> str:
    """The case page, opened on one of its tabs (overview, timeline, plan, team, history)."""
    url = reverse("cases:detail", args=[case.pk])
    return f"{url}#tab-{tab}" if tab else url


def case_page(
    request: HttpRequest, case: Case, form, *, title: str, template: str, **context: Any
) -> HttpResponse:
    """The form page of a form about one case: the case is the crumb and the way back."""
    case_url = reverse("cases:detail", args=[case.pk])
    return form_page(
        request,
        form,
        title=title,
        cancel_url=case_url,
        template=template,
        crumbs=[(case_url, case_crumb(case))],
        case=case,
        **context,
    )


def case_crumb(case: Case) -> str:
    """How a form page names the case it is about."""
    return f"{case.reference} {case.household.name}：{case.title}"
