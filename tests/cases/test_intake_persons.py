"""The quick intake takes a household of any size: rows are added and removed in the
browser (static/js/formset.js, tests/browser/test_intake_persons.py); the server takes
what TOTAL_FORMS says, at least one person for a new household and at most MAX_PERSONS."""

import pytest
from django.urls import reverse

from cases.forms import MAX_PERSONS
from cases.models import Case
from tests.cases.test_views import _intake_post

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

TITLE = "ひきこもりの長男について母から相談"


def persons(count: int) -> dict:
    """The person rows of the intake form: the first heads the household."""
    rows = {
        "person-TOTAL_FORMS": str(count),
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": str(MAX_PERSONS),
    }
    for n in range(count):
        rows.update(
            {
                f"person-{n}-family_name": "佐藤",
                f"person-{n}-given_name": f"{n}号",
                f"person-{n}-sex": "unknown",
                f"person-{n}-relation": "head" if n == 0 else "child",
            }
        )
    return rows


def intake(client, count: int):
    body = {k: v for k, v in _intake_post().items() if not k.startswith("person-")}
    return client.post(reverse("cases:intake"), {**body, **persons(count)})


def test_an_intake_of_four_persons_registers_all_four(client, story):
    client.force_login(story.owner_worker)
    assert intake(client, 4).status_code == 302
    household = Case.objects.get(title=TITLE).household
    assert household.memberships.count() == 4


def test_an_intake_of_one_person_registers_one(client, story):
    client.force_login(story.owner_worker)
    assert intake(client, 1).status_code == 302
    household = Case.objects.get(title=TITLE).household
    assert list(household.memberships.values_list("relation", flat=True)) == ["head"]


def test_an_intake_of_the_most_persons_allowed_is_taken(client, story):
    client.force_login(story.owner_worker)
    assert intake(client, MAX_PERSONS).status_code == 302


def test_an_intake_of_more_persons_than_allowed_is_a_form_error(client, story):
    client.force_login(story.owner_worker)
    response = intake(client, MAX_PERSONS + 1)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not Case.objects.filter(title=TITLE).exists()


def test_a_new_household_without_a_person_is_a_form_error(client, story):
    client.force_login(story.owner_worker)
    response = intake(client, 0)
    assert response.status_code == 200
    assert not Case.objects.filter(title=TITLE).exists()


def test_the_page_carries_an_empty_row_for_the_browser_to_copy(client, story):
    client.force_login(story.owner_worker)
    html = client.get(reverse("cases:intake")).content.decode()
    assert 'name="person-__prefix__-family_name"' in html
    assert "js/formset.js" in html
