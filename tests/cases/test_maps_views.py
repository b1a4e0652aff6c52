"""The genogram and eco-map pages and their REST endpoints: who is admitted (another
agency 404, a team agency without consent 403 with the reason, anonymous refused, the
owner and a covered team agency succeed), what a consent reader is shown, and that the
read is logged."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import AccessLog
from tests.cases.family import yamada_family

pytestmark = [pytest.mark.django_db]

UNCOVERED_NAMES = ("一郎", "花子", "陽菜", "茂")


@pytest.fixture
def family(story):
    return yamada_family(story)


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


PAGES = ["cases:household_genogram", "cases:household_ecomap"]
ENDPOINTS = ["api:household-genogram-svg", "api:household-genogram", "api:household-ecomap"]


@pytest.mark.parametrize("page", PAGES)
def test_another_agency_gets_the_page_of_a_missing_household(client, story, family, page):
    client.force_login(story.stranger)
    assert client.get(reverse(page, args=[family.household.pk])).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_team_agency_without_consent_is_told_which_consent_is_missing(
    client, story, family, page
):
    client.force_login(story.uncovered_worker)
    response = client.get(reverse(page, args=[family.household.pk]))
    assert response.status_code == 403
    assert story.uncovered_agency.name in response.text
    assert "山田 トメ" not in response.text


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(client, family, page):
    response = client.get(reverse(page, args=[family.household.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
def test_the_owner_sees_the_drawing_with_every_name(client, story, family, page):
    client.force_login(story.owner_worker)
    response = client.get(reverse(page, args=[family.household.pk]))
    assert response.status_code == 200
    assert "<svg" in response.text
    assert "山田 一郎" in response.text


def test_the_genogram_page_names_no_uncovered_member_to_a_consent_reader(client, story, family):
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:household_genogram", args=[family.household.pk]))
    assert response.status_code == 200
    assert "山田 トメ" in response.text
    for name in UNCOVERED_NAMES:
        assert name not in response.text


def test_the_ecomap_page_names_no_uncovered_member_to_a_consent_reader(client, story, family):
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:household_ecomap", args=[family.household.pk]))
    assert response.status_code == 200
    for name in UNCOVERED_NAMES:
        assert name not in response.text


def test_the_household_page_links_to_both_drawings(client, story, family):
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:household", args=[family.household.pk]))
    assert reverse("cases:household_genogram", args=[family.household.pk]) in response.text
    assert reverse("cases:household_ecomap", args=[family.household.pk]) in response.text


def test_reading_the_genogram_logs_the_household_and_the_persons_it_names(client, story, family):
    client.force_login(story.team_worker)
    client.get(reverse("cases:household_genogram", args=[family.household.pk]))
    logged = set(AccessLog.objects.filter(user=story.team_worker).values_list("kind", "object_id"))
    assert ("household", family.household.pk) in logged
    assert ("person", family.tome.pk) in logged
    assert ("person", family.ichiro.pk) not in logged


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_another_agency_gets_the_api_404(api, story, family, endpoint):
    api.force_authenticate(story.stranger)
    assert api.get(reverse(endpoint, args=[family.household.pk])).status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_team_agency_without_consent_gets_the_api_403_with_the_reason(
    api, story, family, endpoint
):
    api.force_authenticate(story.uncovered_worker)
    response = api.get(reverse(endpoint, args=[family.household.pk]))
    assert response.status_code == 403
    body = response.json()
    assert body["detail"].startswith(f"{story.uncovered_agency.name} is on this case's team")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_anonymous_caller_gets_401(api, family, endpoint):
    assert api.get(reverse(endpoint, args=[family.household.pk])).status_code == 401


def test_the_svg_endpoint_answers_image_svg_xml(api, story, family):
    api.force_authenticate(story.owner_worker)
    response = api.get(reverse("api:household-genogram-svg", args=[family.household.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "山田 一郎" in response.content.decode()


def test_the_consent_readers_svg_names_no_uncovered_member(api, story, family):
    api.force_authenticate(story.team_worker)
    response = api.get(reverse("api:household-genogram-svg", args=[family.household.pk]))
    svg = response.content.decode()
    assert response.status_code == 200
    assert "山田 トメ" in svg
    for name in UNCOVERED_NAMES:
        assert name not in svg


def test_the_consent_readers_json_names_no_uncovered_member(api, story, family):
    api.force_authenticate(story.team_worker)
    response = api.get(reverse("api:household-genogram", args=[family.household.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for name in UNCOVERED_NAMES:
        assert name not in text
    withheld = [n for n in response.json()["nodes"] if n["shape"] == "withheld"]
    assert len(withheld) == 5
    assert all(n["person_id"] is None and n["age"] is None for n in withheld)


def test_the_genogram_json_has_nodes_and_edges(api, story, family):
    api.force_authenticate(story.owner_worker)
    body = api.get(reverse("api:household-genogram", args=[family.household.pk])).json()
    assert body["household"] == family.household.pk
    assert {n["label"] for n in body["nodes"]} >= {"山田 トメ", "山田 一郎", "佐藤 花子"}
    assert {e["kind"] for e in body["edges"]} == {"marriage", "divorce", "parent"}


def test_the_ecomap_json_lists_the_team_agencies_with_their_role(api, story, family):
    api.force_authenticate(story.owner_worker)
    body = api.get(reverse("api:household-ecomap", args=[family.household.pk])).json()
    roles = {n["label"]: n["role"] for n in body["nodes"]}
    assert roles[story.team_agency.name] == "介護"
    assert roles[story.uncovered_agency.name] == "障がい"
    assert story.hub.name in roles
