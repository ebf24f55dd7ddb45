"""Report periods locked by an approval: the records that count in a locked period do not change.

Approving a report (`reports.services.report_approve`) locks its period for its unit's area — a
`core.models.PeriodLock` row: the unit, the first and last day, a label naming the report, who
approved and when. Until a supervisor reopens it with a reason (`reopen`, audited: who, when,
why; a new approval locks it again), a change to a record that counts in that period is refused
with a Vietnamese message naming the approved report (`PeriodLocked`).

Which records count in a period is declared by the app that owns them, in its
`AppConfig.ready()` (core imports no domain app, as `victims/registry.py` does for personal
fields)::

    period_locks.register(
        Reception, Counted("received_on"), unit="case__managing_unit", subject=_("tiếp nhận")
    )

A model counts by one or more dates (`Counted.date`, a lookup path such as
`"reception__received_on"`; a record is in a period when one of its dates is), in the area of
one unit (`unit`, a lookup path to an AdministrativeUnit; by default the model's
`scope_unit_field`): a lock covers a record when the day lies in the lock's period and the unit
lies in the lock's area (its path starts with the lock unit's path, the jurisdiction rule of
`accounts.access.scope_to_unit`). For each date, `Counted.fields` names the fields whose change
alters that period's figures (`ALL`: every editable field and many-to-many relation); `value`
adds a figure-facing state that is not a plain field. A change is refused when, for one date,
the record's state (its days, its units, those fields) differs before and after and a locked
period holds the day before or the day after — so a record moved out of, or into, a locked
period is refused for both dates. Creating and deleting are changes.

The check (`refuse_if_locked`) runs in two places from one function: the model guard (pre_save,
pre_delete and m2m_changed signals of every registered model — no path escapes: screens,
services, workflow steps, imports, the admin, the shell; `QuerySet.update()` and raw SQL are not
used on these models) and the model's `clean()` (wrapped at registration), so that a ModelForm
shows the refusal as a non-field error with what the user typed. Anonymisation, which keeps the
figures by design, runs inside `figures_kept()`.
"""

import contextlib
import contextvars
import copy
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

ALL = "__all__"

_suspended = contextvars.ContextVar("period_locks_suspended", default=False)


@dataclass(frozen=True)
class Counted:
    """One date by which a model's rows count in a report period, and what of the row the
    figures of that period read."""

    date: str
    fields: tuple[str, ...] | str = ALL
    exclude: tuple[str, ...] = ()  # with ALL: fields left out (handled by another record)
    value: Callable | None = None  # a row -> a hashable state the figures read


@dataclass(frozen=True)
class CountedModel:
    model: type[models.Model]
    counted: tuple[Counted, ...]
    unit: str
    subject: str


_registry: dict[type, CountedModel] = {}


class PeriodLocked(ValidationError):
    """A change refused because a locked period holds the record. A ValidationError with one
    non-field message, so that forms and the views that show a service's ValidationError show
    it; `str()` is the message itself."""

    def __init__(self, lock, subject: str = ""):
        self.lock = lock
        self.text = locked_message(lock, subject)
        super().__init__({NON_FIELD_ERRORS: [self.text]})

    def __str__(self):
        return self.text


def locked_message(lock, subject: str = "") -> str:
    user = lock.locked_by
    approver = (user.get_full_name() or user.username) if user else ""
    return _(
        "Không lưu được thay đổi: %(subject)s thuộc kỳ báo cáo đã được phê duyệt và khóa — "
        "%(report)s, phê duyệt bởi %(approver)s ngày %(date)s. Muốn sửa số liệu của kỳ này, "
        "cán bộ quản trị hệ thống phải mở lại kỳ báo cáo (ghi rõ lý do)."
    ) % {
        "subject": subject or _("dữ liệu này"),
        "report": lock.label,
        "approver": approver or _("(không rõ)"),
        "date": f"{timezone.localtime(lock.locked_at):%d/%m/%Y}",
    }


# --- Registration ---------------------------------------------------------------------------------


