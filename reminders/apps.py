"""Long-running cases: reminders derived from the database, worker notifications,
supervisor caseload review."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = _("Reminders and caseload review")

    def ready(self) -> None:
        from cases import access as case_access
        from core.navigation import NavEntry, register
        from core.panels import Panel, register_panel
        from reminders import access, signals, views

        signals.connect()

        register(
            NavEntry(
                _("Reminders"),
                "reminders:list",
                case_access.can_work_on_cases,
                order=37,
                group="cases",
            ),
            NavEntry(
                _("Caseload"),
                "reminders:dashboard",
                access.may_see_caseload,
                order=38,
                group="cases",
            ),
        )
        register_panel("home", Panel("reminders/_home.html", views.home_panel, order=10))
        register_panel("case", Panel("reminders/_case.html", views.case_panel, order=10))
