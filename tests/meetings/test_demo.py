import pytest
from django.db import transaction

from meetings.demo import load_meetings
from meetings.models import Meeting

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
