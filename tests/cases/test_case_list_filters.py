"""The case list's filters: worker, concern, area, project and how long a case is open."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Concern, Project
from tests.factories import AreaFactory, open_case

pytestmark = pytest.mark.django_db


def _listed(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("cases:list"), {"scope": "all", **params})
    assert response.status_code == 200
    return {case.pk for case in response.context["page"].object_list}


def test_the_worker_filter_keeps_the_cases_of_that_worker(client, story):
    colleagues = open_case(worker=story.owner_supervisor, title="同僚の担当ケース")

    listed = _listed(client, story.owner_worker, worker=story.owner_supervisor.pk)

    assert listed == {colleagues.pk}


def test_the_worker_filter_offers_only_staff_of_the_readers_agencies(client, story):
    client.force_login(story.owner_worker)

    form = client.get(reverse("cases:list")).context["form"]

    offered = set(form.fields["worker"].queryset)
    assert story.owner_supervisor in offered
    assert story.team_worker not in offered


def test_the_area_filter_keeps_the_households_of_that_area(client, story):
    area = AreaFactory(name="北中学校区")
    elsewhere = open_case(worker=story.owner_worker, name="北の世帯", area=area)

    assert _listed(client, story.owner_worker, area=area.pk) == {elsewhere.pk}


def test_the_project_filter_keeps_the_cases_enrolled_in_it(client, story):
    outreach = open_case(worker=story.owner_worker, projects=[Project.OUTREACH])

    assert _listed(client, story.owner_worker, project=Project.OUTREACH) == {outreach.pk}


def test_the_aging_filter_keeps_cases_open_for_that_many_years(client, story):
    long_running = open_case(
        worker=story.owner_worker, opened_on=timezone.localdate() - dt.timedelta(days=3 * 366)
    )

    assert _listed(client, story.owner_worker, aging="3") == {long_running.pk}


def test_the_concern_filter_finds_a_concern_the_reader_may_read(client, story):
    head = story.consent.person
    services.concern_add(
        actor=story.owner_worker, case=story.case, category=Concern.Category.CARE, person=head
    )

    assert story.case.pk in _listed(client, story.team_worker, concern=Concern.Category.CARE)


def test_the_concern_filter_ignores_an_uncovered_members_concern(client, story):
    son = story.case.household.memberships.exclude(person=story.consent.person).get().person
    services.concern_add(
        actor=story.owner_worker,
        case=story.case,
        category=Concern.Category.HIKIKOMORI,
        person=son,
    )

    assert story.case.pk in _listed(client, story.owner_worker, concern=Concern.Category.HIKIKOMORI)
    assert story.case.pk not in _listed(
        client, story.team_worker, concern=Concern.Category.HIKIKOMORI
    )


def test_an_unknown_filter_value_is_ignored_not_an_error(client, story):
    client.force_login(story.owner_worker)

    response = client.get(reverse("cases:list"), {"worker": "x", "area": "-1", "aging": "99"})

    assert response.status_code == 200
