"""Indexes whose NULLS FIRST/LAST ordering only PostgreSQL can store."""

from __future__ import annotations

import copy

from django.db import models
from django.db.models.expressions import OrderBy


class NullsOrderedIndex(models.Index):
    """An index over ordered expressions with NULLS FIRST/LAST, matching a list's ORDER BY
    on PostgreSQL; SQLite (which sorts NULLs first anyway and cannot say so in an index)
    gets the same index without the NULLS clause."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = copy.deepcopy(self)
        plain.expressions = tuple(_without_nulls(e) for e in self.expressions)
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)


def _without_nulls(expression):
    if isinstance(expression, OrderBy):
        expression = copy.copy(expression)
        expression.nulls_first = None
        expression.nulls_last = None
    return expression
