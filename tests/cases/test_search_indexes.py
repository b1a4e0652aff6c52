"""Searching persons by name or kana: every term must match one of the names, a term of
three characters or more anywhere in it, a shorter one at its start (what the trigram
indexes can answer, cases/selectors.py `name_matches`), among those the user may see."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from cases import selectors

pytestmark = pytest.mark.django_db

INDEXES = importlib.import_module("cases.migrations.0008_person_search_indexes").INDEXES
# The normalised search keys' indexes (core.kana), which search compares since issue 14.
KEY_INDEXES = importlib.import_module(
    "cases.migrations.0012_search_keys_backfill_and_trigram"
).INDEXES


def names(user, text: str) -> set[str]:
    return {p.full_name for p in selectors.search(user, text=text)["persons"]}


def test_a_long_term_matches_anywhere_in_a_name(story):
    assert names(story.owner_worker, "ちろう") == {"山田 一郎"}


def test_a_short_term_matches_the_start_of_a_name(story):
    assert names(story.owner_worker, "一郎") == {"山田 一郎"}
    assert names(story.owner_worker, "郎") == set()
    assert names(story.owner_worker, "山田 一") == {"山田 一郎"}


def test_every_term_must_match(story):
    assert names(story.owner_worker, "やまだ とめ") == {"山田 トメ"}


def test_the_search_finds_nobody_a_stranger_may_not_see(story):
    assert names(story.stranger, "やまだ") == set()


def test_the_persons_api_filters_kana_the_same_way(story):
    api = APIClient()
    api.force_authenticate(story.owner_worker)
    rows = api.get(reverse("api:person-list"), {"kana": "やま いちろ"}).json()["results"]
    assert [r["given_name"] for r in rows] == ["一郎"]


def test_the_trigram_indexes_exist_on_postgresql(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        assert {row[0] for row in cursor.fetchall()} == set(INDEXES) | set(KEY_INDEXES)
