from django.urls import path

from reports import views_audit

app_name = "reports"

urlpatterns: list = [
    # The privacy officer's read log (docs/audit.md).
    path("audit/", views_audit.audit_log, name="audit"),
    path("audit/export/", views_audit.audit_export, name="audit_export"),
    path("audit/unusual/", views_audit.unusual, name="audit_unusual"),
]
