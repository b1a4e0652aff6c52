import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_users_agency_and_role_in_japanese(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "ホーム" in response.text
    assert people.hub.name in response.text
    assert "相談員" in response.text
    assert "年度" in response.text


def test_agency_admin_is_offered_staff_management(client, people):
    client.force_login(people.hub_admin)
    assert reverse("agencies:my_staff") in client.get(reverse("home")).text


def test_caseworker_is_not_offered_staff_management(client, people):
    client.force_login(people.hub_worker)
    assert reverse("agencies:my_staff") not in client.get(reverse("home")).text


def test_superuser_is_offered_system_administration(client, people):
    client.force_login(people.superuser)
    assert reverse("admin:index") in client.get(reverse("home")).text


def test_a_user_without_an_agency_is_told_to_ask_an_administrator(client, people):
    client.force_login(people.no_agency)
    response = client.get(reverse("home"))
    assert "どの機関にも所属していません" in response.text


def test_english_can_be_chosen(client, people):
    client.force_login(people.hub_worker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert response["Content-Language"] == "en"
    assert "My agency&#x27;s cases" in response.text or "Search households" in response.text


def test_an_english_browser_still_gets_japanese_pages_until_english_is_chosen(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "ja"
