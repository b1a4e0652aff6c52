"""Rule 7 on the meeting pages: besides the agenda and the paper (tests/meetings/test_api.py
and the views), the cases suggested for the agenda and the minutes form are logged as read."""

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.models import AccessLog
from cases.models.access import Basis

pytestmark = pytest.mark.django_db


def test_the_agenda_suggestions_log_the_cases_they_name(client, kit, story):
    """A case whose closure is proposed is suggested to the organiser's coordinator."""
    meeting = kit.plan()
    suggested = kit.another_case("佐藤家")
    case_services.closure_propose(actor=story.owner_worker, case=suggested, reason="goals_met")
    client.force_login(kit.coordinator)
    assert "佐藤家" in client.get(reverse("meetings:detail", args=[meeting.pk])).text
    rows = AccessLog.objects.filter(user=kit.coordinator, action="suggestion")
    assert (AccessLog.Kind.CASE, suggested.pk, Basis.OWNER) in set(
        rows.values_list("kind", "object_id", "basis")
    )


def test_the_minutes_form_logs_the_case_of_the_item(client, kit, story):
    meeting = kit.plan(cases=(story.case,))
    item = meeting.items.get()
    client.force_login(kit.coordinator)
    assert client.get(reverse("meetings:item_edit", args=[meeting.pk, item.pk])).status_code == 200
    entry = AccessLog.objects.get(user=kit.coordinator, action="minutes")
    assert (entry.kind, entry.object_id) == (AccessLog.Kind.CASE, story.case.pk)
