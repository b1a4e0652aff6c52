"""The participation REST API as a permission story: the case's owner, a team agency with
consent, a team agency without consent (403 naming the consent, with the card), a stranger
(404, or a 400 on the field for an id named in a body) and an anonymous caller (401). The
directory (menus, hosts) is for all staff; only the developing agency changes a menu.
Lists are paginated, filtered, logged, and cost a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import access
from cases.models import AccessLog
from participation import access as participation_access
from participation import services
from participation.models import FollowUp, Matching, ParticipationPlan
from participation.services import directory, people
from tests.factories import ServiceAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PERSONAS = ("owner", "team", "uncovered", "stranger", "anonymous")
READ = {"owner": 200, "team": 200, "uncovered": 403, "stranger": 404, "anonymous": 401}


@pytest.fixture
def api() -> APIClient:
    """Messages in English (the msgids), so tests can match the message constants."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def as_(api: APIClient, story, persona: str) -> APIClient:
    user = {
        "owner": story.owner_worker,
        "team": story.team_worker,
        "uncovered": story.uncovered_worker,
        "stranger": story.stranger,
        "anonymous": None,
    }[persona]
    if user is not None:
        api.force_authenticate(user)
    return api


def token_client(agency) -> APIClient:
    _, token = ServiceAccountFactory(agency=agency, username=f"partner-{agency.pk}")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- the directory -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_staff_member_reads_menus_and_hosts(api, kit, persona):
    as_(api, kit.story, persona)
    expected = 401 if persona == "anonymous" else 200
    for name, args in (
        ("api:menu-list", []),
        ("api:menu-detail", [kit.bread.pk]),
        ("api:host-list", []),
        ("api:host-detail", [kit.cafe.pk]),
    ):
        assert api.get(reverse(name, args=args)).status_code == expected, name


def test_an_anonymous_caller_writes_nothing(api, kit):
    matching = kit.propose()
    for name, args in (
        ("api:menu-list", []),
        ("api:host-list", []),
        ("api:plan-list", []),
        ("api:matching-list", []),
        ("api:follow-up-list", []),
        ("api:matching-start-trial", [matching.pk]),
        ("api:matching-activate", [matching.pk]),
        ("api:matching-end", [matching.pk]),
    ):
        assert api.post(reverse(name, args=args), {}, format="json").status_code == 401, name
    for name, pk in (
        ("api:menu-detail", kit.bread.pk),
        ("api:host-detail", kit.cafe.pk),
        ("api:plan-detail", matching.plan_id),
    ):
        assert api.patch(reverse(name, args=[pk]), {}, format="json").status_code == 401, name


def test_an_agency_administrator_reads_the_directory_but_registers_no_menu(api, kit, story):
    api.force_authenticate(story.hub_admin)
    assert api.get(reverse("api:menu-list")).status_code == 200
    response = api.post(
        reverse("api:menu-list"),
        {"title": "x", "kind": "role", "what": "x", "host": kit.cafe.pk, "capacity": 1},
        format="json",
    )
    assert response.status_code == 403


def test_a_user_of_no_agency_cannot_read_the_directory(api, kit, story):
    api.force_authenticate(story.no_agency)
    assert api.get(reverse("api:menu-list")).status_code == 403


def test_a_menu_shows_its_host_area_developer_and_places_taken(api, kit, story):
    kit.trial(kit.propose())
    api.force_authenticate(story.stranger)
    body = api.get(reverse("api:menu-detail", args=[kit.bread.pk])).json()
    assert body["host"] == {
        "id": kit.cafe.pk,
        "name": "カフェ こもれび",
        "contact": "店長 0561-00-1234",
    }
    assert body["area"] == {"id": kit.areas.asahi.pk, "name": "朝日小学校区"}
    assert body["developed_by"]["id"] == story.team_agency.pk
    assert (body["taken"], body["capacity"], body["target"], body["kind"]) == (
        1,
        2,
        "youth",
        "work_experience",
    )


