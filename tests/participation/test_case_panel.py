"""The case page's menu search is short: its area choice is the household's own area, the
larger areas it lies in and the 中学校区, not every area of the city (thousands of them);
the menu search page itself still offers every area (tests/participation/conftest.py)."""

import pytest
from django.urls import reverse

from agencies.models import Area
from cases import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(kit):
    """Thirty 自治区 in the west; the Yamada household lives in 本町 (east)."""
    for n in range(30):
        Area.objects.create(
            name=f"西自治区{n:02}", level=Area.Level.NEIGHBOURHOOD, parent=_west_school(kit)
        )
    services.household_update(
        actor=kit.story.owner_worker,
        household=kit.story.case.household,
        expected_version=None,
        data={"area": kit.areas.honmachi},
    )
    return kit


def _west_school(kit) -> Area:
    school, _ = Area.objects.get_or_create(
        name="西小学校区", level=Area.Level.ELEMENTARY, parent=kit.areas.west
    )
    return school


def _area_options(html: str) -> list[str]:
    select = html.split('id="pm-area"')[1].split("</select>")[0]
    return [part.split("</option>")[0].split(">")[-1] for part in select.split("<option")[1:]]


def test_the_case_page_offers_the_households_areas_and_the_junior_high_districts(client, city):
    client.force_login(city.story.owner_worker)
    html = client.get(reverse("cases:detail", args=[city.story.case.pk])).text
    options = _area_options(html)
    assert set(options) == {"すべての地区", "東中学校区", "西中学校区", "朝日小学校区", "本町"}
    assert "西自治区00" not in html and "西小学校区" not in html
    assert f'value="{city.areas.honmachi.pk}" selected' in html  # the household's own area


def test_the_case_page_links_to_the_search_page_that_offers_every_area(client, city):
    client.force_login(city.story.owner_worker)
    url = reverse("participation:case_menus", args=[city.story.case.pk])
    assert url in client.get(reverse("cases:detail", args=[city.story.case.pk])).text
    options = _area_options(client.get(url).text)
    assert len(options) == 1 + Area.objects.count()
    assert "西自治区29" in options


def test_a_reader_who_may_not_see_the_households_area_is_offered_only_the_districts(client, city):
    head = city.story.case.household.memberships.get(relation="head").person
    services.person_update(
        actor=city.story.owner_worker,
        person=head,
        expected_version=None,
        data={"address_confidential": True},
    )
    client.force_login(city.story.team_worker)  # reads by consent: not the address (rule 6)
    html = client.get(reverse("cases:detail", args=[city.story.case.pk])).text
    assert set(_area_options(html)) == {"すべての地区", "東中学校区", "西中学校区"}
    assert "本町" not in html
