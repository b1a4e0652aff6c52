"""Figures the city publishes (counts only, small cells suppressed), exports to CSV and
Excel, and the audit trail a privacy officer reads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports and audit")

    def ready(self) -> None:
        from cases import access
        from core.navigation import NavEntry, register

        register(NavEntry(_("Figures"), "reports:index", access.may_see_figures, order=70))
