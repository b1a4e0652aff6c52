from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("areas/", views.areas, name="areas"),
    path("my-staff/", views.my_staff, name="my_staff"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("<int:pk>/edit/", views.agency_edit, name="edit"),
    path("<int:pk>/staff/", views.staff_list, name="staff"),
    path("<int:pk>/staff/new/", views.staff_create, name="staff_create"),
    path("<int:pk>/staff/new-system/", views.service_account_create, name="service_account_create"),
    path("<int:pk>/staff/<int:membership_pk>/", views.membership_edit, name="membership_edit"),
    path(
        "<int:pk>/staff/<int:membership_pk>/deactivate/",
        views.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "<int:pk>/staff/<int:membership_pk>/reset-two-factor/",
        views.membership_reset_two_factor,
        name="reset_two_factor",
    ),
    path(
        "<int:pk>/staff/<int:membership_pk>/tokens/",
        views.partner_tokens,
        name="partner_tokens",
    ),
    path(
        "<int:pk>/staff/<int:membership_pk>/tokens/new/",
        views.partner_token_create,
        name="partner_token_create",
    ),
    path(
        "<int:pk>/staff/<int:membership_pk>/tokens/<int:token_pk>/rotate/",
        views.partner_token_rotate,
        name="partner_token_rotate",
    ),
    path(
        "<int:pk>/staff/<int:membership_pk>/tokens/<int:token_pk>/revoke/",
        views.partner_token_revoke,
        name="partner_token_revoke",
    ),
]
