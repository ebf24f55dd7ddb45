"""The follow-up worklist's filters: its tabs by due date and the managing unit."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import AreaUnitFilter, WorklistFilterSet
from locations.models import AdministrativeUnit
from support_services.models import FollowUp, FollowUpStatus
from support_services.supports.rules import add_months


def month_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = today.replace(day=1)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


class FollowUpFilter(WorklistFilterSet):
    """Visits of the user's area: due this month, overdue, or all; filtered by unit. The
    queryset it receives is already scoped by the view."""

    views = [
        ("month", _("Đến hạn trong tháng")),
        ("overdue", _("Quá hạn")),
        ("all", _("Tất cả")),
    ]

    unit = AreaUnitFilter(
        label=_("Đơn vị quản lý"), field_name="case__managing_unit", empty_label=_("Mọi đơn vị")
    )

    class Meta:
        model = FollowUp
        fields = []

    def unit_choices(self):
        # Provinces and legacy districts, and the units managing a visit.
        return AdministrativeUnit.objects.filter(
            Q(level__in=["province", "district"])
            | Q(pk__in=self.queryset.values("case__managing_unit"))
        )

    def tab_conditions(self) -> dict[str, Q]:
        today = timezone.localdate()
        first, last = month_bounds(today)
        return {
            "month": Q(status=FollowUpStatus.SCHEDULED, due_date__gte=first, due_date__lte=last),
            "overdue": Q(status=FollowUpStatus.SCHEDULED, due_date__lt=today),
            "all": Q(),
        }

    def filter_tab(self, queryset, view):
        return queryset.filter(self.tab_conditions()[view])

    def tab_counts(self) -> dict[str, int]:
        """How many visits each tab holds, with the unit chosen."""
        self.is_valid()
        rows = self.filter_rows(self.queryset.all())
        conditions = self.tab_conditions()
        return rows.aggregate(**{key: Count("pk", filter=q) for key, q in conditions.items()})
