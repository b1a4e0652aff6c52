"""地域づくり: groups, places, platforms and networks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community development")

    def ready(self) -> None:
        from community import access
        from core.demo import register_demo_loader
        from core.navigation import NavEntry, register

        register(
            NavEntry(
                _("Community resources"),
                "community:directory",
                access.may_read,
                order=60,
                group="community",
            ),
            NavEntry(
                _("Community by district"),
                "community:districts",
                access.may_read,
                order=62,
                group="community",
            ),
            NavEntry(
                _("Community activities"),
                "community:activities",
                access.may_read,
                order=64,
                group="community",
            ),
        )
        register_demo_loader(
            "community.demo.load_community", "community.demo.load_community", order=40
        )
        register_demo_loader("community.demo.load_year", "community.demo.load_year", order=65)
