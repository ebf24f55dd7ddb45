"""The verification worklist's tabs (it has no other filter)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import WorklistFilterSet
from verification import rules
from verification.models import VerificationDossier

DUE_SOON_DAYS = 3


class DossierFilter(WorklistFilterSet):
    """Dossiers of the user's area: open, awaiting the user's action, drafted by the user, due
    soon, overdue, all. The queryset it receives is already scoped by the view."""

    views = [
        ("open", _("Đang xử lý")),
        ("awaiting", _("Chờ tôi xử lý")),
        ("mine", _("Do tôi lập")),
        ("due_soon", _("Sắp đến hạn")),
        ("overdue", _("Quá hạn")),
        ("all", _("Tất cả")),
    ]

    class Meta:
        model = VerificationDossier
        fields = []

    def filter_tab(self, queryset, view):
        return queryset.filter(self.tab_condition(view))

    def tab_condition(self, view: str) -> Q:
        today = timezone.localdate()
        if view == "open":
            return Q(status__in=["draft", "submitted", "sent"])
        if view == "mine":
            return Q(created_by=self.user)
        if view == "awaiting":
            awaiting = [
                status
                for status in ("draft", "submitted", "sent", "identified", "not_victim", "closed")
                if rules.allowed_actions(status, self.user.role)
            ]
            # A draft waits for the one who drafted it, not for everyone who could submit it.
            return Q(status__in=awaiting) & (~Q(status="draft") | Q(created_by=self.user))
        if view == "due_soon":
            return Q(
                status__in=["submitted", "sent"],
                due_date__gte=today,
                due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            )
        if view == "overdue":
            return Q(status__in=["submitted", "sent"], due_date__lt=today)
        return Q()
