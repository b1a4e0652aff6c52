"""History with values, told as the permission story (tests/cases/conftest.py): every
history row says which fields changed from what to what, in Japanese, and only as far as
the policy lets the reader read the record — the owner sees more than the consented team
agency, which sees nothing of an uncovered member's records, of another agency's internal
consultations, or of a 住所秘匿 household's whereabouts."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import selectors, services
from cases.models import Consultation
from core.history_diff import SHORT_TEXT, WITHHELD, display
from core.wareki import to_wareki
from tests.factories import AreaFactory, consultation_data

pytestmark = pytest.mark.django_db

SECRET = "避難先：○○シェルター"
ADDRESS = "テスト市緑町9-9-9"
MOBILE = "090-1111-2222"


def history(story, persona: str) -> list:
    user = getattr(story, persona)
    return selectors.history_of(story.case, user)


def changes_of(rows, model, object_id: int) -> list:
    return [
        (c.field, c.old, c.new)
        for row in rows
        if row.model == model._meta.verbose_name and row.object_id == object_id
        for c in row.changes
    ]


def ids_of(rows, model) -> set[int]:
    return {row.object_id for row in rows if row.model == model._meta.verbose_name}


def page(client, user, name: str, pk: int) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.content[:300]
    return response.text


def correct(story, consultation: Consultation, **data) -> Consultation:
    return services.consultation_update(
        actor=story.owner_worker, consultation=consultation, expected_version=None, data=data
    )


def son(story):
    return story.case.household.memberships.get(relation="child").person


def mother(story):
    return story.case.household.memberships.get(relation="head").person


# --- what a row says -------------------------------------------------------------------


def test_a_consultation_edit_shows_old_and_new_under_the_japanese_field_name(client, story):
    consultation = story.case.consultations.get()
    correct(story, consultation, minutes=45, mode="home_visit")
    text = page(client, story.owner_worker, "cases:history", story.case.pk)
    assert "所要時間（分）" in text
    assert "<del>30</del> → <ins>45</ins>" in text
    assert "相談方法" in text
    assert "相談記録を訂正" in text  # the reason, in Japanese


def test_a_choice_reads_as_its_label_not_its_code(story):
    consultation = story.case.consultations.get()
    correct(story, consultation, mode="home_visit")
    changes = changes_of(history(story, "owner_worker"), Consultation, consultation.pk)
    assert ("mode", "電話", "訪問") in changes  # the labels, in Japanese


def test_a_boolean_reads_as_yes_or_no(client, story):
    consultation = story.case.consultations.get()
    correct(story, consultation, is_internal=True)
    text = page(client, story.owner_worker, "cases:history", story.case.pk)
    assert "<del>いいえ</del> → <ins>はい</ins>" in text


def test_a_date_reads_in_wareki():
    from cases.models import Case

    field = Case._meta.get_field("opened_on")
    assert display(field, dt.date(2019, 5, 1), {}) == "令和元年5月1日"


def test_the_case_opening_shows_its_date_in_wareki(story):
    changes = changes_of(history(story, "owner_worker"), type(story.case), story.case.pk)
    assert ("opened_on", None, str(to_wareki(story.case.opened_on))) in changes


def test_a_foreign_key_reads_as_the_related_records_name(story):
    services.lead_change(
        actor=story.owner_worker, case=story.case, agency=story.team_agency, reason="介護中心"
    )
    from cases.models import LeadAssignment

    rows = history(story, "owner_worker")
    lead = LeadAssignment.objects.get(case=story.case, ended_on__isnull=True)
    assert ("agency", None, story.team_agency.name) in changes_of(rows, LeadAssignment, lead.pk)


def test_a_creation_shows_the_initial_values_that_hold_something(story):
    consultation = services.consultation_log(
        actor=story.owner_worker, case=story.case, data=consultation_data(minutes=20)
    )
    changes = changes_of(history(story, "owner_worker"), Consultation, consultation.pk)
    fields = {f for f, _, _ in changes}
    assert ("minutes", None, "20") in changes
    assert "outcome" not in fields  # empty: nothing to say


def test_internal_columns_are_never_among_the_changes(story):
    consultation = story.case.consultations.get()
    correct(story, consultation, minutes=45)
    fields = {c.field for row in history(story, "owner_worker") for c in row.changes}
    assert not fields & {"id", "version", "created_at", "updated_at", "case"}


def test_a_long_text_is_shortened_with_the_whole_text_kept(client, story):
    consultation = story.case.consultations.get()
    long_text = "長い記録。" * 40
    correct(story, consultation, narrative=long_text)
    row = next(
        r
        for r in history(story, "owner_worker")
        if r.object_id == consultation.pk and r.type == "~"
    )
    [change] = [c for c in row.changes if c.field == "narrative"]
    assert change.new == long_text
    assert len(change.new_short) == SHORT_TEXT and change.new_is_long
    assert long_text in page(client, story.owner_worker, "cases:history", story.case.pk)


def test_a_consents_purposes_read_as_their_labels(story):
    from cases.models import Consent

    changes = changes_of(history(story, "owner_worker"), Consent, story.consent.pk)
    [purposes] = [new for field, _, new in changes if field == "purposes"]
    assert str(Consent.Purpose.SHARING.label) in purposes


# --- what the policy hides -------------------------------------------------------------


def test_a_consent_reader_does_not_see_the_changes_of_an_uncovered_members_consultation(story):
    about_son = services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(person=son(story), narrative="長男について"),
    )
    correct(story, about_son, minutes=50)
    assert about_son.pk in ids_of(history(story, "owner_worker"), Consultation)
    assert about_son.pk not in ids_of(history(story, "team_worker"), Consultation)


def test_a_consent_reader_sees_the_changes_of_the_consenting_members_consultation(story):
    about_mother = services.consultation_log(
        actor=story.owner_worker, case=story.case, data=consultation_data(person=mother(story))
    )
    correct(story, about_mother, minutes=50)
    changes = changes_of(history(story, "team_worker"), Consultation, about_mother.pk)
    assert ("minutes", "30", "50") in changes


def test_a_consent_reader_does_not_see_an_uncovered_members_concern(story):
    from cases.models import Concern

    concern = services.concern_add(
        actor=story.owner_worker, case=story.case, category="hikikomori", person=son(story)
    )
    assert concern.pk in ids_of(history(story, "owner_worker"), Concern)
    assert concern.pk not in ids_of(history(story, "team_worker"), Concern)


def test_an_agency_internal_consultation_is_hidden_from_a_team_agency(client, story):
    internal = services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(narrative=SECRET, is_internal=True),
    )
    correct(story, internal, minutes=90)
    assert internal.pk not in ids_of(history(story, "team_worker"), Consultation)
    assert SECRET not in page(client, story.team_worker, "cases:history", story.case.pk)
    assert SECRET in page(client, story.owner_worker, "cases:history", story.case.pk)


def test_the_internal_version_of_a_consultation_made_public_later_stays_withheld(story):
    internal = services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(narrative=SECRET, is_internal=True),
    )
    correct(story, internal, is_internal=False, narrative="共有できる記録")
    rows = [r for r in history(story, "team_worker") if r.object_id == internal.pk]
    assert [r.type for r in rows if r.model == Consultation._meta.verbose_name] == ["~"]
    changes = changes_of(rows, Consultation, internal.pk)
    assert ("narrative", str(WITHHELD), "共有できる記録") in changes
    assert SECRET not in str(changes)


def referral_to_the_stranger(story):
    return services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="就労支援をお願いしたい",
        summary="長男の就労について",
    )


def test_a_referrals_summary_is_read_by_the_agencies_it_passed_between(story):
    from cases.models import Referral

    referral = referral_to_the_stranger(story)
    fields = {f for f, _, _ in changes_of(history(story, "owner_worker"), Referral, referral.pk)}
    assert {"reason", "summary", "to_agency"} <= fields


def test_another_reader_of_the_case_sees_that_a_referral_was_sent_but_not_its_summary(story):
    from cases.models import Referral

    referral = referral_to_the_stranger(story)
    changes = changes_of(history(story, "team_worker"), Referral, referral.pk)
    assert ("to_agency", None, story.other.name) in changes
    assert not {f for f, _, _ in changes} & {"reason", "summary", "response_note"}


def grant_to_the_stranger(story):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    return services.grant_meeting_access(
        case=story.case,
        user=story.stranger,
        agency=story.other,
        source="支援会議 2026-12-01",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )


def test_the_holders_of_the_case_see_its_106_6_grants_in_its_history(story):
    from cases.models import AccessGrant

    grant_to_the_stranger(story)
    rows = history(story, "owner_worker")
    grants = [r for r in rows if r.model == AccessGrant._meta.verbose_name]
    assert story.stranger.display_name in {c.new for r in grants for c in r.changes}


def test_a_consent_reader_does_not_learn_whom_a_meeting_let_read_the_case(story):
    from cases.models import AccessGrant

    grant_to_the_stranger(story)
    assert not ids_of(history(story, "team_worker"), AccessGrant)


# --- 住所秘匿 on the household and person histories --------------------------------------


@pytest.fixture
def confidential(story):
    """The Yamada household's head under 住所秘匿, then the household moved house."""
    head = mother(story)
    services.person_update(
        actor=story.owner_worker,
        person=head,
        expected_version=None,
        data={"address_confidential": True, "phone": MOBILE},
    )
    services.household_update(
        actor=story.owner_worker,
        household=story.case.household,
        expected_version=None,
        data={"address": ADDRESS, "area": AreaFactory(name="第九中学校区")},
    )
    return head


