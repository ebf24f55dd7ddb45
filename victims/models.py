import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.fields import user_fk
from core.concurrency import VersionedModel
from core.constraints import date_not_before
from core.crypto import EncryptedCharField, EncryptedTextField, keyed_hash
from core.fields import authorship, optional_link
from core.models import Deactivatable, EnglishName, RecordedOn
from locations.collation import VietnameseCountries, vi_order
from locations.fields import unit_fk
from locations.regimes import LegalRegime, regime_on
from locations.text import search_key
from victims import choices, rules
from victims.derived import case_derived_refresh
from victims.querysets import CaseQuerySet, VictimQuerySet


class EthnicGroup(Deactivatable):
    """The 54 ethnic groups with both GSO codes, plus foreigners (reference data; issue 15
    item 9): the 2008 list (Decision 1019/QĐ-TCTK) and the 1979 list (Decision 121-TCTK/PPCĐ)
    number the groups differently (04 is Mường in one, Hoa in the other), so exports say which
    set they use (accounts.Organisation.ethnic_code_set)."""

    code_2008 = models.CharField(
        _("mã (QĐ 1019/QĐ-TCTK, 2008)"), max_length=2, unique=True, null=True, blank=True
    )
    code_1979 = models.CharField(_("mã (QĐ 121-TCTK/PPCĐ, 1979)"), max_length=2, unique=True)
    name = models.CharField(_("tên dân tộc"), max_length=60)
    aliases = models.CharField(
        _("tên gọi khác"), max_length=200, blank=True, help_text=_("Phân cách bằng dấu ;")
    )
    source = models.CharField(
        _("nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Văn bản (số, ngày, điều khoản) quy định tên và mã của dòng này."),
    )
    search_name = models.CharField(max_length=260, editable=False)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("dân tộc")
        verbose_name_plural = verbose_name
        ordering = ["code_2008", "code_1979"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = ";".join(
            search_key(n) for n in [self.name, *self.aliases.split(";")] if n
        )
        super().save(*args, **kwargs)

    def code_in(self, code_set: str) -> str:
        """The group's code in `code_set` ("2008" or "1979", accounts.EthnicCodeSet)."""
        return (self.code_1979 if code_set == "1979" else self.code_2008) or ""


class ExploitationForm(EnglishName, Deactivatable):
    """Forms of exploitation — Decree 62/2012/NĐ-CP Art 5(1) (reference data)."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("hình thức bóc lột"), max_length=120)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hình thức bóc lột")
        verbose_name_plural = verbose_name
        ordering = ["order", "code"]


class Victim(VersionedModel):
    """The person. A person trafficked again gets a second Case, not a second Victim."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    other_names = models.CharField(_("tên gọi khác"), max_length=200, blank=True)
    search_name = models.CharField(max_length=360, editable=False, db_index=True)
    sex = models.CharField(_("giới tính"), max_length=10, choices=choices.Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), help_text=_("Ghi năm sinh khi không rõ ngày sinh.")
    )
    ethnic_group = optional_link(EthnicGroup, _("dân tộc"))
    nationality = CountryField(_("quốc tịch"), default="VN", countries=VietnameseCountries)
    id_type = models.CharField(
        _("loại giấy tờ"), max_length=10, choices=choices.IdType.choices, blank=True
    )
    # Encrypted at rest; found again through its keyed hash (core/crypto.py).
    id_number = EncryptedCharField(_("số định danh / giấy tờ"), max_length=20, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    permanent_unit = unit_fk(_("nơi thường trú"), optional=True)
    permanent_address = models.CharField(_("địa chỉ thường trú"), max_length=200, blank=True)
    current_unit = unit_fk(_("nơi ở hiện tại"), optional=True)
    current_address = models.CharField(_("địa chỉ nơi ở hiện tại"), max_length=200, blank=True)
    phone = EncryptedCharField(_("số điện thoại"), max_length=20, blank=True)
    education = models.CharField(
        _("trình độ học vấn"),
        max_length=20,
        choices=choices.Education.choices,
        default=choices.Education.UNKNOWN,
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    marital_status = models.CharField(
        _("tình trạng hôn nhân"),
        max_length=10,
        choices=choices.MaritalStatus.choices,
        default=choices.MaritalStatus.UNKNOWN,
    )
    has_disability = models.BooleanField(_("khuyết tật"), default=False)
    disability_note = models.CharField(_("mô tả khuyết tật"), max_length=200, blank=True)
    poverty_status = models.CharField(
        _("hoàn cảnh kinh tế hộ gia đình"),
        max_length=10,
        choices=choices.Poverty.choices,
        default=choices.Poverty.UNKNOWN,
    )
    # With a near-poor household, what makes a person "in financial difficulty" for legal aid
    # (Legal Aid Law 2017 Art 7; Decree 144/2017/NĐ-CP Art 3) — DOMAIN.md "Support types".
    receives_social_allowance = models.BooleanField(
        _("đang hưởng trợ cấp xã hội hằng tháng"),
        default=False,
        help_text=_("Người đang hưởng trợ cấp xã hội hằng tháng tại cộng đồng."),
    )
    guardian_name = models.CharField(_("họ tên người giám hộ"), max_length=150, blank=True)
    guardian_relation = models.CharField(_("quan hệ với người giám hộ"), max_length=60, blank=True)
    guardian_phone = EncryptedCharField(_("điện thoại người giám hộ"), max_length=20, blank=True)
    not_duplicate_of = models.ManyToManyField(
        "self",
        verbose_name=_("đã xác nhận không trùng với"),
        blank=True,
        symmetrical=True,
    )
    created_by, created_at, updated_at = authorship(
        _("người tạo"), _("ngày tạo"), _("ngày cập nhật")
    )
    # Set once by victims.anonymise.victim_anonymise after the retention period.
    anonymised_at = models.DateTimeField(_("thời điểm ẩn danh"), null=True, blank=True)
    anonymised_by = user_fk(_("người ẩn danh"), blank=True)
    anonymisation_reason = models.TextField(_("lý do ẩn danh"), blank=True)
    history = HistoricalRecords(excluded_fields=["search_name", "id_number_hash"])

    objects = VictimQuerySet.as_manager()

    # A person is seen by whoever may see one of their cases.
    scope_unit_field = "cases__managing_unit"
    # Keyed hash columns and the encrypted field each is computed from (rotate_field_keys
    # recomputes them after FIELD_HASH_KEY changes).
    keyed_hash_fields = {"id_number_hash": ("id_number", "id_number_key")}

    class Meta:
        verbose_name = _("người trở về")
        verbose_name_plural = verbose_name
        ordering = [vi_order("full_name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="victim_id_number_unique",
                violation_error_message=_("Số định danh này đã có trong hệ thống."),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="victim_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(id_number="") | ~Q(id_type=""),
                name="victim_id_number_has_type",
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__year=F("birth_year")),
                name="victim_birth_year_matches_date",
                violation_error_message=_("Năm sinh khác với năm của ngày sinh."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = self.search_name_of(self.full_name, self.other_names)
        if self.date_of_birth:
            self.birth_year = self.date_of_birth.year
        self.id_number_hash = self.id_number_key(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_hash"}
        super().save(*args, **kwargs)
        # The person's cases: their age at reception and residence flag (victims/derived.py).
        case_derived_refresh(Case.objects.filter(victim=self.pk))

    def clean(self):
        super().clean()
        # Before the constraints are validated (full_clean), which check the hash.
        self.id_number_hash = self.id_number_key(self.id_number)

    @staticmethod
    def search_name_of(full_name: str, other_names: str) -> str:
        """The diacritics-free names the registry is searched by (`search_name`)."""
        return search_key(" ".join(filter(None, [full_name, other_names])))

    @staticmethod
    def id_number_key(number: str) -> str:
        """The keyed hash an ID number is found by, however it was typed ("" for none)."""
        return keyed_hash(rules.normalize_id_number(number))

    @property
    def name_key(self) -> str:
        return search_key(self.full_name)

    def age_on(self, day: datetime.date) -> int:
        return rules.age_on(day, date_of_birth=self.date_of_birth, birth_year=self.birth_year)

    @property
    def birth_display(self) -> str:
        return (
            self.date_of_birth.strftime("%d/%m/%Y") if self.date_of_birth else str(self.birth_year)
        )


class Consent(models.Model):
    """Consent to process and share the person's data (Law 91/2025/QH15; DOMAIN.md)."""

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(
        _("người đồng ý"), max_length=10, choices=choices.ConsentGiver.choices
    )
    given_on = models.DateField(_("ngày đồng ý"))
    purposes = models.JSONField(_("mục đích"), default=list)
    evidence = models.FileField(_("văn bản đồng ý"), upload_to="consents/%Y/", blank=True)
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)
    withdrawal_note = models.CharField(_("ghi chú rút lại"), max_length=200, blank=True)
    recorded_by = user_fk()
    history = HistoricalRecords()

    scope_unit_field = "victim__cases__managing_unit"

    class Meta:
        verbose_name = _("sự đồng ý")
        verbose_name_plural = verbose_name
        ordering = ["-given_on", "-pk"]
        constraints = [date_not_before("consent_withdrawn_after_given", "withdrawn_on", "given_on")]

    def __str__(self):
        return f"{self.get_given_by_display()} {self.given_on:%d/%m/%Y}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CriminalCase(models.Model):
    """A criminal case (vụ án) that may group several victims' cases."""

    number = models.CharField(_("số vụ án"), max_length=60)
    investigating_agency = models.CharField(_("cơ quan điều tra"), max_length=200, blank=True)
    opened_on = models.DateField(_("ngày khởi tố"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    scope_unit_field = "cases__managing_unit"

    class Meta:
        verbose_name = _("vụ án")
        verbose_name_plural = verbose_name
        ordering = ["-opened_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "investigating_agency"], name="criminal_case_unique_number"
            ),
            models.CheckConstraint(
                condition=~Q(number=""),
                name="criminal_case_has_number",
                violation_error_message=_("Nhập số vụ án của cơ quan điều tra này."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.number} — {self.investigating_agency}"
            if self.investigating_agency
            else self.number
        )


class CaseCodeCounter(models.Model):
    """The last case number given per province and year; incremented atomically in SQL."""

    province = models.ForeignKey("locations.AdministrativeUnit", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_counter_per_year")
        ]

    def __str__(self):
        return f"{self.province_id}/{self.year}: {self.last_number}"


class CaseExploitationForm(models.Model):
    """A case's link to a form of exploitation (the table Django made for the many-to-many
    field, now declared): a form still linked to a case is never deleted (PROTECT) — removing
    it would silently drop it from those cases, of every area (issue 18). A form no longer
    offered is changed or reordered by a supervisor of the whole installation instead."""

    case = models.ForeignKey("victims.Case", on_delete=models.CASCADE)
    exploitationform = models.ForeignKey(ExploitationForm, on_delete=models.PROTECT)

    class Meta:
        db_table = "victims_case_exploitation_forms"
        unique_together = [("case", "exploitationform")]
        verbose_name = _("hình thức bóc lột của vụ việc")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.case_id}: {self.exploitationform_id}"


class Case(VersionedModel):
    """One trafficking-and-return episode of one person."""

    code = models.CharField(_("mã vụ việc"), max_length=20, unique=True, editable=False)
    victim = models.ForeignKey(
        Victim, verbose_name=_("người trở về"), on_delete=models.PROTECT, related_name="cases"
    )
    managing_unit = unit_fk(
        _("đơn vị quản lý"),
        related_name="managed_cases",
        help_text=_("Cán bộ của đơn vị này theo dõi vụ việc; quyết định ai được xem."),
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=choices.CaseStatus.choices,
        default=choices.CaseStatus.SUSPECTED,
    )
    person_category = models.CharField(
        _("đối tượng"),
        max_length=20,
        choices=choices.PersonCategory.choices,
        default=choices.PersonCategory.PRESUMED_DOMESTIC,
    )
    # A child under 18 accompanying a victim has a case of their own (the supports they receive
    # are recorded on it) linked to the victim's case; reports count them apart, never as victims
    # (Law 66/2011 Art 32; Decree 09/2013 Art 19; Law 53/2024 Art 37).
    accompanies = models.ForeignKey(
        "self",
        verbose_name=_("đi cùng nạn nhân của vụ việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accompanying_children",
        help_text=_("Chỉ với người dưới 18 tuổi đi cùng nạn nhân: vụ việc của nạn nhân."),
    )
    recruited_on = models.DateField(_("ngày bị dụ dỗ, lừa bán"), null=True, blank=True)
    recruitment_place = models.CharField(_("nơi bị dụ dỗ"), max_length=200, blank=True)
    recruitment_means = models.CharField(
        _("thủ đoạn"), max_length=12, choices=choices.RecruitmentMeans.choices, blank=True
    )
    recruitment_channel = models.CharField(
        _("kênh tiếp cận"), max_length=12, choices=choices.RecruitmentChannel.choices, blank=True
    )
    trafficker_relation = models.CharField(
        _("quan hệ với đối tượng mua bán"),
        max_length=12,
        choices=choices.TraffickerRelation.choices,
        blank=True,
    )
    destination_country = CountryField(
        _("quốc gia bị đưa đến"),
        help_text=_("Chọn Việt Nam nếu bị mua bán trong nước."),
        countries=VietnameseCountries,
    )
    destination_place = models.CharField(_("nơi bị đưa đến"), max_length=200, blank=True)
    exploitation_forms = models.ManyToManyField(
        ExploitationForm,
        verbose_name=_("hình thức bóc lột"),
        blank=True,
        related_name="cases",
        through=CaseExploitationForm,
    )
    exploitation_months = models.PositiveSmallIntegerField(
        _("thời gian bị bóc lột (tháng)"), null=True, blank=True
    )
    criminal_case = models.ForeignKey(
        CriminalCase,
        verbose_name=_("vụ án"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    # The date the person was identified as a victim when no verification dossier records it
    # (identified before this system, or by another body): the 12-month application window of
    # re-integration supports counts from it (support_services.supports).
    identified_on = models.DateField(
        _("ngày được xác định là nạn nhân"),
        null=True,
        blank=True,
        help_text=_("Ngày của văn bản xác định là nạn nhân, khi vụ việc không có hồ sơ xác minh."),
    )
    created_by, created_at, updated_at = authorship(
        _("người tạo"), _("ngày tạo"), _("ngày cập nhật")
    )
    # The reception's date, copied here so that the registry is ordered and filtered by a
    # column of the listed table with an index (issue 17); written by Reception.save() — the
    # reception stays the record, this is derived (and so left out of the history).
    received_on = models.DateField(null=True, blank=True, editable=False)
    # Derived the same way, for the registry's filters "dưới 16 tuổi" and "ngoại tỉnh"
    # (victims/derived.py): written by the saves of the case, its reception and its person.
    age_at_reception = models.SmallIntegerField(null=True, blank=True, editable=False)
    resides_in_province = models.BooleanField(default=False, db_default=False, editable=False)
    history = HistoricalRecords(
        m2m_fields=[exploitation_forms],
        excluded_fields=["received_on", "age_at_reception", "resides_in_province"],
    )

    objects = CaseQuerySet.as_manager()

    scope_unit_field = "managing_unit"
    # Where the person lives: a current commune's officers see the legacy cases of people living
    # in the communes it succeeds (accounts.access._legacy_of_successor).
    scope_residence_fields = ("victim__permanent_unit", "victim__current_unit")

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status"]),
            # The registry's order, for the whole installation or a province (issue 17), with
            # the unit each row's area is tested by: a deep page or a count of a province's
            # list reads the index alone (PostgreSQL's INCLUDE; SQLite has a plain index)...
            models.Index(
                fields=["-received_on", "-id"],
                include=["managing_unit"],
                name="case_received_order",
            ),
            # ...and within one unit's cases (a district or commune officer).
            models.Index(
                fields=["managing_unit", "-received_on", "-id"], name="case_unit_received_order"
            ),
            # The registry's order within its two filters that a denormalised column serves.
            models.Index(
                fields=["-received_on", "-id"],
                include=["managing_unit"],
                condition=Q(age_at_reception__lt=16),
                name="case_under_16_order",
            ),
            models.Index(
                fields=["-received_on", "-id"],
                include=["managing_unit"],
                condition=Q(resides_in_province=False),
                name="case_other_province_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(accompanies__isnull=True)
                | Q(person_category=choices.PersonCategory.ACCOMPANYING_CHILD),
                name="case_accompanies_only_for_a_child",
                violation_error_message=_(
                    "Chỉ người dưới 18 tuổi đi cùng nạn nhân mới gắn với vụ việc của nạn nhân."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accompanies__isnull=True) | ~Q(accompanies=F("pk")),
                name="case_does_not_accompany_itself",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The age at reception and the residence flag follow the unit, the date, the person.
        case_derived_refresh(Case.objects.filter(pk=self.pk))

    @property
    def is_abroad(self) -> bool:
        return self.destination_country.code != "VN"

    @property
    def regime(self) -> LegalRegime | None:
        """Derived from the reception date (DOMAIN.md), never stored."""
        reception = getattr(self, "reception", None)
        return regime_on(reception.received_on) if reception else None


class CaseRecord(models.Model):
    """What is recorded about one case — its reception, dossier, supports, applications,
    referrals, visits, closures: seen by whoever sees the case (accounts.access), every change
    kept with who and when (simple-history). Each model adds its own `case` link."""

    history = HistoricalRecords(inherit=True)

    scope_unit_field = "case__managing_unit"

    class Meta:
        abstract = True


class Reception(RecordedOn, CaseRecord):
    """How and by whom the person was received on return; one per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reception")
    received_on = models.DateField(_("ngày trở về / tiếp nhận"))
    channel = models.CharField(
        _("hình thức trở về"), max_length=15, choices=choices.ReturnChannel.choices
    )
    agency_type = models.CharField(
        _("loại cơ quan tiếp nhận"), max_length=20, choices=choices.ReceivingAgencyType.choices
    )
    agency_name = models.CharField(_("tên cơ quan tiếp nhận"), max_length=200, blank=True)
    place = models.CharField(_("nơi tiếp nhận / cửa khẩu"), max_length=200, blank=True)
    record_number = models.CharField(_("số biên bản tiếp nhận"), max_length=60, blank=True)
    record_date = models.DateField(_("ngày biên bản"), null=True, blank=True)
    officer = models.CharField(_("cán bộ tiếp nhận"), max_length=150, blank=True)
    documents = models.JSONField(_("giấy tờ nhận được"), default=list, blank=True)
    # The age at reception, written when the person is anonymised (the birth date goes, the
    # statistics by age stay as they were); empty otherwise, the age is then computed.
    age_on_reception = models.PositiveSmallIntegerField(
        _("tuổi khi tiếp nhận"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("tiếp nhận")
        verbose_name_plural = verbose_name
        constraints = [
            # "Not in the future" against the day the row was last written (a CHECK cannot call
            # now() on every database).
            models.CheckConstraint(
                condition=Q(received_on__lte=F("recorded_on")),
                name="reception_not_in_future",
                violation_error_message=_("Ngày tiếp nhận không được sau ngày hôm nay."),
            ),
            models.CheckConstraint(
                condition=Q(record_date__isnull=True) | Q(record_date__lte=F("recorded_on")),
                name="reception_record_not_in_future",
            ),
        ]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self):
        return f"{self.case.code} — {self.received_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The case's copy of the date (Case.received_on); the services set it before saving
        # the case, so this writes only when a reception is changed on its own (the admin).
        case = self.case
        if case.received_on != self.received_on:
            Case.objects.filter(pk=case.pk).update(received_on=self.received_on)
            case.received_on = self.received_on
        case_derived_refresh(Case.objects.filter(pk=case.pk))

    @property
    def regime(self) -> LegalRegime:
        return regime_on(self.received_on)


@receiver(post_delete, sender=Reception)
def _reception_deleted(sender, instance, **kwargs):
    """A reception deleted on its own (the admin, one or many): its case has no date any more
    (Case.received_on). Nothing to write when the case itself goes."""
    Case.objects.filter(pk=instance.case_id).update(received_on=None)
    case_derived_refresh(Case.objects.filter(pk=instance.case_id))


class ImportedRow(models.Model):
    """A row of an imported returnee list, by the fingerprint of its content, so that importing
    the same file again creates nothing twice."""

    fingerprint = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="imported_rows")
    imported_by = user_fk()
    imported_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "case__managing_unit"

    class Meta:
        verbose_name = _("dòng đã nhập từ Excel")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.case_id}: {self.fingerprint[:12]}"


class ImportJob(models.Model):
    """One upload of a returnee list, checked and then saved by Celery tasks
    (victims.importing.jobs) while its page shows the progress. Only its owner sees it (its
    rows are the owner's own upload, not records of an area). The upload and the workbook of
    the rows in error are files of the encrypted storage (core/storage.py); the checked rows
    (names, ID numbers) are kept encrypted in `result`. Deleted with its files after
    IMPORT_FILE_RETENTION_HOURS (victims.tasks.delete_old_import_files)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        CHECKING = "checking", _("Đang kiểm tra")
        CHECKED = "checked", _("Đã kiểm tra")
        SAVING = "saving", _("Đang lưu")
        SAVED = "saved", _("Đã lưu")
        FAILED = "failed", _("Lỗi")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    upload = models.FileField(_("tệp tải lên"), upload_to="imports/")
    errors_file = models.FileField(_("tệp các dòng lỗi"), upload_to="imports/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    rows_total = models.PositiveIntegerField(_("số dòng"), default=0)
    rows_checked = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    rows_valid = models.PositiveIntegerField(_("số dòng hợp lệ"), default=0)
    rows_refused = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    rows_already = models.PositiveIntegerField(_("số dòng đã nhập trước đây"), default=0)
    rows_saved = models.PositiveIntegerField(_("số vụ việc đã lưu"), default=0)
    # The checked rows as the page shows them (number, name, date, outcome, reasons): JSON,
    # encrypted at rest (core.crypto), re-encrypted by rotate_field_keys.
    result = EncryptedTextField(_("kết quả kiểm tra"), blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="import_job_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_checked__lte=F("rows_total")), name="import_job_checked_le_total"
            ),
        ]

    def __str__(self):
        return f"{self.pk}: {self.get_status_display()}"

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.WAITING, self.Status.CHECKING, self.Status.SAVING}


class DocumentType(models.TextChoices):
    """Kinds of administrative document and their abbreviations in a document's symbol
    (Nghị định 30/2020/NĐ-CP, Phụ lục III: "Bảng chữ viết tắt tên loại văn bản"). A công văn
    has none: its symbol is the issuing body's abbreviation alone."""

    OFFICIAL_LETTER = "CV", _("Công văn")
    NOTICE = "TB", _("Thông báo")
    DECISION = "QĐ", _("Quyết định")


class OutgoingDocumentCounter(models.Model):
    """The last number an issuing body gave in one year. A body is a unit and the abbreviation
    of the body of that unit that issues ("UBND" of a commune, "SYT" of a province); the numbers
    start at 01 each year (Nghị định 30/2020/NĐ-CP, Điều 15). The row is locked
    (select_for_update) while a number is taken, so concurrent documents never share one."""

    issuer_unit = unit_fk(_("đơn vị của cơ quan ban hành"))
    issuer_abbreviation = models.CharField(_("chữ viết tắt cơ quan ban hành"), max_length=30)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối cùng đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ số văn bản đi")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "issuer_abbreviation", "year"],
                name="outgoing_counter_one_per_body_and_year",
            )
        ]

    def __str__(self):
        return f"{self.issuer_abbreviation} {self.issuer_unit_id}/{self.year}: {self.last_number}"


class OutgoingDocument(models.Model):
    """One document the system issues about a case — a request letter, a result notice, a
    decision — with the number it was given in its issuing body's register of outgoing documents
    for the year (victims.outgoing). A document is numbered once: printing it again keeps the
    number. The record it belongs to (a dossier, an application) is `record`."""

    case = models.ForeignKey(
        Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="documents_issued"
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    purpose = models.CharField(
        _("văn bản"),
        max_length=30,
        help_text=_("Văn bản nào của hồ sơ: công văn đề nghị, thông báo kết quả, quyết định."),
    )
    document_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    issuer_unit = unit_fk(_("đơn vị của cơ quan ban hành"))
    issuer_abbreviation = models.CharField(_("chữ viết tắt cơ quan ban hành"), max_length=30)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = user_fk(_("người cấp số"))
    issued_at = models.DateTimeField(_("thời điểm cấp số"), auto_now_add=True)

    scope_unit_field = "case__managing_unit"

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-year", "issuer_abbreviation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "issuer_abbreviation", "year", "number"],
                name="outgoing_document_number_unique_per_body_and_year",
            ),
            models.UniqueConstraint(
                fields=["record_type", "record_id", "purpose"],
                name="outgoing_document_once_per_record",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="outgoing_number_positive"),
        ]
        indexes = [models.Index(fields=["record_type", "record_id"], name="outgoing_by_record")]

    def __str__(self):
        return f"{self.symbol} ({self.issued_on:%d/%m/%Y})"
