"""Fill the search keys of existing persons and households (core.kana), then index them
for partial matches with pg_trgm (PostgreSQL only; built CONCURRENTLY, so the migration is
not atomic and the tables stay writable).

The keys are derived from columns that already have history, so the backfill writes them
with bulk_update (no history rows for a derived value)."""

from django.db import migrations

from core.kana import normalise, phone_key

BATCH = 2000
INDEXES = {  # name: (table, column)
    "person_name_key_trgm": ("cases_person", "name_key"),
    "person_kana_key_trgm": ("cases_person", "kana_key"),
    "household_name_key_trgm": ("cases_household", "name_key"),
}


def backfill(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    Household = apps.get_model("cases", "Household")
    batch = []
    for person in Person.objects.only(
        "family_name", "given_name", "family_name_kana", "given_name_kana", "phone"
    ).iterator(chunk_size=BATCH):
        person.name_key = normalise(f"{person.family_name}{person.given_name}")
        person.kana_key = normalise(f"{person.family_name_kana}{person.given_name_kana}")
        person.phone_key = phone_key(person.phone)
        batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["name_key", "kana_key", "phone_key"])
            batch = []
    Person.objects.bulk_update(batch, ["name_key", "kana_key", "phone_key"])
    batch = []
    for household in Household.objects.only("name").iterator(chunk_size=BATCH):
        household.name_key = normalise(household.name)
        batch.append(household)
        if len(batch) >= BATCH:
            Household.objects.bulk_update(batch, ["name_key"])
            batch = []
    Household.objects.bulk_update(batch, ["name_key"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0011_family_search_keys"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
