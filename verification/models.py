from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import VersionedModel
from core.constraints import date_not_before, status_requires
from core.fields import authorship, workflow_status
from core.models import Attachment
from core.workflow import WorkflowEvent
from locations.regimes import LegalRegime
from victims.fields import case_fk
from victims.models import CaseRecord


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    SUBMITTED = "submitted", _("Đã gửi lên Sở")
    SENT = "sent", _("Đã đề nghị xác minh")
    IDENTIFIED = "identified", _("Xác định là nạn nhân")
    NOT_VICTIM = "not_victim", _("Không phải nạn nhân")
    CLOSED = "closed", _("Đã đóng")


class Ground(models.TextChoices):
    """Grounds for identifying a victim — Decree 62/2012/NĐ-CP Art 5(2); Law 53/2024 Art 32(1)."""

    PROCEDURAL_BODY = "procedural_body", _("Tài liệu của cơ quan tiến hành tố tụng")
    RESCUING_AGENCY = "rescuing_agency", _("Thông tin của cơ quan giải cứu")
    MISSION_ABROAD = "mission_abroad", _("Thông tin của cơ quan đại diện Việt Nam ở nước ngoài")
    DOMESTIC_AGENCY = "domestic_agency", _("Thông tin của cơ quan khác trong nước")
    FOREIGN_AUTHORITY = "foreign_authority", _("Thông tin của cơ quan có thẩm quyền nước ngoài")
    PERSON_OR_RELATIVES = "person_or_relatives", _("Lời khai, giấy tờ của người đó hoặc người thân")
    TRAFFICKERS = "traffickers", _("Lời khai, tài liệu của người thực hiện hành vi mua bán")
    WITNESSES = "witnesses", _("Lời khai của nạn nhân khác, người làm chứng")
    OTHER = "other", _("Căn cứ hợp pháp khác")


class DocumentKind(models.TextChoices):
    POLICE_CERTIFICATE = "police_certificate", _("Giấy xác nhận của cơ quan Công an")
    RESCUE_CERTIFICATE = "rescue_certificate", _("Giấy xác nhận của cơ quan giải cứu")
    INVESTIGATION_DECISION = "investigation_decision", _("Quyết định của cơ quan điều tra")
    PROCURACY_DOCUMENT = "procuracy_document", _("Văn bản của Viện kiểm sát")
    COURT_JUDGMENT = "court_judgment", _("Bản án, quyết định của Tòa án")
    FOREIGN_LEGALISED = "foreign_legalised", _("Giấy tờ của nước ngoài đã hợp pháp hóa")
    STATEMENT = "statement", _("Lời khai, bản tường trình")
    OTHER = "other", _("Tài liệu khác")


# Documents that certify a person as a victim: one is needed before "identified" is recorded.
CERTIFYING_KINDS = frozenset(
    {
        DocumentKind.POLICE_CERTIFICATE,
        DocumentKind.RESCUE_CERTIFICATE,
        DocumentKind.INVESTIGATION_DECISION,
        DocumentKind.PROCURACY_DOCUMENT,
        DocumentKind.COURT_JUDGMENT,
        DocumentKind.FOREIGN_LEGALISED,
    }
)


class DeadlineStep(models.TextChoices):
    DEPARTMENT_ACTION = "department_action", _("Sở xử lý sau khi nhận hồ sơ")
    POLICE_REPLY = "police_reply", _("Cơ quan Công an trả lời kết quả xác minh")


def step_deadline(steps, open_question_help):
    """An abstract model of the time limits of a procedure whose steps are `steps` (reference
    data with its source; supervisors edit it): one row per regime and step, in days, working
    days or not. `is_open_question` marks a limit the province set itself (`open_question_help`
    says why). Dossiers here, support applications in support_services; both are counted with
    the working calendar below (CalendarDay). Its rules: `step_deadline_constraints`."""

    class StepDeadline(models.Model):
        regime = models.CharField(_("chế độ pháp lý"), max_length=10, choices=LegalRegime.choices)
        step = models.CharField(_("bước"), max_length=20, choices=steps.choices)
        days = models.PositiveSmallIntegerField(_("số ngày"))
        working_days = models.BooleanField(_("tính ngày làm việc"), default=True)
        legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
        is_open_question = models.BooleanField(
            _("chưa có quy định rõ"), default=False, help_text=open_question_help
        )

        class Meta:
            abstract = True

        def __str__(self):
            return f"{self.get_step_display()} — {self.get_regime_display()}: {self.days}"

    return StepDeadline


