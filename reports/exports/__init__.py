"""Writing `reports.tables.Table`s out: CSV (UTF-8 with BOM, for Excel) here; Excel and
the export jobs that run as Celery tasks beside it."""
