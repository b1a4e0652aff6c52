from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.calendar, name="calendar"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/paper/agenda/", views.agenda_paper, name="agenda_paper"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("<int:pk>/guests/", views.guest_add, name="guest_add"),
    path("<int:pk>/guests/<int:guest_pk>/pledge/", views.guest_pledge, name="guest_pledge"),
    path(
        "<int:pk>/guests/<int:guest_pk>/attendance/",
        views.guest_attendance,
        name="guest_attendance",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("<int:pk>/pledge/", views.pledge, name="pledge"),
    path("<int:pk>/agenda/cases/", views.agenda_add_case, name="agenda_add_case"),
    path("<int:pk>/agenda/case-search/", views.agenda_case_search, name="agenda_case_search"),
    path("<int:pk>/agenda/topics/", views.agenda_add_topic, name="agenda_add_topic"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.agenda_move, name="agenda_move"),
    path("<int:pk>/agenda/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/agenda/<int:item_pk>/decisions/", views.decision_new, name="decision_new"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/<int:action_pk>/status/", views.action_status, name="action_status"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/approve-minutes/", views.approve_minutes, name="approve_minutes"),
]