def test_a_confidential_households_address_change_is_hidden_from_a_team_agency(
    client, story, confidential
):
    text = page(client, story.team_worker, "cases:household_history", story.case.household_id)
    assert ADDRESS not in text
    assert "第九中学校区" not in text
    assert "テスト市本町1-2-3" not in text  # nor the address it had before


def test_the_owning_agency_sees_a_confidential_households_address_change(
    client, story, confidential
):
    text = page(client, story.owner_worker, "cases:household_history", story.case.household_id)
    assert f"<del>テスト市本町1-2-3</del> → <ins>{ADDRESS}</ins>" in text


def test_a_confidential_persons_phone_is_hidden_from_a_team_agency(client, story, confidential):
    text = page(client, story.team_worker, "cases:person_history", confidential.pk)
    assert MOBILE not in text
    assert "住所秘匿" in text  # the flag itself, as the household page shows it
    text = page(client, story.team_worker, "cases:household_history", story.case.household_id)
    assert MOBILE not in text


def test_the_owning_agency_sees_a_confidential_persons_phone(client, story, confidential):
    assert MOBILE in page(client, story.owner_worker, "cases:person_history", confidential.pk)


def test_the_household_history_shows_its_members_and_their_relations(client, story):
    text = page(client, story.team_worker, "cases:household_history", story.case.household_id)
    assert "山田家" in text
    assert "トメ" in text  # the consenting member's record


