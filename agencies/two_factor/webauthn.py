"""django-otp-webauthn's endpoints, with three changes: passing the second step with a
passkey gives the session a new id, as a typed code does (services.verify_code);
registering a passkey is written to the user's history, as setting up an app is; and an
error's message is in the user's language (the passkey scripts show it as it comes, and
the library leaves some unmarked: library_messages.py lists them for our catalogue)."""

from typing import Any

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views

from agencies.two_factor import services


class TranslatedErrors:
    """The error's `detail` through our catalogue: a message the library marked is already
    translated (gettext then finds nothing more to do); one it did not (utils.py) is
    translated here, from the msgids library_messages.py keeps in locale/ja."""

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            exc.detail = gettext(str(exc.detail))
        return super().handle_exception(exc)  # type: ignore[misc]


class BeginRegistrationView(TranslatedErrors, views.BeginCredentialRegistrationView):
    pass


class BeginAuthenticationView(TranslatedErrors, views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthenticationView(TranslatedErrors, views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> Any:
        if self.request.user.is_authenticated:
            self.request.session.cycle_key()
        return super().complete_auth(device)


class CompleteRegistrationView(TranslatedErrors, views.CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> Any:
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            services.record_enrolment(user=self.request.user, what=services.ENROLLED_PASSKEY)
        return response


app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        BeginAuthenticationView.as_view(),
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
