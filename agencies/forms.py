from collections.abc import Sequence

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Area, Membership, PartnerToken, ServiceField, User

SERVICE_ACCOUNT_CANNOT_LOG_IN = _(
    "This is a partner system's account. It can only use the REST API with its token."
)
USERNAME_TAKEN = _("This login ID is already in use.")
PASSWORDS_DIFFER = _("The two passwords do not match.")
ACTING_FOR = _("acting for")


class LoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if user.is_service_account:
            raise forms.ValidationError(SERVICE_ACCOUNT_CANNOT_LOG_IN, code="service_account")


def add_acting_agency_field(
    form: forms.BaseForm,
    agencies: Sequence[Agency],
    *,
    name: str = "agency",
    label: str | Promise = ACTING_FOR,
) -> None:
    """A user of several agencies says which one they act for (agencies.access.
    choose_agency); with one agency the form asks nothing and that agency is taken."""
    if len(agencies) > 1:
        field = forms.ModelChoiceField(
            label=label,
            queryset=Agency.objects.filter(pk__in=[agency.pk for agency in agencies]),
            help_text=_("You belong to several agencies: the record is registered under this one."),
        )
        form.fields = {name: field, **form.fields}


class VersionedForm(forms.Form):
    """Carries the version of the record the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AgencyForm(forms.ModelForm):
    """What an agency's own administrator may change: contact details, fields and areas.
    Kind, name and hub status are the city's designation (system administration)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    fields = forms.ModelMultipleChoiceField(
        label=_("fields of support"),
        queryset=ServiceField.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    areas_served = forms.ModelMultipleChoiceField(
        label=_("areas served"),
        queryset=Area.objects.filter(level=Area.Level.JUNIOR_HIGH),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Agency
        fields = [
            "kana",
            "phone",
            "fax",
            "email",
            "postal_code",
            "address",
            "contact_hours",
            "fields",
            "areas_served",
        ]

    def contact_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("fields", "areas_served")
        }


class StaffCreateForm(forms.Form):
    username = forms.CharField(label=_("login ID"), max_length=150)
    full_name = forms.CharField(label=_("full name"), max_length=100)
    full_name_kana = forms.CharField(label=_("full name (kana)"), max_length=100, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)
    password1 = forms.CharField(
        label=_("initial password"), widget=forms.PasswordInput, strip=False, max_length=128
    )
    password2 = forms.CharField(
        label=_("initial password (again)"), widget=forms.PasswordInput, strip=False
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="taken")
        return username

    def clean(self) -> dict:
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif p1:
            candidate = User(
                username=cleaned.get("username", ""),
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ServiceAccountForm(forms.Form):
    username = forms.CharField(label=_("login ID"), max_length=150)
    full_name = forms.CharField(label=_("system name"), max_length=100)
    role = forms.ChoiceField(
        label=_("role"),
        choices=[(Membership.Role.CASEWORKER, Membership.Role.CASEWORKER.label)],
        initial=Membership.Role.CASEWORKER,
        help_text=_("A partner system always has the caseworker role."),
    )
    token_scope = forms.ChoiceField(
        label=_("token scope"),
        choices=PartnerToken.Scope.choices,
        initial=PartnerToken.Scope.READ,
        help_text=_("What the first API token may do. Give write access only if needed."),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="taken")
        return username


class MembershipRoleForm(VersionedForm):
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)

    def __init__(self, *args, membership: Membership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if membership.user.is_service_account:
            # A partner system's role is fixed (agencies.services.SERVICE_ACCOUNT_ROLE).
            role = Membership.Role.CASEWORKER
            self.fields["role"].choices = [(role, role.label)]
            self.fields["role"].help_text = _("A partner system always has the caseworker role.")


class PartnerTokenForm(forms.Form):
    name = forms.CharField(
        label=_("label"),
        max_length=100,
        help_text=_("Where the token is used, e.g. the partner's production server."),
    )
    scope = forms.ChoiceField(
        label=_("scope"), choices=PartnerToken.Scope.choices, initial=PartnerToken.Scope.READ
    )
