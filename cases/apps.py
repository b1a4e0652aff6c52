"""Households, persons, cases, consultations, referrals, consent and the access policy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cases import access
        from cases.access.base import forget_permission_ids
        from core.demo import register_demo_loader
        from core.navigation import NavEntry, register

        post_migrate.connect(forget_permission_ids, dispatch_uid="cases-forget-permission-ids")

        works = access.can_work_on_cases
        register(
            NavEntry(_("New consultation"), "cases:intake", works, order=10, section="primary"),
            NavEntry(_("Cases"), "cases:list", works, order=20, group="cases"),
            NavEntry(_("Referrals"), "cases:referrals", works, order=30, group="cases"),
            NavEntry(_("Search"), "cases:search", works, order=40, group="cases"),
            NavEntry(
                _("Requests to connect"),
                "cases:match_requests",
                access.handles_match_requests,
                order=45,
                group="cases",
            ),
        )
        # By dotted path: the demo module is imported only when the demo is loaded.
        register_demo_loader("cases.demo.load_cases", "cases.demo.load_cases", order=20)
        # A year of everyday cases, after every app's stories (which pick demo cases by
        # age): see cases/demo/year.py.
        register_demo_loader("cases.demo.year.load_year", "cases.demo.year.load_year", order=60)
