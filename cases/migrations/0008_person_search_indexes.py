"""Trigram indexes for searching persons and households by name (PostgreSQL only).

The searches compare `UPPER(col) LIKE UPPER(pattern)` (Django's icontains / istartswith on
PostgreSQL; cases/selectors.py `name_matches`), so each index is a GIN trigram index on that
same expression. On SQLite (development, tests) nothing happens: pg_trgm and GIN do not
exist there, which is why the indexes are not in the models' Meta.indexes.

Built CONCURRENTLY (the migration is not atomic), so a city's 660,000 persons stay writable
while the indexes are built."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {  # name: (table, column)
    "person_family_name_trgm": ("cases_person", "family_name"),
    "person_given_name_trgm": ("cases_person", "given_name"),
    "person_family_kana_trgm": ("cases_person", "family_name_kana"),
    "person_given_kana_trgm": ("cases_person", "given_name_kana"),
    "household_name_trgm": ("cases_household", "name"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0007_access_log_partitions"),
    ]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; nothing on SQLite
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
