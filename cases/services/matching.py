"""名寄せ at intake: the records that may be the person being registered, and the requests
to the hub (多機関協働) to connect the agencies when the worker may not read them.

What a worker may learn about each match is cases.access.matching's decision; this module
finds the candidates (normalised kana or name with the birth date, or the phone number) and
writes the requests, each state change in the request's history with its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.access.matching import MatchResult
from cases.models import MatchRequest, Person
from cases.services.common import acting_agency
from core.history import save_with_history
from core.kana import normalise, phone_key

# At most this many records are considered for one person typed in.
CANDIDATES_MAX = 20
PHONE_MIN_DIGITS = 6

NOTHING_TO_CONNECT = _(
    "There is no record elsewhere to connect: the possible matches, if any, are ones you "
    "may read. Open them from the list instead."
)
NO_HUB = _("No hub agency (多機関協働) is registered, so no request can be sent.")
NOT_OPEN = _("This request has already been answered or withdrawn.")
ANSWER_REQUIRED = _("Say what you found, so the requesting agency can act on it.")


@dataclass(frozen=True)
class MatchData:
    """What the worker typed about the person they are registering."""

    family_name: str = ""
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    birth_date: dt.date | None = None
    phone: str = ""

    @property
    def kana_key(self) -> str:
        return normalise(f"{self.family_name_kana}{self.given_name_kana}")

    @property
    def name_key(self) -> str:
        return normalise(f"{self.family_name}{self.given_name}")

    @property
    def phone_key(self) -> str:
        digits = phone_key(self.phone)
        return digits if len(digits) >= PHONE_MIN_DIGITS else ""

    @property
    def is_enough(self) -> bool:
        """A birth date with a name or kana, or a phone number: what matching needs."""
        dated = self.birth_date is not None and bool(self.kana_key or self.name_key)
        return dated or bool(self.phone_key)


def _candidates(data: MatchData) -> tuple[list[Person], dict[int, tuple[str, ...]]]:
    """Persons (not merged into another) matching the kana and birth date, the name and
    birth date, or the phone, each with what matched: one query over the three indexes
    (person_kana_birth, person_name_birth, person_phone_key)."""
    rules: list[tuple[str, Q]] = []
    if data.birth_date is not None and data.kana_key:
        rules.append(("kana", Q(kana_key=data.kana_key, birth_date=data.birth_date)))
    if data.birth_date is not None and data.name_key:
        rules.append(("name", Q(name_key=data.name_key, birth_date=data.birth_date)))
    if data.phone_key:
        rules.append(("phone", Q(phone_key=data.phone_key)))
    if not rules:
        return [], {}
    condition = Q()
    for rule in rules:
        condition |= rule[1]
    persons = list(
        Person.objects.filter(condition, merged_into__isnull=True)
        .only(
            "pk",
            "kana_key",
            "name_key",
            "phone_key",
            "birth_date",
            "owner_agency_id",
            "merged_into",
        )
        .order_by("pk")[:CANDIDATES_MAX]
    )
    matched: dict[int, tuple[str, ...]] = {}

    def dated(key: str) -> tuple[str, dt.date | None]:
        return key, data.birth_date

    for person in persons:
        matched[person.pk] = tuple(
            rule
            for rule, _q in rules
            if (rule == "kana" and (person.kana_key, person.birth_date) == dated(data.kana_key))
            or (rule == "name" and (person.name_key, person.birth_date) == dated(data.name_key))
            or (rule == "phone" and person.phone_key == data.phone_key)
        )
    return persons, matched


def possible_matches(*, user: User | AnonymousUser, data: MatchData) -> MatchResult:
    """The records that may be this person, as the user may know them
    (access.match_result): those they may read, and whether the city holds others."""
    if not data.is_enough:
        return MatchResult()
    persons, matched = _candidates(data)
    return access.match_result(user, persons, matched)


def the_hub() -> Agency | None:
    """The hub (多機関協働) that handles requests to connect: the active hub agency (the
    first, when a city designates several)."""
    return Agency.objects.filter(is_hub=True, is_active=True).order_by("pk").first()


def match_request_create(
    *, actor: User, data: MatchData, note: str = "", agency: Agency | None = None
) -> MatchRequest:
    """Ask the hub to connect the actor's agency with whoever holds the records the actor
    may not read. The candidates are found again here and stored on the request: the
    requester never sends them, and never sees them."""
    agency = acting_agency(actor, agency)
    result = possible_matches(user=actor, data=data)
    if not result.withheld:
        raise ValidationError(NOTHING_TO_CONNECT)
    hub = the_hub()
    if hub is None:
        raise ValidationError(NO_HUB)
    with transaction.atomic():
        request = save_with_history(
            MatchRequest(
                agency=agency,
                requested_by=actor,
                hub=hub,
                family_name=data.family_name,
                given_name=data.given_name,
                family_name_kana=data.family_name_kana,
                given_name_kana=data.given_name_kana,
                birth_date=data.birth_date,
                phone=data.phone,
                note=note,
            ),
            actor,
            gettext_noop("match request sent to the hub"),
        )
        request.candidates.set(result.withheld)
    return request


def _open_for_update(request: MatchRequest) -> MatchRequest:
    current = MatchRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != MatchRequest.Status.OPEN:
        raise ValidationError(NOT_OPEN)
    return current


def _hub_answer(
    actor: User, request: MatchRequest, status: str, answer: str, reason: str
) -> MatchRequest:
    access.require_hub_for(actor, request)
    if not answer.strip():
        raise ValidationError({"answer": ANSWER_REQUIRED})
    with transaction.atomic():
        current = _open_for_update(request)
        current.status = status
        current.answer = answer
        current.handled_by = actor
        current.handled_at = timezone.now()
        return save_with_history(current, actor, reason)


def match_request_connect(*, actor: User, request: MatchRequest, answer: str) -> MatchRequest:
    """The hub's coordinator has put the requesting agency in touch with the agency holding
    the record (the answer says how). No access is granted: sharing still needs the
    person's consent or a 支援会議."""
    return _hub_answer(
        actor, request, MatchRequest.Status.CONNECTED, answer, gettext_noop("agencies connected")
    )


def match_request_no_match(*, actor: User, request: MatchRequest, answer: str) -> MatchRequest:
    """The hub found that the records are not the same person."""
    return _hub_answer(
        actor, request, MatchRequest.Status.NO_MATCH, answer, gettext_noop("not the same person")
    )


def match_request_withdraw(*, actor: User, request: MatchRequest, reason: str = "") -> MatchRequest:
    """The requesting agency no longer needs the hub (it found the household, say)."""
    access.require_requester(actor, request)
    with transaction.atomic():
        current = _open_for_update(request)
        current.status = MatchRequest.Status.WITHDRAWN
        if reason.strip():
            current.answer = reason
        return save_with_history(current, actor, gettext_noop("match request withdrawn"))
