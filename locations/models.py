from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from locations.querysets import AdministrativeUnitQuerySet
from locations.text import search_key

# The division words that begin a unit's name, longest first ("Thị xã" before "Xã").
DIVISION_WORDS = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
)


class AdministrativeUnit(models.Model):
    """A province, a (legacy) district or a commune, in one tree with a materialised path.

    The path is the chain of codes from the province down, with a trailing slash
    ("38/", "38/380/", "38/380/14755/", "38/14848/"), so a unit's subtree is one indexed
    prefix query. Current units (Decision 19/2025/QĐ-TTg) have two levels; legacy districts and
    their communes (before 1 July 2025) hang under their province and are inactive. New commune
    codes reuse old ones, so a code is unique only together with its level and era.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/Thành phố")
        DISTRICT = "district", _("Huyện/Quận/Thị xã")
        COMMUNE = "commune", _("Xã/Phường/Đặc khu")

    code = models.CharField(_("mã đơn vị"), max_length=10)
    name = models.CharField(_("tên"), max_length=150)
    division_type = models.CharField(_("loại đơn vị"), max_length=50, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_legacy = models.BooleanField(
        _("đơn vị trước 01/07/2025"),
        default=False,
        help_text=_("Huyện và xã của hệ thống ba cấp đã bãi bỏ từ 01/07/2025."),
    )
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    # The units this one became on 1 July 2025 (a legacy unit) or was formed from (a current
    # commune: `predecessors`), loaded from a maintained mapping (locations.successions).
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    # accounts.access.scope_for narrows units by their own path.
    scope_unit_field = ""

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "is_legacy"], name="unit_code_unique_per_level_and_era"
            ),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="unit_only_provinces_have_no_parent",
            ),
            models.CheckConstraint(
                condition=~Q(level="district") | Q(is_legacy=True),
                name="unit_districts_are_legacy",
            ),
        ]
        indexes = [
            # LIKE 'prefix%' needs a pattern-ops index under a non-C collation on PostgreSQL.
            models.Index(
                fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self):
        if self.is_legacy:
            return f"{self.name} ({_('cũ')})"
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        old_path = self.path
        self.path = self.build_path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    def _move_descendants(self, old_path: str) -> None:
        """A changed code or parent moves the whole subtree: rewrite the paths below it."""
        AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
        )

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}/"

    @property
    def formal_name(self) -> str:
        """The name as documents write it: "Tỉnh Thanh Hóa", "Thành phố Hà Nội"."""
        if self.level == self.Level.PROVINCE and not self.name.lower().startswith(
            ("tỉnh ", "thành phố ")
        ):
            return f"Tỉnh {self.name}"
        return self.name

    @property
    def short_name(self) -> str:
        """The name without its division word, as written before a date: "Thanh Hóa"."""
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.level == self.Level.PROVINCE and self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    @property
    def name_in_text(self) -> str:
        """The name as it follows a body's name in a document, its division word in lower case
        (Nghị định 30/2020/NĐ-CP, Phụ lục II: "Ủy ban nhân dân huyện Thạch Thành", "Ủy ban nhân
        dân xã Thạch Lâm"): "Huyện Thạch Thành" → "huyện Thạch Thành"; a name without a division
        word stays as it is."""
        for word in DIVISION_WORDS:
            if self.name.startswith(f"{word} "):
                return word.lower() + self.name[len(word) :]
        return self.name

    @property
    def province_code(self) -> str:
        """The code of the unit's province: the first segment of its path ("38")."""
        return self.path.split("/", 1)[0]

    @property
    def province_path(self) -> str:
        """The path of the unit's province ("38/"), the prefix of every path in it."""
        return f"{self.province_code}/"

    def province(self) -> "AdministrativeUnit":
        """The unit's province (a province is its own). It always exists: it is the top of the
        unit's chain of parents, which PROTECT keeps, and the path is built from that chain."""
        if self.level == self.Level.PROVINCE:
            return self
        return AdministrativeUnit.objects.get(path=self.province_path)

    def full_name(self) -> str:
        """'Xã Tam Chung, Huyện Mường Lát, Tỉnh Thanh Hóa' — the unit with its ancestors."""
        names = [self.name]
        unit = self.parent
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        return ", ".join(names)

    def contains(self, other: "AdministrativeUnit") -> bool:
        return other.path.startswith(self.path)


class UnitSuccession(models.Model):
    """A legacy unit (before 1 July 2025) and one current commune it became, wholly or in part.

    A legacy commune merged whole into one current commune has one WHOLE row; a commune split
    between several current communes has one PART row for each, the one the source names as
    the default for an address without a street marked `is_main`. A legacy district's successors
    are those of its communes (a district with no communes, an island, may have rows of its own).
    Rows come from a maintained package (`source`, `loaded_at`), never typed by hand:
    `manage.py load_units` loads them (locations/successions.py).
    """

    class Kind(models.TextChoices):
        WHOLE = "whole", _("toàn bộ")
        PART = "part", _("một phần")

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị trước 01/07/2025"),
        on_delete=models.CASCADE,
        related_name="successions_out",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    kind = models.CharField(_("phạm vi"), max_length=5, choices=Kind.choices)
    is_main = models.BooleanField(
        _("đơn vị kế thừa chính"),
        default=True,
        help_text=_("Với đơn vị bị chia: đơn vị mà nguồn dữ liệu chọn khi địa chỉ không có đường."),
    )
    source = models.CharField(_("nguồn dữ liệu"), max_length=100)
    loaded_at = models.DateTimeField(_("ngày nạp"))

    class Meta:
        verbose_name = _("đơn vị kế thừa")
        verbose_name_plural = _("đơn vị kế thừa")
        ordering = ["predecessor__path", "successor__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="unit_succession_not_itself",
            ),
        ]
        indexes = [models.Index(fields=["successor", "predecessor"], name="unit_succ_by_successor")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"
