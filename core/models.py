"""Abstract model bases shared by the apps, and the one table of core: the report periods
locked by an approval (`PeriodLock`, see core/period_locks.py)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.fields import user_fk


class PartOfRecord:
    """A row that belongs to another record — its one foreign key deleted with it (CASCADE):
    an event of a dossier, a document of a support, a participation in an activity. It is seen
    by whoever sees that record: its `scope_unit_field` (accounts.access) is the record's, through
    that foreign key, never written twice."""

    @classmethod
    def record_field(cls):
        """The foreign key to the record this row belongs to."""
        (field,) = (
            field
            for field in cls._meta.concrete_fields
            if field.many_to_one and field.remote_field.on_delete is models.CASCADE
        )
        return field

    @classproperty
    def scope_unit_field(cls):
        field = cls.record_field()
        return "__".join(filter(None, [field.name, field.related_model.scope_unit_field]))


class Attachment(PartOfRecord, models.Model):
    """A file attached to a record (an activity, a support, a dossier): who added it and when,
    with its history. Each model adds its own `file` (its folder), kind and details."""

    added_by = user_fk()
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()


class ReferenceQuerySet(models.QuerySet):
    """Read vocabulary of a reference list that rows are retired from (`Deactivatable`)."""

    def active(self):
        """The rows officers may pick today: forms, filters, pickers and the import use these."""
        return self.filter(is_active=True)

    def usable(self, keep=None):
        """The active rows, and `keep` even when retired (a row, an id, several, a queryset of
        rows or of their ids): what a form editing an old record offers, so that the record keeps
        its value, and only that record."""
        if keep is None:
            return self.active()
        if isinstance(keep, models.QuerySet):  # of this model, or of one column of ids
            kept = keep.values("pk") if keep.model is self.model and not keep._fields else keep
        else:
            if isinstance(keep, models.Model) or not hasattr(keep, "__iter__"):
                keep = [keep]
            kept = [getattr(item, "pk", item) for item in keep]
            kept = [pk for pk in kept if pk not in (None, "")]
        return self.filter(Q(is_active=True) | Q(pk__in=kept))


class Deactivatable(models.Model):
    """A row of a reference list (ethnic groups, exploitation forms, support types, target
    groups, providers) that is retired, never deleted, once records use it: `is_active=False`
    takes it off every form, filter, picker and import, while old records keep showing it and
    reports keep counting them under it. Its history is the model's own (simple-history)."""

    # Read by the guarded admin (accounts.admin), which may not import core.
    retired_not_deleted = True

    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True


class RecordedOn(models.Model):
    """`recorded_on`: the day the row was written, set by `save()`. A CHECK constraint compares
    dates with it for "not in the future" (a CHECK cannot call now() on every database). It is
    the day of the latest save, or of the first one when `recorded_once`."""

    recorded_on = models.DateField(editable=False)
    recorded_once = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.recorded_on is None or not self.recorded_once:
            self.recorded_on = timezone.localdate()
        super().save(*args, **kwargs)


class PeriodLock(models.Model):
    """A report period locked for a unit's area by the approval of its report: records that
    count in the period (core.period_locks) may not change until a supervisor reopens it with a
    reason. Written by `reports.services`; the report is named by `label` (core cannot import
    reports). One row per area and period; a new approval locks it again, the history keeps
    every lock and reopening."""

    unit = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("phạm vi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    label = models.CharField(_("báo cáo đã phê duyệt"), max_length=300)
    source = models.CharField(_("nguồn"), max_length=100, blank=True)
    locked_by = user_fk(_("người phê duyệt"), blank=True)
    locked_at = models.DateTimeField(_("thời điểm khóa"))
    reopened_by = user_fk(_("người mở lại"), blank=True)
    reopened_at = models.DateTimeField(_("thời điểm mở lại"), null=True, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    history = HistoricalRecords()

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("kỳ báo cáo đã khóa")
        verbose_name_plural = _("kỳ báo cáo đã khóa")
        ordering = ["-locked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_lock_ordered"),
            models.UniqueConstraint(
                fields=["unit", "start", "end"], name="one_period_lock_per_area_and_period"
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                name="period_lock_reopened_with_reason",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_active(self) -> bool:
        return self.reopened_at is None


class EnglishName(models.Model):
    """A reference row's English name beside its Vietnamese `name` (issue 16 item 7): shown
    — `display_name`, `str()` — when the active language is English and it is filled, else the
    Vietnamese name. Reports in Vietnamese stay Vietnamese (they render in "vi")."""

    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=200,
        blank=True,
        help_text=_("Hiện khi người dùng chọn tiếng Anh; để trống thì hiện tên tiếng Việt."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return name_shown(self.name, self.name_en)


def in_english() -> bool:
    """Whether the active language is English (the UI's second language)."""
    return (get_language() or "").startswith("en")


def name_shown(name: str, name_en: str | None) -> str:
    """The name of a reference row as shown in the active language: the English one in English
    mode when it is filled, else the Vietnamese one. For rows read as values
    (`values("support_type__name", "support_type__name_en")`) where no instance is at hand."""
    if name_en and in_english():
        return name_en
    return name


def display_names(queryset, *, key: str = "pk") -> dict:
    """`{row's key: its name as shown}` for the reference rows of `queryset` (one query), to
    label figures grouped by a reference row's `key` (its code, its Vietnamese name...)."""
    return {
        row[key]: name_shown(row["name"], row["name_en"])
        for row in queryset.values(key, "name", "name_en")
    }


def english_names_fill(model, names: dict, *, key: str = "code") -> None:
    """Give the rows whose English name is empty the one of `names` (key value -> English),
    for the data migrations and loaders; a name a supervisor typed is kept."""
    for value, english in names.items():
        model.objects.filter(**{key: value}, name_en="").update(name_en=english)