def test_a_consent_reader_does_not_see_an_uncovered_members_person_record(client, story):
    services.person_update(
        actor=story.owner_worker,
        person=son(story),
        expected_version=None,
        data={"preferred_language": "ポルトガル語"},
    )
    team = page(client, story.team_worker, "cases:household_history", story.case.household_id)
    owner = page(client, story.owner_worker, "cases:household_history", story.case.household_id)
    assert "ポルトガル語" in owner
    assert "ポルトガル語" not in team


def test_a_move_to_a_household_the_reader_may_not_read_does_not_say_where(client, story):
    from django.utils import timezone

    from tests.factories import open_case

    elsewhere = open_case(worker=story.owner_worker, name="別世帯").household
    services.person_move(
        actor=story.owner_worker,
        person=mother(story),
        to_household=elsewhere,
        relation="lodger",
        on=timezone.localdate(),
    )
    assert "別世帯" in page(client, story.owner_worker, "cases:person_history", mother(story).pk)
    assert "別世帯" not in page(client, story.team_worker, "cases:person_history", mother(story).pk)


# --- who may read the household and person histories -----------------------------------

READERS = {
    "owner_worker": 200,
    "team_worker": 200,
    "uncovered_worker": 403,
    "stranger": 404,
}


@pytest.mark.parametrize("persona", list(READERS))
def test_the_household_history_is_for_who_may_read_the_household(client, story, persona):
    client.force_login(getattr(story, persona))
    response = client.get(reverse("cases:household_history", args=[story.case.household_id]))
    assert response.status_code == READERS[persona]


