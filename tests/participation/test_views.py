"""The participation pages as a permission story: the case's owner, a team agency covered by
consent, a team agency without consent (403 naming the consent), a stranger (the 404 of a
missing record) and an anonymous visitor (sent to log in). The directory is for all staff;
only the developing agency edits a menu. Bad input comes back as form errors, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog
from participation import services
from participation.models import FollowUp, Matching
from participation.services import directory, people
from tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

HTMX = {"HTTP_HX_REQUEST": "true"}


def user_of(story, persona: str):
    return {
        "owner": story.owner_worker,
        "team": story.team_worker,
        "uncovered": story.uncovered_worker,
        "stranger": story.stranger,
        "anonymous": None,
    }[persona]


def as_(client, story, persona: str):
    user = user_of(story, persona)
    if user is not None:
        client.force_login(user)
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


# --- the directory: every staff member reads it ------------------------------------------

DIRECTORY_PAGES = ["participation:menus", "participation:hosts"]


@pytest.mark.parametrize("page", DIRECTORY_PAGES)
@pytest.mark.parametrize("persona", ["owner", "team", "uncovered", "stranger"])
def test_every_staff_member_reads_the_directory(client, kit, page, persona):
    response = as_(client, kit.story, persona).get(reverse(page))
    assert response.status_code == 200
    assert "パン作り" in response.text or "カフェ こもれび" in response.text


@pytest.mark.parametrize("page", DIRECTORY_PAGES)
def test_an_agency_administrator_reads_the_directory_too(client, kit, page):
    client.force_login(kit.story.hub_admin)
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", DIRECTORY_PAGES)
def test_a_user_of_no_agency_is_refused_the_directory(client, kit, page):
    client.force_login(kit.story.no_agency)
    assert client.get(reverse(page)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_directory(client, kit):
    for url in (
        *(reverse(page) for page in DIRECTORY_PAGES),
        reverse("participation:menu_new"),
        reverse("participation:host_new"),
        reverse("participation:menu", args=[kit.bread.pk]),
        reverse("participation:menu_edit", args=[kit.bread.pk]),
        reverse("participation:host_edit", args=[kit.cafe.pk]),
    ):
        assert is_login_redirect(client.get(url)), url
        assert is_login_redirect(client.post(url, {"title": "x", "name": "x"})), url
    kit.bread.refresh_from_db()
    assert kit.bread.title == "パン作り"


def test_anyone_reads_a_menu_but_only_the_developer_is_offered_to_edit_it(client, kit, story):
    url = reverse("participation:menu", args=[kit.bread.pk])
    edit = reverse("participation:menu_edit", args=[kit.bread.pk])
    client.force_login(story.stranger)
    response = client.get(url)
    assert response.status_code == 200
    assert "カフェ厨房で生地の成形と袋詰め" in response.text
    assert edit not in response.text
    client.force_login(story.team_worker)
    assert edit in client.get(url).text


def test_a_missing_menu_is_a_404(client, kit, story):
    client.force_login(story.owner_worker)
    assert client.get(reverse("participation:menu", args=[99999])).status_code == 404


def test_the_directory_filters_by_words_and_answers_htmx_with_the_rows(client, kit, story):
    client.force_login(story.stranger)
    response = client.get(reverse("participation:menus"), {"q": "厨房"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "パン作り" in response.text and "商店街清掃" not in response.text


def test_the_directory_filters_by_area_kind_and_target(client, kit, story):
    client.force_login(story.owner_worker)
    response = client.get(
        reverse("participation:menus"),
        {"area": kit.areas.east.pk, "kind": "volunteering", "target": "youth"},
    )
    assert "商店街清掃" in response.text and "パン作り" not in response.text


def test_an_invalid_filter_is_a_form_error_not_a_500(client, kit, story):
    client.force_login(story.owner_worker)
    response = client.get(reverse("participation:menus"), {"area": "x", "kind": "nope"})
    assert response.status_code == 200
    assert "errorlist" in response.text


@pytest.mark.parametrize("rows", [10, 50])
def test_the_menu_directory_runs_a_constant_number_of_queries(
    client, kit, story, rows, django_assert_max_num_queries
):
    for n in range(rows - 2):
        kit.menu(f"メニュー{n:03}", area=kit.areas.honmachi)
    client.force_login(story.stranger)
    # session, user, memberships (nav), count, the filter form's areas, page (menus with
    # host, area, agency and the places taken in one query), session save (savepoint,
    # update, release)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("participation:menus"))
    assert response.status_code == 200


# --- registering and editing menus and hosts ---------------------------------------------


def test_a_caseworker_registers_a_menu_for_their_agency(client, kit, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:menu_new"),
        {
            "title": "図書館の本の修理",
            "kind": "volunteering",
            "what": "傷んだ本の補修",
            "host": kit.cafe.pk,
            "capacity": 2,
            "target": "everyone",
            "developed_on": timezone.localdate().isoformat(),
            "developed_by": story.hub.pk,
        },
    )
    assert response.status_code == 302
    menu = kit.bread.__class__.objects.get(title="図書館の本の修理")
    assert menu.developed_by == story.hub


def test_registering_a_menu_with_bad_input_shows_the_errors(client, kit, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:menu_new"),
        {"title": "", "kind": "x", "capacity": 0, "host": 999, "developed_by": story.other.pk},
    )
    assert response.status_code == 200
    for field in ("title", "kind", "what", "capacity", "host"):
        assert response.context["form"].errors.get(field), field


def test_a_worker_of_one_agency_is_not_asked_which_agency_develops_a_menu(client, story):
    client.force_login(story.owner_worker)
    form = client.get(reverse("participation:menu_new")).context["form"]
    assert "developed_by" not in form.fields


def test_an_agency_administrator_does_not_register_menus(client, kit, story):
    client.force_login(story.hub_admin)
    assert client.get(reverse("participation:menu_new")).status_code == 403


def test_the_developing_agency_edits_its_menu(client, kit, story):
    client.force_login(story.team_worker)
    url = reverse("participation:menu_edit", args=[kit.bread.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(title="パン作り（午前）", developed_on=kit.bread.developed_on.isoformat())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    kit.bread.refresh_from_db()
    assert (kit.bread.title, kit.bread.version) == ("パン作り（午前）", 2)


@pytest.mark.parametrize("persona", ["owner", "stranger"])
def test_another_agency_cannot_edit_a_menu(client, kit, persona):
    url = reverse("participation:menu_edit", args=[kit.bread.pk])
    as_(client, kit.story, persona)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403
    kit.bread.refresh_from_db()
    assert kit.bread.title == "パン作り"


def test_a_stale_menu_edit_is_refused_with_the_typed_values_kept(client, kit, story):
    client.force_login(story.team_worker)
    url = reverse("participation:menu_edit", args=[kit.bread.pk])
    services.menu_update(
        actor=story.team_worker, menu=kit.bread, expected_version=1, data={"capacity": 3}
    )
    data = {
        "title": "私の変更",
        "kind": "work_experience",
        "what": "x",
        "host": kit.cafe.pk,
        "capacity": 2,
        "target": "youth",
        "developed_on": timezone.localdate().isoformat(),
        "version": 1,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "私の変更" in response.text


def test_a_caseworker_registers_a_host_and_only_its_agency_edits_it(client, kit, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:host_new"),
        {"name": "まるや", "contact": "店主", "registered_by": story.hub.pk},
    )
    assert response.status_code == 302
    host = kit.cafe.__class__.objects.get(name="まるや")
    url = reverse("participation:host_edit", args=[host.pk])
    assert client.get(url).status_code == 200
    client.force_login(story.stranger)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "version": 1}).status_code == 403


def test_a_host_linked_to_both_an_agency_and_a_group_is_a_form_error(client, kit, story):
    from community.models import Group

    group = Group.objects.create(owner=story.hub, name="朝日町サロン", kind="salon")
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:host_new"),
        {
            "name": "サロン",
            "agency": story.team_agency.pk,
            "group": group.pk,
            "registered_by": story.hub.pk,
        },
    )
    assert response.status_code == 200
    assert str(directory.HOST_ONE_LINK) in str(response.context["form"].errors["group"])


# --- from the case page ------------------------------------------------------------------


def test_the_case_page_shows_the_panel_with_the_cases_matchings(client, kit, story):
    kit.propose()
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:detail", args=[story.case.pk]))
    assert response.status_code == 200
    assert 'id="participation-h"' in response.text
    assert reverse("participation:case_menus", args=[story.case.pk]) in response.text
    assert "パン作り" in response.text


CASE_PERSONAS = [
    ("owner", 200),
    ("team", 200),
    ("uncovered", 403),
    ("stranger", 404),
]


@pytest.mark.parametrize(("persona", "expected"), CASE_PERSONAS)
def test_finding_menus_for_a_case_follows_the_cases_access(client, kit, persona, expected):
    as_(client, kit.story, persona)
    url = reverse("participation:case_menus", args=[kit.story.case.pk])
    response = client.get(url, {"q": "パン"})
    assert response.status_code == expected
    if expected == 200:
        assert "パン作り" in response.text
        assert "一郎" in response.text
    if persona == "uncovered":
        assert kit.story.uncovered_agency.name in response.text


def test_finding_menus_from_the_panel_answers_htmx_with_the_results(client, kit, story):
    client.force_login(story.owner_worker)
    url = reverse("participation:case_menus", args=[story.case.pk])
    response = client.get(url, {"area": kit.areas.honmachi.pk, "kind": "work_experience"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "パン作り" in response.text and "商店街清掃" not in response.text
    assert reverse("participation:case_propose", args=[story.case.pk]) in response.text


def test_an_anonymous_visitor_is_sent_to_log_in_from_every_case_page(client, kit):
    matching = kit.propose()
    case = kit.story.case.pk
    for url in (
        reverse("participation:case_menus", args=[case]),
        reverse("participation:matching", args=[matching.pk]),
        reverse("participation:plan", args=[matching.plan_id]),
    ):
        assert is_login_redirect(client.get(url)), url
    for url in (
        reverse("participation:case_propose", args=[case]),
        reverse("participation:matching_move", args=[matching.pk]),
        reverse("participation:follow_up_new", args=[matching.pk]),
    ):
        assert is_login_redirect(client.post(url, {})), url
    assert Matching.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "expected"), [("owner", 302), ("team", 302), ("uncovered", 403), ("stranger", 404)]
)
def test_proposing_from_the_case_follows_the_cases_access(client, kit, persona, expected):
    as_(client, kit.story, persona)
    response = client.post(
        reverse("participation:case_propose", args=[kit.story.case.pk]),
        {"menu": kit.bread.pk, "person": kit.son.pk, "note": "本人の希望"},
    )
    assert response.status_code == expected
    assert Matching.objects.count() == (1 if expected == 302 else 0)
    if expected == 302:
        matching = Matching.objects.get()
        assert response["Location"] == reverse("participation:matching", args=[matching.pk])
        assert matching.agency == user_of(kit.story, persona).memberships.first().agency


def test_proposing_for_someone_outside_the_household_is_a_form_error(client, kit, story):
    from tests.factories import open_case

    elsewhere = open_case(worker=story.owner_worker, name="田中家").household.memberships.first()
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:case_propose", args=[story.case.pk]),
        {"menu": kit.bread.pk, "person": elsewhere.person_id, "q": "パン"},
    )
    assert response.status_code == 200
    assert response.context["propose"].errors["person"]
    assert "パン作り" in response.text  # the search is still there
    assert not Matching.objects.exists()


def test_proposing_the_same_menu_twice_is_a_form_error(client, kit, story):
    kit.propose()
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:case_propose", args=[story.case.pk]),
        {"menu": kit.bread.pk, "person": kit.son.pk},
    )
    assert response.status_code == 200
    assert str(people.ALREADY_MATCHED) in str(response.context["propose"].errors)


def test_proposing_with_garbage_is_a_form_error(client, kit, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:case_propose", args=[story.case.pk]), {"menu": "x", "person": ""}
    )
    assert response.status_code == 200
    assert set(response.context["propose"].errors) >= {"menu", "person"}


def test_proposing_is_a_post(client, kit, story):
    client.force_login(story.owner_worker)
    url = reverse("participation:case_propose", args=[story.case.pk])
    assert client.get(url).status_code == 405


# --- a matching --------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), CASE_PERSONAS)
def test_a_matching_page_follows_the_cases_access(client, kit, persona, expected):
    matching = kit.propose(note="本人の希望で")
    as_(client, kit.story, persona)
    response = client.get(reverse("participation:matching", args=[matching.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert "本人の希望で" in response.text
    else:
        assert "本人の希望で" not in response.text
        assert "一郎" not in response.text


def test_a_missing_matching_reads_like_a_strangers(client, kit, story):
    client.force_login(story.owner_worker)
    assert client.get(reverse("participation:matching", args=[99999])).status_code == 404


def test_reading_a_matching_logs_the_case_and_the_person(client, kit, story):
    matching = kit.propose()
    client.force_login(story.team_worker)
    client.get(reverse("participation:matching", args=[matching.pk]))
    logged = set(
        AccessLog.objects.filter(user=story.team_worker).values_list("kind", "object_id", "basis")
    )
    assert ("case", story.case.pk, "consent") in logged
    assert ("person", kit.son.pk, "consent") in logged


def test_the_supporting_agency_moves_the_matching_along(client, kit, story):
    matching = kit.propose()
    client.force_login(story.owner_worker)
    url = reverse("participation:matching_move", args=[matching.pk])
    response = client.post(url, {"to": "trial", "version": matching.version})
    assert response.status_code == 302
    matching.refresh_from_db()
    assert (matching.status, matching.trial_on) == ("trial", timezone.localdate())


def test_a_bad_transition_is_shown_with_its_message(client, kit, story):
    matching = kit.propose()
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:matching_move", args=[matching.pk]),
        {"to": "active", "version": matching.version},
    )
    assert response.status_code == 200
    assert "にすることはできません" in response.text
    matching.refresh_from_db()
    assert matching.status == "proposed"


def test_ending_without_outcome_and_reason_shows_the_field_errors(client, kit, story):
    matching = kit.propose()
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:matching_move", args=[matching.pk]),
        {"to": "ended", "version": matching.version},
    )
    assert response.status_code == 200
    errors = response.context["move_form"].errors
    assert set(errors) == {"outcome", "reason"}


def test_moving_with_garbage_is_a_form_error(client, kit, story):
    matching = kit.propose()
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("participation:matching_move", args=[matching.pk]),
        {"to": "flying", "on": "yesterday"},
    )
    assert response.status_code == 200
    assert set(response.context["move_form"].errors) == {"to", "on", "version"}


def test_the_lifecycle_buttons_are_shown_only_to_who_may_use_them(client, kit, story):
    matching = kit.propose()
    url = reverse("participation:matching", args=[matching.pk])
    client.force_login(story.owner_worker)
    assert 'value="trial"' in client.get(url).text
    client.force_login(story.team_worker)
    assert 'value="trial"' not in client.get(url).text


@pytest.mark.parametrize(
    ("persona", "expected"), [("team", 403), ("uncovered", 403), ("stranger", 404)]
)
def test_others_cannot_move_the_matching(client, kit, persona, expected):
    matching = kit.propose(by=kit.story.owner_worker)
    as_(client, kit.story, persona)
    response = client.post(
        reverse("participation:matching_move", args=[matching.pk]),
        {"to": "trial", "version": matching.version},
    )
    assert response.status_code == expected
    matching.refresh_from_db()
    assert matching.status == "proposed"


@pytest.mark.parametrize(("persona", "expected"), CASE_PERSONAS)
def test_recording_a_follow_up_follows_the_cases_access(client, kit, persona, expected):
    matching = kit.propose()
    as_(client, kit.story, persona)
    response = client.post(
        reverse("participation:follow_up_new", args=[matching.pk]),
        {
            "about": "host",
            "note": "店長と電話",
            "done_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == (302 if expected == 200 else expected)
    assert FollowUp.objects.count() == (1 if expected == 200 else 0)


def test_a_follow_up_with_a_bad_next_date_is_a_form_error(client, kit, story):
    matching = kit.propose()
    client.force_login(story.owner_worker)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("participation:follow_up_new", args=[matching.pk]),
        {"about": "person", "note": "面談", "done_on": today, "next_on": today},
    )
    assert response.status_code == 200
    assert response.context["follow_up_form"].errors["next_on"]
    assert not FollowUp.objects.exists()


# --- a person's plan ---------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "expected"), CASE_PERSONAS)
def test_a_plan_page_follows_the_cases_access(client, kit, persona, expected):
    plan = kit.propose().plan
    as_(client, kit.story, persona)
    assert client.get(reverse("participation:plan", args=[plan.pk])).status_code == expected


def test_the_plans_agency_writes_its_goals_and_another_reader_may_not(client, kit, story):
    plan = kit.propose(by=story.owner_worker).plan
    url = reverse("participation:plan", args=[plan.pk])
    client.force_login(story.team_worker)
    assert client.post(url, {"goals": "x", "version": 1}).status_code == 403
    colleague = StaffFactory(agency=story.hub)
    client.force_login(colleague)
    assert client.post(url, {"goals": "週1回、外に出る", "version": 1}).status_code == 302
    plan.refresh_from_db()
    assert plan.goals == "週1回、外に出る"
