from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agencies.forms import add_acting_agency_field
from agencies.models import Agency, User
from cases.forms import DATETIME_WIDGET
from cases.models import Case, Closure
from core.forms import WarekiDateField
from meetings.models import ActionItem, AgendaItem, Decision, Meeting


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("date and time"), widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    grant_days_after = forms.IntegerField(
        label=_("days the 106-6 reading lasts after the meeting"),
        min_value=0,
        max_value=settings.MEETING_GRANT_DAYS_MAX,
        initial=settings.MEETING_GRANT_DAYS_DEFAULT,
        help_text=_("支援会議 only: how long pledged members may read the agenda's cases."),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_acting_agency_field(self, agencies, name="organiser")


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("participant"),
        queryset=User.objects.filter(
            is_active=True, kind=User.Kind.STAFF, memberships__is_active=True
        )
        .distinct()
        .order_by("full_name_kana", "username"),
    )
    agency = forms.ModelChoiceField(
        label=_("agency"), queryset=Agency.objects.filter(is_active=True)
    )


class GuestForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    organisation = forms.CharField(
        label=_("organisation"),
        max_length=100,
        help_text=_("e.g. 朝日野地区民生委員児童委員協議会, 地域食堂 ひだまり, 町内会"),
    )
    role = forms.CharField(label=_("role"), max_length=100, required=False)
    agency = forms.ModelChoiceField(
        label=_("for the agency"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text=_("Only if the guest attends for an agency registered here."),
    )


class GuestPledgeForm(forms.Form):
    signed_on = WarekiDateField(label=_("paper pledge signed on"))


class AgendaCaseForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("case"), queryset=Case.objects.none(), widget=forms.HiddenInput
    )
    purpose = forms.ChoiceField(label=_("purpose"), choices=AgendaItem.Purpose.choices)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class AgendaTopicForm(forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=200)
    purpose = forms.ChoiceField(label=_("purpose"), choices=AgendaItem.Purpose.choices)


class AgendaItemForm(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=AgendaItem.Purpose.choices)
    minutes = forms.CharField(
        label=_("minutes"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Decision.Kind.choices)
    text = forms.CharField(label=_("decision"), max_length=1000)
    agency = forms.ModelChoiceField(
        label=_("agency concerned"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text=_("The new lead agency, or the agency given a role."),
    )
    closure_reason = forms.ChoiceField(
        label=_("closure reason"), choices=Closure.Reason.choices, required=False
    )

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs) -> None:
        """`kinds`: those the service accepts here (meetings.services.decision_kinds)."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            field = self.fields["kind"]
            field.choices = [(v, label) for v, label in field.choices if v in kinds]


class ActionForm(forms.Form):
    description = forms.CharField(label=_("action"), max_length=500)
    agency = forms.ModelChoiceField(
        label=_("assigned agency"), queryset=Agency.objects.filter(is_active=True)
    )
    due_on = WarekiDateField(label=_("due on"))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionItem.Status.choices)
