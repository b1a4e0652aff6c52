import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import AgencyFactory, ServiceAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_api_call_is_401(api, people):
    response = api.get(reverse("api:agency-list"))
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


def test_a_bad_token_is_401(api, people):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(reverse("api:agency-list")).status_code == 401


def test_a_partner_system_reads_the_directory_with_its_token(api, people):
    _, token = ServiceAccountFactory(agency=people.other)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(reverse("api:agency-list"))
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert {people.hub.name, people.other.name} <= names


def test_a_staff_session_reads_an_agency(api, people):
    api.force_authenticate(people.hub_worker)
    response = api.get(reverse("api:agency-detail", args=[people.other.pk]))
    assert response.status_code == 200
    assert response.json()["phone"] == people.other.phone


def test_a_user_without_an_agency_is_403_with_a_reason(api, people):
    api.force_authenticate(people.no_agency)
    response = api.get(reverse("api:agency-list"))
    assert response.status_code == 403
    assert "所属していません" in response.json()["detail"]


def test_the_directory_api_filters_by_hub(api, people):
    api.force_authenticate(people.hub_worker)
    response = api.get(reverse("api:agency-list"), {"is_hub": "true"})
    assert [row["name"] for row in response.json()["results"]] == [people.hub.name]


def test_a_bad_filter_is_a_400_with_field_errors(api, people):
    api.force_authenticate(people.hub_worker)
    response = api.get(reverse("api:agency-list"), {"kind": "no-such-kind"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_the_directory_api_cannot_be_written_to(api, people):
    api.force_authenticate(people.hub_admin)
    assert api.post(reverse("api:agency-list"), {"name": "x"}).status_code == 405


@pytest.mark.parametrize("rows", [10, 50])
def test_the_directory_api_runs_a_constant_number_of_queries(
    api, people, rows, django_assert_max_num_queries
):
    for n in range(rows):
        AgencyFactory(name=f"機関{n:03}")
    _, token = ServiceAccountFactory(agency=people.other)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    # token+user, its last-used stamp (first use), memberships, count, page, fields
    # prefetch, areas prefetch
    with django_assert_max_num_queries(7):
        response = api.get(reverse("api:agency-list"))
    assert response.status_code == 200


def test_me_tells_a_partner_system_which_agency_it_acts_for(api, people):
    _, token = ServiceAccountFactory(agency=people.other)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = api.get(reverse("api:me")).json()
    assert body["kind"] == "service"
    assert body["memberships"] == [
        {"agency": people.other.pk, "agency_name": people.other.name, "role": "caseworker"}
    ]


def test_the_openapi_schema_needs_authentication(api, people):
    assert api.get(reverse("api-schema")).status_code == 401
    api.force_authenticate(people.hub_worker)
    response = api.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/v1/agencies/" in response.content


def test_the_api_docs_page_uses_only_vendored_assets(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert "http://" not in response.text and "https://" not in response.text
