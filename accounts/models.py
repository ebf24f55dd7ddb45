import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from locations.fields import province_fk, unit_fk
from locations.regimes import LegalRegime, regime_on


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Quản trị hệ thống")
    PROVINCIAL_STAFF = "provincial_staff", _("Cán bộ cấp tỉnh")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ cấp huyện/xã")
    VIEWER = "viewer", _("Người xem")


class SupervisorAwareUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """`createsuperuser` makes a supervisor of the whole installation (no jurisdiction)."""
        extra_fields.setdefault("role", Role.SUPERVISOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: a role (what they may do) and a jurisdiction (where they may do it).

    A user sees the subtree of their jurisdiction only (accounts.access.scope_for). Only a
    supervisor may have no jurisdiction, which then means the whole installation.
    """

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    jurisdiction = unit_fk(
        _("địa bàn phụ trách"),
        optional=True,
        related_name="users",
        help_text=_("Người dùng chỉ thấy dữ liệu của địa bàn này và các đơn vị trực thuộc."),
    )
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    work_unit = models.CharField(_("cơ quan công tác"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    objects = SupervisorAwareUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    # accounts.access.scope_for: a user belongs to the area of their jurisdiction.
    scope_unit_field = "jurisdiction"

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="supervisor") | Q(jurisdiction__isnull=False),
                name="user_jurisdiction_required_unless_supervisor",
            )
        ]

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names first ("Lê Văn" + "Hùng" = "Lê Văn Hùng")."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self):
        return self.first_name

    def clean(self):
        super().clean()
        from accounts.policy import role_can  # the policy's table is keyed by Role, above

        if not role_can(self.role, "area.whole_installation") and self.jurisdiction_id is None:
            raise ValidationError(
                {"jurisdiction": _("Cần chọn địa bàn phụ trách cho vai trò này.")}
            )

    def save(self, *args, **kwargs):
        from accounts.policy import role_can

        # The admin site is for supervisors only; the role decides it, not a separate flag.
        self.is_staff = role_can(self.role, "admin.enter", superuser=self.is_superuser)
        super().save(*args, **kwargs)

    @property
    def can_write(self) -> bool:
        from accounts.policy import role_can

        return role_can(self.role, "records.write")


class EthnicCodeSet(models.TextChoices):
    """The two GSO code lists of the 54 ethnic groups, both in use (issue 15 item 9): the 2008
    list (Decision 1019/QĐ-TCTK of 12/11/2008: 04 Mường, 05 Khơ me, 06 Hoa …) and the 1979 list
    (Decision 121-TCTK/PPCĐ of 02/03/1979: 04 Hoa, 05 Khơ-me, 06 Mường …)."""

    GSO_2008 = "2008", _("Mã theo Quyết định 1019/QĐ-TCTK ngày 12/11/2008 của Tổng cục Thống kê")
    GSO_1979 = "1979", _("Mã theo Quyết định 121-TCTK/PPCĐ ngày 02/03/1979 của Tổng cục Thống kê")

    @property
    def decision(self) -> str:
        """The decision's number and year only (the partner export carries no date shape)."""
        return {
            "2008": "Quyết định 1019/QĐ-TCTK (năm 2008) của Tổng cục Thống kê",
            "1979": "Quyết định 121-TCTK/PPCĐ (năm 1979) của Tổng cục Thống kê",
        }[self.value]


class TransitionalProcedure(models.TextChoices):
    """Who takes a step of a legacy-regime application (received before 1 July 2025) when the
    step runs on or after that day — the transitional provisions read so far do not say
    (DOMAIN.md "Open questions"); see support_services/applications/rules.py: plan."""

    BODIES_ON_STEP_DATE = (
        "step_date",
        _(
            "Bước thực hiện từ 01/07/2025 do cơ quan có thẩm quyền tại ngày đó giải quyết theo thủ "
            "tục mới (UBND cấp xã, Sở Y tế); chế độ, mức hỗ trợ vẫn theo ngày tiếp nhận"
        ),
    )
    LEGACY_STEPS_SUCCESSORS = (
        "successors",
        _(
            "Tiếp tục các bước của thủ tục cũ; bước thực hiện từ 01/07/2025 do cơ quan kế thừa "
            "nhiệm vụ của cấp huyện giải quyết (theo bảng thủ tục)"
        ),
    )


class Organisation(models.Model):
    """The installation: which provinces it serves, and its settings where the law leaves a
    choice. One row, edited by supervisors in the admin."""

    name = models.CharField(
        _("tên hệ thống"),
        max_length=200,
        default="Hệ thống quản lý nạn nhân bị mua bán trở về",
    )
    served_provinces = models.ManyToManyField(
        "locations.AdministrativeUnit",
        verbose_name=_("tỉnh/thành phố phục vụ"),
        through="ServedProvince",
        related_name="+",
        help_text=_("Một tỉnh cho cài đặt cấp tỉnh; nhiều tỉnh cho cài đặt dùng chung."),
    )
    ethnic_code_set = models.CharField(
        _("bộ mã dân tộc dùng khi xuất, nhập"),
        max_length=4,
        choices=EthnicCodeSet.choices,
        default=EthnicCodeSet.GSO_2008,
        help_text=_(
            "Mặc định: danh mục năm 2008 (Quyết định 1019/QĐ-TCTK), danh mục mới nhất của Tổng "
            "cục Thống kê. Chọn danh mục năm 1979 khi cơ quan nhận dữ liệu còn dùng mã cũ."
        ),
    )
    transitional_procedure = models.CharField(
        _("thủ tục cho đơn nhận trước 01/07/2025, giải quyết từ 01/07/2025"),
        max_length=10,
        choices=TransitionalProcedure.choices,
        default=TransitionalProcedure.BODIES_ON_STEP_DATE,
        help_text=_(
            "Quy định chuyển tiếp chưa nói rõ. Mặc định: từ 01/07/2025 cấp huyện không còn, nên "
            "bước giải quyết sau ngày này do cơ quan tồn tại tại ngày đó thực hiện theo thủ tục "
            "của Nghị định 162/2025/NĐ-CP; còn chế độ, mức hỗ trợ theo pháp luật tại ngày tiếp "
            "nhận (không hồi tố)."
        ),
    )
    separation_of_duties = models.BooleanField(
        _("tách bạch người đề xuất và người phê duyệt"),
        default=True,
        help_text=_(
            "Bật (mặc định): người đề xuất hỗ trợ, gửi hồ sơ xác định nạn nhân hoặc ghi nhận "
            "đơn đề nghị không được tự phê duyệt, quyết định; một người không được vừa đề xuất, "
            "vừa quyết định, vừa ghi nhận chi trả một khoản hỗ trợ. Chỉ tắt cho đơn vị một người "
            "làm: khi đó mỗi lần một người đảm nhiệm nhiều bước được ghi lại trên dòng thời gian "
            "và trong nhật ký truy cập."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông tin tổ chức")
        verbose_name_plural = _("thông tin tổ chức")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Organisation":
        organisation, _created = cls.objects.get_or_create(pk=1)
        return organisation


class ServedProvince(models.Model):
    """A province the installation serves, with the prefix of its case codes (TH-2024-0017)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    province = province_fk(_("tỉnh/thành phố"))
    case_code_prefix = models.CharField(
        _("tiền tố mã vụ việc"),
        max_length=6,
        validators=[RegexValidator(r"^[A-Z]{1,6}$", _("Chỉ dùng 1–6 chữ cái in hoa không dấu."))],
        help_text=_("Ví dụ: TH cho Thanh Hóa (mã vụ việc TH-2024-0017)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tỉnh/thành phố phục vụ")
        verbose_name_plural = _("tỉnh/thành phố phục vụ")
        ordering = ["province__code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "province"], name="served_once"),
            models.UniqueConstraint(fields=["case_code_prefix"], name="case_code_prefix_unique"),
        ]

    def __str__(self):
        return f"{self.province} ({self.case_code_prefix})"


class DepartmentProfile(models.Model):
    """Who acts for a province under one legal regime, as written in headers and signatures.

    DOMAIN.md: the provincial DOLISA (Sở Lao động - Thương binh và Xã hội) under the legacy
    regime; the provincial health department (Sở Y tế) from 1 July 2025.
    """

    province = province_fk(_("tỉnh/thành phố"), related_name="department_profiles")
    regime = models.CharField(_("chế độ pháp lý"), max_length=10, choices=LegalRegime.choices)
    governing_body = models.CharField(
        _("cơ quan chủ quản"), max_length=200, help_text=_("Ví dụ: UBND tỉnh Thanh Hóa")
    )
    department_name = models.CharField(
        _("tên cơ quan"),
        max_length=200,
        help_text=_("Ví dụ: Sở Lao động - Thương binh và Xã hội"),
    )
    department_abbreviation = models.CharField(
        _("tên viết tắt"), max_length=30, blank=True, help_text=_("Ví dụ: SLĐTBXH")
    )
    signatory_title = models.CharField(_("chức danh người ký"), max_length=100, default="Giám đốc")
    deputy_signatory_title = models.CharField(
        _("chức danh cấp phó ký thay"), max_length=100, blank=True, default="Phó Giám đốc"
    )
    signing_place = models.CharField(
        _("địa danh ghi ngày tháng"), max_length=100, help_text=_("Ví dụ: Thanh Hóa")
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan chủ trì theo chế độ")
        verbose_name_plural = _("cơ quan chủ trì theo chế độ")
        ordering = ["province__code", "regime"]
        constraints = [
            models.UniqueConstraint(fields=["province", "regime"], name="one_profile_per_regime")
        ]

    def __str__(self):
        return f"{self.department_name} — {self.province.name} ({self.get_regime_display()})"

    @classmethod
    def for_date(cls, province, day: datetime.date) -> "DepartmentProfile | None":
        """The profile of the regime in force on `day` (a case uses its reception date)."""
        return cls.objects.filter(province=province, regime=regime_on(day)).first()


class Notification(models.Model):
    """A message to one user in the application (and by e-mail when e-mail is configured)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("nội dung"), max_length=300)
    url = models.CharField(_("đường dẫn"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    # Notifications are the user's own; they never leave the user's jurisdiction either.
    scope_unit_field = "user__jurisdiction"

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message


class UserSession(AbstractBaseSession):
    """A database session that knows its user (SESSION_ENGINE "accounts.sessions"), so that all
    sessions of one user are found with one indexed query: "log out everywhere", a password
    change, a supervisor ending a user's sessions."""

    user = models.ForeignKey(
        User,
        verbose_name=_("người dùng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )

    class Meta:
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore


class AccessAction(models.TextChoices):
    VIEW = "view", _("Xem hồ sơ")
    SEARCH = "search", _("Tìm kiếm, xem danh sách")
    EXPORT = "export", _("Xuất dữ liệu")
    DOWNLOAD = "download", _("Tải tệp")
    DOCUMENT = "document", _("In văn bản")
    REFUSED = "refused", _("Bị từ chối truy cập")
    ANONYMISE = "anonymise", _("Ẩn danh hóa")
    # The ID-number check answered "registered in another area", or refused past its limit.
    ID_CHECK = "id_check", _("Kiểm tra số định danh thuộc địa bàn khác")
    REVEAL = "reveal", _("Xem số giấy tờ, điện thoại đầy đủ")
    # One person took two steps that separation of duties keeps apart, because the
    # organisation switched it off (core.duties; issue 16 item 2).
    ONE_PERSON = "one_person", _("Một người đảm nhiệm nhiều bước do cấu hình của đơn vị")


class AccessLog(models.Model):
    """One view, search, export or download of a person's record, or one refused access.

    Written by `accounts.audit.record` in the request itself; never changed or deleted (a
    read-only admin, and on PostgreSQL and SQLite a trigger that refuses UPDATE and DELETE).
    Objects are named by type and id only — plain integers, not foreign keys, so that deleting
    or anonymising a record never touches its log — and the user's role and jurisdiction are
    copied as they were at the time.
    """

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit_code = models.CharField(_("mã địa bàn"), max_length=20, blank=True)
    unit_path = models.CharField(_("địa bàn (đường dẫn)"), max_length=100, blank=True)
    action = models.CharField(_("hành động"), max_length=10, choices=AccessAction.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.BigIntegerField(_("mã đối tượng"), null=True, blank=True)
    person_id = models.BigIntegerField(_("mã người trở về"), null=True, blank=True)
    case_id = models.BigIntegerField(_("mã vụ việc"), null=True, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=300)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    # accounts.access.scope_for: a supervisor of an area reads the log of that area's users.
    scope_unit_field = "user__jurisdiction"

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="accesslog_object"),
            models.Index(fields=["person_id"], name="accesslog_person"),
            models.Index(fields=["case_id"], name="accesslog_case"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
        ]

    def __str__(self):
        target = f" {self.object_type} #{self.object_id}" if self.object_id else ""
        return f"{self.username}: {self.get_action_display()}{target}"
