"""The printed forms of a case (cases/views/prints.py): each obeys its page's policy — a
stranger's 404, the 403 of a team agency without consent, the login page for an anonymous
visitor — prints only what the reader may read, in 和暦, with nothing to click inside the
sheet, and is logged as a print under the agency whose basis allowed it."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import AccessLog, Consultation
from cases.services.plans import ActionData
from core.wareki import to_wareki
from tests.factories import consultation_data, record_consent

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

FORMS = ["consultation", "assessment", "plan", "consent", "record"]


@pytest.fixture
def papers(story):
    """An assessment, a plan and a concern on the story's case, through the services."""
    owner = story.owner_worker
    services.concern_add(actor=owner, case=story.case, category="care", note="要介護2")
    services.assessment_record(
        actor=owner, case=story.case, summary="母の介護負担が大きい。", strengths="近所の支え"
    )
    services.plan_create(
        actor=owner,
        case=story.case,
        goals="母の介護サービス利用を始める。",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actions=[
            ActionData(
                description="介護認定の申請に同行",
                responsible_agency=story.team_agency,
                due_on=timezone.localdate() + dt.timedelta(days=14),
            )
        ],
    )
    return story


def url(name: str, story) -> str:
    case = story.case
    if name == "consultation":
        consultation = Consultation.objects.filter(case=case).first()
        return reverse("cases:consultation_print", args=[case.pk, consultation.pk])
    if name == "consent":
        return reverse("cases:consent_print", args=[case.pk, story.consent.pk])
    return reverse(f"cases:{name}_print", args=[case.pk])


def sheet(response) -> str:
    """The printed area: what goes on paper."""
    text = response.content.decode()
    match = re.search(r'<article class="sheet" id="print-area">(.*)</article>', text, re.S)
    assert match, "no printed area"
    return match.group(1)


@pytest.mark.parametrize("form", FORMS)
def test_the_owner_prints_each_form_with_wareki_dates(client, papers, form):
    client.force_login(papers.owner_worker)
    response = client.get(url(form, papers))
    assert response.status_code == 200
    assert str(
        to_wareki(papers.consent.valid_from if form == "consent" else papers.case.opened_on)
    ) in sheet(response)


@pytest.mark.parametrize("form", FORMS)
def test_no_printed_form_has_a_link_or_a_form_on_the_sheet(client, papers, form):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url(form, papers)))
    assert "<a " not in printed
    assert "<form" not in printed
    assert "<button" not in printed


@pytest.mark.parametrize("form", FORMS)
def test_each_print_has_a_print_button_and_no_inline_script(client, papers, form):
    client.force_login(papers.owner_worker)
    text = client.get(url(form, papers)).content.decode()
    assert "data-print" in text
    assert "js/print.js" in text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []


@pytest.mark.parametrize("form", FORMS)
def test_a_team_agency_covered_by_consent_prints_each_form(client, papers, form):
    client.force_login(papers.team_worker)
    assert client.get(url(form, papers)).status_code == 200


@pytest.mark.parametrize("form", FORMS)
def test_another_agency_gets_the_same_404_as_for_a_missing_case(client, papers, form):
    client.force_login(papers.stranger)
    assert client.get(url(form, papers)).status_code == 404


@pytest.mark.parametrize("form", FORMS)
def test_a_team_agency_without_consent_is_refused_with_the_reason(client, papers, form):
    client.force_login(papers.uncovered_worker)
    response = client.get(url(form, papers))
    assert response.status_code == 403
    assert papers.hub.name in response.text  # the card: whom to ask
    assert papers.case.title not in response.text


@pytest.mark.parametrize("form", FORMS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, papers, form):
    response = client.get(url(form, papers))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("form", FORMS)
def test_a_print_is_logged_as_a_print_under_the_agency_that_allowed_it(client, papers, form):
    client.force_login(papers.team_worker)
    client.get(url(form, papers))
    row = AccessLog.objects.get(user=papers.team_worker, kind="case", action="print")
    assert row.object_id == papers.case.pk
    assert row.agency == papers.team_agency
    assert row.basis == "consent"


