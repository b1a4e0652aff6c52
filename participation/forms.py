"""HTML forms of the participation pages. They check the shape of the input; the rules
(who may, capacity, the lifecycle, dates) are the services' and come back as form errors."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.forms import add_acting_agency_field
from agencies.models import Agency, Area
from community.models import Group
from core.forms import WarekiDateField
from participation.models import TEXT_MAX, FollowUp, Host, Matching, SupportMenu, Target

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _area_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("area"),
        queryset=Area.objects.select_related("parent__parent").order_by("level", "name"),
        required=False,
        **kwargs,
    )


class MenuFilterForm(forms.Form):
    """The directory's search: every field optional, an invalid value is a form error."""

    q = forms.CharField(label=_("words"), max_length=100, required=False)
    area = _area_field(empty_label=_("anywhere"))
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("any kind")), *SupportMenu.Kind.choices], required=False
    )
    target = forms.ChoiceField(
        label=_("for whom"), choices=[("", _("anyone")), *Target.choices], required=False
    )

    def __init__(self, *args, areas: QuerySet[Area] | None = None, **kwargs):
        """`areas`: offer only these (the case page's short list); every area otherwise."""
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas


class HostForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    agency = forms.ModelChoiceField(
        label=_("linked agency"), queryset=Agency.objects.filter(is_active=True), required=False
    )
    group = forms.ModelChoiceField(
        label=_("linked community group"),
        queryset=Group.objects.filter(is_active=True),
        required=False,
    )
    contact = forms.CharField(label=_("contact"), max_length=200, required=False)

    def __init__(self, *args, agencies=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["is_active"] = forms.BooleanField(label=_("active"), required=False)
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
        else:
            add_acting_agency_field(
                self, agencies or (), name="registered_by", label=_("registering agency")
            )


class MenuForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=SupportMenu.Kind.choices)
    what = forms.CharField(label=_("what the person does"), max_length=TEXT_MAX, widget=TEXTAREA)
    host = forms.ModelChoiceField(label=_("host"), queryset=Host.objects.filter(is_active=True))
    where = forms.CharField(label=_("where"), max_length=200, required=False)
    schedule = forms.CharField(label=_("when"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=999)
    target = forms.ChoiceField(label=_("for whom"), choices=Target.choices)
    area = _area_field(empty_label=_("the whole city"))
    conditions = forms.CharField(
        label=_("conditions"), max_length=TEXT_MAX, widget=TEXTAREA, required=False
    )
    developed_on = WarekiDateField(label=_("developed on"))

    def __init__(self, *args, agencies=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["developed_on"].initial = timezone.localdate()
        if editing:
            self.fields["host"].queryset = Host.objects.all()
            self.fields["is_active"] = forms.BooleanField(label=_("offered"), required=False)
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
        else:
            add_acting_agency_field(
                self, agencies or (), name="developed_by", label=_("developed by")
            )


class ProposeForm(forms.Form):
    """One step from the case page: this menu, for this household member."""

    menu = forms.ModelChoiceField(
        label=_("support menu"),
        queryset=SupportMenu.objects.filter(is_active=True),
        widget=forms.HiddenInput,
    )
    person = forms.ModelChoiceField(label=_("for"), queryset=None, empty_label=None)
    note = forms.CharField(label=_("note"), max_length=TEXT_MAX, required=False)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("goals"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    """A lifecycle button: the target status comes from the button pressed."""

    to = forms.ChoiceField(choices=Matching.Status.choices, widget=forms.HiddenInput)
    on = WarekiDateField(
        label=_("date of this step"),
        required=False,
        help_text=_("Today if left empty."),
    )
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[("", "—"), *Matching.Outcome.choices], required=False
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    about = forms.ChoiceField(
        label=_("follow-up of"),
        choices=FollowUp.About.choices,
        widget=forms.RadioSelect,
        initial=FollowUp.About.PERSON,
    )
    note = forms.CharField(label=_("note"), max_length=TEXT_MAX, widget=TEXTAREA)
    done_on = WarekiDateField(label=_("done on"))
    next_on = WarekiDateField(label=_("next follow-up on"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
