"""Every model keeps its change history and has Japanese names; every model is in the admin
except case material, which never is (core/admin.py)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

from core.admin import ReadOnlyMixin, SuperuserReadOnlyAdmin

OUR_APPS = {"agencies", "cases", "meetings", "participation", "community", "core", "reminders"}

# Models that deliberately keep no history of their own, and why:
NO_HISTORY = {
    # The read log is itself the audit trail: insert-only, never updated or deleted.
    "cases.AccessLog",
    # Derived rows that cases/access.py rebuilds from records that do keep history
    # (team, lead, consent, grants, referrals).
    "cases.CaseGroupObjectPermission",
    "cases.CaseUserObjectPermission",
    # A 24-hour cache of API answers for Idempotency-Key retries: a history row would keep
    # the stored answer (personal data) past its purge.
    "core.IdempotencyRecord",
    # An export's parameters and file (a case list is personal data): its user's only.
    "reports.Export",
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


# "The admin configures agencies; it does not read cases." Every model of these apps is
# case material, and so is each model listed after them:
CASE_MATERIAL_APPS = {"cases", "meetings"}
CASE_MATERIAL = {
    "participation.ParticipationPlan",
    "participation.Matching",
    "participation.FollowUp",
    "reminders.Reminder",
    "reminders.CaseReview",
    # Stored API answers (core/api/idempotency.py): copies of case material.
    "core.IdempotencyRecord",
    # An export's parameters and file (a case list is personal data): its user's only.
    "reports.Export",
}
# ...except the read log, for the privacy officer: superusers only, as a list, ids only.
CASE_MATERIAL_FOR_SUPERUSERS = {"cases.AccessLog"}


def _admin_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")
    ]


def _is_case_material(model) -> bool:
    return model._meta.app_label in CASE_MATERIAL_APPS or model._meta.label in CASE_MATERIAL


@pytest.mark.parametrize(
    "model",
    [m for m in _admin_models() if _is_case_material(m)],
    ids=lambda m: m._meta.label,
)
def test_case_material_is_never_in_the_admin(model):
    if model._meta.label in CASE_MATERIAL_FOR_SUPERUSERS:
        model_admin = admin.site.get_model_admin(model)
        assert isinstance(model_admin, SuperuserReadOnlyAdmin), model._meta.label
        return
    assert not admin.site.is_registered(model), model._meta.label


@pytest.mark.parametrize(
    "model",
    [m for m in _admin_models() if not _is_case_material(m)],
    ids=lambda m: m._meta.label,
)
def test_every_model_that_is_not_case_material_is_in_the_admin(model):
    assert admin.site.is_registered(model), model._meta.label


# The admin is not a second write path: a registered model is read-only there unless its
# admin writes through the services (or, for configuration no service writes, is listed).
ADMIN_WRITES = {
    "agencies.Agency": "agencies.services: agency_create (with its group), agency_update",
    "agencies.Membership": "agencies.services: membership_add, _change_role, _deactivate",
    "agencies.User": "account set-up; deactivating ends memberships through the services",
    "agencies.Area": "configuration no service writes; the form runs Area.clean",
}


@pytest.mark.parametrize(
    "model",
    [m for m in _admin_models() if admin.site.is_registered(m)],
    ids=lambda m: m._meta.label,
)
def test_every_admin_is_read_only_unless_it_writes_through_the_services(model):
    if model._meta.label in ADMIN_WRITES:
        return
    assert isinstance(admin.site.get_model_admin(model), ReadOnlyMixin), model._meta.label
