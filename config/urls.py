from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from agencies.forms import LoginForm
from cases.views import home as case_views_home
from core import views as core_views

# Redoc draws with styles it injects at run time and searches in a blob: worker; its own
# template's web fonts and inline script are replaced (templates/drf_spectacular/redoc.html).
REDOC = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema")
)


def favicon(request):
    """The manifest's hashed name is looked up per request (not at import, when a
    deployment check may run before collectstatic)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("", case_views_home.home, name="home"),
    path("", include("cases.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("agencies.two_factor.urls")),
    # django-otp-webauthn's endpoints (agencies/two_factor/webauthn.py says what differs).
    path("accounts/webauthn/", include("agencies.two_factor.webauthn")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agencies/", include("agencies.urls")),
    path("meetings/", include("meetings.urls")),
    path("planning/", include("planning.urls")),
    path("reminders/", include("reminders.urls")),
    path("community/", include("community.urls")),
    path("participation/", include("participation.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", REDOC, name="api-redoc"),
]

handler403 = "core.views.permission_denied"
# JSON under /api/ (the same 404 body as a view's), the normal pages elsewhere.
handler400 = "core.api.errors.bad_request"
handler404 = "core.api.errors.page_not_found"
handler500 = "core.api.errors.server_error"

# Nothing serves MEDIA_ROOT, not even under DEBUG: uploads are personal data, served only by
# views that ask the access policy first (cases.views.records.consent_scan).
