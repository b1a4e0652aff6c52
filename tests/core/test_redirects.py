"""No `next` anywhere in the project sends a user to another site."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.redirects import safe_next
from tests.factories import PASSWORD

EVIL = ["https://evil.example/", "//evil.example/", "http://evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", EVIL)
def test_safe_next_never_leaves_the_site(target):
    request = RequestFactory().post("/reminders/1/acknowledge/", {"next": target})
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_safe_next_follows_a_page_of_this_site():
    request = RequestFactory().post("/x/", {"next": "/cases/?status=open"})
    assert safe_next(request, "/fallback/") == "/cases/?status=open"


def test_safe_next_never_downgrades_a_secure_request_to_http():
    request = RequestFactory().post("/x/", {"next": "http://testserver/cases/"}, secure=True)
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_safe_next_resolves_a_url_name_as_the_default():
    assert safe_next(RequestFactory().get("/x/"), "home") == reverse("home")


@pytest.mark.django_db
def test_signing_in_never_follows_next_to_another_site(client, people):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": people.hub_worker.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_switching_language_never_follows_next_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": EVIL[0]})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
