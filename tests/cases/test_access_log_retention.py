"""The read log at city scale: on PostgreSQL a table per month (migration 0007) that
maintain_access_log keeps a few months ahead and trims to ACCESS_LOG_RETENTION_MONTHS; on
SQLite the same command deletes the rows past the retention. Reads of the log (the
privacy officer's admin list, "who read this record") work on the partitioned table."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import access
from cases.access import partitions
from cases.access.partitions import add_months, month_of, month_start, partition_name
from cases.models import AccessLog, Case

pytestmark = pytest.mark.django_db


def maintain(*args: str) -> str:
    check_foreign_keys_now()
    out = StringIO()
    call_command("maintain_access_log", *args, stdout=out)
    return out.getvalue()


def read_the_case(story) -> AccessLog:
    access.log_reads(story.owner_worker, [story.case])
    return AccessLog.objects.filter(user=story.owner_worker).latest("id")


def partition_of(entry: AccessLog) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM cases_accesslog WHERE id = %s", [entry.pk]
        )
        return cursor.fetchone()[0]


def attached() -> set[str]:
    months, has_default = partitions.partitions()
    return set(months.values()) | ({partitions.DEFAULT_PARTITION} if has_default else set())


def check_foreign_keys_now() -> None:
    """The log's foreign keys are checked at commit; a test never commits, and PostgreSQL
    refuses to ALTER a table with checks still pending, so run them now (the nightly task
    runs in a transaction of its own and never meets this)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def months_ago(months: int) -> dt.datetime:
    return month_start(add_months(month_of(timezone.now()), -months)) + dt.timedelta(days=3)


# --- PostgreSQL: partitions ---------------------------------------------------------------


@pytest.mark.postgres
def test_the_read_log_is_partitioned_by_range_of_its_time_on_postgresql(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.partstrat, a.attname FROM pg_partitioned_table p"
            " JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]"
            " WHERE p.partrelid = 'cases_accesslog'::regclass"
        )
        assert cursor.fetchone() == ("r", "at")


@pytest.mark.postgres
def test_the_migration_made_monthly_partitions_and_a_default(require_postgres):
    # This month and the next when the test database was made (--reuse-db may keep it).
    months, has_default = partitions.partitions()
    assert len(months) >= 2
    assert has_default


@pytest.mark.postgres
def test_every_partition_has_the_name_and_bounds_the_command_gives_its_month(require_postgres):
    months, _ = partitions.partitions()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        for month, name in months.items():
            cursor.execute(
                "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = %s", [name]
            )
            low, high = (
                month_start(m).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00")
                for m in (month, add_months(month, 1))
            )
            assert cursor.fetchone()[0] == f"FOR VALUES FROM ('{low}') TO ('{high}')"


@pytest.mark.postgres
def test_a_read_lands_in_the_partition_of_its_month(require_postgres, story):
    maintain("--months-ahead", "0")  # a test database kept from last month lacks this one
    entry = read_the_case(story)
    assert partition_of(entry) == partition_name(month_of(entry.at))


@pytest.mark.postgres
def test_a_list_of_fifty_reads_is_logged_in_one_insert(
    require_postgres, story, django_assert_max_num_queries
):
    cases = list(Case.objects.filter(pk=story.case.pk)) * 50
    # The bases of the records shown, the user's agencies, then the one INSERT.
    with django_assert_max_num_queries(6) as queries:
        access.log_list_reads(story.owner_worker, cases)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert AccessLog.objects.filter(user=story.owner_worker, action="list").count() == 50


@pytest.mark.postgres
def test_django_gets_back_the_ids_of_the_rows_it_inserts(require_postgres, story):
    rows = AccessLog.objects.bulk_create(
        AccessLog(
            user=story.owner_worker,
            username=story.owner_worker.username,
            kind=AccessLog.Kind.CASE,
            object_id=story.case.pk,
            basis="owner",
            channel=AccessLog.Channel.WEB,
        )
        for _ in range(3)
    )
    ids = [row.pk for row in rows]
    assert None not in ids
    assert set(AccessLog.objects.filter(pk__in=ids).values_list("pk", flat=True)) == set(ids)


@pytest.mark.postgres
def test_the_command_creates_the_partitions_of_the_coming_months(require_postgres):
    maintain("--months-ahead", "6")
    this_month = month_of(timezone.now())
    wanted = {partition_name(add_months(this_month, n)) for n in range(7)}
    assert wanted <= attached()


