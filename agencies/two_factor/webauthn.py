"""django-otp-webauthn's endpoints, with one change: passing the second step with a passkey
gives the session a new id, as a typed code does (services.verify_code), and registering a
passkey is written to the user's history, as setting up an app is."""

from typing import Any

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views

from agencies.two_factor import services


class CompleteAuthenticationView(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> Any:
        if self.request.user.is_authenticated:
            self.request.session.cycle_key()
        return super().complete_auth(device)


class CompleteRegistrationView(views.CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> Any:
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            services.record_enrolment(user=self.request.user, what=services.ENROLLED_PASSKEY)
        return response


app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistrationView.as_view(),
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
