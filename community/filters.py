"""Search conditions for community records, shared by the pages and the REST API.

Area searches follow the hierarchy 中学校区 → 小学校区 → 自治区: an area matches its own
records, those of the areas inside it, those of the areas it lies in, and the city-wide
ones (no area). A 中学校区 therefore shows everything its 小学校区 and 自治区 have, and a 自治区
also shows what its 小学校区 and 中学校区 offer."""

from __future__ import annotations

from collections.abc import Iterator

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Area
from community.models import Activity, Group, Network, NetworkMember, Place, Platform, Target
from core.api.filters import RawCheckboxInput, StrictBooleanField, StrictBooleanFilter
from core.forms import WarekiDateField

AREA_SEPARATOR = " › "


def area_path(area: Area) -> list[Area]:
    """The area and its parents, outermost first (parents must be select_related)."""
    path = [area]
    while path[0].parent_id is not None:
        path.insert(0, path[0].parent)
    return path


def area_label(area: Area) -> str:
    return AREA_SEPARATOR.join(a.name for a in area_path(area))


def areas_for_choice() -> QuerySet[Area]:
    return Area.objects.select_related("parent__parent")


class _TreeOrderIterator(ModelChoiceIterator):
    """Areas as a tree: each 中学校区 followed by its 小学校区 and their 自治区."""

    def __iter__(self) -> Iterator:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        areas = sorted(self.queryset, key=lambda a: [p.kana or p.name for p in area_path(a)])
        for area in areas:
            yield self.choice(area)


class AreaChoiceField(forms.ModelChoiceField):
    """Choose any area of the hierarchy; labelled with its path, ordered as a tree."""

    iterator = _TreeOrderIterator

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", areas_for_choice())
        kwargs.setdefault("label", _("area"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Area) -> str:
        return area_label(obj)


def area_scope(area: Area, field: str = "area") -> Q:
    """Records of `area`, of the areas inside it and the areas it lies in, and city-wide."""
    inside = Area.objects.filter(Q(pk=area.pk) | Q(parent=area) | Q(parent__parent=area))
    around = [a.pk for a in area_path(area)[:-1]]
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__in": inside.values("pk")})
        | Q(**{f"{field}__in": around})
    )


def district_scope(area: Area, field: str = "area") -> Q:
    """Only the records inside `area` (itself and the areas below it): no city-wide ones."""
    inside = Area.objects.filter(Q(pk=area.pk) | Q(parent=area) | Q(parent__parent=area))
    return Q(**{f"{field}__in": inside.values("pk")})


TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Group: ("name", "description", "schedule", "contact"),
    Place: ("name", "address", "opening_hours", "description", "run_by__name"),
    Platform: ("name", "purpose", "companies"),
    Network: ("name", "purpose"),
    Activity: ("title", "note"),
}


def text_query(model: type, value: str) -> Q:
    """Every word must appear in one of the model's text fields."""
    query = Q()
    for word in value.split():
        word_q = Q()
        for field in TEXT_FIELDS[model]:
            word_q |= Q(**{f"{field}__icontains": word})
        if model is Network:
            word_q |= Q(pk__in=NetworkMember.objects.filter(name__icontains=word).values("network"))
        query &= word_q
    return query


class OwnedResourceFilter(django_filters.FilterSet):
    """What every community list can be searched by."""

    q = django_filters.CharFilter(label=_("keyword"), method="filter_text", max_length=100)
    area = django_filters.ModelChoiceFilter(
        label=_("area"),
        queryset=areas_for_choice(),
        method="filter_area",
        help_text=_("Includes the areas inside it, the areas it lies in, and the whole city."),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("registering agency"), queryset=Agency.objects.all()
    )
    include_inactive = StrictBooleanFilter(label=_("include inactive"), method="filter_inactive")

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(text_query(queryset.model, value))

    def filter_area(self, queryset: QuerySet, name: str, value: Area) -> QuerySet:
        return queryset.filter(area_scope(value))

    def filter_inactive(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_inactive"):
            queryset = queryset.filter(is_active=True)
        return queryset


class GroupFilter(OwnedResourceFilter):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Group.Kind.choices)
    target = django_filters.ChoiceFilter(label=_("for whom"), choices=Target.choices)

    class Meta:
        model = Group
        fields = ["q", "area", "kind", "target", "owner", "include_inactive"]


