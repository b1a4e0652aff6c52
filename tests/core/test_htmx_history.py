"""The browser's back button never shows case material from the htmx history cache, and a
history restore is never answered with a partial that would replace the whole page."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
PAGES_WITH_PARTIALS = [
    "cases:list",
    "cases:search",
    "agencies:list",
    "community:directory",
    "community:activities",
    "participation:menus",
]


def test_htmx_keeps_no_history_cache_of_pages():
    base = (settings.BASE_DIR / "templates/base.html").read_text()
    config = json.loads(re.search(r'name="htmx-config" content=\'([^\']*)\'', base).group(1))
    assert config["historyCacheSize"] == 0
    assert config["refreshOnHistoryMiss"] is True


@pytest.mark.parametrize("name", PAGES_WITH_PARTIALS)
def test_a_history_restore_is_never_answered_with_a_partial(client, story, name):
    client.force_login(story.owner_worker)
    response = client.get(reverse(name), headers=HISTORY_RESTORE)
    assert response.status_code == 200
    assert "<html" in response.text


def test_a_history_restore_of_the_case_search_gets_the_full_page(client, story):
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:search"), {"q": "山田"}, headers=HISTORY_RESTORE)
    assert "<html" in response.text
    assert "山田家" in response.text


@pytest.mark.parametrize("name", ["cases:list", "cases:search"])
def test_a_plain_htmx_request_still_gets_only_the_partial(client, story, name):
    client.force_login(story.owner_worker)
    response = client.get(reverse(name), {"q": "山田"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