@pytest.mark.parametrize("form", ["consultation", "assessment", "plan", "record"])
def test_internal_forms_carry_the_approval_boxes(client, papers, form):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url(form, papers)))
    assert 'class="approval"' in printed
    assert printed.count("<td></td>") >= 3


def test_no_approval_boxes_where_the_city_uses_none(client, papers, settings):
    settings.PRINT_APPROVAL_BOX = False
    client.force_login(papers.owner_worker)
    assert 'class="approval"' not in sheet(client.get(url("assessment", papers)))


def test_the_city_names_its_own_approval_boxes(client, papers, settings):
    settings.PRINT_APPROVAL_STAMPS = ["担当者", "主査", "所長", "部長"]
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url("plan", papers)))
    assert all(f">{label}</th>" in printed for label in ["担当者", "主査", "所長", "部長"])


def test_the_consent_form_handed_to_the_person_has_no_approval_boxes(client, papers):
    client.force_login(papers.owner_worker)
    assert 'class="approval"' not in sheet(client.get(url("consent", papers)))


def test_the_consent_form_is_filled_in_from_the_consents_scope(client, papers):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url("consent", papers)))
    assert papers.team_agency.name in printed
    assert papers.uncovered_agency.name not in printed
    assert str(to_wareki(papers.consent.valid_until)) in printed
    assert papers.consent.person.full_name in printed


def test_the_issuer_heads_every_form(client, papers, settings):
    settings.PRINT_ISSUER = "あさひ野市 福祉部"
    client.force_login(papers.team_worker)
    printed = sheet(client.get(url("record", papers)))
    assert "あさひ野市 福祉部" in printed
    assert papers.team_agency.name in printed


def test_the_assessment_sheet_holds_the_members_concerns_and_the_genogram_box(client, papers):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url("assessment", papers)))
    assert "山田 一郎" in printed
    assert "要介護2" in printed
    assert "母の介護負担が大きい。" in printed
    assert 'id="genogram"' in printed


def test_the_assessment_sheet_draws_the_households_genogram(client, papers):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url("assessment", papers)))
    box = printed[printed.index('id="genogram"') :]
    assert "<svg" in box
    assert "山田" in box[: box.index("</svg>")]


def test_the_plan_prints_its_actions_with_who_and_by_when(client, papers):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url("plan", papers)))
    assert "介護認定の申請に同行" in printed
    assert papers.team_agency.name in printed
    assert str(to_wareki(timezone.localdate() + dt.timedelta(days=14))) in printed


def test_a_case_without_a_plan_has_no_plan_to_print(client, story):
    client.force_login(story.owner_worker)
    assert client.get(url("plan", story)).status_code == 404


def test_an_agency_internal_consultation_of_another_agency_is_not_printed(client, papers):
    internal = services.consultation_log(
        actor=papers.owner_worker,
        case=papers.case,
        data=consultation_data(narrative="シェルターの所在地", is_internal=True),
    )
    client.force_login(papers.team_worker)
    response = client.get(reverse("cases:consultation_print", args=[papers.case.pk, internal.pk]))
    assert response.status_code == 404


def test_a_consultation_about_a_member_whose_consent_is_missing_is_not_printed(client, papers):
    other = next(
        m.person
        for m in papers.case.household.memberships.all()
        if m.person_id != papers.consent.person_id
    )
    about_other = services.consultation_log(
        actor=papers.owner_worker,
        case=papers.case,
        data=consultation_data(narrative="長男の就労の相談", person=other),
    )
    client.force_login(papers.team_worker)
    url_ = reverse("cases:consultation_print", args=[papers.case.pk, about_other.pk])
    assert client.get(url_).status_code == 404
    assert "長男の就労の相談" not in sheet(client.get(url("record", papers)))


