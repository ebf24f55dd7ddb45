"""A report run: one period and one unit's area, computed by a Celery task into three files
(indicators.json, an Excel workbook, a Word report), approved and then locked."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.fields import user_fk
from locations.fields import province_fk
from reports.periods import KINDS, Period


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")
    EXPIRED = "expired", _("Đã xóa tệp (hết thời hạn lưu)")


def _report_path(run, filename):
    return f"reports/{run.pk}/{filename}"


class ReportRun(models.Model):
    kind = models.CharField(_("loại kỳ báo cáo"), max_length=10, choices=list(KINDS.items()))
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    unit = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("phạm vi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = user_fk(_("người yêu cầu"), blank=True)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    indicators_file = models.FileField(upload_to=_report_path, blank=True)
    excel_file = models.FileField(upload_to=_report_path, blank=True)
    word_file = models.FileField(upload_to=_report_path, blank=True)
    approved_by = user_fk(_("người phê duyệt"), blank=True)
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    reason = models.CharField(_("lý do tạo lại"), max_length=300, blank=True)
    # The figures as approved (the indicators.json data), kept with an approved run; a run of
    # the same period generated later lists how its figures differ from them.
    snapshot = models.JSONField(_("số liệu đã phê duyệt"), null=True, blank=True, editable=False)
    differences = models.JSONField(
        _("khác biệt so với số liệu đã phê duyệt"), null=True, blank=True, editable=False
    )

    # With the units across 1 July 2025: a legacy unit's report also counts the current communes
    # it became; a current commune's, the legacy units it took over (accounts.access).
    with_succession = models.BooleanField(_("kể cả đơn vị trước/sau 01/07/2025"), default=False)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="report_period_ordered"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
            # One working run per period and area; approved runs stay beside it, unchanged.
            models.UniqueConstraint(
                fields=["kind", "start", "end", "unit", "with_succession"],
                condition=Q(approved_at__isnull=True),
                name="one_open_run_per_period_and_unit",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period.label()} — {self.unit}"

    @property
    def period(self) -> Period:
        return Period(self.kind, self.start, self.end)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class ReportEvent(models.Model):
    """What happened to a run, by whom: requested, regenerated (with the reason), approved,
    downloaded, failed."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    scope_unit_field = "run__unit"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.run_id}: {self.action}"


class ReportTemplate(models.Model):
    """One uploaded version of the Word report's docxtpl template for a province. Versions are
    kept (who uploaded which, when, with what note); at most one is active per province, and
    without one the built-in template (reports/docx_templates/report.docx) is used."""

    province = province_fk(_("tỉnh/thành phố"))
    version = models.PositiveIntegerField(_("phiên bản"))
    content = models.BinaryField(_("nội dung tệp"))
    filename = models.CharField(_("tên tệp"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=300)
    uploaded_by = user_fk(_("người tải lên"), blank=True)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)
    is_active = models.BooleanField(_("đang dùng"), default=False)
    # The file never changes after upload; the history records who activated which version.
    history = HistoricalRecords(excluded_fields=["content"])

    scope_unit_field = "province"

    class Meta:
        verbose_name = _("mẫu báo cáo Word")
        verbose_name_plural = _("mẫu báo cáo Word")
        ordering = ["province__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "version"], name="one_report_template_version_number"
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(is_active=True),
                name="one_active_report_template_per_province",
            ),
        ]

    def __str__(self):
        return f"{self.province} — {_('phiên bản')} {self.version}"
