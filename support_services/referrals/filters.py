"""Filters of the provider directory and of the referrals worklist."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import ListFilterSet, WorklistFilterSet
from locations.forms import indented_unit
from locations.models import AdministrativeUnit
from support_services.models import (
    Programme,
    ProviderKind,
    Referral,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)


class ProviderFilter(ListFilterSet):
    """The directory's filters (the directory is not personal data: not scoped)."""

    q = django_filters.CharFilter(label=_("Tên cơ sở"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Loại cơ sở"), choices=ProviderKind.choices)
    service = django_filters.ChoiceFilter(
        label=_("Dịch vụ"), choices=ServiceKind.choices, method="filter_service"
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), method="filter_area"
    )
    active = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("yes", _("Đang hoạt động")), ("no", _("Ngừng hoạt động"))],
        method="filter_active",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = ServiceProvider
        fields = ["q", "kind", "service", "area", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["area"]
        # Provinces and legacy districts, and every unit that has a provider.
        field.queryset = AdministrativeUnit.objects.filter(
            Q(level__in=["province", "district"]) | Q(pk__in=ServiceProvider.objects.values("area"))
        ).in_tree_order()
        field.label_from_instance = indented_unit

    def filter_service(self, queryset, name, value):
        return queryset.filter(services__contains=[value]) if value else queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__path__startswith=value.path) if value else queryset

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes") if value else queryset


class ReferralFilter(WorklistFilterSet):
    """Referrals of the user's area: open, overdue, all; filtered by status, programme,
    provider, service. The queryset it receives is already scoped by the view."""

    views = [
        ("open", _("Đang xử lý")),
        ("overdue", _("Quá hạn")),
        ("all", _("Tất cả")),
    ]
    tabs_keep_filters = False

    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ReferralStatus.choices)
    programme = django_filters.ChoiceFilter(label=_("Chương trình"), choices=Programme.choices)
    provider = django_filters.ModelChoiceFilter(
        label=_("Cơ sở tiếp nhận"), queryset=ServiceProvider.objects.all()
    )
    service = django_filters.ChoiceFilter(label=_("Dịch vụ"), choices=ServiceKind.choices)

    class Meta:
        model = Referral
        fields = ["status", "programme", "provider", "service"]

    def filter_tab(self, queryset, view):
        # Open work in the order it falls due; the whole history newest first.
        if view == "open":
            return queryset.open().order_by("due_on", "pk")
        if view == "overdue":
            return queryset.overdue(timezone.localdate()).order_by("due_on", "pk")
        return queryset.order_by("-sent_on", "-pk")
