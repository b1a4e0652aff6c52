"""Participation routes, included by config/api_urls.py into the "api" namespace."""

from django.urls import path

from participation.api import record_views as records
from participation.api import views as directory

urlpatterns = [
    path("menus/", directory.MenuListApi.as_view(), name="menu-list"),
    path("menus/<int:pk>/", directory.MenuDetailApi.as_view(), name="menu-detail"),
    path("hosts/", directory.HostListApi.as_view(), name="host-list"),
    path("hosts/<int:pk>/", directory.HostDetailApi.as_view(), name="host-detail"),
    path("participation-plans/", records.PlanListApi.as_view(), name="plan-list"),
    path("participation-plans/<int:pk>/", records.PlanDetailApi.as_view(), name="plan-detail"),
    path("matchings/", records.MatchingListApi.as_view(), name="matching-list"),
    path("matchings/<int:pk>/", records.MatchingDetailApi.as_view(), name="matching-detail"),
    path(
        "matchings/<int:pk>/start-trial/",
        records.MatchingTrialApi.as_view(),
        name="matching-start-trial",
    ),
    path(
        "matchings/<int:pk>/activate/",
        records.MatchingActivateApi.as_view(),
        name="matching-activate",
    ),
    path("matchings/<int:pk>/end/", records.MatchingEndApi.as_view(), name="matching-end"),
    path("follow-ups/", records.FollowUpListApi.as_view(), name="follow-up-list"),
    path("follow-ups/<int:pk>/", records.FollowUpDetailApi.as_view(), name="follow-up-detail"),
]
