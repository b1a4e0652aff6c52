"""One pagination for every API list.

- Page numbers (`page`, `page_size` up to MAX_PAGE_SIZE), with
  a count that stops at LIST_COUNT_CAP (core/pagination.py): above it `count` is the cap
  and `count_exceeds_cap` is true, and pages past the cap are still reachable.
- Keyset pages for partner systems that sync everything: pass `cursor` (empty for the first
  page) and follow `next`. Rows then come newest record first (descending id), each page
  an index range scan whatever its depth, stable while records are added.

A `page` or `page_size` that is not a whole number of at least 1, a `page_size` above
MAX_PAGE_SIZE, or a malformed `cursor`, is a 400 naming the parameter. A page past the
end is the one 404 (core/api/errors.py): there is nothing there."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from core.pagination import CappedPaginator

MAX_PAGE_SIZE = 200
NOT_A_PAGE = _("Give a whole number of at least 1.")
PAGE_TOO_LARGE = _("At most %(max)s rows per page.")
# A view sets `cursor_pages = False` when its rows cannot be read as keyset pages (a union
# of several tables, ordered by name): `cursor` is then a 400 and not in its schema.
NO_CURSOR_PAGES = _("This list has no keyset pages: use page.")


def _positive_param(request, name: str, maximum: int | None = None) -> None:
    """A 400 on `name` unless it is absent or a whole number of at least 1 (and at most
    `maximum`)."""
    raw = request.query_params.get(name)
    if raw is None:
        return
    if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
        raise ValidationError({name: [str(NOT_A_PAGE)]})
    if maximum is not None and int(raw) > maximum:
        raise ValidationError({name: [str(PAGE_TOO_LARGE % {"max": maximum})]})


class SyncCursorPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None  # `?cursor=` asks for the first page
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: [str(self.invalid_cursor_message)]}
            ) from None


class ListPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = CappedPaginator
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self._cursor = None
        _positive_param(request, self.page_size_query_param, self.max_page_size)
        if self.cursor_query_param in request.query_params:
            if not getattr(view, "cursor_pages", True):
                raise ValidationError({self.cursor_query_param: [str(NO_CURSOR_PAGES)]})
            self._cursor = SyncCursorPagination()
            return self._cursor.paginate_queryset(queryset, request, view)
        if self.page_query_param in request.query_params:
            page = request.query_params[self.page_query_param]
            if page not in self.last_page_strings:
                _positive_param(request, self.page_query_param)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:  # DRF's "Invalid page": here only a page past the end
            raise Http404 from None

    def get_paginated_response(self, data) -> Response:
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        assert self.page is not None  # a page was made: paginate_queryset returned rows
        paginator = self.page.paginator
        assert isinstance(paginator, CappedPaginator)  # django_paginator_class
        return Response(
            {
                "count": min(paginator.count, paginator.cap),
                "count_exceeds_cap": paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exceeds_cap"] = {
            "type": "boolean",
            "description": str(
                _("True when more rows match than are counted: count is then the cap.")
            ),
        }
        response["required"] = ["results"]  # a cursor page has no count
        return response

    def get_schema_operation_parameters(self, view) -> list[dict]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            param["schema"] = {**param["schema"], "minimum": 1}
            if param["name"] == self.page_size_query_param:
                param["schema"]["maximum"] = self.max_page_size
                param["description"] = str(
                    _("Rows per page, at most %(max)s (a larger number is a 400).")
                    % {"max": self.max_page_size}
                )
        if not getattr(view, "cursor_pages", True):
            return params
        return [
            *params,
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Keyset pages for syncing: pass it empty for the first page, then "
                        "follow `next`. Rows come newest first; the response then has only "
                        "next, previous and results."
                    )
                ),
                "schema": {"type": "string"},
            },
        ]
