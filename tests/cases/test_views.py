"""Permission stories for every case page, and what each page does for the allowed user.

Actors: the owner's caseworker and supervisor, a team agency covered by consent, a team
agency without consent, the covered agency after the consent was withdrawn and after it
expired, a stranger agency, and an anonymous visitor."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import AccessLog, Case, Consultation, Referral
from tests.factories import open_case, record_consent

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

ACTORS = [
    "owner_worker",
    "owner_supervisor",
    "team_with_consent",
    "team_without_consent",
    "after_withdrawal",
    "after_expiry",
    "stranger",
    "anonymous",
]


@pytest.fixture
def actor(request, story, client):
    """Log the client in as the named actor (setting the scene first)."""
    name = request.param
    traveller = None
    user = {
        "owner_worker": story.owner_worker,
        "owner_supervisor": story.owner_supervisor,
        "team_with_consent": story.team_worker,
        "team_without_consent": story.uncovered_worker,
        "after_withdrawal": story.team_worker,
        "after_expiry": story.team_worker,
        "stranger": story.stranger,
        "anonymous": None,
    }[name]
    if name == "after_withdrawal":
        services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="撤回")
    if name == "after_expiry":
        traveller = time_machine.travel(timezone.now() + dt.timedelta(days=400))
        traveller.start()
    if user is not None:
        client.force_login(user)  # after any time travel: sessions expire when idle
    yield name
    if traveller is not None:
        traveller.stop()


def _expect(response, expected: int) -> None:
    if expected == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, response.content[:500]


READ = {  # the case and its household are readable by owners and covered team agencies
    "owner_worker": 200,
    "owner_supervisor": 200,
    "team_with_consent": 200,
    "team_without_consent": 403,
    "after_withdrawal": 403,
    "after_expiry": 403,
    "stranger": 404,
    "anonymous": 302,
}
CHANGE = {**READ, "team_with_consent": 403}


def _owner_consultation(story) -> Consultation:
    return story.case.consultations.get()


PAGES = {
    "case detail": (lambda s: reverse("cases:detail", args=[s.case.pk]), READ),
    "case history": (lambda s: reverse("cases:history", args=[s.case.pk]), READ),
    "case edit": (lambda s: reverse("cases:edit", args=[s.case.pk]), CHANGE),
    "consultation create": (lambda s: reverse("cases:consultation_new", args=[s.case.pk]), READ),
    "consultation update": (
        lambda s: reverse("cases:consultation_edit", args=[s.case.pk, _owner_consultation(s).pk]),
        CHANGE,
    ),
    "household detail": (lambda s: reverse("cases:household", args=[s.case.household_id]), READ),
    "household update": (
        lambda s: reverse("cases:household_edit", args=[s.case.household_id]),
        CHANGE,
    ),
    "referral create": (lambda s: reverse("cases:refer", args=[s.case.pk]), READ),
    "consent create": (lambda s: reverse("cases:consent_new", args=[s.case.pk]), CHANGE),
    "lead change": (lambda s: reverse("cases:lead_change", args=[s.case.pk]), CHANGE),
    "closure proposal": (lambda s: reverse("cases:closure_propose", args=[s.case.pk]), CHANGE),
}


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_case_page_admits_exactly_who_the_policy_allows(client, story, actor, page):
    url_for, expected = PAGES[page]
    _expect(client.get(url_for(story)), expected[actor])


LISTED = {
    "owner_worker": True,
    "owner_supervisor": True,
    "team_with_consent": True,
    "team_without_consent": False,
    "after_withdrawal": False,
    "after_expiry": False,
    "stranger": False,
}


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
def test_the_case_list_shows_the_case_only_to_readers(client, story, actor):
    response = client.get(reverse("cases:list"))
    if actor == "anonymous":
        _expect(response, 302)
        return
    assert response.status_code == 200
    assert (story.case.title in response.text) is LISTED[actor]


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
def test_search_finds_the_household_only_for_readers(client, story, actor):
    response = client.get(reverse("cases:search"), {"q": "やまだ"})
    if actor == "anonymous":
        _expect(response, 302)
        return
    assert response.status_code == 200
    assert ("山田 一郎" in response.text) is LISTED[actor]


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
def test_only_the_owner_can_post_an_update_to_the_case(client, story, actor):
    response = client.post(
        reverse("cases:edit", args=[story.case.pk]),
        {
            "title": "書き換え",
            "status": "assessment",
            "referral_source": "family",
            "projects": ["consultation"],
            "version": story.case.version,
        },
    )
    title = Case.objects.get(pk=story.case.pk).title
    if actor in ("owner_worker", "owner_supervisor"):
        assert response.status_code == 302
        assert title == "書き換え"
    else:
        _expect(response, CHANGE[actor])
        assert title != "書き換え"


def test_the_card_names_the_lead_agency_and_its_phone(client, story):
    client.force_login(story.uncovered_worker)
    response = client.get(reverse("cases:detail", args=[story.case.pk]))
    assert response.status_code == 403
    assert story.hub.name in response.text
    assert story.hub.phone in response.text
    assert story.case.title not in response.text
    assert "山田 一郎" not in response.text


def test_a_stranger_sees_the_same_page_as_for_a_missing_case(client, story):
    client.force_login(story.stranger)
    existing = client.get(reverse("cases:detail", args=[story.case.pk]))
    missing = client.get(reverse("cases:detail", args=[999_999]))
    assert existing.status_code == missing.status_code == 404

    def main(response) -> str:  # the page body, without the per-request CSRF token
        return response.text.split('<main id="main">')[1]

    assert main(existing) == main(missing)


def test_an_agency_admin_is_told_their_role_has_no_case_access(client, story):
    client.force_login(story.hub_admin)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 403


def test_the_case_history_reads_its_reasons_in_japanese(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:history", args=[story.case.pk])).content.decode()
    assert "ケースを受付" in page
    assert "同意を記録" in page
    assert "case opened" not in page


def test_reading_a_case_page_logs_the_case_household_and_the_persons_it_names(client, story):
    client.force_login(story.team_worker)
    client.get(reverse("cases:detail", args=[story.case.pk]))
    logged = AccessLog.objects.filter(user=story.team_worker)
    assert sorted(logged.values_list("kind", flat=True)) == ["case", "household", "person"]
    # the consenting mother; her son, whom the consent does not cover, is not named
    assert logged.get(kind="person").object_id == story.consent.person_id
    assert set(AccessLog.objects.values_list("basis", flat=True)) == {"consent"}


# --- what the pages do ---------------------------------------------------------------


def _intake_post(**overrides):
    data = {
        "household_name": "佐藤家",
        "address": "テスト市西町5-6",
        "postal_code": "",
        "phone": "",
        "area": "",
        "title": "ひきこもりの長男について母から相談",
        "referral_source": "family",
        "projects": ["consultation"],
        "occurred_at": (timezone.localtime() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "visit",
        "minutes": "45",
        "narrative": "母が来所。長男（42）が10年以上外出していない。",
        "person-TOTAL_FORMS": "2",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "10",
        "person-0-family_name": "佐藤",
        "person-0-given_name": "和子",
        "person-0-family_name_kana": "さとう",
        "person-0-given_name_kana": "かずこ",
        "person-0-birth_date": "1952-03-01",
        "person-0-sex": "female",
        "person-0-relation": "head",
        "person-1-family_name": "佐藤",
        "person-1-given_name": "健",
        "person-1-family_name_kana": "さとう",
        "person-1-given_name_kana": "けん",
        "person-1-birth_date": "1983-06-10",
        "person-1-sex": "male",
        "person-1-relation": "child",
    }
    data.update(overrides)
    return data


def test_quick_intake_creates_household_persons_case_and_first_consultation(client, story):
    client.force_login(story.owner_worker)
    response = client.post(reverse("cases:intake"), _intake_post())
    assert response.status_code == 302
    case = Case.objects.get(title="ひきこもりの長男について母から相談")
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.household.memberships.count() == 2
    assert case.consultations.get().minutes == 45
    assert case.owner_agency == story.hub


def test_quick_intake_can_attach_to_an_existing_household(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:intake"),
        _intake_post(
            household=story.case.household_id, household_name="", **{"person-TOTAL_FORMS": "0"}
        ),
    )
    assert response.status_code == 302
    assert story.case.household.cases.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"person-0-birth_date": "2999-01-01"}, "birth_date"),
        ({"occurred_at": "2999-01-01T10:00"}, "occurred_at"),
        ({"minutes": "-5"}, "minutes"),
        ({"narrative": "あ" * 10_001}, "narrative"),
        ({"household_name": "", "person-TOTAL_FORMS": "0"}, "household_name"),
        ({"projects": ["nonsense"]}, "projects"),
    ],
)
def test_bad_intake_input_gets_a_field_error_and_saves_nothing(client, story, overrides, field):
    client.force_login(story.owner_worker)
    before = Case.objects.count()
    response = client.post(reverse("cases:intake"), _intake_post(**overrides))
    assert response.status_code == 200
    errors = dict(response.context["form"].errors)
    for f in response.context["formset"].forms:
        errors.update(f.errors)
    assert field in errors
    assert Case.objects.count() == before


def test_household_search_for_intake_offers_only_visible_households(client, story):
    client.force_login(story.stranger)
    response = client.get(reverse("cases:household_lookup"), {"q": "山田"})
    assert "山田家" not in response.text
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:household_lookup"), {"q": "山田"})
    assert "山田家" in response.text


def test_a_referral_is_previewed_before_it_is_sent(client, story):
    client.force_login(story.owner_worker)
    data = {
        "to_agency": story.other.pk,
        "reason": "就労支援の依頼",
        "summary": "40代男性。就労経験なし。",
    }
    preview = client.post(
        reverse("cases:refer", args=[story.case.pk]), {**data, "confirm": "preview"}
    )
    assert preview.status_code == 200
    assert "40代男性。就労経験なし。" in preview.text
    assert not Referral.objects.exists()
    sent = client.post(reverse("cases:refer", args=[story.case.pk]), {**data, "confirm": "send"})
    assert sent.status_code == 302
    assert Referral.objects.get().to_agency == story.other


def test_a_referral_to_ones_own_agency_is_refused_as_a_field_error(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:refer", args=[story.case.pk]),
        {"to_agency": story.hub.pk, "reason": "x", "summary": "y", "confirm": "send"},
    )
    assert response.status_code == 200
    assert "to_agency" in response.context["form"].errors


def test_a_referral_to_an_unknown_agency_is_a_field_error(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:refer", args=[story.case.pk]),
        {"to_agency": 999_999, "reason": "x", "summary": "y", "confirm": "send"},
    )
    assert response.status_code == 200
    assert "to_agency" in response.context["form"].errors


def test_the_receiving_agency_accepts_and_joins_the_team_but_sees_only_the_card(client, story):
    services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="依頼",
        summary="概要",
    )
    referral = Referral.objects.get()
    client.force_login(story.stranger)
    inbox = client.get(reverse("cases:referrals"))
    assert "概要" in inbox.text
    response = client.post(
        reverse("cases:referral_accept", args=[referral.pk]), {"note": "受けます"}
    )
    assert response.status_code == 302
    assert story.case.team.filter(agency=story.other, left_on__isnull=True).exists()
    assert client.get(reverse("cases:detail", args=[story.case.pk])).status_code == 403


def test_accepting_when_a_consent_already_covers_the_agency_says_it_can_read(client, story):
    record_consent(
        case=story.case, by=story.owner_worker, all_team_agencies=False, agencies=[story.other]
    )
    services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="依頼",
        summary="概要",
    )
    client.force_login(story.stranger)

    response = client.post(
        reverse("cases:referral_accept", args=[Referral.objects.get().pk]),
        {"note": "受けます"},
        follow=True,
    )

    said = " ".join(str(m) for m in response.context["messages"])
    assert "閲覧できます" in said
    assert "同意があなたの機関に及んだ時点" not in said


def test_another_agency_cannot_answer_a_referral_it_did_not_receive(client, story):
    services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="依頼",
        summary="概要",
    )
    referral = Referral.objects.get()
    client.force_login(story.team_worker)
    response = client.post(reverse("cases:referral_accept", args=[referral.pk]))
    assert response.status_code == 404
    assert Referral.objects.get().status == "sent"


def test_returning_a_referral_needs_a_reason(client, story):
    services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="依頼",
        summary="概要",
    )
    referral = Referral.objects.get()
    client.force_login(story.stranger)
    client.post(reverse("cases:referral_return", args=[referral.pk]), {"note": ""})
    assert Referral.objects.get().status == "sent"
    client.post(reverse("cases:referral_return", args=[referral.pk]), {"note": "対象外のため"})
    assert Referral.objects.get().status == "returned"


def test_consent_ending_before_it_starts_is_a_field_error(client, story):
    client.force_login(story.owner_worker)
    person = story.case.household.memberships.first().person
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]),
        {
            "person": person.pk,
            "all_team_agencies": "on",
            "purposes": ["sharing"],
            "method": "written",
            "valid_from": "2026-04-01",
            "valid_until": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "valid_until" in response.context["form"].errors


def test_recording_consent_for_all_team_agencies_opens_the_case_to_them(client, story):
    client.force_login(story.owner_worker)
    person = story.case.household.memberships.first().person
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]),
        {
            "person": person.pk,
            "all_team_agencies": "on",
            "purposes": ["sharing", "meeting"],
            "method": "written",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    client.force_login(story.uncovered_worker)
    assert client.get(reverse("cases:detail", args=[story.case.pk])).status_code == 200


def test_withdrawing_consent_closes_the_case_to_the_team_on_the_next_request(client, story):
    client.force_login(story.team_worker)
    assert client.get(reverse("cases:detail", args=[story.case.pk])).status_code == 200
    client.force_login(story.owner_worker)
    client.post(
        reverse("cases:consent_withdraw", args=[story.case.pk, story.consent.pk]),
        {"reason": "本人の申出"},
    )
    client.force_login(story.team_worker)
    assert client.get(reverse("cases:detail", args=[story.case.pk])).status_code == 403


def test_a_concurrent_case_edit_is_refused_with_the_typed_text_kept(client, story):
    client.force_login(story.owner_worker)
    url = reverse("cases:edit", args=[story.case.pk])
    data = {"status": "assessment", "referral_source": "family", "projects": ["consultation"]}
    client.post(url, {**data, "title": "一人目", "version": story.case.version})
    response = client.post(url, {**data, "title": "二人目の入力", "version": story.case.version})
    assert response.status_code == 200
    assert "二人目の入力" in response.text
    assert Case.objects.get(pk=story.case.pk).title == "一人目"


def test_a_consultation_is_logged_by_a_covered_team_agency(client, story):
    client.force_login(story.team_worker)
    response = client.post(
        reverse("cases:consultation_new", args=[story.case.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "mode": "home_visit",
            "minutes": "60",
            "narrative": "訪問。母の介護保険申請を支援。",
            "projects": ["consultation"],
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#tab-timeline")
    assert story.case.consultations.filter(agency=story.team_agency).exists()


def test_the_supervisor_approves_a_proposed_closure_and_the_case_can_be_reopened(client, story):
    client.force_login(story.owner_worker)
    client.post(reverse("cases:closure_propose", args=[story.case.pk]), {"reason": "goals_met"})
    closure = story.case.closures.get()
    client.force_login(story.owner_supervisor)
    response = client.post(
        reverse("cases:closure_decide", args=[story.case.pk, closure.pk]),
        {"decision": "approve", "evaluation": "就労につながり、母の介護サービスも安定した。"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=story.case.pk).status == "closed"
    client.post(reverse("cases:reopen", args=[story.case.pk]), {"reason": "再び相談があった"})
    assert Case.objects.get(pk=story.case.pk).status == "received"


def test_a_caseworker_cannot_approve_a_closure(client, story):
    closure = services.closure_propose(
        actor=story.owner_worker, case=story.case, reason="goals_met"
    )
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:closure_decide", args=[story.case.pk, closure.pk]),
        {"decision": "approve", "evaluation": "x"},
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=story.case.pk).status != "closed"


def test_the_case_page_shows_team_consent_badges_and_the_timeline(client, story):
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:detail", args=[story.case.pk]))
    text = response.text
    assert story.team_agency.name in text and story.uncovered_agency.name in text
    assert "badge ok" in text and "badge warn" in text
    assert "母の介護と自身の就労" in text


def test_the_home_page_lists_my_cases_and_waiting_referrals(client, story):
    services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="就労の相談",
        summary="概要",
    )
    client.force_login(story.owner_worker)
    assert story.case.title in client.get(reverse("home")).text
    client.force_login(story.stranger)
    assert "就労の相談" in client.get(reverse("home")).text


@pytest.mark.parametrize("rows", [10, 50])
def test_the_case_list_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    from tests.factories import open_case

    for n in range(rows):
        open_case(worker=story.owner_worker, name=f"世帯{n:03}")
    client.force_login(story.owner_worker)
    # session, user, memberships, whether the user holds a personal 106-6 grant, whether
    # they have cases of their own (the list opens on them), filter count, page of cases
    # (with household and agencies), access-log bases, access-log insert, session save
    # (savepoint, update, release), the filter's worker and area choices
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200


def _plan_with_action(story):
    from cases.services.plans import ActionData

    plan = services.plan_create(
        actor=story.owner_worker,
        case=story.case,
        goals="母の在宅生活の継続",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actions=[ActionData("介護保険の申請支援", story.team_agency)],
    )
    return plan.actions.get()


def test_the_responsible_agency_reports_progress_on_its_action(client, story):
    action = _plan_with_action(story)
    client.force_login(story.team_worker)
    url = reverse("cases:plan_action_status", args=[story.case.pk, action.pk])
    assert client.post(url, {"status": "doing"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "doing"


def test_an_agency_neither_responsible_nor_owning_cannot_change_an_action(client, story):
    action = _plan_with_action(story)
    services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="撤回")
    from tests.factories import record_consent

    record_consent(case=story.case, by=story.owner_worker, all_team_agencies=True)
    client.force_login(story.uncovered_worker)
    url = reverse("cases:plan_action_status", args=[story.case.pk, action.pk])
    assert client.post(url, {"status": "done"}).status_code == 403
    client.force_login(story.stranger)
    assert client.post(url, {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == "todo"


def test_a_move_ends_one_membership_and_starts_another(client, story):
    from tests.factories import open_case

    new_home = open_case(worker=story.owner_worker, name="転居先世帯").household
    person = story.case.household.memberships.get(relation="child").person
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:person_move", args=[story.case.household_id, person.pk]),
        {"household": new_home.pk, "relation": "lodger", "on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert person.memberships.get(ended_on__isnull=True).household == new_home
    assert person.memberships.filter(household=story.case.household).get().ended_on is not None


@pytest.mark.parametrize(("who", "status"), [("team_worker", 403), ("stranger", 404)])
def test_only_the_owner_records_a_move(client, story, who, status):
    person = story.case.household.memberships.get(relation="child").person
    client.force_login(getattr(story, who))
    url = reverse("cases:person_move", args=[story.case.household_id, person.pk])
    assert client.get(url).status_code == status


# --- the case list: whose cases, orderings, the capped count ------------------------------


def test_the_case_list_opens_on_the_workers_own_cases(client, story):
    colleague_case = open_case(worker=story.owner_supervisor, title="同僚の担当ケース")
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:list"))
    assert story.case.title in response.text
    assert colleague_case.title not in response.text
    assert response.context["form"]["scope"].value() == "me"


def test_the_case_list_shows_the_agencys_cases_when_asked(client, story):
    colleague_case = open_case(worker=story.owner_supervisor, title="同僚の担当ケース")
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:list"), {"scope": "agency"})
    assert story.case.title in response.text
    assert colleague_case.title in response.text


def test_a_worker_without_cases_of_their_own_sees_every_case_they_may_read(client, story):
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:list"))
    assert response.context["form"]["scope"].value() == "all"
    assert story.case.title in response.text


def test_the_case_list_sorts_by_the_longest_without_contact(client, story):
    quiet = open_case(worker=story.owner_worker, title="連絡の途絶えたケース")
    quiet_at = timezone.now() - dt.timedelta(days=200)
    Case.objects.filter(pk=quiet.pk).update(last_contact_at=quiet_at)
    Case.objects.filter(pk=story.case.pk).update(last_contact_at=timezone.now())
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:list"), {"sort": "contact"})
    shown = [c.pk for c in response.context["page"].object_list]
    assert shown.index(quiet.pk) < shown.index(story.case.pk)


def test_above_the_cap_the_case_list_says_or_more_instead_of_counting(client, story, settings):
    settings.LIST_COUNT_CAP = 1
    open_case(worker=story.owner_worker, title="二件目")
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:list"))
    assert response.context["page"].paginator.capped
    assert "1件以上" in response.text


@pytest.mark.parametrize("size", [3, 30])
def test_the_case_list_runs_the_same_queries_whatever_the_number_of_cases(
    client, story, size, django_assert_max_num_queries
):
    for i in range(size):
        open_case(worker=story.owner_worker, title=f"ケース{i}")
    client.force_login(story.owner_worker)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("cases:list")).status_code == 200


def test_a_second_click_on_a_column_header_reverses_the_order(client, story):
    older = open_case(worker=story.owner_worker, title="古いケース")
    Case.objects.filter(pk=older.pk).update(opened_on=dt.date(2020, 4, 1))
    client.force_login(story.owner_worker)

    newest_first = client.get(reverse("cases:list"), {"sort": "opened"})
    oldest_first = client.get(reverse("cases:list"), {"sort": "-opened"})

    assert [c.pk for c in newest_first.context["page"].object_list][-1] == older.pk
    assert oldest_first.context["page"].object_list[0].pk == older.pk
    assert "sort=-opened" in newest_first.text
    assert "sort=opened" in oldest_first.text


def test_case_list_dates_are_short_wareki(client, story):
    Case.objects.filter(pk=story.case.pk).update(opened_on=dt.date(2026, 12, 2))
    client.force_login(story.owner_worker)

    response = client.get(reverse("cases:list"))

    assert "R8.12.2" in response.text


def test_the_case_page_is_in_tabs_with_the_summary_above_them(client, story):
    client.force_login(story.owner_worker)

    response = client.get(reverse("cases:detail", args=[story.case.pk]))

    page = response.text
    assert page.index('class="facts"') < page.index('role="tablist"')
    for tab in ("overview", "timeline", "plan", "team", "history"):
        assert f'id="tab-{tab}"' in page
    assert page.index('id="tab-team"') < page.index('id="team-h"')
