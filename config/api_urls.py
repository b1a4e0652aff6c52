"""/api/v1/: every app's REST endpoints, for staff sessions and partner-system tokens."""

from django.urls import path

from agencies.api import views as agency_api
from cases.api import record_views as record_api
from cases.api import views as case_api

app_name = "api"

urlpatterns = [
    path("agencies/", agency_api.AgencyListApi.as_view(), name="agency-list"),
    path("agencies/<int:pk>/", agency_api.AgencyDetailApi.as_view(), name="agency-detail"),
    path("me/", agency_api.MeApi.as_view(), name="me"),
    # cases
    path("households/", case_api.HouseholdListApi.as_view(), name="household-list"),
    path("households/<int:pk>/", case_api.HouseholdDetailApi.as_view(), name="household-detail"),
    path("persons/", case_api.PersonListApi.as_view(), name="person-list"),
    path("persons/<int:pk>/", case_api.PersonDetailApi.as_view(), name="person-detail"),
    path("cases/", case_api.CaseListApi.as_view(), name="case-list"),
    path("cases/<int:pk>/", case_api.CaseDetailApi.as_view(), name="case-detail"),
    path(
        "cases/<int:pk>/consultations/",
        record_api.CaseConsultationListApi.as_view(),
        name="case-consultation-list",
    ),
    path(
        "consultations/<int:pk>/",
        record_api.ConsultationDetailApi.as_view(),
        name="consultation-detail",
    ),
    path(
        "cases/<int:pk>/consents/",
        record_api.CaseConsentListApi.as_view(),
        name="case-consent-list",
    ),
    path(
        "consents/<int:pk>/withdraw/",
        record_api.ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
    path("referrals/", record_api.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", record_api.ReferralDetailApi.as_view(), name="referral-detail"),
    path(
        "referrals/<int:pk>/accept/",
        record_api.ReferralAcceptApi.as_view(),
        name="referral-accept",
    ),
    path(
        "referrals/<int:pk>/return/",
        record_api.ReferralReturnApi.as_view(),
        name="referral-return",
    ),
    path(
        "referrals/<int:pk>/withdraw/",
        record_api.ReferralWithdrawApi.as_view(),
        name="referral-withdraw",
    ),
]
