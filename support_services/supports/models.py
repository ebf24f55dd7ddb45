import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.concurrency import VersionedModel
from core.constraints import date_not_before, periods_do_not_overlap, status_requires
from core.fields import authorship, workflow_status
from core.models import Attachment, Deactivatable, EnglishName
from core.workflow import WorkflowEvent
from locations.regimes import LegalRegime
from support_services.supports.rules import SupportTypeFacts
from victims.fields import case_fk
from victims.models import CaseRecord


class MeansTest(models.TextChoices):
    """Who counts as poor enough for a support (DOMAIN.md "Support types")."""

    NONE = "", _("Không yêu cầu")
    # Decree 09/2013/NĐ-CP Art 23: education and the initial-hardship allowance.
    POOR = "poor", _("Hộ nghèo")
    # Legal Aid Law 2017 Art 7 with Decree 144/2017/NĐ-CP Art 3 ("khó khăn về tài chính").
    FINANCIAL_DIFFICULTY = (
        "financial_difficulty",
        _("Hộ nghèo, hộ cận nghèo hoặc đang hưởng trợ cấp xã hội hằng tháng"),
    )


class SupportType(EnglishName, Deactivatable):
    """A support of one regime with the rules that govern it (reference data; DOMAIN.md)."""

    regime = models.CharField(_("chế độ pháp lý"), max_length=10, choices=LegalRegime.choices)
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên chế độ hỗ trợ"), max_length=120)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    categories = models.JSONField(_("đối tượng được hưởng"), default=list)
    requires_identified = models.BooleanField(
        _("chỉ cho người đã xác định là nạn nhân"), default=False
    )
    one_off = models.BooleanField(_("hỗ trợ một lần"), default=False)
    max_days = models.PositiveSmallIntegerField(_("số ngày tối đa"), null=True, blank=True)
    means_test = models.CharField(
        _("điều kiện về kinh tế"),
        max_length=25,
        choices=MeansTest.choices,
        blank=True,
        default=MeansTest.NONE,
    )
    means_test_until = models.DateField(
        _("điều kiện kinh tế áp dụng đến ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Để trống nếu điều kiện luôn áp dụng. Trợ giúp pháp lý chế độ cũ: đến 30/06/2025 "
            "(từ 01/07/2025 nạn nhân được trợ giúp pháp lý không cần điều kiện tài chính)."
        ),
    )
    one_off_across_regimes = models.BooleanField(
        _("hỗ trợ một lần tính cả lần đã nhận theo chế độ pháp lý kia"),
        default=True,
        help_text=_(
            "Mặc định: có — lần đã nhận cùng loại hỗ trợ theo chế độ cũ (hoặc mới) cũng được tính, "
            "như với hai vụ việc trong cùng một chế độ. Bỏ chọn nếu cơ quan có thẩm quyền hướng "
            "dẫn khác."
        ),
    )
    extendable = models.BooleanField(
        _("được gia hạn số ngày tối đa"),
        default=False,
        help_text=_(
            "Nghị định 162/2025/NĐ-CP Điều 17: nhu cầu thiết yếu tối đa 120 ngày, được gia hạn."
        ),
    )
    max_extension_days = models.PositiveSmallIntegerField(
        _("số ngày gia hạn tối đa"),
        null=True,
        blank=True,
        help_text=_("Để trống: số ngày gia hạn theo quyết định gia hạn, không giới hạn trước."),
    )
    application_window_months = models.PositiveSmallIntegerField(
        _("hạn nộp đơn (tháng kể từ khi xác định)"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chế độ hỗ trợ")
        verbose_name_plural = verbose_name
        ordering = ["regime", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "code"], name="support_type_unique_code"),
            models.CheckConstraint(
                condition=Q(max_extension_days__isnull=True) | Q(extendable=True),
                name="support_type_extension_needs_extendable",
                violation_error_message=_("Chỉ chế độ được gia hạn mới có số ngày gia hạn tối đa."),
            ),
            models.CheckConstraint(
                condition=Q(extendable=False) | Q(max_days__isnull=False),
                name="support_type_extendable_has_max_days",
                violation_error_message=_("Chế độ được gia hạn phải có số ngày tối đa."),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_regime_display()})"

    def facts(self) -> SupportTypeFacts:
        return SupportTypeFacts(
            name=self.display_name,
            regime=self.regime,
            legal_basis=self.legal_basis,
            categories=frozenset(self.categories),
            requires_identified=self.requires_identified,
            one_off=self.one_off,
            max_days=self.max_days,
            means_test=self.means_test,
            means_test_until=self.means_test_until,
            one_off_across_regimes=self.one_off_across_regimes,
            extendable=self.extendable,
            max_extension_days=self.max_extension_days,
            application_window_months=self.application_window_months,
        )


class RateUnit(models.TextChoices):
    PER_PERSON = "person", _("người")
    PER_DAY = "day", pgettext_lazy("rate unit", "ngày")
    PER_TRIP = "trip", _("lượt")
    PER_SESSION = "session", _("buổi")


class SupportRateQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Rates in force on some day of `start`–`end` (both included; no end: open)."""
        rates = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        return rates if end is None else rates.filter(valid_from__lte=end)


class SupportRate(models.Model):
    """An amount set by the province (a People's Council resolution) for a period."""

    support_type = models.ForeignKey(
        SupportType, verbose_name=_("chế độ hỗ trợ"), on_delete=models.PROTECT, related_name="rates"
    )
    amount = models.PositiveBigIntegerField(_("mức hỗ trợ (đồng)"))
    unit = models.CharField(_("đơn vị tính"), max_length=10, choices=RateUnit.choices)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    is_demo = models.BooleanField(
        _("mức minh họa"), default=False, help_text=_("Mức dùng cho bản demo, không phải mức thật.")
    )
    history = HistoricalRecords()

    objects = SupportRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mức hỗ trợ")
        verbose_name_plural = verbose_name
        ordering = ["support_type", "-valid_from"]
        constraints = [
            date_not_before("rate_period_ordered", "valid_to", "valid_from"),
            # Issue 16 item 4: one rate of a type in force on any day (PostgreSQL; clean()
            # states the same rule on every database, naming the conflicting rate).
            periods_do_not_overlap(
                "rate_periods_do_not_overlap", "support_type", "valid_from", "valid_to"
            ),
        ]

    def __str__(self):
        amount = f"{self.amount:,}".replace(",", ".")
        return f"{self.support_type.display_name}: {amount} đ/{self.get_unit_display()}"

    def period_display(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y")
        if self.valid_to is None:
            return _("từ %(start)s") % {"start": start}
        return _("từ %(start)s đến %(end)s") % {
            "start": start,
            "end": self.valid_to.strftime("%d/%m/%Y"),
        }

    def clean(self):
        super().clean()
        if self.support_type_id is None or self.valid_from is None:
            return
        if self.valid_to is not None and self.valid_to < self.valid_from:
            return  # the ordering rule (rate_period_ordered) reports it
        conflict = (
            SupportRate.objects.filter(support_type_id=self.support_type_id)
            .overlapping(self.valid_from, self.valid_to)
            .exclude(pk=self.pk)
            .order_by("valid_from")
            .first()
        )
        if conflict is not None:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Thời gian áp dụng trùng với mức %(rate)s (%(period)s). Hai mức của "
                        "cùng một chế độ không được áp dụng cùng một ngày: sửa ngày kết thúc "
                        "của mức kia trước."
                    )
                    % {"rate": conflict, "period": conflict.period_display()}
                }
            )

    def open_supports(self):
        """Supports of this rate's type not yet given or refused (proposed or decided) whose
        decision date — or, before a decision, the case's reception date — falls in the rate's
        period: those a change of this rate touches. Not scoped: callers pass the result
        through `accounts.access.scope_for`."""
        day = Coalesce("decision_date", "case__received_on")
        records = (
            SupportRecord.objects.filter(
                support_type_id=self.support_type_id,
                status__in=[SupportStatus.PROPOSED, SupportStatus.APPROVED],
            )
            .annotate(rate_day=day)
            .filter(rate_day__gte=self.valid_from)
        )
        if self.valid_to is not None:
            records = records.filter(rate_day__lte=self.valid_to)
        return records.order_by("rate_day", "pk")

    @classmethod
    def in_force(cls, support_type, day: datetime.date) -> "SupportRate | None":
        """The rate of `support_type` in force on `day` (the latest that started by then)."""
        return (
            cls.objects.filter(support_type=support_type)
            .in_force_on(day)
            .order_by("-valid_from")
            .first()
        )


# Amounts above this are typing mistakes, not supports (100 million đồng); the forms take at
# most this many units or days.
MAX_AMOUNT = 100_000_000
MAX_QUANTITY = 1000


class SupportStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã quyết định hỗ trợ")
    PROVIDED = "provided", _("Đã hỗ trợ")
    REJECTED = "rejected", _("Không hỗ trợ")


class SupportRecordQuerySet(models.QuerySet):
    def with_step_date(self):
        """`step_on`: the date of the support's latest step — given, decided or proposed — which
        decides the year it is counted in."""
        return self.annotate(step_on=Coalesce("provided_on", "decision_date", "proposed_on"))

    def in_year(self, year: int):
        return self.with_step_date().filter(step_on__year=year)

    def with_step_year(self):
        return self.with_step_date().annotate(year=ExtractYear("step_on"))

    def totals_by(self, *fields):
        """Counts per status, people given support and amounts given, grouped by `fields`
        (one SQL aggregate)."""
        return self.values(*fields).annotate(**_total_expressions()).order_by(*fields)

    def totals(self) -> dict:
        """The same figures over the whole queryset."""
        return self.aggregate(**_total_expressions())


def _total_expressions() -> dict:
    provided = Q(status=SupportStatus.PROVIDED)
    return {
        "proposed": Count("pk"),
        "approved": Count(
            "pk", filter=Q(status__in=[SupportStatus.APPROVED, SupportStatus.PROVIDED])
        ),
        "provided": Count("pk", filter=provided),
        "rejected": Count("pk", filter=Q(status=SupportStatus.REJECTED)),
        "people": Count("case__victim", filter=provided, distinct=True),
        "amount": Coalesce(Sum("amount", filter=provided), 0),
    }


