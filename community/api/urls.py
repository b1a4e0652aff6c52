"""/api/v1/community/…: names live in the "api" namespace (community-…)."""

from django.urls import path

from community.api import views

urlpatterns = [
    path("community/directory/", views.DirectoryApi.as_view(), name="community-directory"),
    path("community/groups/", views.GroupListApi.as_view(), name="community-group-list"),
    path(
        "community/groups/<int:pk>/",
        views.GroupDetailApi.as_view(),
        name="community-group-detail",
    ),
    path("community/places/", views.PlaceListApi.as_view(), name="community-place-list"),
    path(
        "community/places/<int:pk>/",
        views.PlaceDetailApi.as_view(),
        name="community-place-detail",
    ),
    path("community/platforms/", views.PlatformListApi.as_view(), name="community-platform-list"),
    path(
        "community/platforms/<int:pk>/",
        views.PlatformDetailApi.as_view(),
        name="community-platform-detail",
    ),
    path("community/networks/", views.NetworkListApi.as_view(), name="community-network-list"),
    path(
        "community/networks/<int:pk>/",
        views.NetworkDetailApi.as_view(),
        name="community-network-detail",
    ),
    path(
        "community/networks/<int:pk>/members/",
        views.NetworkMemberListApi.as_view(),
        name="community-network-member-list",
    ),
    path(
        "community/networks/<int:pk>/members/<int:member_pk>/",
        views.NetworkMemberDetailApi.as_view(),
        name="community-network-member-detail",
    ),
    path(
        "community/networks/<int:pk>/donations/",
        views.DonationListApi.as_view(),
        name="community-donation-list",
    ),
    path(
        "community/networks/<int:pk>/donations/<int:donation_pk>/",
        views.DonationDetailApi.as_view(),
        name="community-donation-detail",
    ),
    path("community/activities/", views.ActivityListApi.as_view(), name="community-activity-list"),
    path(
        "community/activities/<int:pk>/",
        views.ActivityDetailApi.as_view(),
        name="community-activity-detail",
    ),
]
