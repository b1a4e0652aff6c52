from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases import access as case_access
from cases.access.base import CASE_ROLES
from cases.forms import DATETIME_WIDGET
from cases.models import Case, Consultation, Person


class PlanForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("planned for"), widget=DATETIME_WIDGET)
    minutes = forms.IntegerField(
        label=_("expected minutes"), min_value=5, max_value=24 * 60, initial=60
    )
    mode = forms.ChoiceField(label=_("mode"), choices=Consultation.Mode.choices)
    worker = forms.ModelChoiceField(
        label=_("who goes"), queryset=User.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("with whom"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Leave empty for the household as a whole."),
    )
    place = forms.CharField(label=_("where"), max_length=200, required=False)
    purpose = forms.CharField(label=_("purpose"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case: Case, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = [a.pk for a in case_access.case_agencies(user)]
        self.fields["worker"].queryset = (
            User.objects.filter(
                is_active=True,
                kind=User.Kind.STAFF,
                memberships__is_active=True,
                memberships__agency_id__in=agencies,
                memberships__role__in=CASE_ROLES,
            )
            .distinct()
            .order_by("username")
        )
        self.fields["worker"].empty_label = _("me")
        self.fields["person"].queryset = Person.objects.filter(
            memberships__household=case.household, merged_into__isnull=True
        ).distinct()


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("why cancelled"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
