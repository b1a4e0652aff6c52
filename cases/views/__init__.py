"""The case pages (HTML). Every record is fetched through cases/access.py; every change
goes through cases/services."""
