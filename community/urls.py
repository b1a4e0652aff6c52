from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("districts/", views.districts, name="districts"),
    path("districts/<int:pk>/", views.district, name="district"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("places/new/", views.place_new, name="place_new"),
    path("places/<int:pk>/", views.place_detail, name="place_detail"),
    path("places/<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("platforms/new/", views.platform_new, name="platform_new"),
    path("platforms/<int:pk>/", views.platform_detail, name="platform_detail"),
    path("platforms/<int:pk>/edit/", views.platform_edit, name="platform_edit"),
    path("networks/new/", views.network_new, name="network_new"),
    path("networks/<int:pk>/", views.network_detail, name="network_detail"),
    path("networks/<int:pk>/edit/", views.network_edit, name="network_edit"),
    path("networks/<int:pk>/members/new/", views.network_member_new, name="network_member_new"),
    path(
        "networks/<int:pk>/members/<int:member_pk>/remove/",
        views.network_member_remove,
        name="network_member_remove",
    ),
    path("networks/<int:pk>/donations/new/", views.donation_new, name="donation_new"),
    path(
        "networks/<int:pk>/donations/<int:donation_pk>/remove/",
        views.donation_remove,
        name="donation_remove",
    ),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
]
