"""Bad input to the cases API is a 400 naming the field, a stale `version` is a 409, and
neither ever loses or half-saves anything."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from cases import services
from cases.models import Case, Consent, Consultation, Household, Person, Referral
from cases.services.cases import STATUS_USE_CLOSURE
from cases.services.consents import ENDS_BEFORE_START
from cases.services.referrals import TO_OWN_AGENCY
from core.concurrency import STALE_EDIT
from core.dates import FUTURE_DATE
from tests.factories import AgencyFactory, StaffFactory, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(story) -> APIClient:
    """The intake agency's caseworker, with messages in English (the msgids)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(story.owner_worker)
    return client


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def an_hour_ago() -> str:
    return (timezone.now() - dt.timedelta(hours=1)).isoformat()


HEAD = {"family_name": "鈴木", "given_name": "一", "relation": "head"}


# --- unknown ids ------------------------------------------------------------------------


def test_an_unknown_agency_id_is_a_400_on_agency(api):
    response = api.post(
        reverse("api:household-list"),
        {"name": "鈴木家", "members": [HEAD], "agency": 999_999},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["agency"]


def test_acting_for_an_agency_one_does_not_belong_to_is_refused(api, story):
    response = api.post(
        reverse("api:household-list"),
        {"name": "鈴木家", "members": [HEAD], "agency": story.other.pk},
        format="json",
    )
    assert response.status_code == 403
    assert not Household.objects.filter(name="鈴木家").exists()


def test_an_unknown_target_agency_is_a_400_on_to_agency(api, story):
    response = api.post(
        reverse("api:referral-list"),
        {"case": story.case.pk, "to_agency": 999_999, "reason": "依頼", "summary": "要約"},
        format="json",
    )
    assert response.status_code == 400
    assert "to_agency" in response.json()


def test_a_strangers_household_is_the_same_400_as_a_missing_one(api, story):
    other_case = open_case(worker=story.stranger, name="他機関の世帯")
    body = {"title": "相談", "referral_source": "self", "projects": ["consultation"]}
    strangers = api.post(
        reverse("api:case-list"), {**body, "household": other_case.household_id}, format="json"
    )
    missing = api.post(reverse("api:case-list"), {**body, "household": 999_999}, format="json")
    assert strangers.status_code == missing.status_code == 400
    assert strangers.json() == missing.json()
    assert list(strangers.json()) == ["household"]


def test_a_consultation_about_someone_outside_the_household_is_a_400_on_person(api, story):
    outsider = open_case(worker=story.owner_worker, name="別の世帯").household.memberships.first()
    response = api.post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {
            "occurred_at": an_hour_ago(),
            "mode": "phone",
            "narrative": "電話",
            "person": outsider.person_id,
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["person"]


def test_an_id_too_large_for_the_database_is_a_404(api):
    assert api.get(reverse("api:case-detail", args=[10**30])).status_code == 404


# --- missing and malformed fields -------------------------------------------------------


def test_a_case_without_its_required_fields_is_a_400_naming_each(api):
    response = api.post(reverse("api:case-list"), {}, format="json")
    assert response.status_code == 400
    assert {"title", "referral_source", "projects"} <= set(response.json())


def test_naming_no_household_is_a_non_field_error(api):
    response = api.post(
        reverse("api:case-list"),
        {"title": "相談", "referral_source": "self", "projects": ["consultation"]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_a_new_household_is_taken_in_with_its_first_consultation(api):
    response = api.post(
        reverse("api:case-list"),
        {
            "new_household": {"name": "鈴木家", "members": [HEAD]},
            "title": "相談",
            "referral_source": "self",
            "projects": ["consultation"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["first_consultation"]
    assert not Household.objects.filter(name="鈴木家").exists()


def test_malformed_json_is_a_400(api):
    response = api.post(reverse("api:household-list"), '{"name": ', content_type="application/json")
    assert response.status_code == 400


def test_a_patch_naming_no_version_is_428_precondition_required(api, story):
    """Neither `version` in the body nor If-Match (core/api/preconditions.py)."""
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]), {"title": "新しい主訴"}, format="json"
    )
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"


def test_an_unknown_status_is_a_400_on_status(api, story):
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "status": "finished"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_closing_a_case_through_its_status_is_a_400_pointing_to_the_closure(api, story):
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "status": Case.Status.CLOSED},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"status": [en(STATUS_USE_CLOSURE)]}


def test_an_invalid_phone_number_is_a_400_on_phone(api, story):
    household = story.case.household
    response = api.patch(
        reverse("api:household-detail", args=[household.pk]),
        {"version": household.version, "phone": "call me"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["phone"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "nope"}, "status"),
        ({"opened_on_after": "not-a-date"}, "opened_on"),
        ({"owner_agency": 999_999}, "owner_agency"),
    ],
    ids=["status", "opened_on", "owner_agency"],
)
def test_an_invalid_filter_is_a_400_naming_the_filter(api, params, field):
    response = api.get(reverse("api:case-list"), params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


# --- dates ------------------------------------------------------------------------------


def test_a_member_born_in_the_future_is_a_400_on_that_member_and_nothing_is_saved(api):
    persons = Person.objects.count()
    response = api.post(
        reverse("api:household-list"),
        {
            "name": "鈴木家",
            "members": [
                HEAD,
                {"family_name": "鈴木", "relation": "child", "birth_date": tomorrow()},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"members": {"1": {"birth_date": [en(FUTURE_DATE)]}}}
    assert not Household.objects.filter(name="鈴木家").exists()
    assert Person.objects.count() == persons


def test_a_future_birth_date_on_a_person_is_a_400_and_the_person_is_unchanged(api, story):
    person = story.case.household.memberships.first().person
    response = api.patch(
        reverse("api:person-detail", args=[person.pk]),
        {"version": person.version, "birth_date": tomorrow(), "given_name": "変更"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["birth_date"]
    person.refresh_from_db()
    assert person.given_name == "トメ"


def test_a_household_with_two_heads_is_a_400_on_members(api):
    response = api.post(
        reverse("api:household-list"), {"name": "鈴木家", "members": [HEAD, HEAD]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["members"]


def test_a_consultation_in_the_future_is_a_400_on_occurred_at(api, story):
    later = (timezone.now() + dt.timedelta(days=2)).isoformat()
    response = api.post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {"occurred_at": later, "mode": "phone", "narrative": "予定"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["occurred_at"]


def test_a_consent_ending_before_it_starts_is_a_400_on_valid_until(api, story):
    consents = Consent.objects.count()
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        {
            "person": story.consent.person_id,
            "purposes": ["sharing"],
            "method": "written",
            "valid_from": "2026-04-01",
            "valid_until": "2026-03-31",
            "all_team_agencies": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"valid_until": [en(ENDS_BEFORE_START)]}
    assert Consent.objects.count() == consents


def test_a_scanned_form_that_is_not_a_pdf_or_image_is_a_400_on_scanned_form(api, story):
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        {
            "person": story.consent.person_id,
            "purposes": ["sharing"],
            "method": "written",
            "valid_from": timezone.localdate().isoformat(),
            "all_team_agencies": "true",
            "scanned_form": SimpleUploadedFile("form.exe", b"MZ", "application/octet-stream"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["scanned_form"]


# --- referrals and withdrawals ----------------------------------------------------------


def test_referring_a_case_to_ones_own_agency_is_a_400_on_to_agency(api, story):
    response = api.post(
        reverse("api:referral-list"),
        {"case": story.case.pk, "to_agency": story.hub.pk, "reason": "依頼", "summary": "要約"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"to_agency": [en(TO_OWN_AGENCY)]}
    assert not Referral.objects.exists()


def test_returning_a_referral_needs_a_note(api, story):
    receiver = AgencyFactory()
    referral = services.referral_send(
        actor=story.owner_worker, case=story.case, to_agency=receiver, reason="依頼", summary="要約"
    )
    api.force_authenticate(StaffFactory(agency=receiver))
    response = api.post(reverse("api:referral-return", args=[referral.pk]), {"response_note": " "})
    assert response.status_code == 400
    assert list(response.json()) == ["response_note"]


def test_withdrawing_consent_needs_a_reason(api, story):
    response = api.post(reverse("api:consent-withdraw", args=[story.consent.pk]), {})
    assert response.status_code == 400
    assert list(response.json()) == ["withdrawal_reason"]
    story.consent.refresh_from_db()
    assert story.consent.withdrawn_at is None


# --- oversized text ---------------------------------------------------------------------


def test_a_record_longer_than_the_limit_is_a_400_on_narrative_and_nothing_is_saved(api, story):
    response = api.post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {"occurred_at": an_hour_ago(), "mode": "phone", "narrative": "あ" * 10_001},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["narrative"]
    assert story.case.consultations.count() == 1


def test_an_oversized_title_is_a_400_and_the_case_keeps_its_title(api, story):
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "title": "長" * 201, "status": "assessment"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    story.case.refresh_from_db()
    assert (story.case.title, story.case.status) == (
        "8050世帯：母の介護と長男のひきこもり",
        Case.Status.RECEIVED,
    )


# --- concurrent edits -------------------------------------------------------------------


def _someone_else_saves(story, kind: str):
    """Another caseworker saves the record first; returns (record, url, body, changed)."""
    worker = story.owner_supervisor
    if kind == "case":
        record = story.case
        services.case_update(actor=worker, case=record, expected_version=None, data={"title": "先"})
        return record, reverse("api:case-detail", args=[record.pk]), {"title": "後"}, "title"
    if kind == "household":
        record = story.case.household
        services.household_update(
            actor=worker, household=record, expected_version=None, data={"name": "先"}
        )
        return record, reverse("api:household-detail", args=[record.pk]), {"name": "後"}, "name"
    if kind == "person":
        record = story.case.household.memberships.first().person
        services.person_update(
            actor=worker, person=record, expected_version=None, data={"given_name": "先"}
        )
        url = reverse("api:person-detail", args=[record.pk])
        return record, url, {"given_name": "後"}, "given_name"
    record = story.case.consultations.get()
    services.consultation_update(
        actor=worker, consultation=record, expected_version=None, data={"narrative": "先"}
    )
    url = reverse("api:consultation-detail", args=[record.pk])
    return record, url, {"narrative": "後"}, "narrative"


@pytest.mark.parametrize("kind", ["case", "household", "person", "consultation"])
def test_a_stale_version_is_a_409_and_the_other_save_is_kept(api, story, kind):
    record, url, change, field = _someone_else_saves(story, kind)
    stale = record.version  # the version this client read, before the other save
    response = api.patch(url, {"version": stale, **change}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": en(STALE_EDIT), "code": "stale"}
    record.refresh_from_db()
    assert getattr(record, field) == "先"
    assert record.version == stale + 1


def test_the_current_version_saves_and_bumps_the_version(api, story):
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "title": "主訴を更新"},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["version"]) == ("主訴を更新", 2)


def test_a_consultation_is_corrected_and_history_keeps_the_earlier_text(api, story):
    consultation = story.case.consultations.get()
    before = consultation.narrative
    response = api.patch(
        reverse("api:consultation-detail", args=[consultation.pk]),
        {"version": consultation.version, "narrative": "訂正後の記録"},
        format="json",
    )
    assert response.status_code == 200
    assert Consultation.history.filter(id=consultation.pk, narrative=before).exists()