class PlaceFilter(OwnedResourceFilter):
    target = django_filters.ChoiceFilter(label=_("for whom"), choices=Target.choices)
    run_by = django_filters.ModelChoiceFilter(label=_("run by"), queryset=Group.objects.all())

    class Meta:
        model = Place
        fields = ["q", "area", "target", "run_by", "owner", "include_inactive"]


class PlatformFilter(OwnedResourceFilter):
    group = django_filters.ModelChoiceFilter(
        label=_("member group"), field_name="groups", queryset=Group.objects.all()
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("member agency"), field_name="agencies", queryset=Agency.objects.all()
    )

    class Meta:
        model = Platform
        fields = ["q", "area", "group", "agency", "owner", "include_inactive"]


class NetworkFilter(OwnedResourceFilter):
    class Meta:
        model = Network
        fields = ["q", "area", "owner", "include_inactive"]


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("keyword"), method="filter_text", max_length=100)
    area = django_filters.ModelChoiceFilter(
        label=_("area"),
        queryset=areas_for_choice(),
        method="filter_area",
        help_text=_("Activities inside this area (a 中学校区 includes its 小学校区 and 自治区)."),
    )
    held_from = django_filters.DateFilter(
        label=_("held from"),
        field_name="held_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    held_until = django_filters.DateFilter(
        label=_("held until"),
        field_name="held_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    group = django_filters.ModelChoiceFilter(label=_("group"), queryset=Group.objects.all())
    place = django_filters.ModelChoiceFilter(label=_("place"), queryset=Place.objects.all())
    platform = django_filters.ModelChoiceFilter(
        label=_("platform"), queryset=Platform.objects.all()
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("recorded by agency"), queryset=Agency.objects.all()
    )

    class Meta:
        model = Activity
        fields = ["q", "area", "held_from", "held_until", "group", "place", "platform", "owner"]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(text_query(Activity, value))

    def filter_area(self, queryset: QuerySet, name: str, value: Area) -> QuerySet:
        return queryset.filter(district_scope(value))


class WarekiDateFilter(django_filters.DateFilter):
    field_class = WarekiDateField


class ActivityPageFilter(ActivityFilter):
    """The activity list page's filter: its dates typed in 和暦 or 西暦 (the API's filter,
    ActivityFilter, keeps ISO 8601)."""

    held_from = WarekiDateFilter(label=_("held from"), field_name="held_on", lookup_expr="gte")
    held_until = WarekiDateFilter(label=_("held until"), field_name="held_on", lookup_expr="lte")


# --- the resource directory (groups, places, platforms and networks together) -----------


class ResourceType:
    GROUP = "group"
    PLACE = "place"
    PLATFORM = "platform"
    NETWORK = "network"

    choices = [
        (GROUP, _("Community groups")),
        (PLACE, _("Places to belong")),
        (PLATFORM, _("Platforms")),
        (NETWORK, _("Networks")),
    ]


class DirectoryForm(forms.Form):
    """The resource directory's search: area, type, kind (groups), target and keywords."""

    q = forms.CharField(label=_("keyword"), max_length=100, required=False)
    area = AreaChoiceField(
        required=False,
        empty_label=_("whole city"),
        help_text=_("A 中学校区 includes its 小学校区 and 自治区, and city-wide resources."),
    )
    type = forms.ChoiceField(
        label=_("type"), choices=[("", _("all types")), *ResourceType.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("kind of group"), choices=[("", "---------"), *Group.Kind.choices], required=False
    )
    target = forms.ChoiceField(
        label=_("for whom"), choices=[("", "---------"), *Target.choices], required=False
    )
    include_inactive = StrictBooleanField(
        label=_("include inactive"), required=False, widget=RawCheckboxInput
    )
