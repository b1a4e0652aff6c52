"""Who sees which figures (cases.access.report_scope): an agency's staff their own
agency's, the hub's coordinators, supervisors and report viewers the city."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from agencies.models import Membership
from cases import access
from reports.figures import tables_for
from tests.factories import ServiceAccountFactory, StaffFactory
from tests.reports.conftest import FY

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


@pytest.mark.parametrize("who", ["hub_viewer", "hub_coordinator", "hub_supervisor"])
def test_hub_coordinators_supervisors_and_report_viewers_see_the_city(city, who):
    scope = access.report_scope(getattr(city, who))
    assert scope.is_city
    assert scope.city_wide


@pytest.mark.parametrize("who", ["hub_worker", "hub_admin"])
def test_other_hub_staff_see_the_hubs_own_figures(city, who):
    scope = access.report_scope(getattr(city, who))
    assert scope.agencies == {city.hub.pk}


@pytest.mark.parametrize("who", ["east_worker", "east_supervisor", "east_viewer"])
def test_a_partner_agencys_staff_see_their_agency_only(city, who):
    scope = access.report_scope(getattr(city, who))
    assert scope.agencies == {city.east.pk}
    assert not scope.city_wide


def test_a_privacy_officer_sees_their_agencys_figures(city):
    auditor = StaffFactory(agency=city.aoba, role=Membership.Role.AUDITOR)
    assert access.report_scope(auditor).agencies == {city.aoba.pk}


def test_someone_at_two_agencies_sees_both_and_may_narrow_to_one(city):
    from agencies import services

    services.membership_add(
        actor=None, agency=city.aoba, user=city.east_worker, role=Membership.Role.CASEWORKER
    )
    city.east_worker.refresh_from_db()
    scope = access.report_scope(city.east_worker)
    assert scope.agencies == {city.east.pk, city.aoba.pk}
    assert access.report_scope(city.east_worker, city.aoba.pk).agencies == {city.aoba.pk}


def test_a_city_viewer_may_narrow_to_any_agency(city):
    scope = access.report_scope(city.hub_viewer, city.aoba.pk)
    assert scope.agencies == {city.aoba.pk}
    assert scope.label == city.aoba.name


def test_a_partner_user_may_not_narrow_to_another_agency(city):
    with pytest.raises(PermissionDenied) as refused:
        access.report_scope(city.east_viewer, city.hub.pk)
    assert str(refused.value) == str(access.NOT_YOUR_FIGURES)


def test_an_account_without_a_membership_sees_no_figures(city):
    with pytest.raises(PermissionDenied) as refused:
        access.report_scope(city.no_agency)
    assert str(refused.value) == str(access.NO_FIGURES)


def test_an_anonymous_visitor_sees_no_figures():
    with pytest.raises(PermissionDenied):
        access.report_scope(AnonymousUser())


def test_a_partner_system_account_sees_no_figures(city):
    account = ServiceAccountFactory(agency=city.east)[0]
    assert not access.may_see_figures(account)
    with pytest.raises(PermissionDenied):
        access.report_scope(account)


def _cases_opened(user, today) -> int:
    table = next(t for t in tables_for(access.report_scope(user), FY) if t.key == "key_figures")
    return table.rows[0][2]


def test_another_agencys_user_does_not_count_your_agencys_cases(city, today):
    # FY2024: the hub opened c1, east c3 and c4; aoba none.
    assert _cases_opened(city.hub_worker, today) == 1
    assert _cases_opened(city.east_worker, today) == 2
    assert _cases_opened(city.aoba_worker, today) == 0
    assert _cases_opened(city.hub_viewer, today) == 3
