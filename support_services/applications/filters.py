"""The applications worklist's filters: its tabs by deadline and the support applied for."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import WorklistFilterSet
from support_services.applications.services import SUPPORT_FILTERS
from support_services.models import SupportApplication

DUE_SOON_DAYS = 3


class ApplicationFilter(WorklistFilterSet):
    """Applications of the user's area: open, due soon, overdue, all; the queryset it receives
    is already scoped by the view."""

    compact = True
    strict_filters = ["support"]
    views = [
        ("open", _("Đang giải quyết")),
        ("due_soon", _("Sắp đến hạn")),
        ("overdue", _("Quá hạn")),
        ("all", _("Tất cả")),
    ]

    support = django_filters.ChoiceFilter(
        label=_("Chế độ hỗ trợ"),
        field_name="support_type__code",
        choices=SUPPORT_FILTERS,
        empty_label=_("— Mọi chế độ —"),
    )

    class Meta:
        model = SupportApplication
        fields = []

    def filter_tab(self, queryset, view):
        today = timezone.localdate()
        if view == "open":
            return queryset.open()
        if view == "due_soon":
            return queryset.due_soon(today, DUE_SOON_DAYS)
        if view == "overdue":
            return queryset.overdue(today)
        return queryset
