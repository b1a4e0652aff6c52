"""参加支援: support menus, hosts, matching and follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participation"
    verbose_name = _("Participation support")

    def ready(self) -> None:
        from core.demo import register_demo_loader
        from core.navigation import NavEntry, register
        from core.panels import Panel, register_panel
        from participation import access, views
        from participation.reminders import register_rules

        register(
            NavEntry(
                _("Support menus"),
                "participation:menus",
                access.may_read_directory,
                order=40,
                group="community",
            )
        )
        register_panel(
            "case", Panel("participation/_case_panel.html", views.case_panel, order=30, tab="plan")
        )
        register_rules()
        from cases import history_sources
        from participation.history import case_participation

        history_sources.register(case_participation)
        from participation import ecomap

        ecomap.register()
        register_demo_loader(
            "participation.demo.load_participation",
            "participation.demo.load_participation",
            order=50,
        )
        register_demo_loader(
            "participation.demo.load_year", "participation.demo.load_year", order=80
        )
