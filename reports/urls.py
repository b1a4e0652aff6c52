from django.urls import path

from reports import views, views_audit, views_figures

app_name = "reports"

urlpatterns: list = [
    # The year's figures (docs/reports.md).
    path("", views_figures.index, name="index"),
    path("paper/", views_figures.paper, name="paper"),
    path("report.csv", views_figures.report_csv, name="csv"),
    # The privacy officer's read log (docs/audit.md).
    path("audit/", views_audit.audit_log, name="audit"),
    path("audit/export/", views_audit.audit_export, name="audit_export"),
    path("audit/unusual/", views_audit.unusual, name="audit_unusual"),
    # Export jobs (docs/exports.md).
    path("exports/", views.export_list, name="exports"),
    path("exports/new/", views.export_new, name="export_new"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", views.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
