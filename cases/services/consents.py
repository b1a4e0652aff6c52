import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases import access
from cases.models import Case, Consent, Person
from cases.services.common import save
from core.uploads import detect_type, neutral_name

ENDS_BEFORE_START = _("Consent cannot end before it starts.")
NO_AGENCIES = _("Choose the agencies it covers, or 'all team agencies'.")
NO_PURPOSE = _("Choose at least one purpose.")
UNKNOWN_PURPOSE = _("Unknown purpose: %(code)s.")
NOT_A_MEMBER = _("The consenting person must be a member of the case's household.")
ALREADY_WITHDRAWN = _("This consent has already been withdrawn.")
WITHDRAWAL_REASON_REQUIRED = _("Record why the consent was withdrawn.")
FILE_TOO_LARGE = _("The scanned form must be 10 MB or smaller.")
FILE_TYPE = _("The scanned form must be a PDF, JPEG or PNG file.")

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def consent_record(
    *,
    actor: User,
    case: Case,
    person: Person,
    purposes: list[str],
    method: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    all_team_agencies: bool = False,
    agencies: Iterable[Agency] = (),
    scanned_form: UploadedFile | None = None,
) -> Consent:
    """Record a person's consent; sharing with the covered team agencies starts at once."""
    access.require_change(actor, case)
    agencies = list(agencies)
    errors: dict = {}
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = ENDS_BEFORE_START
    if not all_team_agencies and not agencies:
        errors["agencies"] = NO_AGENCIES
    if not purposes:
        errors["purposes"] = NO_PURPOSE
    elif unknown := [p for p in purposes if p not in Consent.Purpose.values]:
        errors["purposes"] = UNKNOWN_PURPOSE % {"code": ", ".join(unknown)}
    if not person.memberships.filter(household=case.household).exists():
        errors["person"] = NOT_A_MEMBER
    if scanned_form is not None:
        if scanned_form.size > MAX_SCAN_BYTES:
            errors["scanned_form"] = FILE_TOO_LARGE
        elif (scan_type := detect_type(scanned_form)) not in SCAN_TYPES:
            errors["scanned_form"] = FILE_TYPE
        else:
            # The name it came with (often the person's) is dropped; the bytes name the type.
            scanned_form.name = neutral_name(scan_type, stem="consent")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent(
            case=case,
            person=person,
            purposes=list(dict.fromkeys(purposes)),
            method=method,
            obtained_by=actor,
            valid_from=valid_from,
            valid_until=valid_until,
            all_team_agencies=all_team_agencies,
        )
        if scanned_form is not None:
            consent.scanned_form = scanned_form
        save(consent, actor, "consent recorded")
        consent.agencies.set(agencies)
        access.recompute_case_permissions(case)
    return consent


def consent_withdraw(*, actor: User, consent: Consent, reason: str) -> Consent:
    """Withdrawal ends consent-based sharing on the very next request, in every channel."""
    access.require_change(actor, consent.case)
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": WITHDRAWAL_REASON_REQUIRED})
    with transaction.atomic():
        current = Consent.objects.select_for_update().get(pk=consent.pk)
        if current.withdrawn_at is not None:
            raise ValidationError(ALREADY_WITHDRAWN)
        current.withdrawn_at = timezone.now()
        current.withdrawal_reason = reason
        save(current, actor, "consent withdrawn")
        access.recompute_case_permissions(current.case)
    return current
