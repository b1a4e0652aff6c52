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
        from reminders import dashboard, services

        register(
            NavEntry(_("Reminders"), "reminders:list", case_access.can_work_on_cases, order=37),
            NavEntry(
                _("Caseload"),
                "reminders:dashboard",
                lambda user: bool(dashboard.supervised_agencies(user)),
                order=38,
            ),
        )

        def home(request):
            reminders = list(services.open_for(request.user).order_by("due_on")[:10])
            services.log_shown(request, reminders)
            return {"reminders": reminders} if reminders else None

        def case(request, case):
            reminders = services.for_case(request.user, case)
            reviewer = case.is_open and case_access.case_decision(request.user, case).can_change
            if not reminders and not reviewer:
                return None
            return {"reminders": reminders, "case": case, "can_review": reviewer}

        register_panel("home", Panel("reminders/_home.html", home, order=10))
        register_panel("case", Panel("reminders/_case.html", case, order=10))
