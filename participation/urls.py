from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("menus/", views.menu_list, name="menus"),
    path("menus/new/", views.menu_new, name="menu_new"),
    path("menus/<int:pk>/", views.menu_detail, name="menu"),
    path("menus/<int:pk>/edit/", views.menu_edit, name="menu_edit"),
    path("hosts/", views.host_list, name="hosts"),
    path("hosts/new/", views.host_new, name="host_new"),
    path("hosts/<int:pk>/edit/", views.host_edit, name="host_edit"),
    path("cases/<int:pk>/menus/", views.case_menus, name="case_menus"),
    path("cases/<int:pk>/propose/", views.case_propose, name="case_propose"),
    path("matchings/<int:pk>/", views.matching_detail, name="matching"),
    path("matchings/<int:pk>/move/", views.matching_move, name="matching_move"),
    path("matchings/<int:pk>/follow-ups/", views.follow_up_new, name="follow_up_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
]
