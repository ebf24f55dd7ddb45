"""The support list's filters: its tabs by status and the support type."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists import WorklistFilterSet
from support_services.models import SupportRecord, SupportStatus, SupportType

# tab -> the status its supports are in ("all": any)
TAB_STATUSES = {
    "awaiting_decision": SupportStatus.PROPOSED,
    "awaiting_provision": SupportStatus.APPROVED,
    "provided": SupportStatus.PROVIDED,
}


class SupportFilter(WorklistFilterSet):
    """Supports of the user's area awaiting a decision, awaiting provision, given, all; the
    queryset it receives is already scoped by the view."""

    compact = True
    strict_filters = ["type"]
    views = [
        ("awaiting_decision", _("Chờ quyết định")),
        ("awaiting_provision", _("Chờ thực hiện")),
        ("provided", _("Đã hỗ trợ")),
        ("all", _("Tất cả")),
    ]

    type = django_filters.ModelChoiceFilter(
        label=_("Chế độ hỗ trợ"),
        field_name="support_type",
        queryset=SupportType.objects.all(),
        empty_label=_("Mọi chế độ"),
    )

    class Meta:
        model = SupportRecord
        fields = []

    def filter_tab(self, queryset, view):
        status = TAB_STATUSES.get(view)
        return queryset if status is None else queryset.filter(status=status)
