"""The daily list of unusual reading: users far above their agency's median, and reads
outside working hours (weekends and public holidays included), one day at a time."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cases import access
from reports import audit
from reports.audit_forms import FUTURE_DAY
from tests.factories import AgencyFactory, StaffFactory
from tests.reports.audit_story import auditor_at

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

UNUSUAL = reverse("reports:audit_unusual")
JST = timezone.get_default_timezone()
WEDNESDAY = dt.date(2026, 12, 2)
SATURDAY = dt.date(2026, 11, 28)
CULTURE_DAY = dt.date(2026, 11, 3)  # 文化の日, a Tuesday


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.REPORT_UNUSUAL_FACTOR = 3
    settings.REPORT_UNUSUAL_MIN_READS = 20
    settings.REPORT_WORKING_HOURS_START = 8
    settings.REPORT_WORKING_HOURS_END = 19


def read(user, case, times: int, day: dt.date, hour: int, minute: int = 0) -> None:
    """`user` read `case` `times` times at that hour, Japan time (one INSERT)."""
    with time_machine.travel(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JST)):
        access.log_reads(user, [case] * times)


@pytest.fixture
def office(story):
    """An agency of four: three read 10 times on Wednesday morning, one 40 times."""
    agency = AgencyFactory(name="西部地域包括支援センター")
    staff = [StaffFactory(agency=agency) for _ in range(4)]
    for user in staff[:3]:
        read(user, story.case, 10, WEDNESDAY, 10)
    read(staff[3], story.case, 40, WEDNESDAY, 11)
    return agency, staff


def listed(client, who, day: dt.date):
    client.force_login(who)
    response = client.get(UNUSUAL, {"day": day.isoformat()})
    assert response.status_code == 200
    return response.context["found"]


def test_a_user_far_above_their_agencys_median_is_listed(client, story, office):
    staff = office[1]
    found = listed(client, auditor_at(story.hub), WEDNESDAY)
    assert [(r.username, r.reads, r.median) for r in found.heavy] == [(staff[3].username, 40, 10)]
    assert found.heavy[0].ratio == 4.0


def test_users_reading_like_their_colleagues_are_not_listed(client, story, office):
    staff = office[1]
    found = listed(client, auditor_at(story.hub), WEDNESDAY)
    assert not {r.username for r in found.heavy} & {u.username for u in staff[:3]}
    assert found.off_hours == []


def test_a_user_below_the_minimum_is_not_listed_however_far_above_the_median(
    client, story, settings, office
):
    settings.REPORT_UNUSUAL_MIN_READS = 41
    assert listed(client, auditor_at(story.hub), WEDNESDAY).heavy == []


def test_a_read_at_22_oclock_is_listed_outside_working_hours(client, story):
    read(story.team_worker, story.case, 1, WEDNESDAY, 22)
    read(story.owner_worker, story.case, 1, WEDNESDAY, 10)
    found = listed(client, auditor_at(story.hub), WEDNESDAY)
    assert [(r.username, r.reads) for r in found.off_hours] == [(story.team_worker.username, 1)]
    assert timezone.localtime(found.off_hours[0].first).hour == 22


def test_working_hours_end_at_the_hour_set(client, story, settings):
    read(story.team_worker, story.case, 1, WEDNESDAY, 18, 59)
    read(story.owner_worker, story.case, 1, WEDNESDAY, 19, 0)
    found = listed(client, auditor_at(story.hub), WEDNESDAY)
    assert [r.username for r in found.off_hours] == [story.owner_worker.username]


def test_every_read_on_a_saturday_is_listed(client, story):
    read(story.owner_worker, story.case, 3, SATURDAY, 10)
    found = listed(client, auditor_at(story.hub), SATURDAY)
    assert not found.working_day
    assert [(r.username, r.reads) for r in found.off_hours] == [(story.owner_worker.username, 3)]


def test_every_read_on_a_public_holiday_is_listed(client, story):
    read(story.owner_worker, story.case, 2, CULTURE_DAY, 11)
    found = listed(client, auditor_at(story.hub), CULTURE_DAY)
    assert found.holiday == "文化の日"
    assert [r.reads for r in found.off_hours] == [2]


def test_the_list_opens_on_yesterday_in_japan_time(client, story):
    # 00:30 on 3 December in Tokyo is still 2 December in UTC: yesterday is the 2nd.
    with time_machine.travel(dt.datetime(2026, 12, 3, 0, 30, tzinfo=JST), tick=False):
        client.force_login(auditor_at(story.hub))
        response = client.get(UNUSUAL)
    assert response.context["found"].day == WEDNESDAY


def test_an_agencys_officer_sees_only_its_agencys_readers(client, story, office):
    agency, staff = office
    read(story.team_worker, story.case, 1, WEDNESDAY, 23)
    found = listed(client, auditor_at(agency), WEDNESDAY)
    assert [r.username for r in found.heavy] == [staff[3].username]
    assert found.off_hours == []


def test_each_line_links_to_the_users_reads_of_that_day(client, story, office):
    agency, staff = office
    listed(client, auditor_at(story.hub), WEDNESDAY)
    response = client.get(UNUSUAL, {"day": WEDNESDAY.isoformat()})
    query = urlencode(
        {
            "user": staff[3].username,
            "since": "2026-12-02",
            "until": "2026-12-02",
            "agency": agency.pk,
        }
    )
    assert response.context["heavy"][0][1] == f"{reverse('reports:audit')}?{query}"


def test_a_day_to_come_is_a_form_error(client, story):
    client.force_login(auditor_at(story.hub))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.get(UNUSUAL, {"day": tomorrow.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == [str(FUTURE_DAY)]


def test_the_page_says_it_is_a_list_to_review_in_wareki(client, story, office):
    client.force_login(auditor_at(story.hub))
    text = client.get(UNUSUAL, {"day": WEDNESDAY.isoformat()}).content.decode()
    assert "令和8年12月2日" in text


@pytest.mark.parametrize("readers", [10, 50])
def test_the_list_runs_a_bounded_number_of_queries(
    client, story, readers, django_assert_max_num_queries
):
    for _ in range(readers):
        read(StaffFactory(agency=story.hub), story.case, 1, WEDNESDAY, 7)
    client.force_login(auditor_at(story.hub))
    # session, user, memberships, reads per user and agency, reads outside working hours
    # per user and agency, the session's save (savepoint, UPDATE, release)
    with django_assert_max_num_queries(8):
        response = client.get(UNUSUAL, {"day": WEDNESDAY.isoformat()})
    assert len(response.context["found"].off_hours) == readers


def test_medians_are_of_the_other_readers_of_the_same_agency():
    def reader(name, agency_id, reads):
        now = timezone.now()
        return audit.Reader(None, name, name, agency_id, "", reads, now, now)

    readers = [reader("a", 1, 10), reader("b", 1, 30), reader("c", 2, 5), reader("d", 3, 90)]
    heavy = audit.heavy_readers(readers, factor=3, min_reads=1)
    # b: 30 ≥ 3 × 10 (a, its only colleague); d reads alone for agency 3: nobody to compare.
    assert [(r.username, r.median) for r in heavy] == [("b", 10)]
