"""The admin writes agencies and memberships through agencies.services, as the agency
pages do: a new agency gets its group, an ended membership revokes the account's token,
and every history row names the superuser who did it."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from agencies import services
from agencies.models import Agency, Membership, ServiceField
from core.concurrency import STALE_EDIT
from tests.factories import ServiceAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, people):
    client.force_login(people.superuser)
    return client


def agency_form(agency: Agency | None = None, **overrides) -> dict:
    data = {
        "name": agency.name if agency else "テスト NPO法人 つなぐ",
        "kana": agency.kana if agency else "",
        "kind": agency.kind if agency else Agency.Kind.NPO,
        "phone": agency.phone if agency else "0565-00-1234",
        "fax": "",
        "email": "",
        "postal_code": "",
        "address": "",
        "contact_hours": "",
        "is_active": "on",
        "fields": [],
        "areas_served": [],
        "expected_version": agency.version if agency else "",
    }
    if agency is not None and agency.is_hub:
        data["is_hub"] = "on"
    data.update(overrides)
    return data


def membership_form(membership: Membership, **overrides) -> dict:
    data = {"role": membership.role, "is_active": "on", "expected_version": membership.version}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def stale_message() -> str:
    with override("ja"):
        return str(STALE_EDIT)


# --- agencies ------------------------------------------------------------------------------


def test_the_agency_list_and_pages_render_for_a_superuser(admin_client, people):
    for url in (
        reverse("admin:agencies_agency_changelist"),
        reverse("admin:agencies_agency_add"),
        reverse("admin:agencies_agency_change", args=[people.hub.pk]),
        reverse("admin:agencies_agency_history", args=[people.hub.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_creating_an_agency_in_the_admin_gives_it_its_permission_group(admin_client):
    response = admin_client.post(reverse("admin:agencies_agency_add"), agency_form())
    assert response.status_code == 302
    agency = Agency.objects.get(name="テスト NPO法人 つなぐ")
    assert agency.group.name == "agency:テスト NPO法人 つなぐ"


def test_an_agency_created_in_the_admin_names_the_superuser_in_its_history(admin_client, people):
    admin_client.post(reverse("admin:agencies_agency_add"), agency_form())
    record = Agency.objects.get(name="テスト NPO法人 つなぐ").history.earliest()
    assert record.history_user == people.superuser
    assert record.history_change_reason == "agency created"


def test_an_agency_created_in_the_admin_keeps_its_fields_of_support(admin_client):
    field = ServiceField.objects.get(code=ServiceField.Code.ELDERLY)
    admin_client.post(reverse("admin:agencies_agency_add"), agency_form(fields=[field.pk]))
    assert list(Agency.objects.get(name="テスト NPO法人 つなぐ").fields.all()) == [field]


def test_changing_an_agency_in_the_admin_bumps_its_version(admin_client, people):
    agency = people.other
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    response = admin_client.post(url, agency_form(agency, phone="0565-99-0000"))
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.phone == "0565-99-0000"
    assert agency.version == 2


def test_changing_an_agency_in_the_admin_names_the_superuser_in_its_history(admin_client, people):
    agency = people.other
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    admin_client.post(url, agency_form(agency, phone="0565-99-0000"))
    record = agency.history.latest()
    assert record.history_user == people.superuser
    assert record.history_change_reason == "agency details updated"


def test_renaming_an_agency_in_the_admin_renames_its_group(admin_client, people):
    agency = people.other
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    admin_client.post(url, agency_form(agency, name="テスト 新しい名前"))
    agency.refresh_from_db()
    assert agency.group.name == "agency:テスト 新しい名前"


def test_a_stale_agency_form_in_the_admin_is_refused_and_says_why(admin_client, people):
    agency = people.other
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    stale = agency_form(agency, phone="0565-99-0000", expected_version=agency.version - 1 or 0)
    response = admin_client.post(url, stale, follow=True)
    agency.refresh_from_db()
    assert agency.phone == "0000-00-0000"
    assert stale_message() in response.text


def test_an_agency_cannot_be_deleted_in_the_admin(admin_client, people):
    url = reverse("admin:agencies_agency_delete", args=[people.other.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Agency.objects.filter(pk=people.other.pk).exists()


# --- memberships ---------------------------------------------------------------------------


def test_the_membership_list_and_pages_render_for_a_superuser(admin_client, people):
    membership = people.hub_worker.memberships.get()
    for url in (
        reverse("admin:agencies_membership_changelist"),
        reverse("admin:agencies_membership_add"),
        reverse("admin:agencies_membership_change", args=[membership.pk]),
        reverse("admin:agencies_membership_history", args=[membership.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_adding_a_membership_in_the_admin_puts_the_user_in_the_agency_group(admin_client, people):
    user = UserFactory()
    response = admin_client.post(
        reverse("admin:agencies_membership_add"),
        {"user": user.pk, "agency": people.other.pk, "role": Membership.Role.CASEWORKER},
    )
    assert response.status_code == 302
    assert people.other.group in user.groups.all()
    record = Membership.objects.get(user=user).history.latest()
    assert (record.history_user, record.history_change_reason) == (
        people.superuser,
        "membership added",
    )


def test_ending_a_membership_in_the_admin_revokes_the_accounts_token(admin_client, people):
    account, _ = ServiceAccountFactory(agency=people.other)
    membership = account.memberships.get()
    url = reverse("admin:agencies_membership_change", args=[membership.pk])
    response = admin_client.post(url, membership_form(membership, is_active=None))
    assert response.status_code == 302
    assert not account.partner_tokens.filter(revoked_at=None).exists()
    account.refresh_from_db()
    assert not account.is_active


def test_ending_a_membership_in_the_admin_names_the_superuser_in_its_history(admin_client, people):
    membership = people.other_worker.memberships.get()
    url = reverse("admin:agencies_membership_change", args=[membership.pk])
    admin_client.post(url, membership_form(membership, is_active=None))
    record = membership.history.latest()
    assert not record.is_active
    assert (record.history_user, record.history_change_reason) == (
        people.superuser,
        "membership ended",
    )


def test_the_end_memberships_action_revokes_the_accounts_token(admin_client, people):
    account, _ = ServiceAccountFactory(agency=people.other)
    membership = account.memberships.get()
    admin_client.post(
        reverse("admin:agencies_membership_changelist"),
        {"action": "end_memberships", "_selected_action": [membership.pk]},
    )
    membership.refresh_from_db()
    assert not membership.is_active
    assert not account.partner_tokens.filter(revoked_at=None).exists()


def test_changing_a_role_in_the_admin_goes_through_the_role_service(admin_client, people):
    membership = people.other_worker.memberships.get()
    url = reverse("admin:agencies_membership_change", args=[membership.pk])
    admin_client.post(url, membership_form(membership, role=Membership.Role.SUPERVISOR))
    membership.refresh_from_db()
    assert (membership.role, membership.version) == (Membership.Role.SUPERVISOR, 2)
    record = membership.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        people.superuser,
        "role changed",
    )


def test_the_admin_cannot_make_a_partner_system_a_coordinator(admin_client, people):
    account, _ = ServiceAccountFactory(agency=people.other)
    membership = account.memberships.get()
    url = reverse("admin:agencies_membership_change", args=[membership.pk])
    response = admin_client.post(
        url, membership_form(membership, role=Membership.Role.COORDINATOR), follow=True
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CASEWORKER
    with override("ja"):
        assert escape(str(services.SERVICE_ACCOUNT_ROLE_FIXED)) in response.text


def test_a_stale_membership_form_in_the_admin_is_refused_and_says_why(admin_client, people):
    membership = people.other_worker.memberships.get()
    url = reverse("admin:agencies_membership_change", args=[membership.pk])
    stale = membership_form(membership, role=Membership.Role.SUPERVISOR, expected_version=0)
    response = admin_client.post(url, stale, follow=True)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CASEWORKER
    assert stale_message() in response.text


def test_an_ended_membership_offers_no_form_in_the_admin(admin_client, people):
    membership = people.other_worker.memberships.get()
    admin_client.post(
        reverse("admin:agencies_membership_change", args=[membership.pk]),
        membership_form(membership, is_active=None),
    )
    response = admin_client.get(reverse("admin:agencies_membership_change", args=[membership.pk]))
    assert 'name="is_active"' not in response.text
    assert 'name="role"' not in response.text


def test_a_membership_cannot_be_deleted_in_the_admin(admin_client, people):
    membership = people.other_worker.memberships.get()
    url = reverse("admin:agencies_membership_delete", args=[membership.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- accounts ------------------------------------------------------------------------------


def user_form(user) -> dict:
    joined = timezone.localtime(user.date_joined)
    memberships = list(user.memberships.all())
    data = {
        "username": user.username,
        "email": user.email,
        "kind": user.kind,
        "full_name": user.full_name,
        "full_name_kana": user.full_name_kana,
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": len(memberships),
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for i, membership in enumerate(memberships):
        data[f"memberships-{i}-id"] = membership.pk
        data[f"memberships-{i}-user"] = user.pk
    return data


def test_deactivating_an_account_in_the_admin_ends_its_memberships_and_token(admin_client, people):
    account, _ = ServiceAccountFactory(agency=people.other)
    url = reverse("admin:agencies_user_change", args=[account.pk])
    response = admin_client.post(url, user_form(account))  # is_active left unticked
    assert response.status_code == 302
    assert not account.memberships.filter(is_active=True).exists()
    assert not account.partner_tokens.filter(revoked_at=None).exists()


def test_an_account_cannot_be_deleted_in_the_admin(admin_client, people):
    url = reverse("admin:agencies_user_delete", args=[people.other_worker.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403


def test_the_fields_of_support_are_read_only_in_the_admin(admin_client):
    field = ServiceField.objects.first()
    assert admin_client.get(reverse("admin:agencies_servicefield_add")).status_code == 403
    url = reverse("admin:agencies_servicefield_change", args=[field.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"code": field.code}).status_code == 403
