"""Every model keeps its change history and has Japanese names and an admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

OUR_APPS = {"agencies", "cases", "meetings", "participation", "community", "core"}

# Models that deliberately keep no history of their own, and why:
NO_HISTORY = {
    # The read log is itself the audit trail: insert-only, never updated or deleted.
    "cases.AccessLog",
    # Derived rows that cases/access.py rebuilds from records that do keep history
    # (team, lead, consent, grants, referrals).
    "cases.CaseGroupObjectPermission",
    "cases.CaseUserObjectPermission",
}


def _our_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_every_model_keeps_history_unless_listed_with_a_reason(model):
    if model._meta.label in NO_HISTORY:
        return
    assert hasattr(model, "history"), f"{model._meta.label} has no HistoricalRecords"


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_every_model_has_a_japanese_name(model):
    with translation.override("ja"):
        name = str(model._meta.verbose_name)
    assert any(ord(ch) > 0x3000 for ch in name), f"{model._meta.label}: {name}"


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model), model._meta.label
