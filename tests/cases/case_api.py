"""What the case-record API tests (test_api_plans, test_api_team, test_api_people, test_api_history,
reminders/test_api) share:
the personas they ask as, and the checks every endpoint answers to."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

# The story's personas (tests/cases/conftest.py), and an anonymous caller.
PERSONAS = ("owner_worker", "team_worker", "uncovered_worker", "stranger", "anonymous")


def url(name: str, *args: int) -> str:
    return reverse(f"api:{name}", args=args)


def get(client, path):
    return client.get(path)


def post(body: dict | None = None):
    return lambda client, path: client.post(path, body or {}, format="json")


def client_for(user) -> APIClient:
    """Messages in English (the msgids), so tests can match the message constants."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def client_as(story, persona: str) -> APIClient:
    return client_for(None if persona == "anonymous" else getattr(story, persona))


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def listed_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def same_as_missing(story, call, url_of, pk: int) -> None:
    """A stranger asking about `pk` gets exactly the answer for an id that does not exist."""
    client = client_as(story, "stranger")
    stranger = call(client, url_of(pk))
    missing = call(client, url_of(999_999))
    assert stranger.status_code == missing.status_code == 404
    assert stranger.content == missing.content
