"""Eco-map links (EcoLink): the worker's marking of what surrounds a household — strong,
weak or stressful — and the informal supports no other record knows. Added, changed and
ended (never deleted: the line stays in the household's history) through
`cases.access.require_household_write` and `require_eco_link_change`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from cases import access, ecomap
from cases.models import EcoLink, Household
from core.concurrency import lock_current
from core.history import save_with_history

INFORMAL_NEEDS_NAME = _("Name the informal support (e.g. 隣の田中さん, 民生委員 佐藤さん).")
UNKNOWN_SOURCE = _("Choose something from the list: this record does not exist.")
ALREADY_MARKED = _("This is already on the eco-map. Change its line instead.")
LINK_ENDED = _("This eco-map link was already removed.")

EDITABLE = ("label", "role", "strength", "note")


def _check_source(household: Household, source: str, label: str) -> None:
    if source == EcoLink.INFORMAL:
        if not label.strip():
            raise ValidationError({"label": INFORMAL_NEEDS_NAME})
        return
    if ecomap.parse_source(source) is None or source not in ecomap.resolve([source]):
        raise ValidationError({"source": UNKNOWN_SOURCE})
    if household.eco_links.filter(source=source, ended_on__isnull=True).exists():
        raise ValidationError({"source": ALREADY_MARKED})


def eco_link_add(
    *,
    actor: User,
    household: Household,
    source: str = EcoLink.INFORMAL,
    label: str = "",
    role: str = "",
    strength: str = EcoLink.Strength.WEAK,
    note: str = "",
) -> EcoLink:
    """A line on the household's eco-map: to an informal support (`source` "informal",
    named by `label`) or a marking of a record the map shows ("agency:12", "host:3",
    "group:5")."""
    decision = access.require_household_write(actor, household)
    _check_source(household, source, label)
    assert decision.agency is not None  # a full reader reads for an agency
    with transaction.atomic():
        Household.objects.select_for_update().get(pk=household.pk)  # one marking at a time
        _check_source(household, source, label)
        link = EcoLink(
            household=household,
            source=source,
            label=label.strip() if source == EcoLink.INFORMAL else "",
            role=role.strip(),
            strength=strength,
            note=note.strip(),
            owner_agency=decision.agency,
            created_by=actor,
        )
        return save_with_history(link, actor, gettext_noop("eco-map link added"))


def eco_link_update(
    *, actor: User, link: EcoLink, expected_version: int | None, data: dict[str, Any]
) -> EcoLink:
    access.require_eco_link_change(actor, link)
    if link.ended_on is not None:
        raise ValidationError(LINK_ENDED)
    if link.source == EcoLink.INFORMAL and "label" in data and not str(data["label"]).strip():
        raise ValidationError({"label": INFORMAL_NEEDS_NAME})
    with transaction.atomic():
        current = lock_current(link, expected_version=expected_version)
        for name, value in data.items():
            if name not in EDITABLE:
                raise ValueError(f"{name} is not an editable eco-map field")
            if name == "label" and current.source != EcoLink.INFORMAL:
                continue  # a record's name is the record's
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        return save_with_history(current, actor, gettext_noop("eco-map link changed"))


def eco_link_end(
    *, actor: User, link: EcoLink, expected_version: int | None = None, on: dt.date | None = None
) -> EcoLink:
    """The line is no longer there (moved away, no more contact): it leaves the map and
    stays in the history."""
    access.require_eco_link_change(actor, link)
    if link.ended_on is not None:
        raise ValidationError(LINK_ENDED)
    with transaction.atomic():
        current = lock_current(link, expected_version=expected_version)
        current.ended_on = on or timezone.localdate()
        return save_with_history(current, actor, gettext_noop("eco-map link removed"))
