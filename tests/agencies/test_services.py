import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies import services, tokens
from agencies.models import Agency, Area, Membership, PartnerToken
from core.concurrency import STALE_EDIT, ConcurrentEditError
from tests.factories import AreaFactory, ServiceAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_agency_gets_its_own_permission_group(people):
    assert people.hub.group.name == f"agency:{people.hub.name}"
    assert people.hub.group != people.other.group


def test_adding_a_member_puts_them_in_the_agency_group(people):
    assert people.hub.group in people.hub_worker.groups.all()
    assert people.hub.group not in people.other_worker.groups.all()


def test_an_agency_admin_cannot_add_staff_to_another_agency(people):
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=people.other_admin,
            agency=people.hub,
            username="intruder",
            role=Membership.Role.CASEWORKER,
        )


def test_a_caseworker_cannot_change_agency_details(people):
    with pytest.raises(PermissionDenied):
        services.agency_update(
            actor=people.hub_worker,
            agency=people.hub,
            expected_version=people.hub.version,
            data={"phone": "0000-11-2222"},
        )


def test_agency_update_records_who_changed_it(people):
    services.agency_update(
        actor=people.hub_admin,
        agency=people.hub,
        expected_version=people.hub.version,
        data={"phone": "0000-11-2222"},
    )
    latest = Agency.history.filter(id=people.hub.pk).latest("history_date")
    assert latest.history_user == people.hub_admin
    assert latest.phone == "0000-11-2222"
    assert latest.history_change_reason == "agency details updated"


def test_a_stale_version_is_refused_and_nothing_is_saved(people):
    version = people.hub.version
    services.agency_update(
        actor=people.hub_admin, agency=people.hub, expected_version=version, data={"fax": "0000-1"}
    )
    with pytest.raises(ConcurrentEditError) as raised:
        services.agency_update(
            actor=people.hub_admin,
            agency=people.hub,
            expected_version=version,
            data={"fax": "0000-22-2222"},
        )
    assert raised.value.messages == [str(STALE_EDIT)]
    people.hub.refresh_from_db()
    assert people.hub.fax == "0000-1"


def test_invalid_agency_details_are_refused_with_field_errors(people):
    with pytest.raises(ValidationError) as raised:
        services.agency_update(
            actor=people.hub_admin,
            agency=people.hub,
            expected_version=people.hub.version,
            data={"email": "not-an-address", "postal_code": "12"},
        )
    assert set(raised.value.message_dict) == {"email", "postal_code"}


def test_ending_the_last_membership_deactivates_the_account_and_keeps_history(people):
    membership = Membership.objects.get(user=people.hub_worker)
    services.membership_deactivate(
        actor=people.hub_admin, membership=membership, expected_version=membership.version
    )
    people.hub_worker.refresh_from_db()
    assert people.hub_worker.is_active is False
    assert people.hub.group not in people.hub_worker.groups.all()
    assert Membership.history.filter(id=membership.pk).count() == 2


def test_an_admin_cannot_remove_themselves(people):
    membership = Membership.objects.get(user=people.hub_admin)
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(
            actor=people.hub_admin, membership=membership, expected_version=None
        )


def test_a_service_account_has_a_token_and_no_password(people):
    account, token = services.service_account_create(
        actor=people.hub_admin,
        agency=people.hub,
        username="partner",
        full_name="連携",
        role=Membership.Role.CASEWORKER,
    )
    assert account.is_service_account
    assert not account.has_usable_password()
    stored = account.partner_tokens.get()
    assert stored.digest == tokens.token_digest(token)
    assert stored.scope == PartnerToken.Scope.READ


def test_a_service_account_cannot_be_created_with_another_role(people):
    with pytest.raises(ValidationError) as raised:
        services.service_account_create(
            actor=people.hub_admin,
            agency=people.hub,
            username="partner",
            full_name="連携",
            role=Membership.Role.COORDINATOR,
        )
    assert raised.value.message_dict["role"] == [str(services.SERVICE_ACCOUNT_ROLE_FIXED)]


@pytest.mark.parametrize(
    "role",
    [Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR, Membership.Role.AGENCY_ADMIN],
)
def test_a_service_accounts_role_cannot_be_changed(people, role):
    account, _ = ServiceAccountFactory(agency=people.hub)
    membership = account.memberships.get()
    with pytest.raises(ValidationError) as raised:
        services.membership_change_role(
            actor=people.hub_admin,
            membership=membership,
            role=role,
            expected_version=membership.version,
        )
    assert raised.value.message_dict["role"] == [str(services.SERVICE_ACCOUNT_ROLE_FIXED)]
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CASEWORKER


def test_a_service_account_cannot_join_another_agency_as_coordinator(people):
    account, _ = ServiceAccountFactory(agency=people.hub)
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=None, agency=people.other, user=account, role=Membership.Role.COORDINATOR
        )
    assert not account.memberships.filter(agency=people.other).exists()


def test_an_elementary_district_must_sit_in_a_junior_high_district():
    elementary = AreaFactory(level=Area.Level.ELEMENTARY, parent=AreaFactory())
    neighbourhood = Area(name="自治区", level=Area.Level.NEIGHBOURHOOD, parent=elementary.parent)
    with pytest.raises(ValidationError) as raised:
        neighbourhood.full_clean()
    assert "parent" in raised.value.message_dict


def test_a_junior_high_district_has_no_parent():
    area = Area(name="中学校区", level=Area.Level.JUNIOR_HIGH, parent=AreaFactory())
    with pytest.raises(ValidationError):
        area.full_clean()


def test_user_history_does_not_keep_password_hashes():
    user = UserFactory()
    assert not hasattr(user.history.first(), "password")
