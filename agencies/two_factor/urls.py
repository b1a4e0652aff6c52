from django.urls import path

from agencies.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.setup, name="setup"),
    path("app/", views.totp, name="totp"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("passkeys/<int:pk>/remove/", views.passkey_remove, name="passkey_remove"),
    path("verify/", views.verify, name="verify"),
]