def test_menus_are_filtered_by_area_kind_target_and_words(api, kit, story):
    api.force_authenticate(story.stranger)
    url = reverse("api:menu-list")
    assert ids(api.get(url, {"q": "厨房"})) == [kit.bread.pk]
    assert ids(api.get(url, {"kind": "volunteering"})) == [kit.cleaning.pk]
    assert ids(api.get(url, {"area": kit.areas.west.pk})) == []
    assert sorted(ids(api.get(url, {"area": kit.areas.honmachi.pk}))) == sorted(
        [kit.bread.pk, kit.cleaning.pk]
    )
    assert sorted(ids(api.get(url, {"target": "youth"}))) == sorted([kit.bread.pk, kit.cleaning.pk])
    assert ids(api.get(url, {"developed_by": story.hub.pk})) == []


def test_a_withdrawn_menu_is_listed_only_when_asked(api, kit, story):
    services.menu_update(
        actor=kit.developer, menu=kit.bread, expected_version=None, data={"is_active": False}
    )
    api.force_authenticate(story.owner_worker)
    url = reverse("api:menu-list")
    assert ids(api.get(url)) == [kit.cleaning.pk]
    assert kit.bread.pk in ids(api.get(url, {"include_inactive": "true"}))


def test_an_invalid_filter_is_a_400_naming_it(api, kit, story):
    api.force_authenticate(story.owner_worker)
    response = api.get(reverse("api:menu-list"), {"kind": "nope", "area": 99999})
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "area"}


