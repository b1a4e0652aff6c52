import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Area, ServiceField
from core.api.filters import StrictBooleanFilter


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("name or kana"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Agency.Kind.choices)
    field = django_filters.ModelChoiceFilter(
        label=_("field of support"),
        field_name="fields",
        queryset=ServiceField.objects.all(),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("area served"),
        field_name="areas_served",
        queryset=Area.objects.filter(level=Area.Level.JUNIOR_HIGH),
    )
    is_hub = StrictBooleanFilter(label=_("hub only"))

    class Meta:
        model = Agency
        fields = ["q", "kind", "field", "area", "is_hub"]

    def filter_text(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return queryset.filter(Q(name__icontains=value) | Q(kana__icontains=value))