@pytest.mark.postgres
def test_a_second_run_of_the_command_changes_nothing(require_postgres):
    maintain("--months-ahead", "4")
    before = attached()
    output = maintain("--months-ahead", "4")
    assert attached() == before
    assert partitions.TABLE + "_y" not in output  # no partition named: none created or dropped


@pytest.mark.postgres
def test_the_command_drops_the_months_past_the_retention_with_their_rows(require_postgres, story):
    with time_machine.travel(months_ago(8), tick=False):
        maintain("--months-ahead", "0")
        old = read_the_case(story)
    old_partition = partition_name(month_of(old.at))
    assert partition_of(old) == old_partition

    output = maintain("--retention-months", "3")

    assert old_partition not in attached()
    assert old_partition in output
    assert not AccessLog.objects.filter(pk=old.pk).exists()


@pytest.mark.postgres
def test_the_command_keeps_the_current_month_and_the_retained_months(require_postgres, story):
    with time_machine.travel(months_ago(3), tick=False):
        maintain("--months-ahead", "3")
    maintain("--retention-months", "3")
    this_month = month_of(timezone.now())
    assert {partition_name(add_months(this_month, -n)) for n in range(4)} <= attached()


@pytest.mark.postgres
def test_detach_leaves_the_old_month_as_a_table_outside_the_log(require_postgres, story):
    with time_machine.travel(months_ago(8), tick=False):
        maintain("--months-ahead", "0")
    old_partition = partition_name(month_of(months_ago(8)))

    maintain("--retention-months", "3", "--detach")

    assert old_partition not in attached()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [old_partition])
        assert cursor.fetchone()[0] is True


@pytest.mark.postgres
def test_a_month_created_late_takes_over_the_rows_the_default_partition_caught(
    require_postgres, story
):
    far_ahead = month_start(add_months(month_of(timezone.now()), 24)) + dt.timedelta(days=2)
    with time_machine.travel(far_ahead, tick=False):
        entry = read_the_case(story)
        assert partition_of(entry) == partitions.DEFAULT_PARTITION
        maintain("--months-ahead", "0")
    assert partition_of(entry) == partition_name(month_of(far_ahead))


@pytest.mark.postgres
def test_the_privacy_officer_reads_a_month_of_the_log_in_the_admin(require_postgres, client, story):
    entry = read_the_case(story)
    client.force_login(story.superuser)
    local = timezone.localtime(entry.at)
    listing = client.get(
        reverse("admin:cases_accesslog_changelist"),
        {"at__year": local.year, "at__month": local.month, "q": str(story.case.pk)},
    )
    assert listing.status_code == 200
    assert story.owner_worker.username in listing.text


@pytest.mark.postgres
def test_who_read_a_record_is_answered_from_every_month(require_postgres, story):
    with time_machine.travel(months_ago(2), tick=False):
        maintain("--months-ahead", "0")
        read_the_case(story)
    read_the_case(story)
    readers = AccessLog.objects.filter(kind=AccessLog.Kind.CASE, object_id=story.case.pk)
    assert readers.filter(user=story.owner_worker).count() == 2


# --- Any database: the retention -----------------------------------------------------------


def test_the_command_deletes_the_reads_past_the_retention(story):
    with time_machine.travel(months_ago(8), tick=False):
        old = read_the_case(story)
    maintain("--retention-months", "3")
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_command_keeps_the_reads_within_the_retention(story):
    with time_machine.travel(months_ago(3), tick=False):
        kept = read_the_case(story)
    recent = read_the_case(story)
    maintain("--retention-months", "3")
    assert set(
        AccessLog.objects.filter(pk__in=[kept.pk, recent.pk]).values_list("pk", flat=True)
    ) == {kept.pk, recent.pk}


def test_the_command_refuses_a_retention_of_no_months():
    with pytest.raises(CommandError) as refused:
        maintain("--retention-months", "0")
    assert str(refused.value) == str(partitions.RETENTION_TOO_SHORT)


def test_beat_runs_the_maintenance_every_night(settings):
    from config.celery_app import app

    entry = settings.CELERY_BEAT_SCHEDULE["maintain-access-log"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_the_nightly_task_deletes_the_reads_past_the_retention(story, settings):
    from cases.tasks import maintain_access_log

    settings.ACCESS_LOG_RETENTION_MONTHS = 3
    with time_machine.travel(months_ago(8), tick=False):
        old = read_the_case(story)
    check_foreign_keys_now()
    result = maintain_access_log.delay().get()
    assert result["deleted_rows"] == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists()
