"""The resource directory and the 中学校区 views: the area hierarchy decides what shows."""

import pytest
from django.utils import timezone

from community import selectors, services
from community.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(community):
    """Beside the story's records (本町 salon, 朝日小学校区 place, 東中学校区 platform,
    city-wide network): a group in 桜台 (東中学校区), one in 西町 and a city-wide one."""
    worker, hub = community.hub_worker, community.hub
    a = community.areas
    make = services.group_create
    make(actor=worker, owner=hub, name="桜台みんなの食堂", kind="kodomo_shokudo", area=a.sakura)
    make(actor=worker, owner=hub, name="西町フードパントリー", kind="food_pantry", area=a.nishi)
    make(actor=worker, owner=hub, name="ヤングケアラー交流会", kind="support_group", target="youth")
    return community


def names(**conditions) -> set[str]:
    return {row.name for row in selectors.directory_rows(selectors.directory(**conditions))}


def test_the_directory_lists_every_type_of_resource(spread):
    assert names() == {
        "本町いきいきサロン",
        "朝日町ふれあいの家",
        "東つながりづくりプラットフォーム",
        "フードドライブ",
        "桜台みんなの食堂",
        "西町フードパントリー",
        "ヤングケアラー交流会",
    }


def test_a_junior_high_district_includes_its_schools_neighbourhoods_and_the_city(spread):
    assert names(area=spread.areas.east) == {
        "本町いきいきサロン",  # 本町 (自治区)
        "朝日町ふれあいの家",  # 朝日小学校区
        "東つながりづくりプラットフォーム",  # 東中学校区 itself
        "桜台みんなの食堂",  # 桜台, another 小学校区 of the district
        "フードドライブ",  # city-wide
        "ヤングケアラー交流会",  # city-wide
    }


def test_a_neighbourhood_also_shows_what_its_school_district_and_junior_high_offer(spread):
    assert names(area=spread.areas.honmachi) == {
        "本町いきいきサロン",
        "朝日町ふれあいの家",
        "東つながりづくりプラットフォーム",
        "フードドライブ",
        "ヤングケアラー交流会",
    }


def test_another_district_does_not_show_this_ones_resources(spread):
    assert names(area=spread.areas.west) == {
        "西町フードパントリー",
        "フードドライブ",
        "ヤングケアラー交流会",
    }


def test_a_kind_narrows_the_directory_to_groups_of_that_kind(spread):
    assert names(kind=Group.Kind.SALON) == {"本町いきいきサロン"}


def test_a_target_narrows_to_groups_and_places_for_exactly_that_target(spread):
    assert names(target="youth") == {"ヤングケアラー交流会"}
    assert names(target="everyone") == {
        "朝日町ふれあいの家",
        "桜台みんなの食堂",
        "西町フードパントリー",
    }


def test_a_type_narrows_the_directory(spread):
    assert names(type="platform") == {"東つながりづくりプラットフォーム"}
    assert names(type="network", area=spread.areas.west) == {"フードドライブ"}


def test_keywords_search_names_descriptions_and_network_members(spread):
    assert names(q="サロン") == {"本町いきいきサロン", "朝日町ふれあいの家"}  # run by the salon
    assert names(q="ミナト") == {"フードドライブ"}  # a member of the network
    assert names(q="商店会") == {"東つながりづくりプラットフォーム"}  # a member company
    assert names(q="桜台 食堂") == {"桜台みんなの食堂"}  # every word must match


def test_inactive_resources_are_left_out_unless_asked_for(spread):
    services.group_update(
        actor=spread.hub_worker,
        group=spread.salon,
        expected_version=1,
        data={"is_active": False},
    )
    assert "本町いきいきサロン" not in names()
    assert "本町いきいきサロン" in names(include_inactive=True)


def test_the_district_page_holds_what_is_inside_the_district_only(spread):
    page = selectors.district_page(spread.areas.east)
    assert {g.name for g in page.groups} == {"本町いきいきサロン", "桜台みんなの食堂"}
    assert [p.name for p in page.places] == ["朝日町ふれあいの家"]
    assert [p.name for p in page.platforms] == ["東つながりづくりプラットフォーム"]
    assert page.networks == []  # the food drive is city-wide
    assert [a.title for a in page.activities] == ["サロン定例会"]
    assert page.counts.activities == 1
    assert page.counts.participants == 18
    assert page.city_wide == 2  # the food drive and the young carers' group


def test_the_overview_rolls_neighbourhoods_up_to_their_junior_high_district(spread):
    rows = {
        row.area.name if row.area else None: row.counts for row in selectors.district_overview()
    }
    assert rows["東中学校区"].groups == 2
    assert rows["東中学校区"].places == 1
    assert rows["東中学校区"].platforms == 1
    assert rows["東中学校区"].activities == 1
    assert rows["西中学校区"].groups == 1
    assert rows[None].groups == 1
    assert rows[None].networks == 1


def test_activities_of_last_fiscal_year_are_not_counted_this_year(community):
    start = selectors.current_fiscal_year().start
    assert start <= timezone.localdate()
    services.activity_record(
        actor=community.hub_worker,
        owner=community.hub,
        title="昨年度のサロン",
        held_on=start.replace(year=start.year - 1),
        participants=50,
        group=community.salon,
    )
    assert selectors.district_page(community.areas.east).counts.participants == 18
