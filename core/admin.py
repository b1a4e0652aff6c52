"""The admin configures agencies; it does not read cases, and it is not a second way to
write.

Case material (households, persons, cases and everything recorded about them, meetings,
participation records, reminders about cases) is not registered in the admin at all, so no
is_staff account and no superuser can page through it, or through every past version of it
in simple-history's history view, outside the access policy and the read log.
tests/core/test_models_conventions.py holds every app to that.

What is registered is either read-only (`ReadOnlyAdmin`: records whose writes go through
their app's services, with its checks, version bump and history reason) or writes through
those services itself (agencies/admin.py: agencies and memberships). No admin reverts a
past version from simple-history's history page: that would be a save behind every rule.

Partner API tokens are only listed (agencies/admin.py `PartnerTokenAdmin`: label, scope,
dates; never the token or its digest). An agency's administrator issues, rotates and
revokes them on the service account's page (agencies/tokens.py), which shows a new token
once."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with its past versions shown, never restored: a revert saves
    the old row through the form, past the services."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyMixin:
    """No add, change or delete, in the form, the list's actions or the inlines: every
    field is shown read-only to whoever may view the model (superusers always may)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        opts = self.model._meta
        return [f.name for f in (*opts.concrete_fields, *opts.many_to_many) if f.editable]


class ReadOnlyAdmin(ReadOnlyMixin, HistoryAdmin):
    """For a model whose every write goes through its services: list, record and history
    are readable, nothing is writable."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class SuperuserReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A list for superusers only, read as a list: no add, change or delete, no change page
    and no history page."""

    list_display_links = None

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        raise PermissionDenied


REFUSED = _("This change was refused.")


class Refused(Exception):
    """A service refused an admin save; `ServiceAdmin` shows the message instead of a 500."""

    def __init__(self, messages_: list[str]) -> None:
        super().__init__(messages_)
        self.messages = messages_


def refusal(error: ValidationError | PermissionDenied) -> Refused:
    if isinstance(error, ValidationError):
        return Refused([str(m) for m in error.messages])
    return Refused([str(error) or str(REFUSED)])


class RefusalMixin:
    """For an admin whose `save_model` calls a service. A refusal (a ValidationError or a
    PermissionDenied from the service, e.g. a stale version), raised as `Refused`, rolls
    the whole save back and comes back as the service's message on the form's page, as it
    would on the app's own pages, instead of a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            for text in refused.messages:
                self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ServiceAdmin(RefusalMixin, HistoryAdmin):
    """An admin that writes through its app's services (see RefusalMixin)."""

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many fields already; only inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the form was rendered with, for the service's stale-edit check
    (core.concurrency), as the app's own forms do."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version


def adopt(target, saved) -> None:
    """Copy what a service saved onto the admin's own (unsaved) instance, which the admin
    goes on to log and redirect to."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
