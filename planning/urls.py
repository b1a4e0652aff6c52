from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("cases/<int:pk>/new/", views.plan_new, name="new"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/cancel/", views.plan_cancel, name="cancel"),
    path("<int:pk>/done/", views.plan_done, name="done"),
]
