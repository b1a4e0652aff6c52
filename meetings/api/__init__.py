"""/api/v1/ endpoints for meetings: reads ask meetings/access.py (and cases/access.py for
the cases on an agenda), writes call meetings/services."""
