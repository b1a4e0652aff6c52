"""A case's history and its read log over REST, as the permission story
(tests/cases/conftest.py): history for the readers of the case's details, with the field
changes they may read and without other agencies' internal consultations; the read log
for the supervisors of the intake and lead agencies only."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import access, services
from cases.models import AccessLog, Consultation
from tests.cases.case_api import PERSONAS, client_as, client_for, en, get, same_as_missing, url
from tests.factories import consultation_data

pytestmark = pytest.mark.django_db

SECRET = "避難先：○○シェルター"


def entries(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def consultation_entries(response) -> int:
    record = en(Consultation._meta.verbose_name)
    return sum(1 for row in entries(response) if row["record"] == record)


@pytest.fixture
def internal(story):
    return services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(narrative=SECRET, is_internal=True),
    )


# --- history ----------------------------------------------------------------------------

HISTORY = {
    "owner_worker": 200,
    "team_worker": 200,
    "uncovered_worker": 403,
    "stranger": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_history_is_for_readers_of_the_case(story, persona):
    response = client_as(story, persona).get(url("case-history", story.case.pk))
    assert response.status_code == HISTORY[persona]


def test_a_stranger_asking_for_the_history_gets_the_404_of_a_missing_case(story):
    same_as_missing(story, get, lambda pk: url("case-history", pk), story.case.pk)


def test_an_agency_on_the_team_without_consent_gets_the_reason_and_the_card(story):
    response = client_as(story, "uncovered_worker").get(url("case-history", story.case.pk))
    assert response.json()["card"]["id"] == story.case.pk
    assert story.uncovered_agency.name in response.json()["detail"]


def test_the_history_says_who_changed_what_and_why(story):
    rows = entries(client_as(story, "owner_worker").get(url("case-history", story.case.pk)))
    joined = [r for r in rows if r["reason"] == "joined the team"]
    assert joined
    assert joined[0]["change"] == "created"
    assert joined[0]["user"] == {
        "id": story.owner_worker.pk,
        "name": story.owner_worker.display_name,
    }


def test_the_history_is_newest_first(story):
    rows = entries(client_as(story, "owner_worker").get(url("case-history", story.case.pk)))
    times = [r["at"] for r in rows]
    assert times == sorted(times, reverse=True)


def test_an_entry_has_its_field_changes(story, internal):
    response = client_as(story, "owner_worker").get(url("case-history", story.case.pk))
    assert set(entries(response)[0]) == {"at", "record", "change", "user", "reason", "changes"}


def test_a_field_change_names_the_field_its_label_and_the_old_and_new_values(story):
    consultation = story.case.consultations.get()
    services.consultation_update(
        actor=story.owner_worker,
        consultation=consultation,
        expected_version=None,
        data={"minutes": 45},
    )
    rows = entries(client_as(story, "owner_worker").get(url("case-history", story.case.pk)))
    corrected = next(r for r in rows if r["reason"] == "consultation corrected")
    assert corrected["change"] == "changed"
    assert corrected["changes"] == [
        {"field": "minutes", "label": "minutes spent", "old": "30", "new": "45"}
    ]


def test_a_creation_gives_the_initial_values_without_old_ones(story):
    rows = entries(client_as(story, "owner_worker").get(url("case-history", story.case.pk)))
    joined = [r for r in rows if r["reason"] == "joined the team"]
    agencies = {c["new"] for r in joined for c in r["changes"] if c["field"] == "agency"}
    assert agencies == {story.team_agency.name, story.uncovered_agency.name}
    assert {c["old"] for r in joined for c in r["changes"]} == {None}


def test_the_owner_reads_its_own_internal_consultations_text(story, internal):
    response = client_as(story, "owner_worker").get(url("case-history", story.case.pk))
    assert consultation_entries(response) == 2
    assert SECRET in response.content.decode()


def test_a_team_agency_reads_nothing_of_another_agencys_internal_consultation(story, internal):
    response = client_as(story, "team_worker").get(url("case-history", story.case.pk))
    assert SECRET not in response.content.decode()


def test_the_schema_documents_the_field_changes():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    change = schema["components"]["schemas"]["FieldChange"]
    assert set(change["properties"]) == {"field", "label", "old", "new"}
    assert change["properties"]["old"].get("nullable") is True
    entry = schema["components"]["schemas"]["HistoryEntry"]
    assert entry["properties"]["changes"]["items"] == {"$ref": "#/components/schemas/FieldChange"}


def test_another_agencys_internal_consultation_is_not_in_its_history(story, internal):
    team = client_as(story, "team_worker").get(url("case-history", story.case.pk))
    owner = client_as(story, "owner_worker").get(url("case-history", story.case.pk))
    assert consultation_entries(owner) - consultation_entries(team) == 1


def test_reading_the_history_is_logged_as_a_read_of_the_case(story):
    client_as(story, "team_worker").get(url("case-history", story.case.pk))
    read = AccessLog.objects.get(user=story.team_worker, object_id=story.case.pk)
    assert (read.basis, read.channel) == ("consent", AccessLog.Channel.API)


def test_a_bad_history_page_is_a_400(story):
    response = client_as(story, "owner_worker").get(url("case-history", story.case.pk) + "?page=x")
    assert response.status_code == 400
    assert "page" in response.json()


def test_the_history_has_no_keyset_pages(story):
    response = client_as(story, "owner_worker").get(url("case-history", story.case.pk) + "?cursor=")
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("rows", [10, 50])
def test_the_history_runs_a_constant_number_of_queries(story, rows, django_assert_max_num_queries):
    for _ in range(rows):
        services.consultation_log(
            actor=story.owner_worker, case=story.case, data=consultation_data()
        )
    client = client_as(story, "team_worker")
    # memberships, the case, the caller's permission rows for it, the access-log INSERT;
    # one per history source (the cases' 14 and the consent's agencies, participation's 3,
    # meetings' decisions and the agenda items whose minutes the caller reads); one per
    # kind of record the changes name (agencies, users, persons, households...)
    with django_assert_max_num_queries(30):  # 28 at 10 rows as at 50
        response = client.get(url("case-history", story.case.pk) + "?page_size=200")
        assert consultation_entries(response) == rows + 1


# --- the read log -----------------------------------------------------------------------

READ_LOG = {
    "owner_worker": 403,
    "team_worker": 403,
    "uncovered_worker": 403,
    "stranger": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_read_log_is_for_the_supervisors_of_the_intake_and_lead_agencies(story, persona):
    response = client_as(story, persona).get(url("case-read-log", story.case.pk))
    assert response.status_code == READ_LOG[persona]


@pytest.mark.parametrize("persona", ["owner_worker", "team_worker"])
def test_a_reader_of_the_case_is_told_who_reads_the_read_log(story, persona):
    response = client_as(story, persona).get(url("case-read-log", story.case.pk))
    assert response.json()["detail"] == en(access.READ_LOG_SUPERVISORS)


def test_an_agency_without_consent_gets_the_card_for_the_read_log(story):
    response = client_as(story, "uncovered_worker").get(url("case-read-log", story.case.pk))
    assert response.json()["card"]["id"] == story.case.pk


def test_a_stranger_asking_for_the_read_log_gets_the_404_of_a_missing_case(story):
    same_as_missing(story, get, lambda pk: url("case-read-log", pk), story.case.pk)


def test_a_team_agencys_supervisor_does_not_read_the_read_log(story):
    from agencies.models import Membership
    from tests.factories import StaffFactory

    supervisor = StaffFactory(agency=story.team_agency, role=Membership.Role.SUPERVISOR)
    response = client_for(supervisor).get(url("case-read-log", story.case.pk))
    assert response.status_code == 403


def test_the_supervisor_reads_who_read_the_case_on_which_basis(story):
    client_as(story, "team_worker").get(url("case-detail", story.case.pk) + "?q=山田")
    rows = entries(client_for(story.owner_supervisor).get(url("case-read-log", story.case.pk)))
    team = [r for r in rows if r["user"]["id"] == story.team_worker.pk]
    assert [(r["agency"]["id"], r["basis"], r["channel"]) for r in team] == [
        (story.team_agency.pk, "consent", "api")
    ]
    assert team[0]["user"]["username"] == story.team_worker.username
    assert "path" not in team[0]
    assert "山田" not in str(rows)


def test_the_read_log_is_newest_first(story):
    client_as(story, "team_worker").get(url("case-detail", story.case.pk))
    rows = entries(client_for(story.owner_supervisor).get(url("case-read-log", story.case.pk)))
    assert rows[0]["user"]["id"] == story.owner_supervisor.pk  # this very read
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)


def test_a_bad_read_log_page_is_a_400(story):
    response = client_for(story.owner_supervisor).get(
        url("case-read-log", story.case.pk) + "?page_size=500"
    )
    assert response.status_code == 400
    assert "page_size" in response.json()


@pytest.mark.parametrize("rows", [10, 50])
def test_the_read_log_runs_a_constant_number_of_queries(story, rows, django_assert_max_num_queries):
    access.log_reads(story.team_worker, [story.case] * (rows - 1))
    client = client_for(story.owner_supervisor)
    # memberships, the case, the caller's permission rows for it, the access-log INSERT,
    # count, page (with agencies)
    with django_assert_max_num_queries(6):
        response = client.get(url("case-read-log", story.case.pk) + "?page_size=200")
        assert len(entries(response)) == rows  # with the supervisor's read just now


# --- a reader under a 支援会議 grant (art. 106-6) ----------------------------------------


@pytest.mark.parametrize("name", ["case-history", "case-read-log"])
def test_a_meeting_grant_reader_is_told_the_history_needs_consent(story, name):
    now = timezone.now()
    services.grant_meeting_access(
        case=story.case,
        user=story.stranger,
        agency=story.other,
        source="支援会議 2026-12-01",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )
    response = client_as(story, "stranger").get(url(name, story.case.pk))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.GRANT_SUMMARY_ONLY)