class SupportRecord(VersionedModel, CaseRecord):
    """One support for a case: proposed, decided, given (or refused), and what it cost."""

    case = case_fk("supports")
    support_type = models.ForeignKey(
        SupportType,
        verbose_name=_("chế độ hỗ trợ"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    status = workflow_status(SupportStatus, max_length=10)
    proposed_on = models.DateField(_("ngày đề xuất"))
    quantity = models.PositiveIntegerField(_("số lượng / số ngày"), default=1)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    deciding_authority = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    provided_on = models.DateField(_("ngày hỗ trợ"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    amount_override_reason = models.CharField(
        _("lý do điều chỉnh số tiền"), max_length=300, blank=True
    )
    provider = models.CharField(_("đơn vị thực hiện"), max_length=200, blank=True)
    rejection_reason = models.CharField(_("lý do không hỗ trợ"), max_length=300, blank=True)
    created_by, created_at, updated_at = authorship()

    objects = SupportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("hỗ trợ")
        verbose_name_plural = verbose_name
        ordering = ["-proposed_on", "-pk"]
        # The dates reports and the dashboard bound their periods by (issue 17).
        indexes = [
            models.Index(fields=["proposed_on"], name="support_proposed_on"),
            models.Index(fields=["decision_date"], name="support_decision_date"),
            models.Index(fields=["provided_on"], name="support_provided_on"),
        ]
        constraints = [
            date_not_before("support_decided_after_proposal", "decision_date", "proposed_on"),
            date_not_before(
                "support_provided_after_decision",
                "provided_on",
                "decision_date",
                other_optional=True,
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="support_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity__lte=MAX_QUANTITY),
                name="support_quantity_at_most_max",
                violation_error_message=_("Số lượng / số ngày không được quá 1000."),
            ),
            status_requires(
                "support_decided_has_decision",
                ["approved", "provided"],
                ~Q(decision_number="") & Q(decision_date__isnull=False),
                message=_("Cần ghi số quyết định."),
            ),
            status_requires(
                "support_provided_has_date",
                "provided",
                Q(provided_on__isnull=False),
                message=_("Cần ghi ngày hỗ trợ."),
            ),
            status_requires(
                "support_rejected_has_reason",
                "rejected",
                ~Q(rejection_reason=""),
                message=_("Cần ghi lý do không hỗ trợ."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__lte=MAX_AMOUNT),
                name="support_amount_plausible",
                violation_error_message=_("Số tiền không hợp lý."),
            ),
        ]

    def __str__(self):
        return f"{self.case} — {self.support_type.name}"


class SupportEvent(WorkflowEvent):
    record, from_status, to_status = WorkflowEvent.fields_for(SupportRecord)


class SupportExtension(CaseRecord):
    """An extension of a support's maximum days for one case, with its decision — Decree
    162/2025/NĐ-CP Art 17: essential needs in a facility up to 120 days, extendable. The case's
    limit becomes the type's maximum plus the days of its extensions (`rules.eligibility`)."""

    case = case_fk("support_extensions")
    support_type = models.ForeignKey(
        SupportType,
        verbose_name=_("chế độ hỗ trợ"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    reason = models.CharField(_("lý do gia hạn"), max_length=300)
    decision_number = models.CharField(_("số quyết định gia hạn"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định gia hạn"))
    deciding_authority = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    created_by, created_at, updated_at = authorship()

    class Meta:
        verbose_name = _("gia hạn hỗ trợ")
        verbose_name_plural = verbose_name
        ordering = ["decision_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gt=0) & Q(days__lte=MAX_QUANTITY),
                name="support_extension_days_plausible",
                violation_error_message=_("Số ngày gia hạn phải từ 1 đến 1000."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="support_extension_has_reason",
                violation_error_message=_("Cần ghi lý do gia hạn."),
            ),
            models.CheckConstraint(
                condition=~Q(decision_number=""),
                name="support_extension_has_decision",
                violation_error_message=_("Cần ghi số quyết định gia hạn."),
            ),
        ]

    def __str__(self):
        return f"{self.support_type.name}: +{self.days} ({self.decision_number})"


class SupportDocumentKind(models.TextChoices):
    DECISION = "decision", _("Quyết định hỗ trợ")
    RECEIPT = "receipt", _("Phiếu chi, biên nhận")
    SIGNED_LIST = "signed_list", _("Danh sách ký nhận")
    INVOICE = "invoice", _("Hóa đơn, chứng từ")
    CERTIFICATE = "certificate", _("Giấy xác nhận của cơ sở cung cấp dịch vụ")
    OTHER = "other", _("Tài liệu khác")


class SupportDocument(Attachment):
    """Evidence that a support was decided or given: the decision, a receipt, a signed list."""

    record = models.ForeignKey(SupportRecord, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại chứng từ"), max_length=15, choices=SupportDocumentKind.choices)
    number = models.CharField(_("số"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="supports/%Y/")

    class Meta(Attachment.Meta):
        verbose_name = _("chứng từ hỗ trợ")
        verbose_name_plural = verbose_name
