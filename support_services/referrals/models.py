"""The directory of service providers, and referrals of a case to a provider or a programme.

Providers are a directory, not personal data: every signed-in user sees them. A referral shares
the person's information with someone outside the department, so it relies on the person's
recorded consent (and the guardian's for a child) or on an override by a provincial user with a
reason — support_services/referrals/rules.py.
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.fields import user_fk
from core.concurrency import VersionedModel
from core.constraints import date_not_before, status_requires
from core.fields import authorship, optional_link, timestamps, workflow_status
from core.models import Deactivatable
from core.workflow import WorkflowEvent
from locations.collation import vi_order
from locations.fields import unit_fk
from victims.fields import case_fk
from victims.models import CaseRecord


class ProviderKind(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("Cơ sở trợ giúp xã hội")
    VICTIM_SUPPORT = "victim_support", _("Cơ sở hỗ trợ nạn nhân")
    HOSPITAL = "hospital", _("Bệnh viện")
    HEALTH_STATION = "health_station", _("Trung tâm y tế, trạm y tế")
    LEGAL_AID = "legal_aid", _("Trung tâm trợ giúp pháp lý")
    VOCATIONAL_SCHOOL = "vocational_school", _("Cơ sở giáo dục nghề nghiệp")
    SCHOOL = "school", _("Trường học")
    SOCIAL_POLICY_BANK = "social_policy_bank", _("Ngân hàng Chính sách xã hội")
    WOMEN_UNION = "women_union", _("Hội Liên hiệp Phụ nữ, nhà tạm lánh của Hội")
    NGO_SHELTER = "ngo_shelter", _("Nhà tạm lánh của tổ chức phi chính phủ")
    OTHER = "other", _("Khác")


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Tạm lánh, nơi ở tạm thời")
    ESSENTIAL_NEEDS = "essential_needs", _("Nhu cầu thiết yếu (ăn, mặc, đồ dùng)")
    HEALTH_CARE = "health_care", _("Chăm sóc y tế")
    PSYCHOLOGICAL = "psychological", _("Tư vấn, hỗ trợ tâm lý")
    LEGAL_AID = "legal_aid", _("Tư vấn pháp luật, trợ giúp pháp lý")
    VOCATIONAL_TRAINING = "vocational_training", _("Học nghề")
    SCHOOLING = "schooling", _("Giáo dục phổ thông")
    LOANS = "loans", _("Vay vốn")
    EMPLOYMENT = "employment", _("Tư vấn, giới thiệu việc làm")
    SOCIAL_ASSISTANCE = "social_assistance", _("Trợ giúp xã hội")
    HEALTH_INSURANCE = "health_insurance", _("Bảo hiểm y tế")
    CHILD_PROTECTION = "child_protection", _("Bảo vệ trẻ em")
    DRUG_TREATMENT = "drug_treatment", _("Điều trị nghiện, phòng chống ma túy")
    OTHER = "other", _("Dịch vụ khác")


class Programme(models.TextChoices):
    """Integrated programmes a person can be referred to (DESIGN.md, issue 5)."""

    POVERTY_REDUCTION = "poverty_reduction", _("Chương trình giảm nghèo bền vững")
    VOCATIONAL_JOBS = "vocational_jobs", _("Chương trình giáo dục nghề nghiệp, việc làm")
    SOCIAL_ASSISTANCE = "social_assistance", _("Chính sách trợ giúp xã hội")
    HEALTH_INSURANCE = "health_insurance", _("Bảo hiểm y tế")
    CHILD_PROTECTION = "child_protection", _("Chương trình bảo vệ trẻ em")
    DRUG_PROSTITUTION = "drug_prostitution", _("Phòng, chống ma túy, mại dâm")


class ServiceProvider(Deactivatable):
    """A facility or organisation cases are referred to. A directory row: no personal data."""

    kind = models.CharField(_("loại cơ sở"), max_length=20, choices=ProviderKind.choices)
    name = models.CharField(_("tên cơ sở"), max_length=200)
    area = unit_fk(_("địa bàn"))
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    contact_person = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    services = models.JSONField(_("dịch vụ cung cấp"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("khả năng tiếp nhận (người)"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at, updated_at = timestamps()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ sở cung cấp dịch vụ")
        verbose_name_plural = verbose_name
        ordering = [vi_order("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="provider_capacity_positive",
            ),
            models.UniqueConstraint(fields=["name", "area"], name="provider_unique_name_in_area"),
        ]

    def __str__(self):
        return self.name

    def services_display(self) -> list[str]:
        labels = dict(ServiceKind.choices)
        return [str(labels.get(code, code)) for code in self.services]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Đã chuyển gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    DECLINED = "declined", _("Từ chối tiếp nhận")
    COMPLETED = "completed", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        """Sent and past the response date, or accepted and past the expected completion."""
        return self.filter(
            Q(status=ReferralStatus.SENT, due_on__lt=today)
            | Q(status=ReferralStatus.ACCEPTED, expected_completion_on__lt=today)
        )


class Referral(VersionedModel, CaseRecord):
    """A case referred to a service provider or to an integrated programme (exactly one)."""

    case = case_fk("referrals")
    provider = optional_link(ServiceProvider, _("cơ sở tiếp nhận"), "referrals")
    programme = models.CharField(
        _("chương trình"), max_length=20, choices=Programme.choices, blank=True
    )
    service = models.CharField(_("dịch vụ cần"), max_length=20, choices=ServiceKind.choices)
    need = models.TextField(_("nhu cầu, nội dung chuyển gửi"), blank=True)
    status = workflow_status(ReferralStatus, max_length=10)
    sent_on = models.DateField(_("ngày chuyển gửi"))
    due_on = models.DateField(_("hạn trả lời"))
    responded_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    expected_completion_on = models.DateField(_("dự kiến hoàn thành"), null=True, blank=True)
    decline_reason = models.CharField(_("lý do từ chối"), max_length=300, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    outcome = models.TextField(_("kết quả"), blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=300, blank=True)
    consent = optional_link("victims.Consent", _("sự đồng ý"), "referrals")
    override_reason = models.TextField(_("lý do chuyển gửi khi chưa có sự đồng ý"), blank=True)
    overridden_by = user_fk(_("người quyết định chuyển gửi"), blank=True, on_delete=models.PROTECT)
    created_by, created_at, updated_at = authorship()

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyển gửi")
        verbose_name_plural = verbose_name
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(provider__isnull=False) & Q(programme=""))
                | (Q(provider__isnull=True) & ~Q(programme="")),
                name="referral_to_provider_or_programme",
            ),
            models.CheckConstraint(
                condition=Q(consent__isnull=False)
                | (Q(overridden_by__isnull=False) & ~Q(override_reason="")),
                name="referral_has_consent_or_override",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("sent_on")), name="referral_due_after_sent"
            ),
            date_not_before("referral_response_after_sent", "responded_on", "sent_on"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | (Q(responded_on__isnull=False) & Q(completed_on__gte=F("responded_on"))),
                name="referral_completed_after_response",
            ),
            date_not_before("referral_expected_after_sent", "expected_completion_on", "sent_on"),
            date_not_before(
                "referral_expected_after_response",
                "expected_completion_on",
                "responded_on",
                other_optional=True,
                message=_("Ngày dự kiến hoàn thành không được trước ngày trả lời."),
            ),
            status_requires(
                "referral_answered_has_response_date",
                ["accepted", "declined", "completed"],
                Q(responded_on__isnull=False),
            ),
            status_requires("referral_declined_has_reason", "declined", ~Q(decline_reason="")),
            status_requires(
                "referral_completed_has_date", "completed", Q(completed_on__isnull=False)
            ),
            status_requires("referral_cancelled_has_reason", "cancelled", ~Q(cancel_reason="")),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="referral_status_due")]

    def __str__(self):
        return f"{self.case} → {self.target_display}"

    @property
    def target_display(self) -> str:
        return self.provider.name if self.provider_id else self.get_programme_display()

    @property
    def is_override(self) -> bool:
        return self.consent_id is None and bool(self.override_reason)

    def is_overdue_on(self, today: datetime.date) -> bool:
        if self.status == ReferralStatus.SENT:
            return self.due_on < today
        if self.status == ReferralStatus.ACCEPTED and self.expected_completion_on:
            return self.expected_completion_on < today
        return False


class ReferralEvent(WorkflowEvent):
    """One step of a referral: what users see on the case timeline."""

    referral, from_status, to_status = WorkflowEvent.fields_for(Referral)
    consent_override = models.BooleanField(_("chuyển gửi khi chưa có sự đồng ý"), default=False)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("diễn biến chuyển gửi")
        verbose_name_plural = verbose_name
