"""Art. 106-6 grants: a pledged 支援会議 participant reads the meeting summary of a case on
the agenda, without consent, within a bounded window that lapses by itself. The meetings
app calls these; cases/access decides what a grant shows."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import AccessGrant, Case
from cases.models.access import Basis
from core.history import save_with_history, with_detail

GRANT_ENDS_BEFORE_START = _("A grant must end after it starts.")
GRANT_TOO_LONG = _("A 支援会議 grant lasts at most %(days)s days after the meeting.")
GRANT_NOT_STAFF = _("Only staff who pledged confidentiality receive a 支援会議 grant.")


def grant_meeting_access(
    *,
    case: Case,
    user: User,
    agency: Agency,
    source: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    meeting_starts_at: dt.datetime,
    granted_by: User | None,
) -> AccessGrant:
    """Let one pledged participant (attending for `agency`) read a case's summary until
    `ends_at`, at most MEETING_GRANT_DAYS_MAX days after the meeting."""
    if ends_at <= starts_at:
        raise ValidationError(GRANT_ENDS_BEFORE_START)
    limit = settings.MEETING_GRANT_DAYS_MAX
    if ends_at > meeting_starts_at + dt.timedelta(days=limit):
        raise ValidationError(GRANT_TOO_LONG % {"days": limit})
    if user.kind != User.Kind.STAFF or not any(
        m.agency_id == agency.pk for m in access.case_memberships(user)
    ):
        raise PermissionDenied(GRANT_NOT_STAFF)
    with transaction.atomic():
        access.lock_case(case)
        grant = save_with_history(
            AccessGrant(
                case=case,
                user=user,
                agency=agency,
                basis=Basis.MEETING,
                source=source[:200],
                starts_at=starts_at,
                ends_at=ends_at,
                granted_by=granted_by,
            ),
            granted_by,
            with_detail(gettext_noop("art. 106-6 grant"), source),
        )
        access.recompute_case_permissions(case)
    return grant


def revoke_meeting_access(*, grant: AccessGrant, actor: User | None) -> AccessGrant:
    with transaction.atomic():
        access.lock_case(grant.case)
        grant.revoked_at = timezone.now()
        save_with_history(grant, actor, gettext_noop("grant revoked"))
        access.recompute_case_permissions(grant.case)
    return grant
