import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.lists import AreaUnitFilter, ListFilterSet
from locations.forms import indented_unit
from prevention.choices import ActivityType, DirectiveType
from prevention.forms import directive_label
from prevention.models import Directive, PreventionActivity


class ActivityFilter(ListFilterSet):
    """The list's filters; the queryset it receives is already scoped by the view."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")
    year = django_filters.NumberFilter(label=_("Năm"), field_name="start_date", lookup_expr="year")
    activity_type = django_filters.ChoiceFilter(
        label=_("Loại hoạt động"), choices=ActivityType.choices, empty_label=_("Tất cả")
    )
    unit = AreaUnitFilter(
        label=_("Đơn vị tổ chức"), field_name="unit", empty_label=_("Toàn địa bàn")
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Thực hiện văn bản"),
        queryset=Directive.objects.none(),
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = PreventionActivity
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["directive"].queryset = Directive.objects.visible_to(user)
        self.form.fields["unit"].label_from_instance = indented_unit
        self.form.fields["directive"].label_from_instance = directive_label

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(venue__icontains=value)
            | Q(partner_organisations__icontains=value)
        )


class DirectiveFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")
    year = django_filters.NumberFilter(label=_("Năm thực hiện"), field_name="year")
    directive_type = django_filters.ChoiceFilter(
        label=_("Loại văn bản"), choices=DirectiveType.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Directive
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))
