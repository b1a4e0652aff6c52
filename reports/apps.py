"""Figures the city publishes (counts only, small cells suppressed), exports to CSV and
Excel, and the audit trail a privacy officer reads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports and audit")

    def ready(self) -> None:
        from core.navigation import NavEntry, register
        from reports import access
        from reports.exports import caselist, kinds

        kinds.register(
            caselist.KIND,
            title=_("Case list"),
            build=caselist.build,
            allowed=caselist.allowed,
            count=caselist.count,
            clean=caselist.clean,
            filename="case-list",
        )
        register(NavEntry(_("My exports"), "reports:exports", access.may_export, order=80))
