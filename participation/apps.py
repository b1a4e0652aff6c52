"""参加支援: support menus, hosts, matching and follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participation"
    verbose_name = _("Participation support")
