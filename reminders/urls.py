from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_list, name="list"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/snooze/", views.snooze, name="snooze"),
    path("caseload/", views.dashboard, name="dashboard"),
    path("caseload/cases/", views.drill_down, name="drill_down"),
    path("review/<int:case_pk>/", views.review, name="review"),
]
