"""/api/v1/: every app's REST endpoints, for staff sessions and partner-system tokens."""

from django.urls import path

from agencies.api import views as agency_api

app_name = "api"

urlpatterns = [
    path("agencies/", agency_api.AgencyListApi.as_view(), name="agency-list"),
    path("agencies/<int:pk>/", agency_api.AgencyDetailApi.as_view(), name="agency-detail"),
    path("me/", agency_api.MeApi.as_view(), name="me"),
]
