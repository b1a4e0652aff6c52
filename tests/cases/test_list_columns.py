"""The columns lists sort by (last contact, current lead) are kept by the services in the
write's own transaction, never clobbered by a stale instance, and rebuildable."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import services
from cases.models import Case, Consultation
from cases.services.consultations import ConsultationData

pytestmark = pytest.mark.django_db


def log(story, when: dt.datetime) -> Consultation:
    return services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=ConsultationData(occurred_at=when, mode="phone", narrative="電話で近況を確認"),
    )


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def test_a_consultation_moves_the_last_contact_forward(story):
    when = timezone.now() - dt.timedelta(minutes=5)
    log(story, when)
    assert fresh(story.case).last_contact_at == when


def test_an_older_consultation_leaves_the_last_contact_alone(story):
    latest = fresh(story.case).last_contact_at
    log(story, latest - dt.timedelta(days=30))
    assert fresh(story.case).last_contact_at == latest


def test_correcting_the_date_of_the_latest_contact_moves_the_last_contact_back(story):
    earlier = fresh(story.case).last_contact_at
    consultation = log(story, timezone.now() - dt.timedelta(minutes=1))
    services.consultation_update(
        actor=story.owner_worker,
        consultation=consultation,
        expected_version=consultation.version,
        data={"occurred_at": earlier - dt.timedelta(days=1)},
    )
    assert fresh(story.case).last_contact_at == earlier


def test_a_lead_change_puts_the_new_lead_on_the_case(story):
    services.lead_change(
        actor=story.owner_worker, case=story.case, agency=story.team_agency, reason="介護中心"
    )
    assert fresh(story.case).lead_agency == story.team_agency


def test_saving_a_case_read_before_a_contact_keeps_the_newer_last_contact(story):
    stale = fresh(story.case)
    when = timezone.now() - dt.timedelta(seconds=1)
    log(story, when)
    assert stale.last_contact_at < when
    stale.title = "新しい主訴"
    stale.save()  # any save of an instance read earlier (services re-read under lock)
    assert fresh(story.case).last_contact_at == when
    assert fresh(story.case).title == "新しい主訴"


def test_logging_a_contact_does_not_make_an_open_case_form_stale(story):
    version = fresh(story.case).version
    log(story, timezone.now() - dt.timedelta(minutes=3))
    assert fresh(story.case).version == version


def test_the_columns_are_left_out_of_history(story):
    before = story.case.history.count()
    log(story, timezone.now() - dt.timedelta(minutes=4))
    assert story.case.history.count() == before


def test_the_rebuild_command_recomputes_the_columns_from_the_records(story):
    expected = fresh(story.case)
    Case.objects.update(last_contact_at=None, lead_agency=None)
    call_command("rebuild_case_columns", chunk=1)
    rebuilt = fresh(story.case)
    assert (rebuilt.last_contact_at, rebuilt.lead_agency) == (
        expected.last_contact_at,
        expected.lead_agency,
    )
    assert rebuilt.lead_agency == story.hub
