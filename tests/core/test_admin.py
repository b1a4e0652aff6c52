"""The admin is not a back door: it configures agencies and never shows case material, its
past versions or an API key, whatever the account's flags and permissions."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from cases.models import AccessLog
from tests.factories import ServiceAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

CASE_MATERIAL_ADMIN_URLS = [
    f"/admin/{m._meta.app_label}/{m._meta.model_name}/"
    for m in apps.get_models()
    if (m._meta.app_label in {"cases", "meetings"} and m is not AccessLog)
    or m._meta.label
    in {
        "participation.ParticipationPlan",
        "participation.Matching",
        "participation.FollowUp",
        "reminders.Reminder",
        "reminders.CaseReview",
        "core.IdempotencyRecord",
    }
]


@pytest.fixture
def staff_with_every_permission(story):
    """The owner's own caseworker, made staff with every model permission there is."""
    user = story.owner_worker
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture(params=["staff_with_every_permission", "superuser"])
def admin_user(request, story):
    if request.param == "superuser":
        return story.superuser
    return request.getfixturevalue("staff_with_every_permission")


def test_no_one_reads_the_history_of_a_consultation_in_the_admin(client, story, admin_user):
    consultation = story.case.consultations.get()
    client.force_login(admin_user)
    for page in ("history", "change"):
        response = client.get(f"/admin/cases/consultation/{consultation.pk}/{page}/")
        assert response.status_code in {403, 404}, page
        assert consultation.narrative not in response.text


def test_no_one_reads_the_history_of_a_household_in_the_admin(client, story, admin_user):
    household = story.case.household
    client.force_login(admin_user)
    for page in ("history", "change"):
        response = client.get(f"/admin/cases/household/{household.pk}/{page}/")
        assert response.status_code in {403, 404}, page
        assert household.address not in response.text


@pytest.mark.parametrize("url", CASE_MATERIAL_ADMIN_URLS)
def test_no_one_pages_through_case_material_in_the_admin(client, story, url):
    client.force_login(story.superuser)
    assert client.get(url).status_code == 404


def test_the_admin_index_never_lists_case_material(client, story, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    for url in CASE_MATERIAL_ADMIN_URLS:
        assert url not in response.text
    assert story.case.title not in response.text


def test_the_admin_never_shows_an_api_key(client, story):
    account, token = ServiceAccountFactory(agency=story.hub)
    client.force_login(story.superuser)
    stored = account.partner_tokens.get()
    for url in (
        reverse("admin:index"),
        reverse("admin:agencies_partnertoken_changelist"),
        reverse("admin:agencies_partnertoken_change", args=[stored.pk]),
        reverse("admin:agencies_partnertoken_history", args=[stored.pk]),
        reverse("admin:agencies_user_change", args=[account.pk]),
        reverse("admin:agencies_user_history", args=[account.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert token not in response.text, url
        assert stored.digest not in response.text, url


def test_the_read_log_in_the_admin_is_never_shown_to_staff(
    client, story, staff_with_every_permission
):
    client.force_login(story.owner_worker)
    client.get(reverse("cases:detail", args=[story.case.pk]))  # writes the read log
    client.force_login(staff_with_every_permission)
    assert client.get(reverse("admin:cases_accesslog_changelist")).status_code == 403


def test_the_read_log_is_a_list_for_superusers_with_no_change_or_history_page(client, story):
    client.force_login(story.owner_worker)
    client.get(reverse("cases:detail", args=[story.case.pk]))
    entry = AccessLog.objects.first()
    client.force_login(story.superuser)
    listing = client.get(reverse("admin:cases_accesslog_changelist"))
    assert listing.status_code == 200
    assert story.owner_worker.username in listing.text
    change = reverse("admin:cases_accesslog_change", args=[entry.pk])
    history = reverse("admin:cases_accesslog_history", args=[entry.pk])
    assert change not in listing.text
    assert client.get(change).status_code == 403
    assert client.get(history).status_code == 403


def test_the_participation_directory_is_read_only_in_the_admin(client, story):
    client.force_login(story.superuser)
    assert client.get(reverse("admin:participation_host_changelist")).status_code == 200
    assert client.get(reverse("admin:participation_host_add")).status_code == 403
    assert client.get(reverse("admin:participation_supportmenu_add")).status_code == 403


def test_the_digest_log_is_read_only_in_the_admin(client, story):
    client.force_login(story.superuser)
    assert client.get(reverse("admin:reminders_digestsent_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_digestsent_add")).status_code == 403


def test_no_past_version_of_an_agency_is_restored_in_the_admin(client, story):
    agency = story.hub
    first = agency.history.earliest()
    revert = reverse("admin:agencies_agency_simple_history", args=[agency.pk, first.history_id])
    client.force_login(story.superuser)
    assert client.get(revert).status_code == 200
    response = client.post(revert, {"name": "書き換え", "kind": agency.kind})
    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.name != "書き換え"