def register(model, *counted: Counted, unit: str | None = None, subject: str = "") -> None:
    """Declare that rows of `model` count in report periods by the dates of `counted`.
    Registering a model again replaces its entry (ready() may run twice in tests)."""
    if not counted:
        raise ImproperlyConfigured(f"{model.__name__}: name at least one date it counts by.")
    unit = unit if unit is not None else getattr(model, "scope_unit_field", None)
    if not unit:
        raise ImproperlyConfigured(f"{model.__name__}: name the unit its rows belong to.")
    entry = CountedModel(model=model, counted=tuple(counted), unit=unit, subject=str(subject))
    for item in entry.counted:
        _check_path(model, item.date)
        for name in _field_names(model, item.fields, item.exclude):
            model._meta.get_field(name)
    _check_path(model, unit)
    _registry[model] = entry
    uid = f"period_locks:{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid, weak=False)
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid, weak=False)
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            _before_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
        )
    _guard_clean(model)


def registered() -> list[CountedModel]:
    return sorted(_registry.values(), key=lambda entry: entry.model._meta.label)


def _entry(model) -> CountedModel | None:
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
    return None


def _check_path(model, path: str) -> None:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model if field.is_relation else model


def _guard_clean(model) -> None:
    """Wrap `model.clean` so that a ModelForm (and full_clean) refuses the change too."""
    current = model.__dict__.get("clean")
    if getattr(current, "period_lock_guard", False):
        return
    original = model.clean

    def clean(self):
        original(self)
        refuse_if_locked(self)

    clean.period_lock_guard = True
    clean.__doc__ = original.__doc__
    model.clean = clean


# --- Suspending the check -----------------------------------------------------------------------


