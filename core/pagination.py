"""Pagination that never counts more rows than a person would page through.

A hub worker's list can match tens of thousands of cases; counting them all costs more than
showing the page. `CappedPaginator` counts at most `cap + 1` rows (a COUNT over a LIMITed
subquery), and the page then says "10,000件以上" instead of the exact figure. Beyond the
cap a page is still reachable by number; whether there is a next one is learnt by reading
one row more than the page shows. A page is read as a deferred join: its ids first (an
index-only walk of the ordering's index, however deep the page), then those rows."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

# From this offset on, a page reads its ids first (see CappedPaginator._rows).
DEFERRED_JOIN_FROM = 1000


# The highest row offset asked of the database: a signed 32-bit integer's worth of rows.
LAST_ROW = 2**31 - 1


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool | None = None) -> None:
        super().__init__(object_list, number, paginator)
        self._more = more

    def has_next(self) -> bool:
        return self._more if self._more is not None else super().has_next()


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap if cap is not None else settings.LIST_COUNT_CAP

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def capped(self) -> bool:
        """More rows than the cap: the count shown is a lower bound."""
        return self.count > self.cap

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        return self._positive(number)

    def _positive(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page > LAST_ROW:
            # Past any row a database can hold (and past what its OFFSET takes): the end.
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> Page:
        number = self._positive(number)
        bottom = (number - 1) * self.per_page
        if bottom >= self.cap and "count" not in self.__dict__:
            # A page past the cap exists only if the rows go on that far: its rows answer
            # that, and nothing is counted.
            rows = self._rows(bottom, bottom + self.per_page + 1)
            if rows:
                self.count = self.cap + 1  # at least
                return CappedPage(
                    rows[: self.per_page], number, self, more=len(rows) > self.per_page
                )
        number = self.validate_number(number)
        if not self.capped:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return CappedPage(self._rows(bottom, top), number, self)
        rows = self._rows(bottom, bottom + self.per_page + 1)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _rows(self, bottom: int, top: int) -> list:
        """Deep pages are a deferred join: the page's ids first (an index-only walk of the
        ordering's index), then those rows with everything the page shows. Near the top a
        single query is cheaper."""
        rows = self.object_list
        if (
            not isinstance(rows, QuerySet)
            or bottom < DEFERRED_JOIN_FROM
            or rows.query.combinator  # a union (the community directory) filters by no pk
        ):
            return list(rows[bottom:top])
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        if not ids:
            return []
        found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def get_page(self, number) -> Page:
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(1 if self.capped else self.num_pages)
