"""The meeting pages as a coordinator, a pledged member, an unpledged member, an outsider
and an anonymous visitor see them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from agencies.models import Membership
from cases import services as case_services
from cases.models import LeadAssignment
from core.wareki import short_wareki
from meetings import access, services
from meetings.models import Meeting
from tests.factories import AgencyFactory, StaffFactory, record_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_meeting(story):
    """A 支援会議 of the hub with the stranger agency invited; the Yamada case on the agenda."""
    meeting = services.meeting_create(
        actor=story.hub_coordinator,
        kind=Meeting.Kind.SUPPORT,
        title="12月 支援会議",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="市役所 会議室A",
    )
    services.participant_add(
        actor=story.hub_coordinator, meeting=meeting, user=story.stranger, agency=story.other
    )
    services.agenda_add(
        actor=story.hub_coordinator, meeting=meeting, case=story.case, purpose="roles"
    )
    return meeting


def test_the_coordinator_sees_the_agenda_with_the_case(client, story, support_meeting):
    client.force_login(story.hub_coordinator)
    response = client.get(reverse("meetings:detail", args=[support_meeting.pk]))
    assert response.status_code == 200
    assert story.case.title in response.text


def test_an_unpledged_member_sees_the_meeting_but_not_the_case(client, story, support_meeting):
    services.meeting_publish(actor=story.hub_coordinator, meeting=support_meeting)
    client.force_login(story.stranger)
    response = client.get(reverse("meetings:detail", args=[support_meeting.pk]))
    assert response.status_code == 200
    assert story.case.title not in response.text
    assert client.get(reverse("cases:detail", args=[story.case.pk])).status_code == 404


def test_after_the_pledge_a_member_reads_the_case_on_the_agenda(client, story, support_meeting):
    services.meeting_publish(actor=story.hub_coordinator, meeting=support_meeting)
    client.force_login(story.stranger)
    client.post(reverse("meetings:pledge", args=[support_meeting.pk]))
    response = client.get(reverse("meetings:detail", args=[support_meeting.pk]))
    assert story.case.title in response.text
    assert client.get(reverse("cases:detail", args=[story.case.pk])).status_code == 200


def test_an_outsider_gets_the_404_of_a_missing_meeting(client, story, support_meeting):
    client.force_login(story.team_worker)
    assert client.get(reverse("meetings:detail", args=[support_meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:paper", args=[support_meeting.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(client, support_meeting):
    response = client.get(reverse("meetings:detail", args=[support_meeting.pk]))
    assert response.status_code == 302


def test_a_caseworker_may_not_run_the_meeting(client, story, support_meeting):
    client.force_login(story.owner_worker)
    assert client.get(reverse("meetings:detail", args=[support_meeting.pk])).status_code == 200
    response = client.post(reverse("meetings:publish", args=[support_meeting.pk]))
    assert response.status_code == 403
    support_meeting.refresh_from_db()
    assert support_meeting.status == "planned"


def test_the_paper_carries_the_confidentiality_notice_and_withholds_unseen_cases(
    client, story, support_meeting
):
    client.force_login(story.stranger)
    paper = client.get(reverse("meetings:paper", args=[support_meeting.pk]))
    assert paper.status_code == 200
    assert "106" in paper.text
    assert story.case.title not in paper.text
    client.force_login(story.hub_coordinator)
    assert story.case.title in client.get(reverse("meetings:paper", args=[support_meeting.pk])).text


def test_minutes_of_a_support_meeting_are_hidden_from_a_consent_only_team_member(
    client, story, support_meeting
):
    item = support_meeting.items.get()
    services.agenda_update(
        actor=story.hub_coordinator,
        item=item,
        purpose="roles",
        minutes="会議での発言：本人は医療につながることを拒否している。",
        expected_version=item.version,
    )
    services.participant_add(
        actor=story.hub_coordinator,
        meeting=support_meeting,
        user=story.team_worker,
        agency=story.team_agency,
    )
    client.force_login(story.team_worker)  # reads the case by consent, has not pledged
    page = client.get(reverse("meetings:detail", args=[support_meeting.pk]))
    assert story.case.title in page.text
    assert "医療につながることを拒否" not in page.text
    client.force_login(story.hub_coordinator)
    assert (
        "医療につながることを拒否"
        in client.get(reverse("meetings:detail", args=[support_meeting.pk])).text
    )


def test_a_lead_decision_changes_the_case_and_its_history_names_the_meeting(
    client, story, support_meeting
):
    services.meeting_publish(actor=story.hub_coordinator, meeting=support_meeting)
    for participant in support_meeting.participants.all():
        services.attendance_set(actor=story.hub_coordinator, participant=participant, attended=True)
    services.meeting_hold(actor=story.hub_coordinator, meeting=support_meeting)
    item = support_meeting.items.get()
    client.force_login(story.hub_coordinator)
    response = client.post(
        reverse("meetings:decision_new", args=[support_meeting.pk, item.pk]),
        {"kind": "lead", "text": "介護が中心のため包括へ", "agency": story.team_agency.pk},
    )
    assert response.status_code == 302
    lead = LeadAssignment.objects.get(case=story.case, ended_on__isnull=True)
    assert lead.agency == story.team_agency
    assert lead.decided_at == support_meeting.label
    assert support_meeting.label in lead.history.latest().history_change_reason


def test_a_decision_with_a_missing_agency_is_a_form_error(client, story, support_meeting):
    services.meeting_publish(actor=story.hub_coordinator, meeting=support_meeting)
    services.meeting_hold(actor=story.hub_coordinator, meeting=support_meeting)
    item = support_meeting.items.get()
    client.force_login(story.hub_coordinator)
    response = client.post(
        reverse("meetings:decision_new", args=[support_meeting.pk, item.pk]),
        {"kind": "lead", "text": "x"},
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors


def test_a_multi_layered_meeting_refuses_a_case_naming_the_uncovered_agencies(client, story):
    meeting = services.meeting_create(
        actor=story.hub_coordinator,
        kind=Meeting.Kind.MULTI_LAYERED,
        title="重層的支援会議",
        starts_at=timezone.now() + dt.timedelta(days=7),
    )
    services.participant_add(
        actor=story.hub_coordinator,
        meeting=meeting,
        user=story.uncovered_worker,
        agency=story.uncovered_agency,
    )
    client.force_login(story.hub_coordinator)
    response = client.post(
        reverse("meetings:agenda_add_case", args=[meeting.pk]),
        {"case": story.case.pk, "purpose": "plan"},
        follow=True,
    )
    assert story.uncovered_agency.name in response.text
    assert not meeting.items.exists()


def test_action_items_appear_on_the_assignees_home_without_their_description(
    client, story, support_meeting
):
    due = timezone.localdate() + dt.timedelta(days=7)
    services.action_add(
        actor=story.hub_coordinator,
        meeting=support_meeting,
        description="家族への連絡調整",
        agency=story.other,
        due_on=due,
    )
    client.force_login(story.stranger)
    home = client.get(reverse("home")).text
    with translation.override("ja"):
        line = gettext("An action for %(agency)s, due %(date)s") % {
            "agency": story.other.name,
            "date": short_wareki(due),
        }
    assert line in home
    assert "家族への連絡調整" not in home


@pytest.mark.parametrize("rows", [10, 50])
def test_the_meeting_list_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        services.meeting_create(
            actor=story.hub_coordinator,
            kind=Meeting.Kind.CONFERENCE,
            title=f"ケース会議{n}",
            starts_at=timezone.now() + dt.timedelta(days=n),
        )
    client.force_login(story.hub_coordinator)
    # session, user, memberships, meetings with organiser/chair, item counts and the
    # user's participation (meetings.selectors.meeting_list, shared with the API),
    # session save (savepoint, update, release)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetings:list")).status_code == 200


@pytest.mark.parametrize("rows", [3, 12])
def test_the_agenda_page_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    from tests.factories import open_case

    meeting = services.meeting_create(
        actor=story.hub_coordinator,
        kind=Meeting.Kind.SUPPORT,
        title="定例",
        starts_at=timezone.now() + dt.timedelta(days=3),
    )
    for n in range(rows):
        case = open_case(worker=story.owner_worker, name=f"世帯{n}")
        services.agenda_add(
            actor=story.hub_coordinator, meeting=meeting, case=case, purpose="sharing"
        )
    StaffFactory(agency=story.hub, role=Membership.Role.COORDINATOR)
    client.force_login(story.stranger)
    services.participant_add(
        actor=story.hub_coordinator, meeting=meeting, user=story.stranger, agency=story.other
    )
    with django_assert_max_num_queries(20):
        assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200


def test_a_runner_reading_the_case_by_consent_is_refused_the_minutes_in_the_apis_words(
    client, story
):
    """The organiser's supervisor runs the 支援会議 but is not invited, and the organiser
    reads the case by consent: the page refuses the minutes as the API does (not by asking
    for a pledge this supervisor cannot give)."""
    organiser = AgencyFactory(name="地域共生推進課", is_hub=True)
    coordinator = StaffFactory(agency=organiser, role=Membership.Role.COORDINATOR)
    supervisor = StaffFactory(agency=organiser, role=Membership.Role.SUPERVISOR)
    case_services.team_add(actor=story.owner_worker, case=story.case, agency=organiser)
    record_consent(
        case=story.case, by=story.owner_worker, all_team_agencies=False, agencies=[organiser]
    )
    meeting = services.meeting_create(
        actor=coordinator, kind="support", title="支援会議", starts_at=timezone.now()
    )
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=story.case, purpose="roles")
    client.force_login(supervisor)
    response = client.get(reverse("meetings:item_edit", args=[meeting.pk, item.pk]))
    assert response.status_code == 403
    with translation.override("ja"):
        assert escape(str(access.MINUTES_WITHHELD)) in response.text
