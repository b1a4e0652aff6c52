"""Figures the city publishes (counts only, small cells suppressed), exports to CSV and
Excel, and the audit trail a privacy officer reads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports and audit")

    def ready(self) -> None:
        pass
