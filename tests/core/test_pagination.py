"""The capped paginator: counts at most the cap, reads pages as a deferred join, and
reaches pages past the cap without counting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Area
from core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    Area.objects.bulk_create(
        Area(name=f"区{i:02d}", level=Area.Level.JUNIOR_HIGH) for i in range(12)
    )
    return Area.objects.order_by("name")


def names(page) -> list[str]:
    return [a.name for a in page.object_list]


def test_below_the_cap_it_counts_exactly_and_pages_as_usual(areas):
    paginator = CappedPaginator(areas, 5, cap=100)
    page = paginator.get_page(3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (12, False, 3)
    assert names(page) == ["区10", "区11"]
    assert not page.has_next()


def test_above_the_cap_it_stops_counting_and_says_so(areas):
    paginator = CappedPaginator(areas, 5, cap=4)
    page = paginator.get_page(1)
    assert paginator.capped
    assert paginator.count == 5  # the cap and one: "more than 4"
    assert page.has_next()


def test_a_page_past_the_cap_is_reachable_and_knows_whether_more_follow(areas):
    paginator = CappedPaginator(areas, 5, cap=4)
    assert names(paginator.get_page(2)) == [f"区{i:02d}" for i in range(5, 10)]
    assert paginator.get_page(2).has_next()
    assert not paginator.get_page(3).has_next()


def test_a_page_past_the_cap_counts_nothing(areas):
    paginator = CappedPaginator(areas, 5, cap=4)
    with CaptureQueriesContext(connection) as queries:
        paginator.get_page(3)
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)


def test_a_page_past_the_end_falls_back_to_the_first_when_capped(areas):
    paginator = CappedPaginator(areas, 5, cap=4)
    assert names(paginator.get_page(99)) == names(paginator.get_page(1))


def test_a_page_past_the_end_falls_back_to_the_last_below_the_cap(areas):
    paginator = CappedPaginator(areas, 5, cap=100)
    assert names(paginator.get_page(99)) == ["区10", "区11"]


def test_a_page_keeps_the_querysets_order(areas):
    paginator = CappedPaginator(areas.order_by("-name"), 3, cap=100)
    assert names(paginator.get_page(1)) == ["区11", "区10", "区09"]


def _render_pagination(query: str, page) -> str:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get(f"/list/?{query}")
    return render_to_string("core/_pagination.html", {"page": page}, request=request)


def test_the_page_links_keep_the_lists_filters():
    from django.core.paginator import Paginator

    html = _render_pagination("q=%E7%94%B0&sort=contact&page=2", Paginator(range(120), 50).page(2))
    assert 'href="?q=%E7%94%B0&amp;sort=contact&amp;page=1"' in html
    assert 'href="?q=%E7%94%B0&amp;sort=contact&amp;page=3"' in html
    assert "2 / 3" in html


def test_a_capped_list_shows_the_page_number_without_a_last_page(settings):
    from core.pagination import CappedPaginator

    page = CappedPaginator(list(range(30)), 10, cap=15).page(2)
    html = _render_pagination("page=2", page)
    assert "<span>2</span>" in html
    assert "/ " not in html.split("<span>")[1]


def test_a_single_page_has_no_pagination():
    from django.core.paginator import Paginator

    assert "pagination" not in _render_pagination("", Paginator(range(5), 50).page(1))
