import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Case, Consent, ConsentExtension, Person
from core.dates import LATEST_YEAR, TOO_FAR_AHEAD, is_too_far_ahead
from core.history import save_with_history, with_detail
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
REPRESENTATIVE_NAME = _("Name the representative who gave the consent.")
NOT_ON_TEAM = _("Extend a consent only to an agency on the team.")
ALREADY_COVERED = _("This consent already covers that agency.")
NOT_ACTIVE = _("Only an active consent can be extended.")
EXTENSION_NOTE = _("Record how the person agreed to share with this agency.")
SCAN_ALREADY_ATTACHED = _(
    "This consent already has its signed form; it is kept as it is. Record a new consent "
    "if the person signed a new one."
)

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _scan_error(scanned_form: UploadedFile) -> str | Promise | None:
    """Why a scanned form is refused, or None: then it is renamed, as it will be stored
    (the name it came with, often the person's, is dropped; the bytes name the type)."""
    if scanned_form.size is None or scanned_form.size > MAX_SCAN_BYTES:
        return FILE_TOO_LARGE
    if (scan_type := detect_type(scanned_form)) not in SCAN_TYPES:
        return FILE_TYPE
    scanned_form.name = neutral_name(scan_type, stem="consent")
    return None


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
    representative: str = "",
    representative_name: str = "",
) -> Consent:
    """Record a person's consent (or their representative's); sharing with the covered
    team agencies starts at once. "All team agencies" covers the agencies on the team now;
    one that joins later is covered only when the consent is extended to it."""
    access.require_share(actor, case)
    agencies = list(agencies)
    errors: dict = {}
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = ENDS_BEFORE_START
    # Sharing ends the day after valid_until (cases.access.materialise): 9999-12-31 overflows.
    for field, day in (("valid_from", valid_from), ("valid_until", valid_until)):
        if is_too_far_ahead(day):
            errors[field] = TOO_FAR_AHEAD % {"year": LATEST_YEAR}
    if not all_team_agencies and not agencies:
        errors["agencies"] = NO_AGENCIES
    if not purposes:
        errors["purposes"] = NO_PURPOSE
    elif unknown := [p for p in purposes if p not in Consent.Purpose.values]:
        errors["purposes"] = UNKNOWN_PURPOSE % {"code": ", ".join(unknown)}
    if not person.memberships.filter(household=case.household).exists():
        errors["person"] = NOT_A_MEMBER
    if representative and not representative_name.strip():
        errors["representative_name"] = REPRESENTATIVE_NAME
    if scanned_form is not None and (scan_error := _scan_error(scanned_form)):
        errors["scanned_form"] = scan_error
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        access.lock_case(case)
        if all_team_agencies:
            team = case.team.filter(left_on__isnull=True).select_related("agency")
            agencies = list({a.pk: a for a in [*agencies, *(m.agency for m in team)]}.values())
        consent = Consent(
            case=case,
            person=person,
            representative=representative,
            representative_name=representative_name.strip() if representative else "",
            purposes=list(dict.fromkeys(purposes)),
            method=method,
            obtained_by=actor,
            valid_from=valid_from,
            valid_until=valid_until,
            all_team_agencies=all_team_agencies,
        )
        if scanned_form is not None:
            consent.scanned_form = scanned_form
        save_with_history(consent, actor, gettext_noop("consent recorded"))
        consent.agencies.set(agencies)
        access.recompute_case_permissions(case)
    return consent


def consent_scan_attach(*, actor: User, consent: Consent, scanned_form: UploadedFile) -> Consent:
    """The signed form of a consent recorded before it was signed (the printed 同意書):
    its scan is attached once; a consent that has one keeps it (the evidence is never
    replaced), a withdrawn one takes none. It changes no one's access."""
    access.require_change(actor, consent.case)
    if error := _scan_error(scanned_form):
        raise ValidationError({"scanned_form": error})
    with transaction.atomic():
        current = Consent.objects.select_for_update().get(pk=consent.pk)
        if current.scanned_form:
            raise ValidationError({"scanned_form": SCAN_ALREADY_ATTACHED})
        if current.withdrawn_at is not None:
            raise ValidationError(ALREADY_WITHDRAWN)
        current.scanned_form = scanned_form
        save_with_history(current, actor, gettext_noop("signed consent form attached"))
    return current


def consent_withdraw(*, actor: User, consent: Consent, reason: str) -> Consent:
    """Withdrawal ends consent-based sharing on the very next request, in every channel."""
    access.require_change(actor, consent.case)
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": WITHDRAWAL_REASON_REQUIRED})
    with transaction.atomic():
        access.lock_case(consent.case)
        current = Consent.objects.select_for_update().get(pk=consent.pk)
        if current.withdrawn_at is not None:
            raise ValidationError(ALREADY_WITHDRAWN)
        current.withdrawn_at = timezone.now()
        current.withdrawal_reason = reason
        save_with_history(current, actor, gettext_noop("consent withdrawn"))
        access.recompute_case_permissions(current.case)
    return current


def consent_extend(*, actor: User, consent: Consent, agency: Agency, note: str) -> Consent:
    """The person agreed that an agency that joined the team later may also be told: the
    owner extends the consent to it (history and the case page show the extension)."""
    case = consent.case
    access.require_share(actor, case)
    if not note.strip():
        raise ValidationError({"note": EXTENSION_NOTE})
    with transaction.atomic():
        access.lock_case(case)
        current = Consent.objects.select_for_update().get(pk=consent.pk)
        if not current.is_active():
            raise ValidationError(NOT_ACTIVE)
        if not case.team.filter(agency=agency, left_on__isnull=True).exists():
            raise ValidationError({"agency": NOT_ON_TEAM})
        if current.agencies.filter(pk=agency.pk).exists():
            raise ValidationError({"agency": ALREADY_COVERED})
        save_with_history(
            ConsentExtension(
                consent=current,
                agency=agency,
                extended_on=timezone.localdate(),
                extended_by=actor,
                note=note,
            ),
            actor,
            gettext_noop("consent extended"),
        )
        current.agencies.add(agency)
        save_with_history(
            current, actor, with_detail(gettext_noop("consent extended to"), agency.name)
        )
        access.recompute_case_permissions(case)
    return current
