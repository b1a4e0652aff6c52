"""HTML forms of the case pages. They check the shape of the input; the rules (who may,
dates, consent coverage) are the services' and come back as field errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.forms import add_acting_agency_field
from agencies.models import Agency, Area, User
from cases import access
from cases.models import (
    Case,
    Closure,
    Concern,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
    PlanAction,
    Project,
)
from cases.models.household import NAME_MAX, TEXT_MAX
from core.dates import FUTURE_DATE, is_in_future
from core.forms import WarekiDateField, WarekiDateInput

DATE_WIDGET = WarekiDateInput()  # for forms that still give a date field a widget
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _not_future(value):
    if is_in_future(value):
        raise forms.ValidationError(FUTURE_DATE, code="future")
    return value


class ProjectsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("projects"))
        kwargs.setdefault("choices", Project.choices)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)


def area_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("area"),
        queryset=Area.objects.exclude(level=Area.Level.JUNIOR_HIGH).select_related("parent"),
        required=False,
    )


class PersonForm(forms.Form):
    family_name = forms.CharField(label=_("family name"), max_length=NAME_MAX)
    given_name = forms.CharField(label=_("given name"), max_length=NAME_MAX, required=False)
    family_name_kana = forms.CharField(
        label=_("family name (kana)"), max_length=NAME_MAX, required=False
    )
    given_name_kana = forms.CharField(
        label=_("given name (kana)"), max_length=NAME_MAX, required=False
    )
    birth_date = WarekiDateField(label=_("birth date"), required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=Person.Sex.choices, initial=Person.Sex.UNKNOWN)
    relation = forms.ChoiceField(
        label=_("relation to head"),
        choices=[("", "---------"), *HouseholdMembership.Relation.choices],
    )
    address_confidential = forms.BooleanField(
        label=_("address confidential (住所秘匿)"), required=False
    )

    def clean_birth_date(self):
        return _not_future(self.cleaned_data.get("birth_date"))


class BasePersonFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        heads = [
            f
            for f in self.forms
            if f.cleaned_data
            and f.cleaned_data.get("relation") == HouseholdMembership.Relation.HEAD
        ]
        if len(heads) > 1:
            raise forms.ValidationError(_("A household has one head."))


# The intake's persons: two rows to start with, more added in the browser
# (static/js/formset.js), up to MAX_PERSONS.
MAX_PERSONS = 20
PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=2, max_num=MAX_PERSONS, validate_max=True
)


class IntakeForm(forms.Form):
    """Quick intake: household (new or found), case and first consultation in one form."""

    household = forms.ModelChoiceField(
        label=_("existing household"),
        queryset=Household.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    household_name = forms.CharField(label=_("household name"), max_length=100, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("postal code"), max_length=8, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    area = area_choices()
    title = forms.CharField(label=_("main concern (主訴)"), max_length=200)
    referral_source = forms.ChoiceField(
        label=_("referral route (相談経路)"), choices=Case.Source.choices
    )
    informant = forms.CharField(
        label=_("who told us"),
        max_length=200,
        required=False,
        help_text=_("For outreach: e.g. 民生委員, 自治区長, a neighbour, the fire department."),
    )
    projects = ProjectsField(initial=[Project.CONSULTATION])
    occurred_at = forms.DateTimeField(label=_("when"), widget=DATETIME_WIDGET)
    mode = forms.ChoiceField(label=_("mode"), choices=Consultation.Mode.choices)
    minutes = forms.IntegerField(
        label=_("minutes spent"), min_value=0, max_value=24 * 60, initial=30
    )
    narrative = forms.CharField(
        label=_("record"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_MAX
    )

    def __init__(self, *args, households=None, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        if households is not None:
            self.fields["household"].queryset = households
        add_acting_agency_field(self, agencies)

    def clean_occurred_at(self):
        return _not_future(self.cleaned_data.get("occurred_at"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("household") and not cleaned.get("household_name"):
            self.add_error(
                "household_name", _("Name the new household, or choose an existing one.")
            )
        return cleaned


class ConsultationForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("when"), widget=DATETIME_WIDGET)
    mode = forms.ChoiceField(label=_("mode"), choices=Consultation.Mode.choices)
    minutes = forms.IntegerField(label=_("minutes spent"), min_value=0, max_value=24 * 60)
    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False
    )
    narrative = forms.CharField(
        label=_("record"), widget=forms.Textarea(attrs={"rows": 8}), max_length=TEXT_MAX
    )
    projects = ProjectsField(initial=[Project.CONSULTATION])
    is_internal = forms.BooleanField(
        label=_("agency-internal"),
        required=False,
        help_text=_("Only your agency can read it (e.g. a DV shelter's location)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            memberships__household=case.household, merged_into__isnull=True
        ).distinct()

    def clean_occurred_at(self):
        return _not_future(self.cleaned_data.get("occurred_at"))


class CaseEditForm(forms.Form):
    title = forms.CharField(label=_("main concern (主訴)"), max_length=200)
    worker = forms.ModelChoiceField(
        label=_("responsible worker"), queryset=User.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[c for c in Case.Status.choices if c[0] != Case.Status.CLOSED]
    )
    referral_source = forms.ChoiceField(
        label=_("referral route (相談経路)"), choices=Case.Source.choices
    )
    projects = ProjectsField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = (
            User.objects.filter(
                is_active=True,
                kind=User.Kind.STAFF,
                memberships__is_active=True,
                memberships__agency_id__in={case.owner_agency_id, access.lead_agency_id(case)},
                memberships__role__in=["caseworker", "coordinator", "supervisor"],
            )
            .distinct()
            .order_by("full_name_kana", "username")
        )


class ConsentExtendForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("extend to"), queryset=Agency.objects.none())
    note = forms.CharField(
        label=_("how the person agreed"),
        max_length=500,
        help_text=_("For example: asked by phone on the date, agreed to tell this agency."),
    )

    def __init__(self, *args, consent=None, **kwargs):
        super().__init__(*args, **kwargs)
        team = consent.case.team.filter(left_on__isnull=True).values("agency_id")
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=team).exclude(
            pk__in=consent.agencies.values("pk")
        )


class JoinRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("why your agency should join"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The lead agency decides; the person's consent still decides what you see."),
    )


class ReferralForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=_("refer to"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("what we ask of you"), max_length=500)
    summary = forms.CharField(
        label=_("minimum-necessary summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Only what the receiving agency needs to decide. It is shown to them as written."
        ),
    )

    def __init__(self, *args, own_agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk__in=[a.pk for a in own_agencies]
        )


class ReferralAnswerForm(forms.Form):
    note = forms.CharField(
        label=_("answer / reason for returning"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LeadChangeForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("new lead agency"), queryset=Agency.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("reason"), max_length=500)
    decided_at = forms.CharField(label=_("decided at"), max_length=200, required=False)


class TeamAddForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("agency"), queryset=Agency.objects.filter(is_active=True)
    )
    role = forms.CharField(label=_("role in the team"), max_length=100, required=False)


class ConsentForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("consenting person"),
        queryset=Person.objects.none(),
        help_text=_("A consent covers this person's records and the household's."),
    )
    representative = forms.ChoiceField(
        label=_("given by"), choices=Consent.Representative.choices, required=False
    )
    representative_name = forms.CharField(
        label=_("representative's name"), max_length=100, required=False
    )
    all_team_agencies = forms.BooleanField(
        label=_("all team agencies"),
        required=False,
        initial=True,
        help_text=_("The agencies on the team now; one that joins later needs an extension."),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("agencies covered"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("purposes"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Consent.Purpose.SHARING],
    )
    method = forms.ChoiceField(label=_("how obtained"), choices=Consent.Method.choices)
    valid_from = WarekiDateField(label=_("valid from"))
    valid_until = WarekiDateField(label=_("valid until"), required=False)
    scanned_form = forms.FileField(label=_("scanned consent form"), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            memberships__household=case.household, merged_into__isnull=True
        ).distinct()
        team = case.team.filter(left_on__isnull=True).values("agency_id")
        self.fields["agencies"].queryset = Agency.objects.filter(pk__in=team)


class OutreachContactForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("when"), widget=DATETIME_WIDGET)
    mode = forms.ChoiceField(
        label=_("mode"), choices=Consultation.Mode.choices, initial=Consultation.Mode.HOME_VISIT
    )
    outcome = forms.ChoiceField(
        label=_("outcome of the visit"), choices=Consultation.Outcome.choices
    )
    minutes = forms.IntegerField(
        label=_("minutes spent"), min_value=0, max_value=24 * 60, initial=20
    )
    narrative = forms.CharField(
        label=_("record"), widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX
    )
    stage = forms.ChoiceField(
        label=_("outreach stage"),
        choices=[("", _("(unchanged)")), *Case.OutreachStage.choices[:3]],
        required=False,
    )

    def clean_occurred_at(self):
        return _not_future(self.cleaned_data.get("occurred_at"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("reason for withdrawal"), max_length=500)


class ClosureProposeForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=Closure.Reason.choices)
    evaluation = forms.CharField(
        label=_("evaluation (what changed)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ClosureDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("Approve the closure")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
    )
    evaluation = forms.CharField(
        label=_("evaluation (what changed) / reason for sending back"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


class ConcernForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("whole household"),
    )
    category = forms.ChoiceField(label=_("category"), choices=Concern.Category.choices)
    note = forms.CharField(
        label=_("note"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            memberships__household=case.household, merged_into__isnull=True
        ).distinct()


class AssessmentForm(forms.Form):
    summary = forms.CharField(
        label=_("household situation"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    strengths = forms.CharField(
        label=_("strengths"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risks = forms.CharField(
        label=_("risks"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("goals"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    review_on = WarekiDateField(label=_("review on"))


class PlanActionForm(forms.Form):
    description = forms.CharField(label=_("action"), max_length=500)
    responsible_agency = forms.ModelChoiceField(
        label=_("responsible agency"), queryset=Agency.objects.filter(is_active=True)
    )
    due_on = WarekiDateField(label=_("due on"), required=False)


class PlanActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=PlanAction.Status.choices)


class PersonMoveForm(forms.Form):
    """A move to another household the user may change (found by name)."""

    household = forms.ModelChoiceField(
        label=_("moves to household"), queryset=Household.objects.none()
    )
    relation = forms.ChoiceField(
        label=_("relation to head"), choices=HouseholdMembership.Relation.choices
    )
    on = WarekiDateField(label=_("moved on"))

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households


PlanActionFormSet = forms.formset_factory(PlanActionForm, extra=3, max_num=20, validate_max=True)


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("household name"), max_length=100)
    postal_code = forms.CharField(label=_("postal code"), max_length=8, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    area = area_choices()
    version = forms.IntegerField(widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("name or kana"), max_length=100, required=False)
    birth_date = WarekiDateField(label=_("birth date"), required=False)


AGING_CHOICES = [
    ("", _("any")),
    ("1", _("open for 1 year or more")),
    ("3", _("open for 3 years or more")),
    ("5", _("open for 5 years or more")),
]


class CaseFilterForm(forms.Form):
    """The case list's search and filters. With `user`, the worker filter offers the staff
    of the user's agencies; without one (a stored export), any active staff account id."""

    q = forms.CharField(label=_("main concern or household"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("open cases")), *Case.Status.choices],
        required=False,
    )
    scope = forms.ChoiceField(
        label=_("whose cases"),
        choices=[
            ("me", _("my cases (I am the responsible worker)")),
            ("agency", _("my agency's cases (intake or lead)")),
            ("all", _("every case I may read")),
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("order"),
        choices=[
            ("opened", _("newest first")),
            ("contact", _("longest without contact first")),
            ("reference", _("case number, newest first")),
            ("-opened", _("oldest first")),
            ("-contact", _("most recent contact first")),
            ("-reference", _("case number, oldest first")),
        ],
        required=False,
    )
    worker = forms.ModelChoiceField(
        label=_("responsible worker"), queryset=User.objects.none(), required=False
    )
    concern = forms.ChoiceField(
        label=_("concern"), choices=[("", _("any")), *Concern.Category.choices], required=False
    )
    area = forms.ModelChoiceField(label=_("area"), queryset=Area.objects.all(), required=False)
    project = forms.ChoiceField(
        label=_("project"), choices=[("", _("any")), *Project.choices], required=False
    )
    aging = forms.ChoiceField(label=_("how long open"), choices=AGING_CHOICES, required=False)

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(
            is_active=True, kind=User.Kind.STAFF, memberships__is_active=True
        )
        if user is not None:
            agencies = [a.pk for a in access.case_agencies(user)]
            staff = staff.filter(memberships__agency_id__in=agencies)
        self.fields["worker"].queryset = staff.distinct().order_by("username")
        self.fields["worker"].label_from_instance = lambda u: u.display_name


class MergeForm(forms.Form):
    """名寄せ: why two records are one person."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the same birth date and former address; checked with the person."),
    )


class MergeUndoForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. found to be two different persons (a namesake of the same age)."),
    )


class RecordPrintForm(forms.Form):
    """The period of a printed 経過記録 (from, to: both days included)."""

    start = WarekiDateField(label=_("Period start"))
    end = WarekiDateField(label=_("Period end"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(RECORD_PERIOD_REVERSED)
        return data


RECORD_PERIOD_REVERSED = _("The period cannot end before it starts.")


class ConsentScanForm(forms.Form):
    """The scan of the signed 同意書, attached to the consent it was printed from."""

    scanned_form = forms.FileField(label=_("scanned consent form"))


class MatchCheckForm(forms.Form):
    """名寄せ at intake: what the worker typed about one person (cases.services.matching).
    `prefix` names the person's subform of the intake form (person-0, person-1, …); the
    household's phone is the intake form's own `phone`."""

    family_name = forms.CharField(label=_("family name"), max_length=NAME_MAX, required=False)
    given_name = forms.CharField(label=_("given name"), max_length=NAME_MAX, required=False)
    family_name_kana = forms.CharField(
        label=_("family name (kana)"), max_length=NAME_MAX, required=False
    )
    given_name_kana = forms.CharField(
        label=_("given name (kana)"), max_length=NAME_MAX, required=False
    )
    birth_date = WarekiDateField(label=_("birth date"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    note = forms.CharField(
        label=_("note to the hub"), max_length=2000, required=False, widget=forms.Textarea
    )

    def __init__(self, data=None, *, person_prefix: str = "", **kwargs):
        if data is not None and person_prefix:
            # The person's fields come from their subform, the phone from the household's.
            data = {
                name: data.get(f"{person_prefix}-{name}", "")
                for name in self.base_fields
                if name not in ("phone", "note")
            } | {
                "phone": data.get("phone", ""),
                "note": data.get(f"{person_prefix}-match_note", ""),
            }
        super().__init__(data, **kwargs)


class MatchAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("answer to the requesting agency"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
