"""The community pages read dates in 和暦; the API's filter keeps ISO 8601."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core import wareki

pytestmark = pytest.mark.django_db


def test_the_activity_list_filters_by_dates_typed_in_wareki(client, community):
    client.force_login(community.hub_worker)
    held = community.activity.held_on
    after = wareki.short_wareki(held + dt.timedelta(days=1))
    response = client.get(reverse("community:activities"), {"held_from": after})
    assert response.status_code == 200
    assert community.activity.title not in response.text
    response = client.get(
        reverse("community:activities"), {"held_from": str(wareki.to_wareki(held))}
    )
    assert community.activity.title in response.text


def test_an_activity_filter_date_outside_its_era_is_a_form_error(client, community):
    client.force_login(community.hub_worker)
    response = client.get(reverse("community:activities"), {"held_from": "令和元年4月30日"})
    assert response.status_code == 200
    assert "held_from" in response.context["filter"].errors


def test_the_api_activity_filter_still_reads_only_iso_8601(community):
    api = APIClient()
    api.force_authenticate(community.hub_worker)
    response = api.get(reverse("api:community-activity-list"), {"held_from": "R6.4.1"})
    assert response.status_code == 400
    assert list(response.json()) == ["held_from"]
