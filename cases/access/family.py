"""Relations between persons (the genogram's lines) and relatives outside any household.

A relation is about two persons: it is read by those who may read both, and changed by
those who may change both (the registering agency of the person's record, or the intake or
lead agency of a case of a household they belong to or were recorded with). A relative
living in no household is read through the household it was recorded with
(`Person.recorded_with`, in `person_decision`)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases.access.base import CHANGE_NEEDS_OWNER, NOT_FOUND, Decision, Level
from cases.access.decisions import person_decision
from cases.access.fetch import _pk
from cases.access.log import log_reads
from cases.models import AccessLog, Person, PersonRelation
from core.refusals import Refusal

RELATION_PERSON_UNREAD = _(
    "This relation names a person whose record your agency may not read: %(reason)s"
)


def _change_refusal(decision: Decision) -> str:
    return str(CHANGE_NEEDS_OWNER % {"basis": decision.basis_label})


def require_person_change(user: User | AnonymousUser, person: Person) -> Decision:
    """For services that change a person's record or what is recorded about them (their
    relations, being a household's key person): a stranger gets the 404 of a missing
    record, a reader who may not change it a 403 with the reason."""
    decision = person_decision(user, person)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise Refusal(decision.reason, agencies=decision.reason_agencies)
    if not decision.can_change:
        raise PermissionDenied(_change_refusal(decision))
    return decision


def _pair(user: User | AnonymousUser, relation: PersonRelation) -> tuple[Decision, Decision]:
    return person_decision(user, relation.person), person_decision(user, relation.relative)


def _require_pair(decisions: tuple[Decision, Decision], *, change: bool) -> Decision:
    """The weaker of the two decisions must allow it. Strangers to both persons get the
    404; anyone who knows one of them is told what is missing."""
    if all(d.level == Level.NONE for d in decisions):
        raise Http404(NOT_FOUND)
    for decision in decisions:
        if decision.level == Level.NONE:
            raise PermissionDenied(RELATION_PERSON_UNREAD % {"reason": NOT_FOUND})
        if decision.level != Level.FULL:
            raise Refusal(decision.reason, agencies=decision.reason_agencies)
        if change and not decision.can_change:
            raise PermissionDenied(decision.reason or _change_refusal(decision))
    return decisions[0]


def require_relation_change(user: User | AnonymousUser, relation: PersonRelation) -> Decision:
    """For relation_update / relation_remove: the actor may change both persons."""
    return _require_pair(_pair(user, relation), change=True)


def relation_for(
    user: User | AnonymousUser,
    pk: object,
    *,
    change: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[PersonRelation, Decision]:
    """The relation and the decision on its first person; a read logs both persons."""
    key = _pk(pk)
    relation = (
        PersonRelation.objects.select_related("person", "relative").filter(pk=key).first()
        if key is not None
        else None
    )
    if relation is None:
        raise Http404(NOT_FOUND)
    pair = _pair(user, relation)
    decision = _require_pair(pair, change=change)
    for person, person_said in zip((relation.person, relation.relative), pair, strict=True):
        log_reads(user, [person], person_said, channel=channel, request=request)
    return relation, decision
