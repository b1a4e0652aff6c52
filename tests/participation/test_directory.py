"""Searching the menu directory: by area (with city-wide menus and those of the larger and
smaller areas), kind, target (menus for everyone included) and words."""

import pytest

from participation import selectors, services
from participation.models import SupportMenu, Target

pytestmark = pytest.mark.django_db


def titles(**filters) -> list[str]:
    return [m.title for m in selectors.menu_search(filters=filters)]


@pytest.fixture
def more(kit):
    """Besides パン作り (朝日小学校区, youth) and 商店街清掃 (東中学校区, everyone): a city-wide
    menu, one in 本町, one in the west, and one no longer offered."""
    kit.menu("市役所の花壇づくり", kind=SupportMenu.Kind.VOLUNTEERING, target=Target.ELDERLY)
    kit.menu("本町 駄菓子の値札貼り", area=kit.areas.honmachi)
    kit.menu("西の農園", area=kit.areas.west, kind=SupportMenu.Kind.VOLUNTEERING)
    old = kit.menu("休止中の教室", kind=SupportMenu.Kind.LEARNING)
    services.menu_update(
        actor=kit.developer, menu=old, expected_version=None, data={"is_active": False}
    )
    return kit


def test_without_conditions_every_offered_menu_is_listed_by_title(more):
    assert titles() == sorted(
        ["パン作り", "商店街清掃", "市役所の花壇づくり", "本町 駄菓子の値札貼り", "西の農園"]
    )


def test_menus_withdrawn_from_the_directory_are_found_only_when_asked(more):
    assert "休止中の教室" not in titles()
    assert "休止中の教室" in titles(active=None)


def test_an_area_finds_its_own_its_surroundings_and_city_wide_menus(more):
    # 朝日小学校区: its own, the 中学校区 around it, 本町 inside it, and city-wide.
    assert set(titles(area=more.areas.asahi)) == {
        "パン作り",
        "商店街清掃",
        "本町 駄菓子の値札貼り",
        "市役所の花壇づくり",
    }
    # 本町: the larger areas it lies in, and city-wide; not the west.
    assert set(titles(area=more.areas.honmachi)) == {
        "パン作り",
        "商店街清掃",
        "本町 駄菓子の値札貼り",
        "市役所の花壇づくり",
    }
    assert set(titles(area=more.areas.west)) == {"西の農園", "市役所の花壇づくり"}


def test_a_kind_narrows_the_list(more):
    assert set(titles(kind=SupportMenu.Kind.VOLUNTEERING)) == {
        "商店街清掃",
        "市役所の花壇づくり",
        "西の農園",
    }


def test_a_target_includes_menus_for_everyone(more):
    assert set(titles(target=Target.YOUTH)) == {"パン作り", "商店街清掃"}
    assert set(titles(target=Target.ELDERLY)) == {"市役所の花壇づくり", "商店街清掃"}


def test_every_word_must_match_the_menu_or_its_host(more):
    assert titles(q="パン") == ["パン作り"]
    assert titles(q="厨房 袋詰め") == ["パン作り"]
    assert titles(q="厨房 ごみ") == []
    assert titles(q="商店街振興組合") == ["商店街清掃"]


def test_conditions_combine(more):
    assert titles(area=more.areas.asahi, kind=SupportMenu.Kind.VOLUNTEERING, q="花壇") == [
        "商店街清掃",
        "市役所の花壇づくり",
    ]


def test_each_menu_carries_the_places_taken(more):
    more.trial(more.propose())
    menu = selectors.menu_search(filters={"q": "パン"}).get()
    assert (menu.taken, menu.capacity) == (1, 2)
