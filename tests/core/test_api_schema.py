"""The OpenAPI schema documents what the lists and the error handling really answer."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict:
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def params(operation: dict) -> dict[str, dict]:
    return {p["name"]: p for p in operation["parameters"]}


def test_a_list_documents_its_400_and_404(schema):
    answers = schema["paths"]["/api/v1/cases/"]["get"]["responses"]
    assert {"400", "404", "401", "500"} <= set(answers)


def test_a_list_documents_ordering_with_its_choices_and_updated_since(schema):
    listed = params(schema["paths"]["/api/v1/cases/"]["get"])
    assert "last_contact_at" in listed["ordering"]["description"]
    assert listed["updated_since"]["schema"] == {"type": "string", "format": "date-time"}


def test_page_size_documents_its_maximum(schema):
    listed = params(schema["paths"]["/api/v1/persons/"]["get"])
    assert listed["page_size"]["schema"]["maximum"] == 200
    assert listed["page"]["schema"]["minimum"] == 1


def test_a_list_without_ordering_documents_none(schema):
    assert "ordering" not in params(schema["paths"]["/api/v1/cases/{id}/consents/"]["get"])


def test_an_operation_with_a_body_documents_413_and_415(schema):
    answers = schema["paths"]["/api/v1/cases/"]["post"]["responses"]
    assert {"413", "415"} <= set(answers)


def test_the_error_body_has_detail_and_code(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}


def test_the_served_schema_still_renders(people):
    api = APIClient()
    api.force_authenticate(people.hub_worker)
    assert api.get(reverse("api-schema")).status_code == 200


def test_every_operation_is_tagged_with_its_resource(schema):
    from config.api_schema import TAGS

    names = {tag.name for tag in TAGS}
    tags = {
        f"{method.upper()} {path}": operation.get("tags")
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    assert {key: t for key, t in tags.items() if not t or len(t) != 1 or t[0] not in names} == {}
    assert [t["name"] for t in schema["tags"]] == [t.name for t in TAGS]


def test_operation_ids_name_the_resource_not_the_version(schema):
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert "cases_list" in ids
    assert not [i for i in ids if i.startswith("v1_")]


def test_redoc_runs_under_the_csp_without_web_fonts_or_inline_script(client):
    from tests.factories import AgencyFactory, StaffFactory

    client.force_login(StaffFactory(agency=AgencyFactory()))
    response = client.get(reverse("api-redoc"))
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["worker-src"] == "blob:"
    body = response.text
    assert "googleapis" not in body and "<script>" not in body
    assert "<redoc spec-url=" in body


def test_the_api_documentation_pages_are_refused_to_anonymous_visitors(client):
    for name in ("api-redoc", "api-docs", "api-schema"):
        assert client.get(reverse(name)).status_code in (401, 403)
