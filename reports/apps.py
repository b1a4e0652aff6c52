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
        from core.panels import Panel, register_panel
        from reports import views_audit

        # The privacy officer's read log; "who read this case" for the case's supervisors.
        register(
            NavEntry(_("Read log"), "reports:audit", access.may_audit, order=70, group="admin"),
            NavEntry(
                _("Unusual reading"),
                "reports:audit_unusual",
                access.may_audit,
                order=71,
                group="admin",
            ),
        )
        register_panel(
            "case",
            Panel("reports/_case_readers.html", views_audit.case_panel, order=90, tab="history"),
        )

        from reports import access as export_access
        from reports.exports import caselist, kinds
        from reports.exports import figures as figure_export

        kinds.register(
            caselist.KIND,
            title=_("Case list"),
            build=caselist.build,
            allowed=caselist.allowed,
            count=caselist.count,
            clean=caselist.clean,
            filename="case-list",
        )
        kinds.register(
            figure_export.KIND,
            title=_("Figures of the fiscal year (as published)"),
            build=figure_export.build,
            allowed=figure_export.allowed,
            clean=figure_export.clean,
            filename="figures",
        )
        register(
            NavEntry(
                _("My exports"),
                "reports:exports",
                export_access.may_export,
                order=80,
                group="admin",
            )
        )

        register(
            NavEntry(_("Figures"), "reports:index", access.may_see_figures, order=65, group="admin")
        )