def step_deadline_constraints(prefix=""):
    """The rules of a `step_deadline` model: one limit per regime and step, of a day or more."""
    return [
        models.UniqueConstraint(fields=["regime", "step"], name=f"{prefix}one_deadline_per_step"),
        models.CheckConstraint(condition=Q(days__gt=0), name=f"{prefix}deadline_days_positive"),
    ]


class DeadlineRule(
    step_deadline(
        DeadlineStep,
        _("Thời hạn do tỉnh tự đặt vì văn bản chưa quy định; hiển thị kèm cảnh báo."),
    )
):
    """A statutory time limit of one step under one regime, with its source (DOMAIN.md)."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thời hạn theo quy định")
        verbose_name_plural = verbose_name
        constraints = step_deadline_constraints()


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class CalendarDay(models.Model):
    """A day of the working calendar that differs from the usual week: a day off (a public
    holiday, Tết, a compensatory day, a weekday swapped away) or a make-up working day (a
    Saturday worked in exchange), each with the document that announced it. Deadlines count
    with it (`verification.calendar.working_calendar`); supervisors add each year's days."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(
        _("loại ngày"), max_length=11, choices=DayKind.choices, default=DayKind.DAY_OFF
    )
    name = models.CharField(_("tên ngày nghỉ"), max_length=100)
    source = models.CharField(
        _("văn bản căn cứ"),
        max_length=300,
        blank=True,
        help_text=_("Số, ngày của văn bản công bố (Bộ luật Lao động, thông báo của Bộ, công văn)."),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc (ngày nghỉ, ngày làm bù)")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class VerificationDossier(VersionedModel, CaseRecord):
    """The dossier proposing that a case's person be verified and identified as a victim."""

    case = case_fk("dossier", field=models.OneToOneField)
    status = workflow_status(DossierStatus, max_length=12)
    verifying_agency = models.CharField(
        _("cơ quan được đề nghị xác minh"), max_length=200, blank=True
    )
    # The day the department was notified of the person (the commune's or the police's
    # notification and dossier): the three-day step counts from it, not from the day the
    # submission was typed (issue 15 item 12).
    notified_on = models.DateField(
        _("ngày nhận thông báo"),
        null=True,
        blank=True,
        help_text=_(
            "Ngày cơ quan tiếp nhận được thông báo, hồ sơ của xã/Công an; "
            "thời hạn 03 ngày tính từ ngày này."
        ),
    )
    letter_number = models.CharField(_("số công văn đề nghị"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày công văn đề nghị"), null=True, blank=True)
    reply_number = models.CharField(_("số văn bản trả lời"), max_length=60, blank=True)
    reply_date = models.DateField(_("ngày văn bản trả lời"), null=True, blank=True)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    is_overdue = models.BooleanField(_("quá hạn"), default=False)
    created_by, created_at, updated_at = authorship(
        created=_("ngày lập"), updated=_("ngày cập nhật")
    )

    class Meta:
        verbose_name = _("hồ sơ xác minh")
        verbose_name_plural = verbose_name
        ordering = ["due_date", "pk"]
        constraints = [
            date_not_before(
                "dossier_reply_after_request",
                "reply_date",
                "letter_date",
                other_optional=True,
                message=_("Ngày văn bản trả lời không được trước ngày công văn đề nghị."),
            ),
            status_requires(
                "dossier_sent_has_letter",
                "sent",
                ~Q(verifying_agency="") & ~Q(letter_number="") & Q(letter_date__isnull=False),
                message=_("Cần ghi cơ quan được đề nghị và số công văn."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.case} — {self.get_status_display()}"


class DossierEvent(WorkflowEvent):
    """One transition of a dossier: what users see on the case timeline."""

    dossier, from_status, to_status = WorkflowEvent.fields_for(VerificationDossier)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = verbose_name


class EvidenceDocument(Attachment):
    """A document on one ground of the checklist (Decree 62/2012 Art 5(2))."""

    dossier = models.ForeignKey(
        VerificationDossier, on_delete=models.CASCADE, related_name="documents"
    )
    ground = models.CharField(_("căn cứ"), max_length=20, choices=Ground.choices)
    kind = models.CharField(_("loại tài liệu"), max_length=25, choices=DocumentKind.choices)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    number = models.CharField(_("số"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/", blank=True)

    class Meta(Attachment.Meta):
        verbose_name = _("tài liệu căn cứ")
        verbose_name_plural = verbose_name
        ordering = ["ground", "pk"]

    @property
    def is_certifying(self) -> bool:
        return self.kind in CERTIFYING_KINDS