@pytest.mark.parametrize("persona", list(READERS))
def test_the_person_history_is_for_who_may_read_the_person(client, story, persona):
    client.force_login(getattr(story, persona))
    response = client.get(reverse("cases:person_history", args=[mother(story).pk]))
    assert response.status_code == READERS[persona]


def test_a_consent_reader_is_told_an_uncovered_members_history_needs_their_consent(client, story):
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:person_history", args=[son(story).pk]))
    assert response.status_code == 403
    assert son(story).full_name in response.text


def test_a_team_agency_without_consent_is_told_why_it_may_not_read_the_household_history(
    client, story
):
    client.force_login(story.uncovered_worker)
    response = client.get(reverse("cases:household_history", args=[story.case.household_id]))
    assert response.status_code == 403
    assert story.uncovered_agency.name in response.text


@pytest.mark.parametrize("name", ["cases:household_history", "cases:person_history"])
def test_a_stranger_gets_the_404_of_a_missing_record(client, story, name):
    pk = story.case.household_id if name == "cases:household_history" else mother(story).pk
    client.force_login(story.stranger)
    stranger, missing = client.get(reverse(name, args=[pk])), client.get(reverse(name, args=[9999]))
    assert stranger.status_code == missing.status_code == 404
    assert "見つかりません" in stranger.text  # the page of a missing record


@pytest.mark.parametrize("name", ["cases:household_history", "cases:person_history"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, story, name):
    response = client.get(reverse(name, args=[story.case.household_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reading_the_household_history_is_logged(client, story):
    from cases.models import AccessLog

    page(client, story.team_worker, "cases:household_history", story.case.household_id)
    assert AccessLog.objects.filter(
        user=story.team_worker, kind="household", object_id=story.case.household_id
    ).exists()


# --- query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 50])
def test_the_case_history_page_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        consultation = services.consultation_log(
            actor=story.owner_worker,
            case=story.case,
            data=consultation_data(person=mother(story) if n % 2 else None),
        )
        correct(story, consultation, minutes=n + 1)
    client.force_login(story.team_worker)
    # session, user, memberships, the case, the caller's permission rows, the access-log
    # INSERT, the session's save; one per history source (cases' 14 and the consent's
    # agencies, participation's 3, meetings' decisions with the agenda items and the
    # caller's pledges); one per kind of record the changes name (agencies, users,
    # persons, households...): 33 at 10 rows as at 50
    with django_assert_max_num_queries(35):
        response = client.get(reverse("cases:history", args=[story.case.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 50])
def test_the_household_history_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        services.household_update(
            actor=story.owner_worker,
            household=story.case.household,
            expected_version=None,
            data={"name": f"山田家{n}"},
        )
    client.force_login(story.team_worker)
    # session, user, the household, memberships, its cases and the caller's rows, the
    # access-log INSERT; 住所秘匿 (a confidential member?) and the members' phones (their
    # current households, which the caller reads, their current members); one per source
    # (household, memberships, persons, relations, eco-map links) and the eco-map links'
    # sources (their names: one per kind of record linked, none here); one per kind of
    # record named; the session's save: 24 at 10 rows as at 50
    with django_assert_max_num_queries(26):
        response = client.get(reverse("cases:household_history", args=[story.case.household_id]))
    assert response.status_code == 200


def test_a_team_agency_without_consent_is_told_why_it_may_not_read_the_case_history(client, story):
    client.force_login(story.uncovered_worker)
    response = client.get(reverse("cases:history", args=[story.case.pk]))
    assert response.status_code == 403
    assert story.uncovered_agency.name in response.text


@pytest.mark.parametrize("rows", [10, 50])
def test_the_person_history_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        services.person_update(
            actor=story.owner_worker,
            person=mother(story),
            expected_version=None,
            data={"preferred_language": f"言語{n}"},
        )
    client.force_login(story.team_worker)
    # session, user, the person, memberships, the decision through the household's cases,
    # the access-log INSERT, the households the caller reads, the phone (住所秘匿), one per
    # source (person, memberships), one per kind of record named, the session's save, the
    # merges into this record (名寄せ)
    with django_assert_max_num_queries(26):
        response = client.get(reverse("cases:person_history", args=[mother(story).pk]))
    assert response.status_code == 200
