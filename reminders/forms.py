from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.forms import WarekiDateField
from reminders.models import CaseReview


class SnoozeForm(forms.Form):
    until = WarekiDateField(label=_("snooze until"))
    reason = forms.CharField(label=_("reason for snoozing"), max_length=300)

    def clean_until(self):
        from django.utils import timezone

        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Snooze until a future date."))
        return until


class ReviewForm(forms.Form):
    goals_still_valid = forms.BooleanField(label=_("goals still valid?"), required=False)
    lead_is_right = forms.BooleanField(label=_("lead agency right?"), required=False)
    closure_possible = forms.BooleanField(label=_("closure possible?"), required=False)
    note = forms.CharField(
        label=_("note"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision = forms.ChoiceField(label=_("decision"), choices=(), widget=forms.RadioSelect)
    continue_until = WarekiDateField(label=_("continue until"), required=False)
    new_lead = forms.ModelChoiceField(
        label=_("new lead agency"), queryset=Agency.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = CaseReview.Decision.choices