def test_the_record_prints_the_periods_entries_oldest_first(client, papers):
    now = timezone.now()
    for days, text in [(40, "四十日前の記録"), (20, "二十日前の記録"), (10, "十日前の記録")]:
        services.consultation_log(
            actor=papers.owner_worker,
            case=papers.case,
            data=consultation_data(narrative=text, occurred_at=now - dt.timedelta(days=days)),
        )
    client.force_login(papers.owner_worker)
    start = timezone.localdate() - dt.timedelta(days=30)
    end = timezone.localdate() - dt.timedelta(days=5)
    printed = sheet(client.get(url("record", papers), {"start": start, "end": end}))
    assert "四十日前の記録" not in printed
    assert printed.index("二十日前の記録") < printed.index("十日前の記録")
    assert str(to_wareki(start)) in printed


def test_a_period_ending_before_it_starts_is_a_form_error_not_a_printout(client, papers):
    client.force_login(papers.owner_worker)
    response = client.get(url("record", papers), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "<tbody>" not in sheet(response).split("</table>", 1)[1]


def test_a_date_that_is_not_a_date_is_a_form_error(client, papers):
    client.force_login(papers.owner_worker)
    response = client.get(url("record", papers), {"start": "昨日", "end": "x"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text


def test_a_version_that_is_not_a_number_is_a_404(client, papers):
    client.force_login(papers.owner_worker)
    response = client.get(url("assessment", papers), {"version": "1; DROP"})
    assert response.status_code == 404


def test_a_printout_is_not_kept_in_any_cache(client, papers):
    client.force_login(papers.owner_worker)
    assert "no-store" in client.get(url("record", papers))["Cache-Control"]


def test_the_case_page_links_to_each_of_its_prints(client, papers):
    client.force_login(papers.owner_worker)
    text = client.get(reverse("cases:detail", args=[papers.case.pk])).content.decode()
    for form in FORMS:
        assert url(form, papers).split("?")[0] in text


@pytest.fixture
def grant_reader(papers):
    """The stranger agency's caseworker, pledged at a 支援会議: reads the summary only."""
    now = timezone.now()
    services.grant_meeting_access(
        case=papers.case,
        user=papers.stranger,
        agency=papers.other,
        source="支援会議",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=papers.hub_coordinator,
    )
    return papers.stranger


@pytest.mark.parametrize("form", FORMS)
def test_a_106_6_reader_may_not_print_what_the_summary_does_not_hold(
    client, papers, grant_reader, form
):
    client.force_login(grant_reader)
    response = client.get(url(form, papers))
    assert response.status_code == 403
    assert "母の介護負担が大きい。" not in response.text


def test_the_case_page_offers_a_106_6_reader_no_print(client, papers, grant_reader):
    client.force_login(grant_reader)
    text = client.get(reverse("cases:detail", args=[papers.case.pk])).content.decode()
    assert "/print/" not in text


def test_the_consultation_page_links_to_its_intake_sheet(client, papers):
    consultation = Consultation.objects.filter(case=papers.case).first()
    client.force_login(papers.owner_worker)
    page = client.get(
        reverse("cases:consultation_edit", args=[papers.case.pk, consultation.pk])
    ).content.decode()
    assert url("consultation", papers) in page


def test_the_head_of_household_is_listed_first(client, papers):
    client.force_login(papers.owner_worker)
    printed = sheet(client.get(url("assessment", papers)))
    assert printed.index("山田 トメ") < printed.index("山田 一郎")


def test_a_consent_of_a_member_the_readers_consent_does_not_cover_is_not_printed(client, papers):
    other = next(
        m.person
        for m in papers.case.household.memberships.all()
        if m.person_id != papers.consent.person_id
    )
    theirs = record_consent(
        case=papers.case,
        by=papers.owner_worker,
        person=other,
        all_team_agencies=False,
        agencies=[papers.uncovered_agency],
    )
    client.force_login(papers.team_worker)
    response = client.get(reverse("cases:consent_print", args=[papers.case.pk, theirs.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("form", ["consultation", "assessment", "plan", "record"])
def test_the_owner_sees_the_household_address_on_each_form(client, papers, form):
    client.force_login(papers.owner_worker)
    assert papers.case.household.address in sheet(client.get(url(form, papers)))
