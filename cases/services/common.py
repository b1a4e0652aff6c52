import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases import access

NOT_YOUR_AGENCY = _("You can act only for an agency you belong to.")
FUTURE_DATE = _("This date is in the future.")


def attribute(instance: Any, actor: User | None, reason: str) -> None:
    """Who did it and why, for simple-history (also from tasks and commands)."""
    instance._history_user = actor
    instance._change_reason = reason


def save(instance: Any, actor: User | None, reason: str, **clean_kwargs: Any) -> Any:
    instance.full_clean(**clean_kwargs)
    attribute(instance, actor, reason)
    instance.save()
    return instance


def require_acting_for(actor: User, agency: Agency) -> None:
    """The actor must hold a case role at `agency`."""
    if agency.pk not in {a.pk for a in access.case_agencies(actor)}:
        raise PermissionDenied(NOT_YOUR_AGENCY)


def acting_agency(actor: User, agency: Agency | None) -> Agency:
    if agency is None:
        agencies = access.case_agencies(actor)
        if not agencies:
            raise PermissionDenied(access.NO_CASE_ROLE)
        return agencies[0]
    require_acting_for(actor, agency)
    return agency


def not_in_future(field: str, value: dt.date | dt.datetime | None) -> None:
    """Birth dates, consultation times and the like cannot be in the future."""
    if value is None:
        return
    if isinstance(value, dt.datetime):
        day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    else:
        day = value
    if day > timezone.localdate():
        raise ValidationError({field: FUTURE_DATE})
