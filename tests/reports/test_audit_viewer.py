"""The privacy officer's read-log viewer: who may open it, which rows each officer reads,
each filter, the CSV, and that the officer's own reading is itself logged."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agencies.models import Membership
from cases import access, services
from cases.models import AccessLog
from cases.services.households import PersonData
from reports.audit import LOG_HEADINGS
from reports.audit_forms import NO_SUCH_LOGIN, NOT_A_REFERENCE, OUT_OF_RANGE, RANGE_REVERSED
from reports.views_audit import NO_PERSON
from tests.factories import StaffFactory, open_case, record_consent
from tests.reports.audit_story import audit_rows, auditor_at, both_read, read_case_page, usernames

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

VIEWER = reverse("reports:audit")
EXPORT = reverse("reports:audit_export")


@pytest.fixture
def hub_auditor(story):
    return auditor_at(story.hub)


@pytest.fixture
def team_auditor(story):
    return auditor_at(story.team_agency)


@pytest.fixture
def reads(client, story) -> None:
    both_read(client, story)


def view(client, who, /, **query):
    client.force_login(who)
    response = client.get(VIEWER, query)
    assert response.status_code == 200
    return response


def the_son(story):
    return story.case.household.memberships.get(relation="child").person


# --- who may -----------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_login(client):
    for url in (VIEWER, EXPORT, reverse("reports:audit_unusual")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "persona",
    [
        "owner_worker",
        "owner_supervisor",
        "hub_admin",
        "hub_coordinator",
        "team_worker",
        "superuser",
    ],
)
def test_everyone_but_a_privacy_officer_is_refused_with_the_reason(client, story, persona):
    client.force_login(getattr(story, persona))
    for url in (VIEWER, EXPORT, reverse("reports:audit_unusual")):
        response = client.get(url)
        assert response.status_code == 403
        assert str(access.AUDITORS_ONLY) in response.content.decode()


def test_a_report_viewer_is_refused_the_read_log(client, story):
    viewer = StaffFactory(agency=story.hub, role=Membership.Role.REPORT_VIEWER)
    client.force_login(viewer)
    assert client.get(VIEWER).status_code == 403


def test_the_navigation_offers_the_read_log_to_a_privacy_officer_only(client, story, hub_auditor):
    client.force_login(hub_auditor)
    assert VIEWER in client.get(reverse("home")).content.decode()
    client.force_login(story.owner_supervisor)
    assert VIEWER not in client.get(reverse("home")).content.decode()


# --- which rows --------------------------------------------------------------------------


def test_the_hubs_privacy_officer_reads_the_whole_citys_log(client, story, reads, hub_auditor):
    response = view(client, hub_auditor)
    assert {story.owner_worker.username, story.team_worker.username} <= usernames(response)


def test_an_agencys_privacy_officer_reads_only_the_rows_logged_under_its_agency(
    client, story, reads, team_auditor
):
    response = view(client, team_auditor)
    assert usernames(response) == {story.team_worker.username}
    agencies = {row.agency_id for row in response.context["page"].object_list}
    assert agencies == {story.team_agency.pk}


def test_an_agencys_privacy_officer_cannot_filter_on_another_agency(
    client, story, reads, team_auditor
):
    response = view(client, team_auditor, agency=story.hub.pk)
    assert "agency" in response.context["form"].errors
    assert response.context["rows"] == []


def test_the_page_shows_the_read_in_japanese_with_its_wareki_date(
    client, story, reads, hub_auditor
):
    response = view(client, hub_auditor, user=story.team_worker.username)
    text = response.content.decode()
    assert "令和" in text
    assert str(access.Basis.CONSENT.label) in text
    assert story.team_agency.name in text


# --- the filters -------------------------------------------------------------------------


def test_a_persons_file_includes_reads_of_the_person_their_household_and_its_cases(
    client, story, reads, hub_auditor
):
    son = the_son(story)
    response = view(client, hub_auditor, person=son.pk)
    kinds = {(row.kind, row.object_id) for row in response.context["page"].object_list}
    assert (AccessLog.Kind.PERSON, son.pk) in kinds
    assert (AccessLog.Kind.HOUSEHOLD, story.case.household_id) in kinds
    assert (AccessLog.Kind.CASE, story.case.pk) in kinds


def test_a_persons_file_leaves_out_the_other_members_own_records(client, story, reads, hub_auditor):
    son = the_son(story)
    mother = story.case.household.memberships.get(relation="head").person
    response = view(client, hub_auditor, person=son.pk)
    kinds = {(row.kind, row.object_id) for row in response.context["page"].object_list}
    assert (AccessLog.Kind.PERSON, mother.pk) not in kinds


def test_a_persons_file_includes_the_household_they_moved_out_of(client, story, hub_auditor):
    son = the_son(story)
    old_home = story.case.household
    read_case_page(client, story.team_worker, story.case)
    new_home = open_case(worker=story.owner_worker, name="転居先世帯").household
    services.person_move(
        actor=story.owner_worker,
        person=son,
        to_household=new_home,
        relation="lodger",
        on=timezone.localdate(),
    )
    response = view(client, hub_auditor, person=son.pk)
    households = {
        row.object_id for row in response.context["page"].object_list if row.kind == "household"
    }
    assert old_home.pk in households
    assert response.context["filters"].person.households[0].pk == old_home.pk


def test_an_agencys_officer_is_not_told_where_a_person_moved_to(client, story, team_auditor):
    son = the_son(story)
    old_home = story.case.household
    # The son's own consent covers the team agency, so its worker reads him by name
    # (the mother's consent alone shows him as "a member": no read of him is logged).
    record_consent(
        case=story.case,
        by=story.owner_worker,
        person=son,
        all_team_agencies=False,
        agencies=[story.team_agency],
    )
    read_case_page(client, story.team_worker, story.case)
    new_case = open_case(worker=story.owner_worker, name="転居先世帯")
    services.person_move(
        actor=story.owner_worker,
        person=son,
        to_household=new_case.household,
        relation="lodger",
        on=timezone.localdate(),
    )
    response = view(client, team_auditor, person=son.pk)
    person_file = response.context["filters"].person
    assert [h.pk for h in person_file.households] == [old_home.pk]
    assert new_case.pk not in person_file.case_ids
    assert "転居先世帯" not in response.content.decode()


def test_a_person_is_found_by_name_and_kana(client, story, reads, hub_auditor):
    son = the_son(story)
    for text in ("山田 一郎", "いちろう"):
        response = view(client, hub_auditor, person=text)
        assert response.context["filters"].person.person.pk == son.pk


def test_a_name_several_persons_share_offers_them_to_choose_from(client, story, reads, hub_auditor):
    response = view(client, hub_auditor, person="やまだ")
    assert len(response.context["candidates"]) == 2
    assert response.context["page"] is None


def test_the_persons_offered_are_logged_as_the_officers_person_search(
    client, story, reads, hub_auditor
):
    view(client, hub_auditor, person="やまだ")
    searched = audit_rows(hub_auditor)
    assert {row.action for row in searched} == {access.AUDIT_SEARCH}
    assert {row.kind for row in searched} == {AccessLog.Kind.PERSON}
    assert len(searched) == 2


def test_a_name_nobody_has_is_a_form_error(client, story, reads, hub_auditor):
    response = view(client, hub_auditor, person="存在しない名前")
    assert response.context["form"].errors["person"] == [str(NO_PERSON)]


def test_an_agencys_officer_cannot_look_up_a_person_its_staff_never_read(
    client, story, reads, team_auditor
):
    stranger_case = open_case(
        worker=story.owner_worker,
        name="佐藤家",
        members=[
            PersonData(
                family_name="佐藤",
                given_name="花子",
                family_name_kana="さとう",
                given_name_kana="はなこ",
                birth_date=dt.date(1980, 1, 1),
                sex="female",
                relation="head",
            )
        ],
    )
    read_case_page(client, story.owner_worker, stranger_case)
    person = stranger_case.household.memberships.get().person
    for text in (str(person.pk), "佐藤"):
        response = view(client, team_auditor, person=text)
        assert response.context["form"].errors["person"] == [str(NO_PERSON)]
    assert audit_rows(team_auditor) == []


def test_the_case_filter_shows_the_reads_of_that_case_only(client, story, reads, hub_auditor):
    response = view(client, hub_auditor, case=story.case.reference)
    rows = response.context["page"].object_list
    assert rows
    assert {(r.kind, r.object_id) for r in rows} == {(AccessLog.Kind.CASE, story.case.pk)}


def test_a_case_reference_that_is_not_one_is_a_form_error(client, story, hub_auditor):
    response = view(client, hub_auditor, case="abc")
    assert response.context["form"].errors["case"] == [str(NOT_A_REFERENCE)]


def test_the_user_filter_shows_that_users_reads(client, story, reads, hub_auditor):
    response = view(client, hub_auditor, user=story.owner_worker.username)
    assert usernames(response) == {story.owner_worker.username}


def test_an_unknown_login_id_is_a_form_error(client, story, hub_auditor):
    response = view(client, hub_auditor, user="nobody-here")
    assert response.context["form"].errors["user"] == [str(NO_SUCH_LOGIN)]


def test_the_agency_filter_shows_the_reads_logged_under_it(client, story, reads, hub_auditor):
    response = view(client, hub_auditor, agency=story.team_agency.pk)
    assert usernames(response) == {story.team_worker.username}


def test_the_basis_filter_shows_the_reads_on_that_basis(client, story, reads, hub_auditor):
    response = view(client, hub_auditor, basis=access.Basis.CONSENT)
    rows = response.context["page"].object_list
    assert rows
    assert {r.basis for r in rows} == {access.Basis.CONSENT}


def test_the_channel_filter_shows_the_reads_through_that_channel(client, story, reads, hub_auditor):
    api = APIClient()
    api.force_authenticate(story.owner_worker)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 200
    response = view(client, hub_auditor, channel=AccessLog.Channel.API)
    rows = response.context["page"].object_list
    assert [(r.username, r.channel) for r in rows] == [
        (story.owner_worker.username, AccessLog.Channel.API)
    ]


def test_the_date_range_is_whole_days_in_japan_time(client, story, hub_auditor):
    # 23:30 JST is 14:30 UTC: it belongs to that day in Japan, not the next. (Today and
    # tomorrow: the story's consent starts today, so the team agency reads from today on.)
    day = timezone.localdate()
    late = dt.datetime.combine(day, dt.time(23, 30), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(late, tick=False):
        read_case_page(client, story.owner_worker, story.case)
    with time_machine.travel(late + dt.timedelta(hours=1), tick=False):
        read_case_page(client, story.team_worker, story.case)
    first = view(client, hub_auditor, since=day.isoformat(), until=day.isoformat())
    assert usernames(first) == {story.owner_worker.username}
    next_day = (day + dt.timedelta(days=1)).isoformat()
    second = view(client, hub_auditor, since=next_day, until=next_day)
    assert usernames(second) == {story.team_worker.username}


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"since": "2026-12-02", "until": "2026-12-01"}, "until", RANGE_REVERSED),
        ({"since": "1800-01-01"}, "since", OUT_OF_RANGE),
        ({"until": "9999-12-31"}, "until", OUT_OF_RANGE),
    ],
)
def test_a_period_that_cannot_be_is_a_form_error(client, story, hub_auditor, query, field, message):
    response = view(client, hub_auditor, **query)
    assert response.context["form"].errors[field] == [str(message)]


def test_a_date_that_is_not_one_is_a_form_error(client, story, hub_auditor):
    response = view(client, hub_auditor, since="2026-13-45")
    assert "since" in response.context["form"].errors


def test_the_newest_read_comes_first(client, story, hub_auditor):
    earlier = timezone.now() - dt.timedelta(hours=2)
    with time_machine.travel(earlier, tick=False):
        read_case_page(client, story.owner_worker, story.case)
    read_case_page(client, story.team_worker, story.case)
    rows = view(client, hub_auditor, case=story.case.reference).context["page"].object_list
    assert [r.username for r in rows] == [story.team_worker.username, story.owner_worker.username]


# --- the officer's own reading is logged --------------------------------------------------


def test_looking_up_a_person_is_logged_as_the_officers_review(client, story, reads, hub_auditor):
    son = the_son(story)
    view(client, hub_auditor, person=son.pk)
    logged = audit_rows(hub_auditor)
    assert (AccessLog.Kind.PERSON, son.pk) in {(r.kind, r.object_id) for r in logged}
    assert {r.action for r in logged} == {access.AUDIT_VIEW}
    assert {r.agency_id for r in logged} == {story.hub.pk}
    assert {r.basis for r in logged} == {""}
    assert f"person={son.pk}" in logged[0].path


def test_the_officers_review_is_not_shown_to_the_cases_supervisors_over_the_api(
    client, story, reads, hub_auditor
):
    view(client, hub_auditor, case=story.case.reference)
    api = APIClient()
    api.force_authenticate(story.owner_supervisor)
    response = api.get(reverse("api:case-read-log", args=[story.case.pk]))
    assert response.status_code == 200, response.content
    assert hub_auditor.username not in {r["user"]["username"] for r in response.json()["results"]}


# --- CSV ---------------------------------------------------------------------------------


def export(client, who, /, **query) -> list[list[str]]:
    client.force_login(who)
    response = client.get(EXPORT, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_csv_holds_the_filtered_rows_with_japanese_headings(client, story, reads, hub_auditor):
    table = export(client, hub_auditor, user=story.team_worker.username, case=story.case.reference)
    headings, *rows = table
    assert headings == [str(h) for h in LOG_HEADINGS]
    assert (
        len(rows)
        == AccessLog.objects.filter(
            user=story.team_worker, kind="case", object_id=story.case.pk
        ).count()
    )
    when, wareki, login, name, agency, record, kind, number, basis = rows[0][:9]
    assert (login, name) == (story.team_worker.username, story.team_worker.display_name)
    assert agency == story.team_agency.name
    assert (record, number) == (f"{kind} {story.case.reference}", str(story.case.pk))
    assert basis == str(access.Basis.CONSENT.label)
    assert when.endswith("+09:00")
    assert wareki.startswith("令和")


def test_an_agencys_officer_exports_only_its_agencys_rows(client, story, reads, team_auditor):
    rows = export(client, team_auditor)[1:]
    assert rows
    assert {r[4] for r in rows} == {story.team_agency.name}


def test_the_export_is_logged_with_the_channel_export(client, story, reads, hub_auditor):
    export(client, hub_auditor, case=story.case.reference)
    logged = audit_rows(hub_auditor)
    assert [(r.kind, r.object_id, r.channel, r.action) for r in logged] == [
        (AccessLog.Kind.CASE, story.case.pk, AccessLog.Channel.EXPORT, access.AUDIT_EXPORT)
    ]


def test_every_export_is_in_the_officers_own_history_with_its_filters(
    client, story, reads, hub_auditor
):
    export(client, hub_auditor, user=story.team_worker.username)
    entry = hub_auditor.history.order_by("-history_id").first()
    assert entry.history_user_id == hub_auditor.pk
    assert entry.history_change_reason == f"read log exported: user={story.team_worker.username}"


def test_an_export_with_bad_filters_shows_the_page_with_the_errors(client, story, hub_auditor):
    client.force_login(hub_auditor)
    response = client.get(EXPORT, {"case": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["case"] == [str(NOT_A_REFERENCE)]


# --- query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("readers", [10, 50])
def test_the_viewer_runs_a_constant_number_of_queries(
    client, story, hub_auditor, readers, django_assert_max_num_queries
):
    people = [StaffFactory(agency=story.hub) for _ in range(readers)]
    for person in people:
        access.log_reads(person, [story.case], basis=access.Basis.OWNER)
    son = the_son(story)
    client.force_login(hub_auditor)
    # session, user, memberships, the person, their households, their cases, the count,
    # the page's rows (with users and agencies), the officer's own rows (one INSERT), the
    # agency filter's choices, and the session's save (savepoint, UPDATE, release)
    with django_assert_max_num_queries(13):
        response = client.get(VIEWER, {"person": son.pk})
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(readers, 50)
