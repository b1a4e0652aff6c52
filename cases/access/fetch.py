"""Fetching a record with the user's decision: what views and endpoints call. A stranger
gets the same 404 as for a record that does not exist; an agency that knows the record
gets a 403 naming what is missing; a successful read is logged under the agency whose basis
allowed it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from agencies.models import User
from cases.access.base import (
    CHANGE_NEEDS_OWNER,
    GRANT_SUMMARY_ONLY,
    NOT_FOUND,
    CardOnly,
    Decision,
    Level,
)
from cases.access.decisions import case_decision, household_decision, person_decision
from cases.access.log import log_reads
from cases.models import AccessLog, Case, Household, Person


def _decide(decision: Decision, change: bool, **card: Any) -> None:
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise CardOnly(decision, **card)
    if change and not decision.can_change:
        raise PermissionDenied(CHANGE_NEEDS_OWNER % {"basis": decision.basis_label})


def _pk(pk: object) -> int | None:
    text = str(pk)
    return int(text) if text.isdigit() and len(text) < 19 else None


def case_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    change: bool = False,
    summary: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
    action: str = "view",
) -> tuple[Case, Decision]:
    """The case and the user's decision; raises Http404 for strangers, CardOnly (403) for
    an agency that knows the case but may not read it, PermissionDenied to a reader who may
    not change it. A reader under a 106-6 grant gets only what asks for the summary
    (`summary=True`: the case page and its API detail); everything else — records,
    narratives, history, scans, forms — is refused with the reason. A successful read is
    logged (`action`: "view", or "print" for a printed form)."""
    key = _pk(pk)
    case = (
        Case.objects.select_related("household", "owner_agency", "worker").filter(pk=key).first()
        if key is not None
        else None
    )
    if case is None:
        raise Http404(NOT_FOUND)
    decision = case_decision(user, case)
    _decide(decision, change, case=case)
    if decision.summary_only and not summary:
        raise PermissionDenied(GRANT_SUMMARY_ONLY)
    log_reads(user, [case], decision, channel=channel, request=request, action=action)
    return case, decision


def household_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    change: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Household, Decision]:
    key = _pk(pk)
    household = (
        Household.objects.select_related("owner_agency", "area").filter(pk=key).first()
        if key is not None
        else None
    )
    if household is None:
        raise Http404(NOT_FOUND)
    decision = household_decision(user, household)
    _decide(decision, change, household=household)
    log_reads(user, [household], decision, channel=channel, request=request)
    return household, decision


def person_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    change: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Person, Decision]:
    key = _pk(pk)
    person = Person.objects.filter(pk=key).first() if key is not None else None
    if person is None:
        raise Http404(NOT_FOUND)
    decision = person_decision(user, person)
    if decision.level == Level.CARD:
        raise PermissionDenied(decision.reason)
    _decide(decision, change)
    log_reads(user, [person], decision, channel=channel, request=request)
    return person, decision
