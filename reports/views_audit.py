"""The privacy officer's pages: the read-log viewer with its CSV, the daily list of
unusual reading, and the case page's "who read this case" panel (registered from
reports.apps, so cases never imports reports). Who may: `cases.access.require_audit`
(a page for a role, no record: everyone else 403) and `cases.access.may_read_log`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases import access
from cases.access import LogScope
from cases.models import AccessLog, Case, Person
from core.pagination import CappedPaginator
from reports import audit, audit_services
from reports.audit_forms import AuditLogForm, UnusualDayForm
from reports.exports.csv import csv_response

PAGE_SIZE = 50
NO_PERSON = _("No person with this name or number is in the log you may read.")


@dataclass
class LogRequest:
    """What the viewer was asked: its form, and once valid the filters; a name that
    matches several persons gives the candidates to choose from instead."""

    form: AuditLogForm
    filters: audit.LogFilters | None = None
    candidates: list[Person] = field(default_factory=list)

    @property
    def records(self) -> list[tuple[str, int]]:
        """The records this request names (the officer's own reading, logged)."""
        if self.filters is None:
            return []
        named = list(self.filters.person.records) if self.filters.person else []
        if self.filters.case_id is not None:
            named.append((AccessLog.Kind.CASE, self.filters.case_id))
        return named


def read_request(request: HttpRequest, scope: LogScope) -> LogRequest:
    form = AuditLogForm(request.GET, scope=scope)
    asked = LogRequest(form=form)
    if not form.is_valid():
        return asked
    data = form.cleaned_data
    person_file = None
    if data["person"].strip():
        found = audit.find_persons(scope, data["person"])
        if not found:
            form.add_error("person", NO_PERSON)
            return asked
        if len(found) > 1:
            asked.candidates = found
            return asked
        person_file = audit.person_file(scope, found[0])
    asked.filters = audit.LogFilters(
        person=person_file,
        case_id=data["case"],
        user_id=data["user"].pk if data["user"] else None,
        agency_id=data["agency"].pk if data["agency"] else None,
        since=data["since"],
        until=data["until"],
        basis=data["basis"],
        channel=data["channel"],
    )
    return asked


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The read log within the officer's scope, filtered, newest first, 50 a page. The
    records the request names (a person looked up, a case) are logged as the officer's
    review; a name search's candidates as their person search."""
    scope = access.require_audit(request.user)
    asked = read_request(request, scope)
    page = None
    if asked.filters is not None:
        page = CappedPaginator(audit.log_rows(scope, asked.filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        access.log_audit(request.user, scope, asked.records, request=request)
    elif asked.candidates:
        access.log_audit(
            request.user,
            scope,
            [(AccessLog.Kind.PERSON, p.pk) for p in asked.candidates],
            action=access.AUDIT_SEARCH,
            request=request,
        )
    return render(
        request,
        "reports/audit_log.html",
        {
            "scope": scope,
            "form": asked.form,
            "filters": asked.filters,
            "candidates": asked.candidates,
            "choose_query": _without(request, "person", "page"),
            "export_query": _without(request, "page"),
            "page": page,
            "rows": [_row(r) for r in page.object_list] if page is not None else [],
        },
    )


def _row(row: AccessLog) -> dict:
    if row.kind == AccessLog.Kind.PERSON:
        link = "?" + urlencode({"person": row.object_id})
    elif row.kind == AccessLog.Kind.CASE:
        link = "?" + urlencode({"case": f"#{row.object_id:05d}"})
    else:
        link = ""
    return {
        "at": audit.at_label(row.at),
        "username": row.username,
        "name": row.user.display_name if row.user else row.username,
        "agency": row.agency.name if row.agency else "—",
        "record": audit.record_label(row.kind, row.object_id),
        "link": link,
        "basis": audit.basis_label(row.basis),
        "channel": audit.CHANNEL_LABELS.get(row.channel, row.channel),
        "action": audit.action_label(row.action),
        "is_audit": row.action in access.AUDIT_ACTIONS,
        "path": row.path,
    }


@login_required
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The viewer's rows as CSV (UTF-8 with BOM, streamed), the same filters. The records it
    names are logged as the officer's review with channel "export" (the path keeps the
    filters), and every export, whatever it names, is in the officer's own history."""
    scope = access.require_audit(request.user)
    asked = read_request(request, scope)
    if asked.filters is None:
        return audit_log(request)  # the page with the errors, or the persons to choose from
    access.log_audit(
        request.user,
        scope,
        asked.records,
        action=access.AUDIT_EXPORT,
        channel=AccessLog.Channel.EXPORT,
        request=request,
    )
    audit_services.read_log_exported(
        actor=cast(User, request.user), filters=_without(request, "page")
    )
    rows = audit.log_rows(scope, asked.filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(audit.log_table(rows), f"read-log-{stamp}")


@login_required
def unusual(request: HttpRequest) -> HttpResponse:
    """One day's list of unusual reading to review (default: yesterday, Asia/Tokyo)."""
    scope = access.require_audit(request.user)
    today = timezone.localdate()
    form = UnusualDayForm(request.GET, today=today)
    day = audit.yesterday()
    if form.is_valid() and form.cleaned_data["day"]:
        day = form.cleaned_data["day"]
    found = audit.unusual_reading(scope, day)
    viewer = reverse("reports:audit")

    def link(reader: audit.Reader) -> str:
        query = {"user": reader.username, "since": day.isoformat(), "until": day.isoformat()}
        if reader.agency_id is not None:
            query["agency"] = str(reader.agency_id)
        return f"{viewer}?{urlencode(query)}"

    return render(
        request,
        "reports/audit_unusual.html",
        {
            "scope": scope,
            "form": form,
            "found": found,
            "heavy": [(r, link(r)) for r in found.heavy],
            "off_hours": [(r, link(r)) for r in found.off_hours],
            "previous": (day - dt.timedelta(days=1)).isoformat(),
            "next": (day + dt.timedelta(days=1)).isoformat() if day < today else "",
        },
    )


def case_panel(request: HttpRequest, case: Case) -> dict | None:
    """ "Who read this case" on the case page: for the supervisors of its intake and lead
    agencies only (`access.may_read_log`); for anyone else nothing is computed."""
    if not access.may_read_log(request.user, case):
        return None
    reference = f"#{case.pk:05d}"
    viewer = (
        f"{reverse('reports:audit')}?{urlencode({'case': reference})}"
        if access.may_audit(request.user)
        else ""
    )
    return {
        "case": case,
        "readers": audit.case_readers(case),
        "days": settings.REPORT_CASE_READERS_DAYS,
        "viewer": viewer,
    }
