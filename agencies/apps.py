"""Agencies, areas, staff memberships and partner service accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from django.conf import settings

        from agencies import access, demo
        from core.context_processors import register_user_context
        from core.demo import register_demo_loader
        from core.navigation import NavEntry, register

        def agency_admin(user) -> bool:
            return bool(access.managed_agencies(user)) and not user.is_superuser

        register(
            NavEntry(
                _("Agencies and contacts"),
                "agencies:list",
                access.works_at_an_agency_or_administers,
                order=80,
                group="admin",
            ),
            NavEntry(
                _("Areas"),
                "agencies:areas",
                access.works_at_an_agency_or_administers,
                order=85,
                group="admin",
            ),
            NavEntry(
                _("Staff management"), "agencies:my_staff", agency_admin, 90, "admin", "admin"
            ),
        )
        # The page header names the agency and role the user is signed in with.
        register_user_context("my_memberships", access.active_memberships)
        # Without REQUIRE_2FA every page says so, so the demo is never taken for production.
        register_user_context("two_factor_off", lambda user: not settings.REQUIRE_2FA)
        register_demo_loader(
            "agencies.demo.load_city", demo.load_city, order=10, report=demo.report
        )
