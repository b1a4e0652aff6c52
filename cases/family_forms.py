"""Forms of a household's "Family and relatives": relations, relatives outside the
household, the key person, and a person's record (with their death). They check the shape
of the input; the rules (who may, whose circle, dates) are cases/services/family.py's and
come back as field errors."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.forms import _not_future
from cases.models import Person, PersonRelation
from cases.models.household import NAME_MAX
from cases.services.family import Said
from core.forms import WarekiDateField


class CirclePersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


def _circle_field(label, circle: QuerySet[Person], **kwargs) -> CirclePersonField:
    return CirclePersonField(label=label, queryset=circle, **kwargs)


class RelationDatesMixin(forms.Form):
    label = forms.CharField(
        label=_("description"),
        max_length=50,
        required=False,
        help_text=_("For another relation: e.g. 叔母, 内縁の夫."),
    )
    married_on = WarekiDateField(
        label=_("married on"),
        required=False,
        help_text=_("Only for a spouse or partner."),
    )
    divorced_on = WarekiDateField(label=_("divorced or separated on"), required=False)

    def clean_married_on(self):
        return _not_future(self.cleaned_data.get("married_on"))

    def clean_divorced_on(self):
        return _not_future(self.cleaned_data.get("divorced_on"))


class RelationForm(RelationDatesMixin):
    """ "<person> is the <kind> of <relative>"."""

    field_order = ["person", "kind", "relative", "label", "married_on", "divorced_on"]

    kind = forms.ChoiceField(label=_("is the (relation)"), choices=Said.choices)

    def __init__(self, *args, circle: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = _circle_field(_("person"), circle)
        self.fields["relative"] = _circle_field(_("of (the other person)"), circle)
        self.order_fields(self.field_order)


class RelationEditForm(RelationDatesMixin):
    kind = forms.ChoiceField(label=_("relation"), choices=Said.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["kind", "label", "married_on", "divorced_on"]

    @classmethod
    def initial_for(cls, relation: PersonRelation) -> dict:
        return {
            "kind": relation.kind,
            "label": relation.label,
            "married_on": relation.married_on,
            "divorced_on": relation.divorced_on,
            "version": relation.version,
        }


class RelativeForm(RelationDatesMixin):
    """A relative outside the household, and (optionally) how they are related."""

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
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    deceased = forms.BooleanField(label=_("deceased"), required=False)
    died_on = WarekiDateField(label=_("date of death"), required=False)
    kind = forms.ChoiceField(
        label=_("the relative is the"),
        choices=[("", "---------"), *Said.choices],
        required=False,
    )

    field_order = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "birth_date",
        "sex",
        "phone",
        "deceased",
        "died_on",
        "kind",
        "related_to",
        "label",
        "married_on",
        "divorced_on",
    ]

    def __init__(self, *args, circle: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_to"] = _circle_field(
            _("of (the other person)"), circle, required=False
        )
        self.order_fields(self.field_order)

    def clean_birth_date(self):
        return _not_future(self.cleaned_data.get("birth_date"))

    def clean_died_on(self):
        return _not_future(self.cleaned_data.get("died_on"))


class KeyPersonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, circle: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = _circle_field(
            _("key person (キーパーソン)"),
            circle,
            required=False,
            empty_label=_("(none)"),
            help_text=_("The person, in the household or not, the support relies on."),
        )


class PersonEditForm(forms.Form):
    family_name = forms.CharField(label=_("family name"), max_length=NAME_MAX)
    given_name = forms.CharField(label=_("given name"), max_length=NAME_MAX, required=False)
    family_name_kana = forms.CharField(
        label=_("family name (kana)"), max_length=NAME_MAX, required=False
    )
    given_name_kana = forms.CharField(
        label=_("given name (kana)"), max_length=NAME_MAX, required=False
    )
    birth_date = WarekiDateField(label=_("birth date"), required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=Person.Sex.choices)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    preferred_language = forms.CharField(
        label=_("preferred language"), max_length=50, required=False
    )
    address_confidential = forms.BooleanField(
        label=_("address confidential (住所秘匿)"), required=False
    )
    deceased = forms.BooleanField(label=_("deceased"), required=False)
    died_on = WarekiDateField(label=_("date of death"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {name: getattr(person, name) for name in cls.base_fields}

    def clean_birth_date(self):
        return _not_future(self.cleaned_data.get("birth_date"))

    def clean_died_on(self):
        return _not_future(self.cleaned_data.get("died_on"))
