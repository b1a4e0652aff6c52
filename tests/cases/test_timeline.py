"""The case page's timeline is bounded: the page runs the same queries whatever the length of
the case's history, shows the latest entries, and loads earlier ones on demand (a plain
link, or in place with htmx) through the same policy as the page: the stranger agency gets
404, the team agency the consent does not name 403 with the reason, an anonymous client is
sent to sign in, the owner and the covered team agency read (tests/cases/conftest.py)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import access, services
from cases.models import AccessLog, Case
from cases.timeline import TIMELINE_PAGE, case_timeline
from tests.factories import consultation_data, open_case

pytestmark = pytest.mark.django_db

NO_CONSENT_JA = "情報共有について本人の有効な同意がありません"
EARLIER = re.compile(r'<a href="(/cases/\d+/timeline/\?before=[^"]+)"')


def add_consultations(case: Case, by, n: int, **data) -> None:
    """`n` consultations, "記録 000" the oldest (n + 1 days ago), one day apart."""
    start = timezone.now() - dt.timedelta(days=n + 1)
    for i in range(n):
        services.consultation_log(
            actor=by,
            case=case,
            data=consultation_data(
                occurred_at=start + dt.timedelta(days=i), narrative=f"記録 {i:03}", **data
            ),
        )


def earlier_url(html: str) -> str:
    match = EARLIER.search(html)
    assert match, "no earlier-entries link"
    return match.group(1)


def test_the_case_page_runs_the_same_queries_with_5_and_with_200_consultations(
    client, story, django_assert_num_queries
):
    short = open_case(worker=story.owner_worker, name="短い世帯")
    long = open_case(worker=story.owner_worker, name="長い世帯")
    add_consultations(short, story.owner_worker, 4)
    add_consultations(long, story.owner_worker, 199)
    client.force_login(story.owner_worker)
    client.get(reverse("cases:detail", args=[short.pk]))  # the session settles
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("cases:detail", args=[short.pk])).status_code == 200
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:detail", args=[long.pk]))
    assert response.status_code == 200
    assert response.text.count('class="event event-') == TIMELINE_PAGE


def test_the_case_page_shows_the_latest_entries_and_links_to_earlier_ones(client, story):
    add_consultations(story.case, story.owner_worker, 60)
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:detail", args=[story.case.pk])).text
    assert page.count('class="event event-') == TIMELINE_PAGE
    assert "記録 059" in page and "記録 000" not in page

    earlier = client.get(earlier_url(page))
    assert earlier.status_code == 200
    assert "記録 000" in earlier.text and "記録 059" not in earlier.text
    for i in range(60):  # each on one page only, the newer ones first
        assert (f"記録 {i:03}" in page) != (f"記録 {i:03}" in earlier.text)
        assert (f"記録 {i:03}" in page) == (i >= 60 - page.count("記録 "))
    assert not EARLIER.search(earlier.text)  # nothing older is left


def test_earlier_entries_over_htmx_are_the_entries_only(client, story):
    add_consultations(story.case, story.owner_worker, 60)
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:detail", args=[story.case.pk])).text
    partial = client.get(earlier_url(page), headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert partial.text.lstrip().startswith('<li class="event')
    assert "記録 000" in partial.text and "記録 059" not in partial.text


def test_entries_of_one_moment_are_never_split_between_pages(story):
    decision = access.case_decision(story.owner_worker, story.case)
    story_events = len(case_timeline(story.owner_worker, story.case, decision).events)
    add_consultations(story.case, story.owner_worker, 3)  # older than the story's events
    at = timezone.now() - dt.timedelta(hours=12)
    for i in range(3):  # three at one minute, where a page of story_events + 1 would end
        services.consultation_log(
            actor=story.owner_worker,
            case=story.case,
            data=consultation_data(occurred_at=at, narrative=f"同時刻 {i}"),
        )
    size = story_events + 1
    first = case_timeline(story.owner_worker, story.case, decision, size=size)
    second = case_timeline(
        story.owner_worker, story.case, decision, before=first.earlier, size=size
    )
    assert not any(e.body.startswith("同時刻") for e in first.events)
    assert {e.body for e in second.events[:3]} == {"同時刻 0", "同時刻 1", "同時刻 2"}
    assert second.events[3].body == "記録 002"


def test_earlier_entries_hide_another_agencys_internal_records_like_the_page(client, story):
    add_consultations(story.case, story.owner_worker, 55, is_internal=True)
    add_consultations(story.case, story.owner_worker, 5)
    client.force_login(story.team_worker)
    response = client.get(
        reverse("cases:timeline", args=[story.case.pk]),
        {"before": timezone.now().isoformat()},
    )
    assert response.status_code == 200
    assert "記録 004" in response.text
    assert "記録 054" not in response.text


def test_reading_earlier_entries_is_logged_with_its_basis(client, story):
    client.force_login(story.team_worker)
    client.get(reverse("cases:timeline", args=[story.case.pk]))
    log = AccessLog.objects.get(user=story.team_worker)
    assert (log.kind, log.object_id, log.basis) == ("case", story.case.pk, "consent")
    assert log.path.startswith(reverse("cases:timeline", args=[story.case.pk]))


# --- who may read earlier entries ---------------------------------------------------------


def timeline_url(story) -> str:
    before = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    return f"{reverse('cases:timeline', args=[story.case.pk])}?before={before.replace('+', '%2B')}"


def test_earlier_entries_are_not_found_for_a_stranger_agency(client, story):
    client.force_login(story.stranger)
    assert client.get(timeline_url(story)).status_code == 404


def test_earlier_entries_refuse_a_team_agency_without_consent_with_the_reason(client, story):
    client.force_login(story.uncovered_worker)
    response = client.get(timeline_url(story))
    assert response.status_code == 403
    assert NO_CONSENT_JA in response.text
    assert "本人から電話" not in response.text


def test_earlier_entries_send_an_anonymous_client_to_sign_in(client, story):
    response = client.get(timeline_url(story))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("reader", ["owner_worker", "team_worker"])
def test_earlier_entries_are_read_by_the_owner_and_the_covered_team_agency(client, story, reader):
    client.force_login(getattr(story, reader))
    response = client.get(timeline_url(story))
    assert response.status_code == 200
    assert "本人から電話" in response.text
