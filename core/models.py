"""Abstract model bases shared by the apps, and the one table of core: the report periods
locked by an approval (`PeriodLock`, see core/period_locks.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Attachment(models.Model):
    """A file attached to a record (an activity, a support, a dossier): who added it and when,
    with its history. Each model adds its own `file` (its folder), kind and details."""

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()


class PeriodLock(models.Model):
    """A report period locked for a unit's area by the approval of its report: records that
    count in the period (core.period_locks) may not change until a supervisor reopens it with a
    reason. Written by `reports.services`; the report is named by `label` (core cannot import
    reports). One row per area and period; a new approval locks it again, the history keeps
    every lock and reopening."""

    unit = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("phạm vi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    label = models.CharField(_("báo cáo đã phê duyệt"), max_length=300)
    source = models.CharField(_("nguồn"), max_length=100, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("thời điểm khóa"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("thời điểm mở lại"), null=True, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    history = HistoricalRecords()

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("kỳ báo cáo đã khóa")
        verbose_name_plural = _("kỳ báo cáo đã khóa")
        ordering = ["-locked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_lock_ordered"),
            models.UniqueConstraint(
                fields=["unit", "start", "end"], name="one_period_lock_per_area_and_period"
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                name="period_lock_reopened_with_reason",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_active(self) -> bool:
        return self.reopened_at is None
