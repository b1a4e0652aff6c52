"""The header's navigation: grouped menus, so it stays on one row whatever the role."""

import pytest
from django.urls import reverse

from agencies.models import Membership
from core.navigation import entries_for
from tests.factories import AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _labels(items):
    return [str(item["label"]) for item in items]


def test_a_hub_supervisor_sees_home_new_consultation_and_four_menus():
    hub = AgencyFactory(is_hub=True)
    supervisor = StaffFactory(agency=hub, role=Membership.Role.SUPERVISOR)

    items = entries_for(supervisor, "/")

    assert len(items) <= 6
    assert [i.get("key") for i in items if i.get("items")] == [
        "cases",
        "meetings",
        "community",
        "admin",
    ]
    assert reverse("cases:intake") in [i.get("url") for i in items]


def test_a_group_with_one_entry_is_a_plain_link(monkeypatch):
    from core import navigation

    worker = StaffFactory(agency=AgencyFactory())
    only = navigation.NavEntry("会議", "meetings:list", lambda user: True, group="meetings")
    monkeypatch.setattr(navigation, "_ENTRIES", [only])

    assert entries_for(worker, "/") == [
        {
            "label": "会議",
            "url": reverse("meetings:list"),
            "section": "main",
            "group": "meetings",
            "active": False,
        }
    ]


def test_the_group_of_the_current_page_is_marked_active():
    worker = StaffFactory(agency=AgencyFactory())

    items = entries_for(worker, reverse("cases:list"))

    cases = next(i for i in items if i.get("key") == "cases")
    assert cases["active"]
    assert [link["url"] for link in cases["items"] if link["active"]] == [reverse("cases:list")]


def test_the_header_renders_the_menus_as_disclosures(client):
    worker = StaffFactory(agency=AgencyFactory())
    client.force_login(worker)

    html = client.get(reverse("home")).content.decode()

    assert "<details data-nav-menu>" in html
    assert 'rel="icon"' in html


def test_the_favicon_address_answers():
    from django.test import Client

    response = Client().get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
