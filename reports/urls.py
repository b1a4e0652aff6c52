from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("paper/", views.paper, name="paper"),
    path("report.csv", views.report_csv, name="csv"),
]
