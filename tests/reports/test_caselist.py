"""The worker's case list export, row by row as the access policy decides: full columns
for a reader, the minimal card for a team agency without consent, nothing for a stranger;
concerns about members the consent does not cover, 住所秘匿 areas and internal records
never appear; every exported case is in the read log under the agency that allowed it."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import services
from cases.models import AccessLog, Concern
from cases.models.access import Basis
from core.wareki import to_wareki
from reminders.selectors import BUCKETS
from reports.exports import caselist
from tests.factories import AreaFactory, close_case, consultation_data, open_case
from tests.reports.conftest import export_rows, row_of

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

CARD = sorted(caselist.CARD_COLUMNS)
FULL_ONLY = [i for i in range(len(caselist.HEADINGS)) if i not in caselist.CARD_COLUMNS]
AREA = 3
CONCERNS = 12
READ_AS = 17


def concern(story, category, person=None):
    return services.concern_add(
        actor=story.owner_worker, case=story.case, category=category, person=person
    )


def members(story):
    head = story.case.household.memberships.get(relation="head").person
    child = story.case.household.memberships.get(relation="child").person
    return head, child


def test_the_owner_sees_every_column_of_its_case(story):
    row = row_of(export_rows(story.owner_worker), story.case)
    assert row[1] == story.case.title
    assert row[2] == story.case.household.name
    assert row[9] == story.case.opened_on
    assert row[READ_AS] == str(Basis.OWNER.label)


def test_a_consent_reader_sees_the_case_columns(story):
    row = row_of(export_rows(story.team_worker), story.case)
    assert row[1] == story.case.title
    assert row[2] == story.case.household.name
    assert row[READ_AS] == str(Basis.CONSENT.label)


def test_a_team_agency_without_consent_sees_only_the_card_columns(story):
    row = row_of(export_rows(story.uncovered_worker), story.case)
    assert [row[i] for i in FULL_ONLY] == [None] * len(FULL_ONLY)
    assert row[0] == story.case.reference
    assert row[6] == story.case.owner_agency.name
    assert row[7] == story.case.owner_agency.phone
    assert row[READ_AS] == caselist.CARD_ONLY % {"reason": Basis.TEAM.label}


def test_a_card_row_is_left_out_when_the_list_is_searched(story):
    assert row_of(export_rows(story.uncovered_worker, "scope=all&q=8050"), story.case) is None


def test_another_agencys_cases_are_absent(story):
    open_case(worker=story.stranger, name="他機関世帯")
    rows = export_rows(story.stranger)
    assert row_of(rows, story.case) is None
    assert [row[2] for row in rows] == ["他機関世帯"]


def test_a_consent_reader_sees_no_concern_about_a_member_the_consent_does_not_cover(story):
    head, child = members(story)
    concern(story, Concern.Category.CARE, person=head)
    concern(story, Concern.Category.HIKIKOMORI, person=child)
    concern(story, Concern.Category.POVERTY)
    row = row_of(export_rows(story.team_worker), story.case)
    assert row[CONCERNS] == "介護、困窮"


def test_the_owner_sees_every_open_concern(story):
    head, child = members(story)
    concern(story, Concern.Category.CARE, person=head)
    concern(story, Concern.Category.HIKIKOMORI, person=child)
    assert "ひきこもり" in row_of(export_rows(story.owner_worker), story.case)[CONCERNS]


@pytest.fixture
def confidential_area(story):
    """The Yamada household in an area; its head under 住所秘匿."""
    services.household_update(
        actor=story.owner_worker,
        household=story.case.household,
        expected_version=None,
        data={"area": AreaFactory(name="第九中学校区")},
    )
    head = members(story)[0]
    services.person_update(
        actor=story.owner_worker,
        person=head,
        expected_version=None,
        data={"address_confidential": True},
    )


def test_a_consent_reader_gets_no_area_of_a_household_under_address_confidentiality(
    story, confidential_area
):
    assert row_of(export_rows(story.team_worker), story.case)[AREA] == ""


def test_the_owner_gets_the_area_of_a_household_under_address_confidentiality(
    story, confidential_area
):
    assert row_of(export_rows(story.owner_worker), story.case)[AREA] == "第九中学校区"


def test_no_consultation_record_is_exported_not_even_the_readers_own_internal_one(story):
    services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(narrative="内部メモ：家族関係の機微な情報", is_internal=True),
    )
    rows = export_rows(story.owner_worker)
    assert not any("内部メモ" in str(cell) for row in rows for cell in row)


def test_each_exported_case_is_logged_with_the_export_channel(story):
    export_rows(story.team_worker)
    [log] = AccessLog.objects.filter(user=story.team_worker)
    assert (log.channel, log.object_id, log.action) == (
        AccessLog.Channel.EXPORT,
        story.case.pk,
        "export",
    )


def test_the_log_names_the_agency_whose_basis_allowed_the_read(story):
    export_rows(story.team_worker)
    log = AccessLog.objects.get(user=story.team_worker)
    assert (log.agency_id, log.basis) == (story.team_agency.pk, Basis.CONSENT)


def test_a_card_row_is_logged_as_a_card_export(story):
    export_rows(story.uncovered_worker)
    log = AccessLog.objects.get(user=story.uncovered_worker)
    assert (log.agency_id, log.basis, log.action) == (
        story.uncovered_agency.pk,
        Basis.TEAM,
        "export_card",
    )


def test_the_opened_date_and_the_last_contact_are_dates(story):
    row = row_of(export_rows(story.owner_worker), story.case)
    assert isinstance(row[9], dt.date)
    assert isinstance(row[11], dt.datetime)


def test_the_export_decides_a_batch_of_cases_in_a_bounded_number_of_queries(
    story, django_assert_max_num_queries
):
    for n in range(3):
        open_case(worker=story.owner_worker, name=f"世帯{n}")
    export_rows(story.owner_worker)  # warm the permission ids and the user's memberships
    small = _queries(story.owner_worker)
    for n in range(20):
        open_case(worker=story.owner_worker, name=f"追加世帯{n}")
    assert _queries(story.owner_worker) == small


def _queries(user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        rows = export_rows(user)
    assert rows
    return len(captured)


def test_bad_filters_are_a_validation_error_not_a_crash(story):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        caselist.clean(story.owner_worker, {"filters": "sort=nonsense&status=unknown"})


def test_an_open_case_says_for_how_long_it_has_been_open(story):
    row = row_of(export_rows(story.owner_worker), story.case)
    assert row[10] == str(BUCKETS[0][1])


def test_a_closed_case_has_no_aging(story):
    close_case(case=story.case, worker=story.owner_worker, supervisor=story.owner_supervisor)
    row = row_of(export_rows(story.owner_worker, "scope=all&status=closed"), story.case)
    assert row[10] == ""


def test_the_sheet_is_titled_with_todays_date_in_wareki(story):
    params = caselist.clean(story.owner_worker, {"filters": "scope=all"})
    [table] = caselist.build(story.owner_worker, params)
    assert str(to_wareki(timezone.localdate())) in str(table.title)
