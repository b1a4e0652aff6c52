"""The meeting's printed papers, 次第 and 記録 (meetings/views.py `agenda_paper`, `paper`):
the meeting's own policy — an outsider's 404, the login page for an anonymous visitor, an
invited participant who may not read a case sees its number only — in 和暦, attendance
and pledges as recorded, nothing to click on the sheet, and each case shown logged as a
print under the agency whose basis allowed it.

A held 支援会議 of the hub with the Yamada case on its agenda and minutes on the item.
Invited: the stranger agency's caseworker (pledged), the uncovered team agency's
caseworker (not pledged, marked absent)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog
from cases.models.access import Basis
from core.wareki import to_wareki
from meetings import services
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

PAPERS = ["meetings:agenda_paper", "meetings:paper"]
MINUTES = "長男の通院に同行する役割を東部包括が担う。"


@pytest.fixture
def meeting(kit, story) -> Meeting:
    meeting = kit.plan(invite=(story.stranger, story.uncovered_worker), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    absent = meeting.participants.get(user=story.uncovered_worker)
    services.attendance_set(actor=kit.coordinator, participant=absent, attended=False)
    kit.hold(meeting)
    item = meeting.items.get()
    services.agenda_update(
        actor=kit.coordinator,
        item=item,
        purpose=item.purpose,
        minutes=MINUTES,
        expected_version=item.version,
    )
    return meeting


def sheet(response) -> str:
    match = re.search(
        r'<article class="sheet" id="print-area">(.*)</article>', response.content.decode(), re.S
    )
    assert match, "no printed area"
    return match.group(1)


def get(client, user, meeting, name):
    client.force_login(user)
    return client.get(reverse(name, args=[meeting.pk]))


@pytest.mark.parametrize("name", PAPERS)
def test_the_organiser_prints_the_paper_with_the_meeting_date_in_wareki(client, kit, meeting, name):
    response = get(client, kit.coordinator, meeting, name)
    assert response.status_code == 200
    assert str(to_wareki(meeting.starts_at)) in sheet(response)
    assert meeting.starts_at.strftime("%Y-%m-%d") not in sheet(response)


@pytest.mark.parametrize("name", PAPERS)
def test_no_paper_has_a_link_or_a_form_on_the_sheet(client, kit, meeting, name):
    printed = sheet(get(client, kit.coordinator, meeting, name))
    assert "<a " not in printed and "<form" not in printed and "<button" not in printed


@pytest.mark.parametrize("name", PAPERS)
def test_each_paper_has_a_print_button_and_a_way_back(client, kit, meeting, name):
    text = get(client, kit.coordinator, meeting, name).content.decode()
    assert "data-print" in text
    assert reverse("meetings:detail", args=[meeting.pk]) in text


@pytest.mark.parametrize("name", PAPERS)
def test_an_outsider_gets_the_404_of_a_missing_meeting(client, story, meeting, name):
    assert get(client, story.team_worker, meeting, name).status_code == 404


@pytest.mark.parametrize("name", PAPERS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, meeting, name):
    response = client.get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAPERS)
def test_a_participant_who_may_not_read_the_case_sees_only_its_number(client, story, meeting, name):
    response = get(client, story.uncovered_worker, meeting, name)
    assert response.status_code == 200
    assert story.case.reference in sheet(response)
    assert story.case.title not in response.text
    assert MINUTES not in response.text


@pytest.mark.parametrize("name", PAPERS)
def test_a_pledged_member_prints_the_case(client, story, meeting, name):
    assert story.case.title in sheet(get(client, story.stranger, meeting, name))


@pytest.mark.parametrize("name", PAPERS)
def test_a_print_logs_the_case_under_the_basis_that_allowed_it(client, story, meeting, name):
    get(client, story.stranger, meeting, name)
    row = AccessLog.objects.get(user=story.stranger, action="print")
    assert row.object_id == story.case.pk
    assert row.basis == Basis.MEETING
    assert row.agency == story.other


@pytest.mark.parametrize("name", PAPERS)
def test_a_print_by_a_participant_who_may_not_read_the_case_logs_no_read(
    client, story, meeting, name
):
    get(client, story.uncovered_worker, meeting, name)
    assert not AccessLog.objects.filter(user=story.uncovered_worker).exists()


def test_the_record_prints_attendance_and_pledges_as_recorded(client, kit, story, meeting):
    printed = sheet(get(client, kit.coordinator, meeting, "meetings:paper"))
    pledged = meeting.participants.get(user=story.stranger).pledged_at
    rows = {
        name: row
        for row in re.findall(r"<tr>(.*?)</tr>", printed, re.S)
        for name in (story.stranger.display_name, story.uncovered_worker.display_name)
        if name in row
    }
    assert str(to_wareki(pledged)) in rows[story.stranger.display_name]
    assert "出席" in rows[story.stranger.display_name]
    assert "欠席" in rows[story.uncovered_worker.display_name]


def test_the_record_prints_the_minutes_a_member_may_read(client, story, meeting):
    assert MINUTES in sheet(get(client, story.stranger, meeting, "meetings:paper"))


def test_the_record_carries_the_approval_boxes_and_the_agenda_does_not(client, kit, meeting):
    assert 'class="approval"' in sheet(get(client, kit.coordinator, meeting, "meetings:paper"))
    assert 'class="approval"' not in sheet(
        get(client, kit.coordinator, meeting, "meetings:agenda_paper")
    )


@pytest.mark.parametrize("name", PAPERS)
def test_a_support_meetings_paper_carries_the_confidentiality_notice(client, kit, meeting, name):
    assert "106" in sheet(get(client, kit.coordinator, meeting, name)).split("<h1>")[0]


def test_the_organising_agency_heads_the_paper(client, story, meeting):
    assert story.hub.name in sheet(get(client, story.stranger, meeting, "meetings:paper"))


def test_both_papers_list_the_guests_with_their_paper_pledge(client, kit, story):
    meeting = kit.plan(cases=(story.case,))
    guest = services.guest_add(
        actor=kit.coordinator, meeting=meeting, name="民生 花子", organisation="本町地区民生委員"
    )
    signed = timezone.localdate()
    services.guest_pledge_confirm(actor=kit.coordinator, guest=guest, signed_on=signed)
    for name in PAPERS:
        printed = sheet(get(client, kit.coordinator, meeting, name))
        assert "民生 花子" in printed
        assert str(to_wareki(signed)) in printed