@contextlib.contextmanager
def figures_kept():
    """Changes that keep every figure by design (anonymisation writes the age at reception
    and the province of residence before it erases the birth date and the commune)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


# --- The check ----------------------------------------------------------------------------


def active_locks() -> list:
    from core.models import PeriodLock

    return list(
        PeriodLock.objects.filter(reopened_at__isnull=True)
        .select_related("unit", "locked_by")
        .order_by("locked_at", "pk")
    )


def lock_covering(unit, day: datetime.date, locks: Iterable | None = None):
    """The active lock whose period holds `day` and whose area holds `unit` (a unit or its
    materialised path), or None."""
    if unit is None or day is None:
        return None
    path = unit if isinstance(unit, str) else unit.path
    for lock in active_locks() if locks is None else locks:
        if lock.start <= day <= lock.end and path.startswith(lock.unit.path):
            return lock
    return None


def refuse_if_locked(instance, *, deleting: bool = False, update_fields=None, m2m=None) -> None:
    """Raise PeriodLocked when saving (or, with `deleting`, deleting) `instance` would change a
    record that counts in a locked period. `m2m` names a many-to-many field about to change."""
    entry = _entry(type(instance))
    if entry is None or _suspended.get():
        return
    locks = active_locks()
    if not locks:
        return
    stored = _stored(instance)
    if deleting:
        before, after = stored or instance, None
    else:
        before = stored
        after = _merged(stored, instance, update_fields) if stored and update_fields else instance
    for counted in entry.counted:
        old = _state(before, counted, entry) if before is not None else None
        new = _state(after, counted, entry) if after is not None else None
        touched = m2m is not None and m2m in _field_names(
            entry.model, counted.fields, counted.exclude
        )
        if old == new and not touched:
            continue
        places = (old[0] if old else frozenset()) | (new[0] if new else frozenset())
        for day, path in sorted(places):
            lock = lock_covering(path, day, locks)
            if lock is not None:
                raise PeriodLocked(lock, entry.subject)


def _stored(instance):
    if instance.pk is None or instance._state.adding:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def _merged(stored, instance, update_fields):
    """The row as it will be after `save(update_fields=...)`: the stored row with those
    fields of `instance`."""
    merged = copy.copy(stored)
    for name in update_fields:
        field = instance._meta.get_field(name)
        setattr(merged, field.attname, getattr(instance, field.attname))
        if field.is_relation and field.is_cached(merged):
            field.delete_cached_value(merged)
    return merged


def _field_names(model, fields, exclude=()) -> tuple[str, ...]:
    if fields != ALL:
        return tuple(fields)
    concrete = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.editable
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.name != "version"
    ]
    names = (*concrete, *(field.name for field in model._meta.many_to_many))
    return tuple(name for name in names if name not in exclude)


def _state(obj, counted: Counted, entry: CountedModel) -> tuple:
    """(the (day, unit path) pairs of `obj` for this date, the values the figures read)."""
    places = frozenset(_places(obj, counted.date, entry.unit))
    values = []
    for name in _field_names(entry.model, counted.fields, counted.exclude):
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values.append(
                tuple(sorted(getattr(obj, name).values_list("pk", flat=True))) if obj.pk else ()
            )
        else:
            values.append(getattr(obj, field.attname))
    if counted.value is not None:
        values.append(counted.value(obj))
    return places, tuple(values)


def _places(obj, date_path: str, unit_path: str):
    """Each (day, unit path) of `obj`, pairing a day with the unit of the same related row
    (a person's reception dates with the managing units of the same cases)."""
    dates, units = date_path.split("__"), unit_path.split("__")
    shared = 0
    while shared < len(dates) - 1 and shared < len(units) and dates[shared] == units[shared]:
        shared += 1
    for holder in _follow([obj], dates[:shared]):
        days = [day for day in _follow([holder], dates[shared:]) if day]
        paths = [unit.path for unit in _follow([holder], units[shared:]) if unit]
        for day in days:
            for path in paths:
                yield day, path


def _follow(objects: list, parts: list[str]) -> list:
    for part in parts:
        found = []
        for obj in objects:
            if obj is None:
                continue
            field = obj._meta.get_field(part)
            name = field.get_accessor_name() if field.auto_created and not field.concrete else part
            if field.one_to_many or field.many_to_many:
                if obj.pk is not None:
                    found.extend(getattr(obj, name).all())
                continue
            try:
                found.append(getattr(obj, name))
            except ObjectDoesNotExist:
                continue
        objects = found
    return objects


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        refuse_if_locked(instance, update_fields=update_fields)


def _before_delete(sender, instance, **kwargs):
    refuse_if_locked(instance, deleting=True)


def _before_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:
        for field in instance._meta.many_to_many:
            if field.remote_field.through is sender:
                refuse_if_locked(instance, m2m=field.name)
        return
    if _entry(model) is None or not pk_set:
        return
    for field in model._meta.many_to_many:
        if field.remote_field.through is sender:
            for row in model._base_manager.filter(pk__in=pk_set):
                refuse_if_locked(row, m2m=field.name)


# --- Locking and reopening (reports.services writes, supervisors reopen) -----------------------


@transaction.atomic
def lock_period(*, unit, start, end, label: str, actor, source: str = ""):
    """Lock the period `start`–`end` for `unit`'s area (an approval); a period reopened before
    is locked again. The history of the row keeps each lock and reopening."""
    from core.models import PeriodLock

    lock = PeriodLock.objects.select_for_update().filter(unit=unit, start=start, end=end).first()
    lock = lock or PeriodLock(unit=unit, start=start, end=end)
    lock.label, lock.source = label[:300], source[:100]
    lock.locked_by, lock.locked_at = actor, timezone.now()
    lock.reopened_by, lock.reopened_at, lock.reopen_reason = None, None, ""
    lock._history_user = actor
    lock.save()
    return lock


def may_reopen(user) -> bool:
    from accounts.policy import can

    return can(user, "report.reopen_period")


@transaction.atomic
def reopen(*, lock, actor, reason: str):
    """Reopen a locked period: a supervisor, with a reason (who, when and why are kept on the
    row and in its history). Raises PermissionDenied for another role, ValidationError (on
    `reason`) without a reason or for a period already open."""
    from accounts.access import is_visible
    from core.models import PeriodLock

    if not may_reopen(actor) or not is_visible(actor, lock):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do mở lại kỳ báo cáo.")})
    lock = PeriodLock.objects.select_for_update().get(pk=lock.pk)
    if not lock.is_active:
        raise ValidationError({"reason": _("Kỳ báo cáo này đang mở, không cần mở lại.")})
    lock.reopened_by, lock.reopened_at, lock.reopen_reason = actor, timezone.now(), reason
    lock._history_user = actor
    lock.save()
    return lock
