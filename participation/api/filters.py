"""Filters for the participation API lists. They narrow querysets that the selectors (and,
for person-level records, cases/access.py) have already scoped; an invalid value is a 400
naming the filter. Case and person ids are plain numbers, so a filter cannot tell whether
a case the caller may not read exists."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Area
from core.api.filters import StrictBooleanFilter
from participation import selectors
from participation.models import (
    FollowUp,
    Host,
    Matching,
    ParticipationPlan,
    SupportMenu,
    Target,
)


class MenuFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("words (title, what, where, when, conditions, host)"), method="filter_q"
    )
    area = django_filters.ModelChoiceFilter(
        label=_("available in this area (with city-wide menus and those of larger areas)"),
        queryset=Area.objects.select_related("parent__parent"),
        method="filter_area",
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SupportMenu.Kind.choices)
    target = django_filters.ChoiceFilter(
        label=_("for whom (menus for everyone included)"),
        choices=Target.choices,
        method="filter_target",
    )
    developed_by = django_filters.ModelChoiceFilter(
        label=_("developed by"), queryset=Agency.objects.all()
    )
    host = django_filters.ModelChoiceFilter(label=_("host"), queryset=Host.objects.all())
    include_inactive = StrictBooleanFilter(
        label=_("include menus no longer offered"), method="filter_nothing"
    )

    class Meta:
        model = SupportMenu
        fields = ["q", "area", "kind", "target", "developed_by", "host", "include_inactive"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_inactive"):
            queryset = queryset.filter(is_active=True)
        return queryset

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.text_condition(value))

    def filter_area(self, queryset: QuerySet, name: str, value: Area) -> QuerySet:
        return queryset.filter(selectors.area_condition(value))

    def filter_target(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.target_condition(value))

    def filter_nothing(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset  # applied in filter_queryset (its absence also filters)


class HostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("name or contact contains"), method="filter_q")
    agency = django_filters.ModelChoiceFilter(
        label=_("linked agency"), queryset=Agency.objects.all()
    )
    is_active = StrictBooleanFilter(label=_("active"))

    class Meta:
        model = Host
        fields = ["q", "agency", "is_active"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for term in value.split():
            queryset = queryset.filter(Q(name__icontains=term) | Q(contact__icontains=term))
        return queryset


class PersonRecordFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case id"), field_name="case_id")
    person = django_filters.NumberFilter(label=_("person id"), field_name="person_id")


class PlanFilter(PersonRecordFilter):
    class Meta:
        model = ParticipationPlan
        fields = ["case", "person"]


class MatchingFilter(PersonRecordFilter):
    menu = django_filters.NumberFilter(label=_("support menu id"), field_name="menu_id")
    status = django_filters.MultipleChoiceFilter(
        label=_("status (repeat for several)"), choices=Matching.Status.choices
    )

    class Meta:
        model = Matching
        fields = ["case", "person", "menu", "status"]


class FollowUpFilter(django_filters.FilterSet):
    matching = django_filters.NumberFilter(label=_("matching id"), field_name="matching_id")
    case = django_filters.NumberFilter(label=_("case id"), field_name="matching__case_id")
    about = django_filters.ChoiceFilter(label=_("follow-up of"), choices=FollowUp.About.choices)
    next_on_before = django_filters.DateFilter(
        label=_("next follow-up on or before"), field_name="next_on", lookup_expr="lte"
    )

    class Meta:
        model = FollowUp
        fields = ["matching", "case", "about", "next_on_before"]
