"""django-otp-webauthn's endpoints, with one change: passing the second step with a passkey
gives the session a new id, as a typed code does (services.verify_code)."""

from typing import Any

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views


class CompleteAuthenticationView(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> Any:
        if self.request.user.is_authenticated:
            self.request.session.cycle_key()
        return super().complete_auth(device)


app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        views.CompleteCredentialRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