def test_a_caseworker_registers_a_menu_for_their_agency(api, kit, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:menu-list"),
        {
            "title": "図書館の本の修理",
            "kind": "volunteering",
            "what": "傷んだ本の補修",
            "host": kit.cafe.pk,
            "capacity": 2,
            "area": None,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["developed_by"]["id"], body["developed_on"], body["area"]) == (
        story.hub.pk,
        timezone.localdate().isoformat(),
        None,
    )


def test_registering_a_menu_with_bad_input_is_a_400_with_field_errors(api, kit, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:menu-list"), {"title": "", "capacity": 0, "kind": "x"}, format="json"
    )
    assert response.status_code == 400
    assert {"title", "capacity", "kind", "what", "host"} <= set(response.json())


def test_a_menu_cannot_be_registered_for_another_agency(api, kit, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:menu-list"),
        {
            "title": "x",
            "kind": "role",
            "what": "x",
            "host": kit.cafe.pk,
            "capacity": 1,
            "developed_by": story.other.pk,
        },
        format="json",
    )
    assert response.status_code == 403


def test_the_developing_agency_changes_its_menu(api, kit, story):
    api.force_authenticate(story.team_worker)
    response = api.patch(
        reverse("api:menu-detail", args=[kit.bread.pk]),
        {"capacity": 3, "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["capacity"], response.json()["version"]) == (3, 2)


@pytest.mark.parametrize("persona", ["owner", "stranger"])
def test_another_agency_cannot_change_a_menu(api, kit, persona):
    as_(api, kit.story, persona)
    response = api.patch(
        reverse("api:menu-detail", args=[kit.bread.pk]), {"title": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == str(participation_access.NOT_DEVELOPER)


def test_a_stale_menu_change_is_a_409(api, kit, story):
    services.menu_update(
        actor=story.team_worker, menu=kit.bread, expected_version=1, data={"capacity": 3}
    )
    api.force_authenticate(story.team_worker)
    response = api.patch(
        reverse("api:menu-detail", args=[kit.bread.pk]), {"title": "x", "version": 1}, format="json"
    )
    assert response.status_code == 409


def test_hosts_are_registered_and_changed_by_their_agency_only(api, kit, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(reverse("api:host-list"), {"name": "まるや"}, format="json")
    assert response.status_code == 201
    host = response.json()
    assert host["registered_by"]["id"] == story.hub.pk
    url = reverse("api:host-detail", args=[host["id"]])
    assert api.patch(url, {"contact": "店主", "version": 1}, format="json").status_code == 200
    api.force_authenticate(story.team_worker)
    assert api.patch(url, {"contact": "x", "version": 2}, format="json").status_code == 403


# --- person-level records: reading -------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_a_matching_plan_or_follow_up_follows_the_cases_access(api, kit, persona):
    matching = kit.propose()
    follow_up = kit.follow_up(matching)
    as_(api, kit.story, persona)
    for name, pk in (
        ("api:matching-detail", matching.pk),
        ("api:plan-detail", matching.plan_id),
        ("api:follow-up-detail", follow_up.pk),
    ):
        response = api.get(reverse(name, args=[pk]))
        assert response.status_code == READ[persona], name
        if persona == "uncovered":
            assert kit.story.uncovered_agency.name in response.json()["detail"]
            assert response.json()["card"]["id"] == kit.story.case.pk
        if persona == "stranger":
            assert response.json() == {"detail": str(access.NOT_FOUND), "code": "not_found"}


def test_a_missing_record_reads_like_a_strangers(api, kit, story):
    api.force_authenticate(story.owner_worker)
    for name in ("api:matching-detail", "api:plan-detail", "api:follow-up-detail"):
        response = api.get(reverse(name, args=[99999]))
        assert response.json() == {"detail": str(access.NOT_FOUND), "code": "not_found"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_hold_only_records_of_cases_the_caller_may_read(api, kit, persona):
    matching = kit.propose()
    kit.follow_up(matching)
    as_(api, kit.story, persona)
    for name in ("api:matching-list", "api:plan-list", "api:follow-up-list"):
        response = api.get(reverse(name))
        if persona == "anonymous":
            assert response.status_code == 401
            continue
        assert response.status_code == 200
        assert len(response.json()["results"]) == (1 if READ[persona] == 200 else 0), name


def test_a_matching_shows_its_person_menu_status_and_next_steps(api, kit, story):
    matching = kit.trial(kit.propose(note="本人の希望"))
    api.force_authenticate(story.team_worker)
    body = api.get(reverse("api:matching-detail", args=[matching.pk])).json()
    assert body["person"]["full_name"] == "山田 一郎"
    assert body["case"] == {"id": story.case.pk, "reference": story.case.reference}
    assert body["menu"]["title"] == "パン作り"
    assert (body["status"], body["next_steps"], body["outcome"]) == (
        "trial",
        ["active", "ended"],
        "",
    )


def test_a_listed_person_is_logged_as_read_on_the_api_channel(api, kit, story):
    kit.propose()
    kit.propose(menu=kit.cleaning)
    api.force_authenticate(story.team_worker)
    api.get(reverse("api:matching-list"))
    logged = list(
        AccessLog.objects.filter(channel="api", user=story.team_worker).values_list(
            "kind", "object_id", "basis"
        )
    )
    assert logged == [("person", kit.son.pk, "consent")]


def test_matchings_are_filtered_by_case_person_menu_and_status(api, kit, story):
    first = kit.trial(kit.propose())
    second = kit.propose(menu=kit.cleaning, person=kit.mother)
    api.force_authenticate(story.owner_worker)
    url = reverse("api:matching-list")
    assert ids(api.get(url, {"status": "trial"})) == [first.pk]
    assert ids(api.get(url, {"person": kit.mother.pk})) == [second.pk]
    assert ids(api.get(url, {"menu": kit.bread.pk})) == [first.pk]
    assert sorted(ids(api.get(url, {"case": story.case.pk}))) == sorted([first.pk, second.pk])
    assert ids(api.get(url, {"case": 99999})) == []


def test_follow_ups_are_filtered_by_their_next_date(api, kit, story):
    matching = kit.propose()
    soon = kit.follow_up(matching, next_in=3)
    kit.follow_up(matching, about="host", next_in=30)
    api.force_authenticate(story.owner_worker)
    in_a_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    assert ids(api.get(reverse("api:follow-up-list"), {"next_on_before": in_a_week})) == [soon.pk]


# --- person-level records: writing -------------------------------------------------------


PROPOSE = {"owner": 201, "team": 201, "uncovered": 403, "stranger": 400, "anonymous": 401}


@pytest.mark.parametrize("persona", PERSONAS)
def test_proposing_a_match_follows_the_cases_access(api, kit, persona):
    as_(api, kit.story, persona)
    response = api.post(
        reverse("api:matching-list"),
        {"case": kit.story.case.pk, "person": kit.son.pk, "menu": kit.bread.pk},
        format="json",
    )
    assert response.status_code == PROPOSE[persona], response.content
    if persona == "stranger":
        assert response.json() == {"case": [str(access.NOT_FOUND)]}
    assert Matching.objects.count() == (1 if PROPOSE[persona] == 201 else 0)


def test_proposing_for_someone_outside_the_household_is_a_400_on_person(api, kit, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:matching-list"),
        {"case": story.case.pk, "person": 99999, "menu": kit.bread.pk},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"person"}


def test_the_lifecycle_through_the_api(api, kit, story):
    matching = kit.propose()
    api.force_authenticate(story.owner_worker)
    trial = api.post(
        reverse("api:matching-start-trial", args=[matching.pk]), {"version": 1}, format="json"
    )
    assert (trial.status_code, trial.json()["status"]) == (200, "trial")
    active = api.post(
        reverse("api:matching-activate", args=[matching.pk]), {"version": 2}, format="json"
    )
    assert active.json()["status"] == "active"
    ended = api.post(
        reverse("api:matching-end", args=[matching.pk]),
        {"version": 3, "outcome": "settled", "reason": "定着した"},
        format="json",
    )
    assert (ended.json()["status"], ended.json()["outcome"]) == ("ended", "settled")


def test_a_bad_transition_is_a_400_with_the_message(api, kit, story):
    matching = kit.propose()
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:matching-activate", args=[matching.pk]), {"version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            str(
                people.BAD_TRANSITION
                % {
                    "current": "Proposed",
                    "target": "Taking part",
                    "hint": people.HINT_NEXT % {"allowed": "Trial / Ended"},
                }
            )
        ]
    }


def test_ending_without_outcome_or_reason_is_a_400_on_those_fields(api, kit, story):
    matching = kit.propose()
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:matching-end", args=[matching.pk]),
        {"version": 1, "outcome": "", "reason": ""},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"outcome", "reason"}


def test_a_full_menu_is_a_400(api, kit, story):
    menu = kit.menu(capacity=1)
    kit.trial(kit.propose(menu=menu, person=kit.mother))
    waiting = kit.propose(menu=menu)
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:matching-start-trial", args=[waiting.pk]), {"version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(directory.MENU_FULL % {"capacity": 1})]}


def test_a_stale_step_is_a_409(api, kit, story):
    matching = kit.trial(kit.propose())
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:matching-activate", args=[matching.pk]), {"version": 1}, format="json"
    )
    assert response.status_code == 409


STEP = {"owner": 200, "team": 403, "uncovered": 403, "stranger": 404, "anonymous": 401}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_supporting_agency_or_the_case_owner_moves_a_matching(api, kit, persona):
    matching = kit.propose(by=kit.story.owner_worker)
    as_(api, kit.story, persona)
    for name in ("api:matching-start-trial", "api:matching-activate", "api:matching-end"):
        response = api.post(
            reverse(name, args=[matching.pk]),
            {"version": matching.version, "outcome": "other", "reason": "x"},
            format="json",
        )
        if persona == "owner":
            assert response.status_code == 200, (name, response.content)
            matching.refresh_from_db()
        else:
            assert response.status_code == STEP[persona], name
    if persona != "owner":
        matching.refresh_from_db()
        assert matching.status == "proposed"


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_follow_up_follows_the_cases_access(api, kit, persona):
    matching = kit.propose()
    as_(api, kit.story, persona)
    response = api.post(
        reverse("api:follow-up-list"),
        {"matching": matching.pk, "about": "person", "note": "面談"},
        format="json",
    )
    expected = {"owner": 201, "team": 201, "uncovered": 403, "stranger": 400, "anonymous": 401}
    assert response.status_code == expected[persona], response.content
    if persona == "stranger":
        assert response.json() == {"matching": [str(access.NOT_FOUND)]}
    assert FollowUp.objects.count() == (1 if expected[persona] == 201 else 0)


def test_a_follow_up_with_a_bad_next_date_is_a_400_on_next_on(api, kit, story):
    matching = kit.propose()
    api.force_authenticate(story.owner_worker)
    today = timezone.localdate().isoformat()
    response = api.post(
        reverse("api:follow-up-list"),
        {"matching": matching.pk, "about": "host", "note": "x", "next_on": today},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"next_on": [str(people.NEXT_AFTER_DONE)]}


PLAN_CREATE = {"owner": 201, "team": 201, "uncovered": 403, "stranger": 400, "anonymous": 401}


@pytest.mark.parametrize("persona", PERSONAS)
def test_starting_a_plan_follows_the_cases_access(api, kit, persona):
    as_(api, kit.story, persona)
    response = api.post(
        reverse("api:plan-list"),
        {"case": kit.story.case.pk, "person": kit.son.pk, "goals": "外に出る"},
        format="json",
    )
    assert response.status_code == PLAN_CREATE[persona], response.content
    assert ParticipationPlan.objects.count() == (1 if PLAN_CREATE[persona] == 201 else 0)


def test_a_plans_goals_are_changed_by_its_agency(api, kit, story):
    plan = kit.propose(by=story.team_worker).plan
    url = reverse("api:plan-detail", args=[plan.pk])
    api.force_authenticate(story.team_worker)
    response = api.patch(url, {"goals": "週1回", "version": 1}, format="json")
    assert (response.status_code, response.json()["goals"]) == (200, "週1回")
    api.force_authenticate(story.uncovered_worker)
    assert api.patch(url, {"goals": "x", "version": 2}, format="json").status_code == 403


# --- constant query counts ---------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 50])
def test_the_menu_list_runs_a_constant_number_of_queries(
    kit, story, rows, django_assert_max_num_queries
):
    for n in range(rows - 2):
        kit.menu(f"メニュー{n:03}")
    client = token_client(story.other)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, count, page (menus with host, area, agency and the places
    # taken in one query)
    with django_assert_max_num_queries(5):
        assert len(ids(client.get(reverse("api:menu-list")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_host_list_runs_a_constant_number_of_queries(
    kit, story, rows, django_assert_max_num_queries
):
    for n in range(rows - 2):
        services.host_create(actor=story.owner_worker, name=f"受け入れ先{n:03}")
    client = token_client(story.other)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, count, page (hosts with agency, group, registering agency
    # and the count of menus in one query)
    with django_assert_max_num_queries(5):
        assert len(ids(client.get(reverse("api:host-list")))) == rows


def _matchings(kit, rows: int) -> list[Matching]:
    """`rows` matchings of the story's case, each with a follow-up."""
    matchings = []
    for n in range(rows):
        menu = kit.menu(f"メニュー{n:03}", capacity=5)
        matching = kit.propose(menu=menu, person=kit.son if n % 2 else kit.mother)
        kit.follow_up(matching)
        matchings.append(matching)
    return matchings


@pytest.mark.parametrize("rows", [10, 50])
@pytest.mark.parametrize("name", ["api:matching-list", "api:follow-up-list", "api:plan-list"])
def test_the_person_level_lists_run_a_constant_number_of_queries(
    kit, story, rows, name, django_assert_max_num_queries
):
    _matchings(kit, rows)
    client = token_client(story.team_agency)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, count, page (with case, person, menu, host and agency; the
    # readable cases as one Exists() subquery), the basis of each person listed, one INSERT
    # into the access log
    with django_assert_max_num_queries(7):
        response = client.get(reverse(name))
    assert response.status_code == 200
    expected = 2 if name == "api:plan-list" else rows
    assert len(response.json()["results"]) == expected
