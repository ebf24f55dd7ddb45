"""Applications for re-integration supports (education, vocational training, initial hardship):
received, certified by the commune, (legacy: forwarded by the commune, appraised by the district,)
then decided — approved with a SupportRecord, or rejected. DOMAIN.md "Re-integration supports"."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import date_not_before, status_requires
from core.fields import authorship, optional_link, workflow_status
from core.workflow import WorkflowEvent
from locations.fields import unit_fk
from verification.models import step_deadline
from victims.fields import case_fk
from victims.models import CaseRecord

# The supports granted on application (support_services.supports.reference_data codes).
REINTEGRATION_CODES = ("education", "vocational", "initial_hardship")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Đã nhận đơn")
    FORWARDED = "forwarded", _("Xã đã chuyển hồ sơ")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã quyết định hỗ trợ")
    REJECTED = "rejected", _("Không hỗ trợ")


OPEN_STATUSES = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.FORWARDED,
    ApplicationStatus.APPRAISED,
)


class ApplicantRelation(models.TextChoices):
    SELF = "self", _("Người được hỗ trợ tự làm đơn")
    PARENT = "parent", _("Cha, mẹ")
    GUARDIAN = "guardian", _("Người giám hộ")
    REPRESENTATIVE = "representative", _("Người đại diện hợp pháp")


class ApplicationStep(models.TextChoices):
    # Which body takes a step depends on the day it runs (ApplicationDeadline.body), so the
    # labels name the step only.
    COMMUNE_FORWARD = "commune_forward", _("UBND cấp xã xác nhận, chuyển hồ sơ")
    DISTRICT_APPRAISAL = "district_appraisal", _("Thẩm định hồ sơ")
    DECISION = "decision", _("Quyết định hỗ trợ")


class BodyLevel(models.TextChoices):
    """The level of the body that takes a step; `{unit}` in ApplicationDeadline.body is
    replaced by the name of that unit for the application (its certifying commune, the
    district of its managing unit, or the department of its province on the step's day)."""

    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện (đến 30/06/2025)")
    DEPARTMENT = "department", _("Sở (cơ quan chủ trì cấp tỉnh)")


class TransitionalVariant(models.TextChoices):
    """Which organisation setting (accounts.TransitionalProcedure) a row belongs to; rows of
    every setting have no variant."""

    ALL = "", _("Mọi cách áp dụng")
    STEP_DATE = "step_date", _("Chỉ khi chọn: cơ quan tại ngày thực hiện bước")
    SUCCESSORS = "successors", _("Chỉ khi chọn: tiếp tục thủ tục cũ, cơ quan kế thừa")


class ApplicationDeadline(
    step_deadline(
        ApplicationStep,
        _("Thời hạn do tỉnh tự đặt vì chưa đối chiếu được văn bản; hiển thị kèm cảnh báo."),
    )
):
    """One stage of the application procedure (issue 15 item 4): for the procedure of a regime
    (`regime`: the regime of the case's reception date, which also decides the substance —
    support types, amounts, limits), a step taken between `valid_from` and `valid_to` is taken
    by `body` within `days`, with its legal basis. Rows are chosen by the day the step runs, so
    a legacy application decided after 1 July 2025 names the body that exists on that day.
    Where the transitional provisions are unclear, the rows of each reading carry a `variant`
    and the organisation setting picks one. Reference data (supervisors edit it); counted
    with verification's holiday calendar."""

    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(
        _("áp dụng cho bước thực hiện từ ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống: từ trước đến nay."),
    )
    valid_to = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Để trống: đến nay.")
    )
    body_level = models.CharField(
        _("cấp của cơ quan thực hiện"), max_length=10, choices=BodyLevel.choices
    )
    body = models.CharField(
        _("cơ quan thực hiện"),
        max_length=200,
        help_text=_("{unit} được thay bằng tên xã, huyện hoặc Sở tương ứng của đơn."),
    )
    variant = models.CharField(
        _("áp dụng khi"),
        max_length=10,
        choices=TransitionalVariant.choices,
        default=TransitionalVariant.ALL,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bước thủ tục giải quyết đơn hỗ trợ")
        verbose_name_plural = verbose_name
        ordering = ["regime", "order", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "step", "variant", "valid_from"],
                name="application_one_stage_per_start",
            ),
            models.UniqueConstraint(
                fields=["regime", "step", "variant"],
                condition=Q(valid_from__isnull=True),
                name="application_one_open_start_stage",
            ),
            models.CheckConstraint(
                condition=Q(days__gt=0), name="application_deadline_days_positive"
            ),
            date_not_before(
                "application_stage_period_ordered", "valid_to", "valid_from", other_optional=True
            ),
        ]

    def __str__(self):
        period = " – ".join(
            day.strftime("%d/%m/%Y") if day else "…" for day in (self.valid_from, self.valid_to)
        )
        return f"{self.get_step_display()} — {self.get_regime_display()} ({period}): {self.body}"


class SupportApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today: datetime.date, days: int):
        return self.open().filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
        )


class SupportApplication(CaseRecord):
    """One application of a person (or of a parent, guardian or representative for them) for a
    re-integration support of their case's regime."""

    case = case_fk("support_applications")
    support_type = models.ForeignKey(
        "support_services.SupportType",
        verbose_name=_("chế độ đề nghị hỗ trợ"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = workflow_status(ApplicationStatus, max_length=10)
    received_on = models.DateField(_("ngày nhận đơn"))
    applicant_relation = models.CharField(
        _("người làm đơn"),
        max_length=15,
        choices=ApplicantRelation.choices,
        default=ApplicantRelation.SELF,
    )
    applicant_name = models.CharField(
        _("họ tên người làm đơn thay"),
        max_length=150,
        blank=True,
        help_text=_("Khi cha, mẹ, người giám hộ hoặc người đại diện làm đơn."),
    )
    certified_on = models.DateField(_("ngày UBND cấp xã xác nhận"))
    certifying_unit = unit_fk(_("UBND xã/phường xác nhận"))
    certification_number = models.CharField(_("số văn bản xác nhận"), max_length=60, blank=True)
    forwarded_on = models.DateField(_("ngày xã chuyển hồ sơ"), null=True, blank=True)
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    appraisal_note = models.CharField(_("ý kiến thẩm định"), max_length=300, blank=True)
    due_date = models.DateField(_("hạn của bước đang chờ"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    deciding_authority = models.CharField(
        _("cơ quan, người quyết định"), max_length=200, blank=True
    )
    rejection_reason = models.CharField(_("lý do không hỗ trợ"), max_length=300, blank=True)
    support_record = optional_link(
        "support_services.SupportRecord",
        _("hỗ trợ đã quyết định"),
        "application",
        field=models.OneToOneField,
    )
    created_by, created_at, updated_at = authorship()

    objects = SupportApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn đề nghị hỗ trợ")
        verbose_name_plural = verbose_name
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_relation="self") | ~Q(applicant_name=""),
                name="application_applicant_named",
            ),
            date_not_before("application_forwarded_after_receipt", "forwarded_on", "received_on"),
            date_not_before(
                "application_forwarded_after_certification", "forwarded_on", "certified_on"
            ),
            models.CheckConstraint(
                condition=Q(appraised_on__isnull=True)
                | (Q(forwarded_on__isnull=False) & Q(appraised_on__gte=F("forwarded_on"))),
                name="application_appraised_after_forwarding",
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True)
                | (
                    Q(decision_date__gte=F("received_on")) & Q(decision_date__gte=F("certified_on"))
                ),
                name="application_decided_after_receipt",
            ),
            date_not_before(
                "application_decided_after_appraisal",
                "decision_date",
                "appraised_on",
                other_optional=True,
            ),
            status_requires(
                "application_approval_complete",
                "approved",
                ~Q(decision_number="")
                & Q(decision_date__isnull=False)
                & Q(support_record__isnull=False),
            ),
            status_requires(
                "application_rejection_has_reason", "rejected", ~Q(rejection_reason="")
            ),
            # One open application per support and case: a second one is a duplicate.
            models.UniqueConstraint(
                fields=["case", "support_type"],
                condition=Q(status__in=["received", "forwarded", "appraised"]),
                name="application_one_open_per_support",
            ),
        ]

    def __str__(self):
        return f"{self.case} — {self.support_type.name} ({self.received_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def applicant_display(self) -> str:
        if self.applicant_relation == ApplicantRelation.SELF:
            return self.case.victim.full_name
        return f"{self.applicant_name} ({self.get_applicant_relation_display()})"


class ApplicationEvent(WorkflowEvent):
    """One step of an application: what users see on the case timeline."""

    application, from_status, to_status = WorkflowEvent.fields_for(SupportApplication)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("diễn biến đơn đề nghị hỗ trợ")
        verbose_name_plural = verbose_name
