"""Reintegration follow-up visits after return, and the closure (and reopening) of a case."""

import functools
import operator

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.fields import user_fk
from core.constraints import date_not_before, status_requires
from core.fields import timestamps, workflow_status
from core.models import RecordedOn
from core.workflow import WorkflowEvent
from locations.fields import province_fk
from victims.choices import CaseStatus
from victims.fields import case_fk
from victims.models import CaseRecord


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Chưa thăm")
    DONE = "done", _("Đã thăm")
    LOST_CONTACT = "lost_contact", _("Mất liên lạc")
    CANCELLED = "cancelled", _("Đã hủy")


class VisitMethod(models.TextChoices):
    HOME = "home", _("Thăm tại nhà")
    PHONE = "phone", _("Qua điện thoại")
    OFFICE = "office", _("Tại cơ quan")


class Rating(models.TextChoices):
    STABLE = "stable", _("Ổn định")
    ATTENTION = "attention", _("Cần quan tâm")
    SERIOUS = "serious", _("Nghiêm trọng")


class Risk(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")


# The situation is assessed in these domains, each with a rating and a note.
DOMAINS = [
    ("safety", _("An toàn")),
    ("health", _("Sức khỏe")),
    ("housing", _("Nơi ở")),
    ("income", _("Thu nhập, việc làm")),
    ("schooling", _("Học tập")),
    ("family", _("Gia đình")),
]


def _rating(label):
    return models.CharField(label, max_length=10, choices=Rating.choices, blank=True)


def _note(label):
    return models.CharField(label, max_length=300, blank=True)


class FollowUpQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=FollowUpStatus.SCHEDULED)

    def overdue(self, today):
        return self.scheduled().filter(due_date__lt=today)

    def due_between(self, first, last):
        return self.scheduled().filter(due_date__gte=first, due_date__lte=last)


