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
