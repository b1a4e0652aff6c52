"""Attendees who are not system users: 民生委員, residents, 地域食堂 staff. Recorded by the
coordinator with their paper pledge; no access to anything; counted by the 重層的支援会議's
consent check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import User
from meetings import services
from meetings.models import Guest, Meeting
from meetings.services import GUEST_NEEDS_PLEDGE

pytestmark = pytest.mark.django_db


def _guest(kit, meeting, **overrides) -> Guest:
    values = {
        "name": "朝日 花子",
        "organisation": "朝日野地区民生委員児童委員協議会",
        "role": "民生委員",
    }
    values.update(overrides)
    return services.guest_add(actor=kit.coordinator, meeting=meeting, **values)


def test_the_coordinator_records_a_guest_and_no_account_is_made(client, kit):
    meeting = kit.plan()
    users = User.objects.count()
    client.force_login(kit.coordinator)

    response = client.post(
        reverse("meetings:guest_add", args=[meeting.pk]),
        {"name": "朝日 花子", "organisation": "地区民生委員協議会", "role": "民生委員"},
    )

    assert response.status_code == 302
    guest = Guest.objects.get(meeting=meeting)
    assert guest.history.get().history_change_reason == "guest recorded"
    assert User.objects.count() == users
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "朝日 花子" in page


def test_a_guest_attends_a_support_meeting_only_after_the_paper_pledge(kit):
    meeting = kit.plan(Meeting.Kind.SUPPORT)
    guest = _guest(kit, meeting)

    with pytest.raises(ValidationError) as refusal:
        services.guest_attendance_set(actor=kit.coordinator, guest=guest, attended=True)
    assert str(GUEST_NEEDS_PLEDGE) in refusal.value.messages

    services.guest_pledge_confirm(
        actor=kit.coordinator, guest=guest, signed_on=timezone.localdate()
    )
    services.guest_attendance_set(actor=kit.coordinator, guest=guest, attended=True)
    guest.refresh_from_db()
    assert guest.attended is True
    assert guest.pledge_confirmed_by == kit.coordinator


def test_a_pledge_signed_in_the_future_is_refused(kit):
    guest = _guest(kit, kit.plan(Meeting.Kind.SUPPORT))

    with pytest.raises(ValidationError):
        services.guest_pledge_confirm(
            actor=kit.coordinator,
            guest=guest,
            signed_on=timezone.localdate() + dt.timedelta(days=2),
        )


def test_a_guest_for_no_agency_cannot_attend_a_multi_layered_meeting_with_a_case(kit):
    meeting = kit.plan(Meeting.Kind.MULTI_LAYERED, cases=(kit.story.case,))

    with pytest.raises(ValidationError, match="支援会議"):
        _guest(kit, meeting)
    assert not Guest.objects.exists()


def test_a_guest_for_a_covered_agency_may_attend_the_multi_layered_meeting(kit):
    meeting = kit.plan(Meeting.Kind.MULTI_LAYERED, cases=(kit.story.case,))

    guest = _guest(kit, meeting, agency=kit.story.team_agency)

    assert guest.agency == kit.story.team_agency


def test_a_guest_for_an_uncovered_agency_is_refused_by_the_consent_check(kit):
    meeting = kit.plan(Meeting.Kind.MULTI_LAYERED, cases=(kit.story.case,))

    with pytest.raises(ValidationError, match=kit.story.uncovered_agency.name):
        _guest(kit, meeting, agency=kit.story.uncovered_agency)


def test_a_case_cannot_join_a_multi_layered_agenda_while_an_uncoverable_guest_attends(kit):
    meeting = kit.plan(Meeting.Kind.MULTI_LAYERED)
    _guest(kit, meeting)

    with pytest.raises(ValidationError, match="朝日 花子"):
        kit.add_case(meeting, kit.story.case)


def test_a_guest_marked_absent_no_longer_blocks_the_case(kit):
    meeting = kit.plan(Meeting.Kind.MULTI_LAYERED)
    guest = _guest(kit, meeting)
    services.guest_attendance_set(actor=kit.coordinator, guest=guest, attended=False)

    item = kit.add_case(meeting, kit.story.case)

    assert item.case == kit.story.case


@pytest.mark.parametrize("who", ["team_worker", "stranger"])
def test_someone_who_does_not_run_the_meeting_cannot_record_a_guest(client, kit, who):
    meeting = kit.plan()
    client.force_login(getattr(kit.story, who))

    response = client.post(
        reverse("meetings:guest_add", args=[meeting.pk]),
        {"name": "侵入 太郎", "organisation": "不明"},
    )

    assert response.status_code in (403, 404)
    assert not Guest.objects.exists()


def test_an_anonymous_visitor_cannot_record_a_guest(client, kit):
    meeting = kit.plan()

    response = client.post(
        reverse("meetings:guest_add", args=[meeting.pk]), {"name": "匿名", "organisation": "不明"}
    )

    assert response.status_code == 302
    assert not Guest.objects.exists()