class FollowUp(RecordedOn, CaseRecord):
    """One reintegration visit of a case, due a number of months after the return."""

    case = case_fk("followups")
    months = models.PositiveSmallIntegerField(_("số tháng sau khi trở về"))
    returned_on = models.DateField(
        _("ngày trở về"), help_text=_("Ngày tính lịch thăm (ngày trở về, tiếp nhận).")
    )
    due_date = models.DateField(_("ngày dự kiến thăm"))
    status = workflow_status(FollowUpStatus, max_length=12)
    visited_on = models.DateField(
        _("ngày thăm"), null=True, blank=True, help_text=_("Hoặc ngày liên lạc không thành.")
    )
    officer = user_fk(_("cán bộ thăm"), blank=True, on_delete=models.PROTECT)
    method = models.CharField(
        _("hình thức"), max_length=10, choices=VisitMethod.choices, blank=True
    )
    safety_rating = _rating(_("an toàn"))
    safety_note = _note(_("ghi chú về an toàn"))
    health_rating = _rating(_("sức khỏe"))
    health_note = _note(_("ghi chú về sức khỏe"))
    housing_rating = _rating(_("nơi ở"))
    housing_note = _note(_("ghi chú về nơi ở"))
    income_rating = _rating(_("thu nhập, việc làm"))
    income_note = _note(_("ghi chú về thu nhập, việc làm"))
    schooling_rating = _rating(_("học tập"))
    schooling_note = _note(_("ghi chú về học tập"))
    family_rating = _rating(_("gia đình"))
    family_note = _note(_("ghi chú về gia đình"))
    risk = models.CharField(
        _("nguy cơ bị mua bán lại"), max_length=10, choices=Risk.choices, blank=True
    )
    next_steps = models.TextField(_("việc cần làm tiếp"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at, updated_at = timestamps()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần thăm theo dõi tái hòa nhập")
        verbose_name_plural = _("theo dõi tái hòa nhập")
        ordering = ["case", "months"]
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="followup_one_per_month"),
            models.CheckConstraint(condition=Q(months__gte=1), name="followup_months_positive"),
            models.CheckConstraint(
                condition=Q(due_date__gt=F("returned_on")), name="followup_due_after_return"
            ),
            # A visit done or a lost contact has its date; a pending or cancelled one has none.
            models.CheckConstraint(
                condition=Q(status__in=["done", "lost_contact"], visited_on__isnull=False)
                | Q(status__in=["scheduled", "cancelled"], visited_on__isnull=True),
                name="followup_visit_date_iff_visited",
                violation_error_message=_("Cần ghi ngày thăm."),
            ),
            models.CheckConstraint(
                condition=Q(visited_on__isnull=True)
                | (Q(visited_on__gte=F("returned_on")) & Q(visited_on__lte=F("recorded_on"))),
                name="followup_visit_between_return_and_today",
                violation_error_message=_("Ngày thăm phải từ ngày trở về đến ngày hôm nay."),
            ),
            # A visit done names the officer, how, and the risk assessed.
            status_requires(
                "followup_done_is_complete",
                "done",
                Q(officer__isnull=False) & ~Q(method="") & ~Q(risk=""),
            ),
            # Findings belong to a visit done only: the risk and every domain's rating.
            models.CheckConstraint(
                condition=Q(status="done")
                | functools.reduce(
                    operator.and_,
                    [Q(risk=""), *(Q(**{f"{name}_rating": ""}) for name, _label in DOMAINS)],
                ),
                name="followup_findings_only_when_done",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.case} — {self.label}"

    @property
    def label(self) -> str:
        from support_services.reintegration.rules import label

        return label(self.months)

    def is_overdue_on(self, day) -> bool:
        return self.status == FollowUpStatus.SCHEDULED and self.due_date < day

    @property
    def situation(self) -> list[tuple[str, str, str, str]]:
        """(domain, rating value, rating label, note) of each domain assessed."""
        rows = []
        for name, domain in DOMAINS:
            rating = getattr(self, f"{name}_rating")
            note = getattr(self, f"{name}_note")
            if rating or note:
                rows.append((domain, rating, Rating(rating).label if rating else "", note))
        return rows


class FollowUpEvent(WorkflowEvent):
    """One step of a visit (recorded, lost contact, cancelled on closure, restored)."""

    followup, from_status, to_status = WorkflowEvent.fields_for(FollowUp)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("diễn biến lần thăm")
        verbose_name_plural = verbose_name


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Đã tái hòa nhập ổn định")
    MOVED = "moved", _("Chuyển đến tỉnh khác (đã bàn giao)")
    DECLINED = "declined", _("Từ chối tiếp tục hỗ trợ")
    LOST_CONTACT = "lost_contact", _("Mất liên lạc")
    DECEASED = "deceased", _("Đã chết")


class ClosureStatus(models.TextChoices):
    """A closure is proposed by one person and decided by another (issue 16 item 2): the case
    counts as closed only once its closure is approved."""

    PROPOSED = "proposed", _("Chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")


class CaseClosureQuerySet(models.QuerySet):
    def in_force(self):
        """Approved and not reopened: the closures that make a case closed."""
        return self.filter(status=ClosureStatus.APPROVED, reopened_at__isnull=True)

    def pending(self):
        return self.filter(status=ClosureStatus.PROPOSED)


HANDOVER_FIELDS = (
    "receiving_province",
    "receiving_province_name",
    "receiving_agency",
    "handover_number",
    "handover_date",
    "handed_over",
)


class CaseClosure(RecordedOn, CaseRecord):
    """The closure of a case with its reason, proposed by one person and approved (or rejected)
    by another; only an approved closure closes the case. A reopening is written on the same
    row, so a case closed, reopened and closed again has two rows, at most one of them pending
    or in force. `recorded_on` stays the day of the proposal."""

    case = case_fk("closures")
    closed_on = models.DateField(_("ngày đóng hồ sơ"))
    reason = models.CharField(_("lý do đóng"), max_length=15, choices=ClosureReason.choices)
    receiving_province = province_fk(_("tỉnh tiếp nhận"), optional=True)
    receiving_province_name = models.CharField(
        _("tên tỉnh tiếp nhận"),
        max_length=150,
        blank=True,
        help_text=_("Khi tỉnh không có trong danh sách."),
    )
    receiving_agency = models.CharField(_("cơ quan tiếp nhận"), max_length=200, blank=True)
    handover_number = models.CharField(_("số biên bản bàn giao"), max_length=60, blank=True)
    handover_date = models.DateField(_("ngày bàn giao"), null=True, blank=True)
    handed_over = models.TextField(_("hồ sơ, giấy tờ đã bàn giao"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    previous_status = models.CharField(
        _("tình trạng trước khi đóng"), max_length=12, choices=CaseStatus.choices
    )
    status = workflow_status(ClosureStatus, max_length=10)
    proposed_by = user_fk(_("người đề nghị đóng"))
    proposed_at = models.DateTimeField(_("thời điểm đề nghị đóng"), auto_now_add=True)
    decided_by = user_fk(_("người phê duyệt"), blank=True)
    decided_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do không phê duyệt"), blank=True)
    reopened_at = models.DateTimeField(_("thời điểm mở lại"), null=True, blank=True)
    reopened_by = user_fk(_("người mở lại"), blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)

    recorded_once = True

    objects = CaseClosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("đóng hồ sơ vụ việc")
        verbose_name_plural = verbose_name
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # One closure pending or in force per case: a pending proposal blocks a second one.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(reopened_at__isnull=True, status__in=["proposed", "approved"]),
                name="closure_one_open_per_case",
                violation_error_message=_(
                    "Vụ việc này đã đóng hồ sơ hoặc đang có đề nghị đóng chờ phê duyệt."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "approved", "rejected"]),
                name="closure_status_valid",
            ),
            # Decided: when (and by whom, kept unless the account is deleted); pending: neither.
            models.CheckConstraint(
                condition=Q(status="proposed", decided_by__isnull=True, decided_at__isnull=True)
                | Q(status__in=["approved", "rejected"], decided_at__isnull=False),
                name="closure_decided_iff_not_pending",
            ),
            # Rejected with a reason; the reason belongs to a rejection only.
            models.CheckConstraint(
                condition=(Q(status="rejected") & ~Q(rejection_reason=""))
                | (~Q(status="rejected") & Q(rejection_reason="")),
                name="closure_rejection_has_reason",
                violation_error_message=_("Cần ghi lý do không phê duyệt."),
            ),
            # Only an approved closure is reopened.
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | Q(status="approved"),
                name="closure_reopened_only_if_approved",
            ),
            date_not_before("closure_decided_after_proposed", "decided_at", "proposed_at"),
            models.CheckConstraint(
                condition=Q(closed_on__lte=F("recorded_on")),
                name="closure_not_in_future",
                violation_error_message=_("Ngày đóng hồ sơ không được sau ngày hôm nay."),
            ),
            models.CheckConstraint(
                condition=~Q(previous_status="closed"), name="closure_previous_status_open"
            ),
            # Moving to another province needs the hand-over record; other reasons have none.
            models.CheckConstraint(
                condition=(
                    Q(reason="moved")
                    & (Q(receiving_province__isnull=False) | ~Q(receiving_province_name=""))
                    & ~(Q(receiving_province__isnull=False) & ~Q(receiving_province_name=""))
                    & ~Q(receiving_agency="")
                    & ~Q(handover_number="")
                    & Q(handover_date__isnull=False)
                    & Q(handover_date__lte=F("closed_on"))
                    & ~Q(handed_over="")
                )
                | (
                    ~Q(reason="moved")
                    & Q(receiving_province__isnull=True)
                    & Q(receiving_province_name="")
                    & Q(receiving_agency="")
                    & Q(handover_number="")
                    & Q(handover_date__isnull=True)
                    & Q(handed_over="")
                ),
                name="closure_handover_iff_moved",
                violation_error_message=_("Chuyển tỉnh cần đủ thông tin biên bản bàn giao."),
            ),
            # Reopened: when and why, together, and not before the closure.
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True, reopen_reason="")
                | (Q(reopened_at__isnull=False) & ~Q(reopen_reason="")),
                name="closure_reopen_has_reason",
                violation_error_message=_("Cần ghi lý do mở lại."),
            ),
            date_not_before("closure_reopened_after_decided", "reopened_at", "decided_at"),
        ]

    def __str__(self):
        return f"{self.case} — {self.get_reason_display()} ({self.closed_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        """In force: approved and not reopened (the case is closed by it)."""
        return self.status == ClosureStatus.APPROVED and self.reopened_at is None

    @property
    def is_pending(self) -> bool:
        return self.status == ClosureStatus.PROPOSED

    @property
    def receiving_province_display(self) -> str:
        return (
            str(self.receiving_province)
            if self.receiving_province_id
            else (self.receiving_province_name)
        )


class ClosureEvent(WorkflowEvent):
    """One step of a closure: proposed, approved, rejected. `one_person` marks a step one person
    took in spite of the separation of duties, allowed by the organisation's setting."""

    closure, from_status, to_status = WorkflowEvent.fields_for(CaseClosure)
    one_person = models.BooleanField(_("một người đảm nhiệm"), default=False)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("diễn biến đóng hồ sơ")
        verbose_name_plural = verbose_name
