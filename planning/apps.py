"""Planned contacts (予定): visits and calls set ahead, the worker's calendar."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("Planned contacts")

    def ready(self) -> None:
        from cases import access as case_access
        from core.navigation import NavEntry, register
        from core.panels import Panel, register_home_panel, register_panel
        from planning import views

        register(
            NavEntry(
                _("My calendar"),
                "planning:calendar",
                case_access.can_work_on_cases,
                order=16,
                group="cases",
            ),
        )
        register_home_panel(Panel("planning/_home_planned.html", views.home_panel, order=12))
        register_panel(
            "case", Panel("planning/_case_panel.html", views.case_panel, order=5, tab="timeline")
        )

        from planning.reminders import register_rules

        register_rules()

        from core.demo import register_demo_loader

        # After the stories and their meetings, before the year (which picks no plans).
        register_demo_loader("planning.demo.load_planning", "planning.demo.load_planning", order=55)
