"""Forms for community records. They only collect and check input: the services save.

Create forms ask which of the user's agencies registers the record (`owner`); edit forms
carry the version the user started from (optimistic locking)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from community.filters import AreaChoiceField
from community.models import (
    Activity,
    Donation,
    Group,
    Network,
    NetworkMember,
    Place,
    Platform,
)
from community.services import (
    ACTIVITY_FIELDS,
    GROUP_FIELDS,
    NETWORK_FIELDS,
    PLACE_FIELDS,
    PLATFORM_FIELDS,
)
from core.forms import ModelForm

WIDE_TEXT = forms.Textarea(attrs={"rows": 4})
OWNER_HELP = _("The agency whose staff will keep this record up to date.")


class OwnerField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("registering agency"))
        kwargs.setdefault("help_text", OWNER_HELP)
        super().__init__(queryset=Agency.objects.none(), empty_label=None, **kwargs)


class CommunityForm(ModelForm):
    """A model form that never saves: `data()` gives the service its keyword arguments.

    With `owners` (the user's agencies) it is a create form and asks for the owner; with
    `version` it is an edit form and carries the version (and the active flag)."""

    service_fields: tuple[str, ...] = ()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, owners: list[Agency] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields = {"owner": OwnerField(), **self.fields}
            self.fields["owner"].queryset = Agency.objects.filter(pk__in=[a.pk for a in owners])
            self.fields.pop("version")
            self.fields.pop("is_active", None)
        else:
            self.fields["version"].required = True
        if "area" in self.fields:
            self.fields["area"] = AreaChoiceField(
                required=False,
                empty_label=_("whole city"),
                help_text=self.fields["area"].help_text,
            )

    def data_for_service(self) -> dict:
        """The cleaned values the service takes (without owner and version)."""
        return {
            name: self.cleaned_data[name]
            for name in self.service_fields
            if name in self.fields and name in self.cleaned_data
        }


class GroupForm(CommunityForm):
    service_fields = GROUP_FIELDS

    class Meta:
        model = Group
        fields = list(GROUP_FIELDS)
        widgets = {"description": WIDE_TEXT}


class PlaceForm(CommunityForm):
    service_fields = PLACE_FIELDS

    class Meta:
        model = Place
        fields = list(PLACE_FIELDS)
        widgets = {"description": WIDE_TEXT}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run_by"].queryset = Group.objects.filter(is_active=True)


class PlatformForm(CommunityForm):
    service_fields = PLATFORM_FIELDS

    class Meta:
        model = Platform
        fields = [*PLATFORM_FIELDS, "groups", "agencies"]
        widgets = {
            "purpose": WIDE_TEXT,
            "companies": WIDE_TEXT,
            "groups": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.filter(is_active=True)
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True)


class NetworkForm(CommunityForm):
    service_fields = NETWORK_FIELDS

    class Meta:
        model = Network
        fields = list(NETWORK_FIELDS)
        widgets = {"purpose": WIDE_TEXT}


class ActivityForm(CommunityForm):
    service_fields = ACTIVITY_FIELDS

    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        widgets = {"note": WIDE_TEXT}
        help_texts = {
            "area": _("Empty: the area of the place, group or platform (or the whole city)."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(is_active=True)
        self.fields["place"].queryset = Place.objects.filter(is_active=True)
        self.fields["platform"].queryset = Platform.objects.filter(is_active=True)
        if not self.is_bound and "held_on" not in self.initial:
            self.initial["held_on"] = timezone.localdate()


class NetworkMemberForm(ModelForm):
    class Meta:
        model = NetworkMember
        fields = ["name", "role", "agency", "group"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _(
            "A company, group or agency. Empty: the name of the agency or group chosen below."
        )
        self.fields["group"].queryset = Group.objects.filter(is_active=True)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)


class DonationForm(ModelForm):
    class Meta:
        model = Donation
        fields = ["donor", "received_on", "description", "quantity"]
