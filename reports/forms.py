from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import Export


class ExportForm(forms.Form):
    """What the start buttons post: the kind, the format, and the page's filters (its
    query string), which the kind's own `clean` reads."""

    kind = forms.CharField(label=_("kind of export"), max_length=30, widget=forms.HiddenInput)
    format = forms.ChoiceField(label=_("format"), choices=Export.Format.choices)
    filters = forms.CharField(
        label=_("conditions"), max_length=1000, required=False, widget=forms.HiddenInput
    )
