"""Case forms read dates typed in 和暦, and say what is wrong with an impossible one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Case, Consent, Person
from core import wareki
from tests.cases.test_views import _intake_post

pytestmark = pytest.mark.django_db


def _consent_post(story, valid_from: str) -> dict:
    return {
        "person": story.case.household.memberships.first().person_id,
        "all_team_agencies": "on",
        "purposes": ["sharing"],
        "method": "written",
        "valid_from": valid_from,
    }


def test_a_consent_dated_r6_4_1_is_recorded_from_1_april_2024(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]), _consent_post(story, "R6.4.1")
    )
    assert response.status_code == 302
    assert Consent.objects.filter(valid_from=dt.date(2024, 4, 1)).exists()


def test_a_consent_dated_heisei_31_may_is_a_field_error_naming_the_end_of_heisei(client, story):
    client.force_login(story.owner_worker)
    before = Consent.objects.count()
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]),
        _consent_post(story, "平成31年5月1日"),
    )
    assert response.status_code == 200
    expected = wareki.ERA_ENDED % {
        "era": "平成",
        "last": "平成31年4月30日",
        "last_iso": "2019-04-30",
        "actual": "令和元年5月1日 (2019-05-01)",
    }
    assert response.context["form"].errors["valid_from"] == [str(expected)]
    assert Consent.objects.count() == before


def test_the_consent_form_shows_the_refused_date_as_typed(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]),
        _consent_post(story, "平成31年5月1日"),
    )
    assert 'value="平成31年5月1日"' in response.text


def test_intake_reads_birth_dates_in_wareki_and_full_width(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:intake"),
        _intake_post(
            **{"person-0-birth_date": "S27.3.1", "person-1-birth_date": "昭和５８年６月１０日"}
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get(title="ひきこもりの長男について母から相談")
    births = set(
        Person.objects.filter(memberships__household=case.household).values_list(
            "birth_date", flat=True
        )
    )
    assert births == {dt.date(1952, 3, 1), dt.date(1983, 6, 10)}


def test_intake_refuses_an_impossible_birth_date_with_a_field_error(client, story):
    client.force_login(story.owner_worker)
    before = Case.objects.count()
    response = client.post(
        reverse("cases:intake"), _intake_post(**{"person-0-birth_date": "S64.2.1"})
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert "昭和 ended on" in str(response.context["formset"].forms[0].errors["birth_date"])
    assert Case.objects.count() == before


def test_the_intake_form_renders_the_date_picker_beside_the_birth_date(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:intake")).text
    assert "data-wareki-picker" in page
    assert "js/wareki_date" in page


def test_the_consent_form_shows_todays_date_in_wareki_when_given_one(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]),
        {**_consent_post(story, timezone.localdate().isoformat()), "method": "nonsense"},
    )
    assert response.status_code == 200
    assert f'value="{wareki.to_wareki(timezone.localdate())}"' in response.text
