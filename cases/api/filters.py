"""Filters for the cases API lists. They narrow querysets that cases/access.py has already
scoped to the caller; an invalid value is a 400 naming the filter.

Ids of households are plain numbers (a filter must not tell whether a household the caller
cannot see exists); agencies are the public directory, so an unknown agency id is a 400."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases import access
from cases.models import Case, Household, Person, Referral
from cases.selectors import SEARCH_ORDER, household_name_matches, name_matches


class CaseFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("status (repeat for several)"), choices=Case.Status.choices
    )
    household = django_filters.NumberFilter(label=_("household id"), field_name="household_id")
    owner_agency = django_filters.ModelChoiceFilter(
        label=_("intake agency"), queryset=Agency.objects.all()
    )
    lead_agency = django_filters.ModelChoiceFilter(
        label=_("current lead agency"), queryset=Agency.objects.all(), method="filter_lead"
    )
    opened_on = django_filters.DateFromToRangeFilter(
        label=_("opened between (opened_on_after, opened_on_before)")
    )
    title = django_filters.CharFilter(label=_("main concern contains"), lookup_expr="icontains")

    class Meta:
        model = Case
        fields = ["status", "household", "owner_agency", "lead_agency", "opened_on", "title"]

    def filter_lead(self, queryset: QuerySet[Case], name: str, value: Agency) -> QuerySet[Case]:
        return queryset.filter(lead_agency=value)  # the current lead, kept on the case


class HouseholdFilter(django_filters.FilterSet):
    # No area filter: it would reveal the area of a household whose address is hidden.
    name = django_filters.CharFilter(label=_("household name contains"), method="filter_name")

    class Meta:
        model = Household
        fields = ["name"]

    # The household's name key, in any spelling of kana, width or spacing (core.kana).
    def filter_name(
        self, queryset: QuerySet[Household], name: str, value: str
    ) -> QuerySet[Household]:
        return queryset.filter(household_name_matches(value))


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("name (family or given)"), method="filter_name")
    kana = django_filters.CharFilter(label=_("name in kana"), method="filter_kana")
    birth_date = django_filters.DateFilter(label=_("birth date"))

    class Meta:
        model = Person
        fields = ["name", "kana", "birth_date"]

    # The normalised keys (core.kana), and the given-name column a short term may start.
    NAME_FIELDS = (("name_key",), ("given_name",))
    KANA_FIELDS = (("kana_key",), ("given_name_kana",))

    @classmethod
    def matching(cls, params) -> Q | None:
        """The name and kana conditions of a request, for the list's queryset to start from
        (cases/api/selectors.py person_list): None when neither is asked for. A value the
        filter's own form refuses (a NUL character: a 400 from the filter) asks nothing
        here, so that it never reaches the database before it is refused."""
        condition = Q()
        for key, fields in (("name", cls.NAME_FIELDS), ("kana", cls.KANA_FIELDS)):
            value = params.get(key) or ""
            if value.strip() and "\x00" not in value:
                condition &= name_matches(value, *fields)
        return condition & Q(merged_into__isnull=True) if condition else None

    # As the search page (cases/selectors.py, name_matches): the trigram indexes answer,
    # and a searched list is sorted over expressions so PostgreSQL starts from them.
    def filter_name(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(name_matches(value, *self.NAME_FIELDS)).order_by(*SEARCH_ORDER)

    def filter_kana(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(name_matches(value, *self.KANA_FIELDS)).order_by(*SEARCH_ORDER)


class ReferralFilter(django_filters.FilterSet):
    SENT, RECEIVED = "sent", "received"

    status = django_filters.ChoiceFilter(label=_("status"), choices=Referral.Status.choices)
    direction = django_filters.ChoiceFilter(
        label=_("sent by or received by one of your agencies"),
        choices=[(SENT, _("Sent")), (RECEIVED, _("Received"))],
        method="filter_direction",
    )

    class Meta:
        model = Referral
        fields = ["status", "direction"]

    def filter_direction(
        self, queryset: QuerySet[Referral], name: str, value: str
    ) -> QuerySet[Referral]:
        agencies = [a.pk for a in access.case_agencies(self.request.user)]
        if value == self.SENT:
            return queryset.filter(from_agency_id__in=agencies)
        return queryset.filter(to_agency_id__in=agencies)
