"""A scratch PostgreSQL database for the benchmark scripts (bench_sweep.py,
bench_access_log.py): created and dropped through the server's `postgres` database, and
Django set up against it with DEBUG off and no broker."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent


def server_url(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def admin_execute(url: str, statement: sql.Composable) -> None:
    """Run CREATE/DROP DATABASE through the server's `postgres` database."""
    connection = psycopg2.connect(server_url(url, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def drop_database(url: str, name: str) -> None:
    admin_execute(
        url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def create_database(url: str, name: str) -> None:
    """A fresh, empty database (any earlier one of that name is dropped first)."""
    drop_database(url, name)
    admin_execute(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # DEBUG would keep every query in memory
    os.environ.pop("REDIS_URL", None)  # nothing here may touch a broker
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
