import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import date_not_before
from core.fields import authorship, optional_link
from core.models import Attachment, Deactivatable, EnglishName, PartOfRecord
from locations.collation import vi_order
from locations.fields import unit_fk
from prevention.choices import ActivityType, AttachmentKind, DirectiveType, ItemKind
from prevention.querysets import DirectiveQuerySet, PreventionActivityQuerySet


class TargetGroup(EnglishName, Deactivatable):
    """A group that prevention work reaches (reference data, edited by supervisors)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm đối tượng"), max_length=150)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = verbose_name
        ordering = ["order", vi_order("name")]


class Directive(models.Model):
    """A plan or other document issued to direct prevention work (e.g. Plan 32/KH-SLĐTBXH).

    Read by every user whose jurisdiction lies at, above or below the issuing unit
    (`Directive.objects.visible_to`); written by provincial staff and supervisors
    (`prevention.services.can_edit_directives`). `scope_unit_field` scopes the admin and edits.
    """

    number = models.CharField(
        _("số, ký hiệu"),
        max_length=60,
        help_text=_("Ví dụ: 32/KH-SLĐTBXH, 1234/QĐ-UBND, 45/SLĐTBXH-BTXH."),
    )
    directive_type = models.CharField(
        _("loại văn bản"), max_length=20, choices=DirectiveType.choices
    )
    issued_on = models.DateField(_("ngày ban hành"))
    issuing_body = models.CharField(
        _("cơ quan ban hành"),
        max_length=200,
        help_text=_("Ví dụ: Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa."),
    )
    issuing_unit = unit_fk(_("cấp ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    year = models.PositiveSmallIntegerField(
        _("năm thực hiện"), help_text=_("Năm kế hoạch áp dụng (thường là năm ban hành).")
    )
    file = models.FileField(_("tệp văn bản"), upload_to="prevention/directives/%Y/", blank=True)
    created_by, created_at, updated_at = authorship()
    history = HistoricalRecords()

    objects = DirectiveQuerySet.as_manager()

    scope_unit_field = "issuing_unit"

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # Numbers restart every year: one number per year of issue.
            models.UniqueConstraint(
                F("number"),
                ExtractYear("issued_on"),
                name="directive_number_unique_per_year",
                violation_error_message=_("Văn bản có số, ký hiệu này đã được nhập."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="directive_year_plausible",
                violation_error_message=_("Năm thực hiện phải từ 1990 đến 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_directive_type_display()} {self.number} ({self.issued_on:%d/%m/%Y})"


class PreventionActivity(models.Model):
    """One piece of prevention work: a training class series, an event, a print run, a
    counselling drive, an inspection. It belongs to the unit that organised or recorded it
    (`unit`, which decides who sees it); where it was held and with whom are extra facts.

    It is counted in the period of its start date (`objects.in_period`).
    """

    activity_type = models.CharField(
        _("loại hoạt động"), max_length=20, choices=ActivityType.choices
    )
    title = models.CharField(_("tên, nội dung hoạt động"), max_length=300)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    unit = unit_fk(_("đơn vị tổ chức"), related_name="prevention_activities")
    places = models.ManyToManyField(
        "locations.AdministrativeUnit",
        verbose_name=_("địa bàn thực hiện"),
        blank=True,
        related_name="+",
    )
    venue = models.CharField(_("địa điểm cụ thể"), max_length=300, blank=True)
    partner_units = models.ManyToManyField(
        "locations.AdministrativeUnit",
        verbose_name=_("đơn vị phối hợp (địa phương)"),
        blank=True,
        related_name="+",
        help_text=_("Ví dụ: UBND huyện Thạch Thành."),
    )
    partner_organisations = models.CharField(
        _("cơ quan, tổ chức phối hợp khác"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Công an tỉnh, Hội Liên hiệp Phụ nữ tỉnh."),
    )
    sessions = models.PositiveIntegerField(_("số lớp, buổi"), default=0)
    participants = models.PositiveIntegerField(_("tổng số người tham gia"), default=0)
    participants_female = models.PositiveIntegerField(
        _("trong đó nữ"), null=True, blank=True, help_text=_("Để trống nếu không thống kê.")
    )
    item_kind = models.CharField(
        _("loại sản phẩm truyền thông"), max_length=10, choices=ItemKind.choices, blank=True
    )
    items_produced = models.PositiveIntegerField(_("số lượng in, sản xuất"), default=0)
    items_distributed = models.PositiveIntegerField(_("số lượng cấp phát"), default=0)
    cost = models.PositiveBigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=200, blank=True)
    directive = optional_link(Directive, _("thực hiện văn bản"), "activities")
    establishments_inspected = models.PositiveIntegerField(_("số cơ sở được kiểm tra"), default=0)
    violations_found = models.PositiveIntegerField(_("số vi phạm phát hiện"), default=0)
    findings = models.TextField(
        _("kết quả kiểm tra"), blank=True, help_text=_("Ví dụ: Không phát hiện vi phạm.")
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by, created_at, updated_at = authorship()
    history = HistoricalRecords(m2m_fields=[places, partner_units])

    objects = PreventionActivityQuerySet.as_manager()

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("hoạt động phòng ngừa")
        verbose_name_plural = verbose_name
        ordering = ["-start_date", "-pk"]
        constraints = [
            date_not_before(
                "activity_ends_after_start",
                "end_date",
                "start_date",
                message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(participants_female__isnull=True)
                | Q(participants_female__lte=F("participants")),
                name="activity_female_within_total",
                violation_error_message=_("Số nữ không được lớn hơn tổng số người tham gia."),
            ),
            models.CheckConstraint(
                condition=Q(sessions__gte=0)
                & Q(participants__gte=0)
                & Q(items_produced__gte=0)
                & Q(items_distributed__gte=0)
                & Q(establishments_inspected__gte=0)
                & Q(violations_found__gte=0)
                & (Q(cost__isnull=True) | Q(cost__gte=0)),
                name="activity_counts_not_negative",
                violation_error_message=_("Số lượng không được âm."),
            ),
        ]
        indexes = [models.Index(fields=["start_date"], name="activity_start_date")]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d/%m/%Y})"

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def last_day(self) -> datetime.date:
        return self.end_date or self.start_date


class ActivityParticipation(PartOfRecord, models.Model):
    """How many people of one target group took part in an activity (and how many women)."""

    activity = models.ForeignKey(
        PreventionActivity, on_delete=models.CASCADE, related_name="participations"
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("nhóm đối tượng"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    count = models.PositiveIntegerField(_("số người"))
    female = models.PositiveIntegerField(_("trong đó nữ"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người tham gia theo nhóm")
        verbose_name_plural = verbose_name
        ordering = ["target_group__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target_group"],
                name="participation_one_row_per_group",
                violation_error_message=_("Nhóm đối tượng này đã được nhập."),
            ),
            models.CheckConstraint(
                condition=Q(count__gt=0),
                name="participation_count_positive",
                violation_error_message=_("Số người của nhóm phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=Q(female__isnull=True) | Q(female__lte=F("count")),
                name="participation_female_within_count",
                violation_error_message=_("Số nữ không được lớn hơn số người của nhóm."),
            ),
        ]

    def __str__(self):
        return f"{self.target_group}: {self.count}"


class ActivityAttachment(Attachment):
    """Evidence of an activity: photos, the attendance list, a report, minutes."""

    activity = models.ForeignKey(
        PreventionActivity, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=12, choices=AttachmentKind.choices)
    description = models.CharField(_("mô tả"), max_length=200, blank=True)
    file = models.FileField(_("tệp"), upload_to="prevention/activities/%Y/")

    class Meta(Attachment.Meta):
        verbose_name = _("tệp đính kèm hoạt động")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.get_kind_display()} {self.description}".strip()
