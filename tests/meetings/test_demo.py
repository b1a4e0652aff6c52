import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import User
from cases import access as case_access
from meetings import services
from meetings.demo import GUEST_MEETING, LAYERED_MEETING, load_guests, load_meetings
from meetings.models import Guest, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_meetings()
        transaction.set_rollback(True)


def test_the_demo_has_a_month_of_meetings_of_every_kind(demo):
    assert demo == 4
    assert set(Meeting.objects.values_list("kind", flat=True)) == {
        "support",
        "multi_layered",
        "promotion",
    }
    assert set(Meeting.objects.values_list("status", flat=True)) == {
        "approved",
        "published",
        "planned",
    }


def test_the_demo_multi_layered_meeting_discusses_a_case_covered_for_every_attendee(demo):
    meeting = Meeting.objects.get(kind="multi_layered")
    assert meeting.items.filter(case__isnull=False).exists()


def test_loading_the_demo_meetings_twice_creates_nothing_more(demo):
    assert load_meetings() == 0
    assert Meeting.objects.count() == 4


# --- guests (meetings.demo.load_guests) -------------------------------------------------


@pytest.fixture(scope="module")
def guests(demo, django_db_blocker):
    """The guests, recorded once inside the module's demo."""
    with django_db_blocker.unblock():
        return load_guests()


def test_the_upcoming_support_meeting_has_a_minsei_iin_and_a_cafeteria_guest(guests):
    meeting = Meeting.objects.get(title=GUEST_MEETING)
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.starts_at > timezone.now()
    organisations = set(meeting.guests.values_list("organisation", flat=True))
    assert any("民生委員" in o for o in organisations)
    assert any("食堂" in o for o in organisations)


def test_one_support_meeting_guest_has_a_confirmed_pledge_and_one_has_not(guests):
    meeting = Meeting.objects.get(title=GUEST_MEETING)
    coordinator = User.objects.get(username="sogo-coordinator")
    confirmed = meeting.guests.filter(pledge_signed_on__isnull=False)
    assert [g.pledge_confirmed_by for g in confirmed] == [coordinator]
    assert confirmed.get().pledge_signed_on <= timezone.localdate()
    assert meeting.guests.filter(pledge_signed_on__isnull=True).count() == 1


def test_the_guest_without_a_pledge_cannot_be_marked_present(guests):
    guest = Guest.objects.get(meeting__title=GUEST_MEETING, pledge_signed_on__isnull=True)
    with pytest.raises(ValidationError) as error:
        services.guest_attendance_set(
            actor=User.objects.get(username="sogo-coordinator"), guest=guest, attended=True
        )
    assert error.value.messages == [str(services.GUEST_NEEDS_PLEDGE)]


def test_the_multi_layered_meetings_guest_attends_for_an_agency_the_consent_covers(guests):
    meeting = Meeting.objects.get(title=LAYERED_MEETING)
    guest = meeting.guests.get()
    assert guest.agency is not None
    for item in meeting.items.filter(case__isnull=False):
        assert case_access.agencies_not_covered(item.case, [guest.agency]) == []


def test_the_demo_guests_are_recorded_by_the_coordinator_in_history(guests):
    coordinator = User.objects.get(username="sogo-coordinator")
    for guest in Guest.objects.all():
        first = guest.history.order_by("history_date").first()
        assert first.history_user == coordinator
        assert first.history_change_reason == "guest recorded"


def test_the_meeting_page_lists_the_guests_for_the_coordinator(client, guests):
    meeting = Meeting.objects.get(title=GUEST_MEETING)
    client.force_login(User.objects.get(username="sogo-coordinator"))
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "大橋 文子" in response.content.decode()


def test_loading_the_guests_twice_records_nothing_more(guests):
    assert guests == 3
    assert load_guests() == 0
    assert Guest.objects.count() == 3
