"""支援会議 and 重層的支援会議: agendas, minutes and decisions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from cases import access as case_access
        from core.demo import register_demo_loader
        from core.navigation import NavEntry, register
        from core.panels import HomePanel, register_home_panel
        from meetings import selectors

        register(
            NavEntry(
                _("Meetings"),
                "meetings:list",
                case_access.can_work_on_cases,
                order=35,
                group="meetings",
            ),
            NavEntry(
                _("Meeting calendar"),
                "meetings:calendar",
                case_access.can_work_on_cases,
                order=36,
                group="meetings",
            ),
        )

        def my_actions(request):
            actions = selectors.my_open_actions(request.user)
            return {"actions": actions} if actions else None

        register_home_panel(HomePanel("meetings/_home_actions.html", my_actions, order=20))

        def upcoming(request):
            meetings = selectors.upcoming_meetings(request.user)
            return {"meetings": meetings} if meetings else None

        register_home_panel(HomePanel("meetings/_home_upcoming.html", upcoming, order=15))

        from meetings.reminders import register_rules

        register_rules()

        from cases import history_sources
        from meetings.history import case_decisions

        history_sources.register(case_decisions)
        register_demo_loader("meetings.demo.load_meetings", "meetings.demo.load_meetings", order=30)
        register_demo_loader("meetings.demo.load_guests", "meetings.demo.load_guests", order=35)
        register_demo_loader("meetings.demo.load_year", "meetings.demo.load_year", order=70)
