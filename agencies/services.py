"""Every write to agencies, staff and memberships goes through here.

Services take keyword arguments, check the actor's right through agencies.access, validate
with full_clean(), run in one transaction and leave a history row naming the actor."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies import access, tokens
from agencies.models import Agency, Area, Membership, PartnerToken, ServiceField, User
from core.concurrency import lock_current
from core.history import attribute
from core.models import IdempotencyRecord

AGENCY_CONTACT_FIELDS = (
    "name",
    "kana",
    "kind",
    "is_hub",
    "phone",
    "fax",
    "email",
    "postal_code",
    "address",
    "contact_hours",
    "is_active",
)
CANNOT_DEACTIVATE_SELF = _("You cannot remove your own administrator membership.")
SERVICE_ACCOUNT_ROLE_FIXED = _(
    "A partner system's account always has the caseworker role: it cannot organise "
    "meetings, supervise or administer the agency."
)
# The only role a service account may hold (see docs/access-rules.md).
SERVICE_ACCOUNT_ROLE = Membership.Role.CASEWORKER


def _check_role_for(user: User, role: str) -> None:
    if user.is_service_account and role != SERVICE_ACCOUNT_ROLE:
        raise ValidationError({"role": ValidationError(SERVICE_ACCOUNT_ROLE_FIXED, code="fixed")})


def service_fields_ensure() -> list[ServiceField]:
    """The seven fields of support (the migration seeds them; this restores any missing)."""
    return [ServiceField.objects.get_or_create(code=code)[0] for code in ServiceField.Code]


def agency_permission_group(name: str) -> Group:
    """The group that holds an agency's object permissions (one per agency)."""
    return Group.objects.create(name=f"agency:{name}")


def agency_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    is_hub: bool = False,
    fields: Iterable[ServiceField] = (),
    areas_served: Iterable[Area] = (),
    **contact: Any,
) -> Agency:
    """Create an agency together with the permission group its object grants will go to.

    `actor` None means the system itself (migrations, demo loader)."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only a system administrator may add agencies."))
    with transaction.atomic():
        group = agency_permission_group(name)
        agency = Agency(name=name, kind=kind, is_hub=is_hub, group=group, **contact)
        agency.full_clean()
        attribute(agency, actor, gettext_noop("agency created"))
        agency.save()
        agency.fields.set(fields)
        agency.areas_served.set(areas_served)
    return agency


def agency_update(
    *,
    actor: User,
    agency: Agency,
    expected_version: int | None,
    data: dict[str, Any],
    fields: Iterable[ServiceField] | None = None,
    areas_served: Iterable[Area] | None = None,
) -> Agency:
    """Change an agency's details. Refuses if someone else saved since `expected_version`."""
    access.require_manage_agency(actor, agency)
    with transaction.atomic():
        current = lock_current(agency, expected_version=expected_version)
        for name, value in data.items():
            if name not in AGENCY_CONTACT_FIELDS:
                raise ValueError(f"{name} is not an editable agency field")
            setattr(current, name, value)
        current.full_clean()
        attribute(current, actor, gettext_noop("agency details updated"))
        current.save()
        if current.group.name != f"agency:{current.name}":
            current.group.name = f"agency:{current.name}"
            current.group.save(update_fields=["name"])
        if fields is not None:
            current.fields.set(fields)
        if areas_served is not None:
            current.areas_served.set(areas_served)
    return current


def membership_sync_group(membership: Membership) -> None:
    """Keep the agency's permission group in step with the membership (used by the admin)."""
    if membership.is_active:
        membership.user.groups.add(membership.agency.group)
    else:
        membership.user.groups.remove(membership.agency.group)
    access.forget_memberships(membership.user)


def membership_add(*, actor: User | None, agency: Agency, user: User, role: str) -> Membership:
    """Put a user into an agency with a role, and into the agency's permission group."""
    if actor is not None:
        access.require_manage_agency(actor, agency)
    _check_role_for(user, role)
    with transaction.atomic():
        membership = Membership(user=user, agency=agency, role=role)
        membership.full_clean()
        attribute(membership, actor, gettext_noop("membership added"))
        membership.save()
        user.groups.add(agency.group)
    access.forget_memberships(user)
    return membership


def staff_create(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    role: str,
    full_name: str = "",
    full_name_kana: str = "",
    email: str = "",
    password: str | None = None,
) -> User:
    """Create a staff member's account and their membership of `agency`."""
    if actor is not None:
        access.require_manage_agency(actor, agency)
    with transaction.atomic():
        user = User(
            username=username,
            full_name=full_name,
            full_name_kana=full_name_kana,
            email=email,
            kind=User.Kind.STAFF,
        )
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        attribute(user, actor, gettext_noop("staff account created"))
        user.save()
        membership_add(actor=actor, agency=agency, user=user, role=role)
    return user


def service_account_create(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    full_name: str,
    role: str = SERVICE_ACCOUNT_ROLE,
    token_name: str = "",
    token_scope: str = PartnerToken.Scope.READ,
) -> tuple[User, str]:
    """A partner agency's system: no password, the caseworker's rights at `agency`, and a
    first API token (agencies/tokens.py).

    Returns the account and its clear token, which is shown once to whoever created it."""
    if actor is not None:
        access.require_manage_agency(actor, agency)
    with transaction.atomic():
        user = User(username=username, full_name=full_name, kind=User.Kind.SERVICE)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        attribute(user, actor, gettext_noop("service account created"))
        user.save()
        membership = membership_add(actor=actor, agency=agency, user=user, role=role)
        issued = tokens.token_issue(
            actor=actor,
            membership=membership,
            name=token_name or str(_("first token")),
            scope=token_scope,
        )
    return user, issued[1]


def membership_change_role(
    *, actor: User, membership: Membership, role: str, expected_version: int | None
) -> Membership:
    access.require_manage_agency(actor, membership.agency)
    with transaction.atomic():
        current = lock_current(membership, expected_version=expected_version)
        if (
            current.user_id == actor.pk
            and current.role == Membership.Role.AGENCY_ADMIN
            and role != Membership.Role.AGENCY_ADMIN
            and not actor.is_superuser
        ):
            raise PermissionDenied(CANNOT_DEACTIVATE_SELF)
        _check_role_for(current.user, role)
        current.role = role
        current.full_clean()
        attribute(current, actor, gettext_noop("role changed"))
        current.save()
    access.forget_memberships(current.user)
    return current


def membership_deactivate(
    *, actor: User, membership: Membership, expected_version: int | None
) -> Membership:
    """Take a user out of an agency. Their history stays; their access through the agency
    ends at once. An account with no active membership left is deactivated."""
    access.require_manage_agency(actor, membership.agency)
    if membership.user_id == actor.pk and not actor.is_superuser:
        raise PermissionDenied(CANNOT_DEACTIVATE_SELF)
    with transaction.atomic():
        current = lock_current(membership, expected_version=expected_version)
        current.is_active = False
        attribute(current, actor, gettext_noop("membership ended"))
        current.save()
        user = current.user
        user.groups.remove(current.agency.group)
        if user.is_service_account:
            # A partner system acts for its agency only: its tokens end with the membership.
            tokens.tokens_revoke_all(
                actor=actor, user=user, reason=gettext_noop("token revoked: membership ended")
            )
        # Answers kept for Idempotency-Key retries may show what the agency let them read.
        IdempotencyRecord.objects.filter(user=user).delete()
        if not user.memberships.filter(is_active=True).exists():
            user.is_active = False
            attribute(user, actor, gettext_noop("account deactivated: no active membership"))
            user.save(update_fields=["is_active"])
    access.forget_memberships(user)
    return current
