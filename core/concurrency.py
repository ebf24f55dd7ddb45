"""Optimistic locking: no edit silently overwrites another (issue 8, "no lost updates").

- `VersionedModel` (abstract) gives a row a `version` number. Its `save()` of an existing row
  first runs `UPDATE … SET version = n + 1 WHERE pk = … AND version = n`, where n is the
  version the instance was loaded with (or the version an edit form carried): one statement
  checks and bumps it, and locks the row until the save that follows commits. When no row
  matches although the row exists, someone saved it in between: `StaleVersionError` is raised
  and nothing is written. Only public API (QuerySet.update, Model.save), so a Django upgrade
  cannot silently turn the check off. Saves with `update_fields` (background tasks) bump the
  version too, so a form opened before cannot write over what they changed. Historical models
  of simple-history get the column like any other field, one history row per save.
- `VersionedFormMixin` carries the version in a hidden field of a form editing a versioned row
  (a ModelForm of it, or a plain form of a workflow step given `versioned=row`). When the row
  was saved since the form was opened, the form is invalid with a Vietnamese message listing the
  fields that differ, with what the user typed and what is stored now; the form is shown again
  with what was typed and now carries the current version, so saving again is a deliberate
  choice to write over.
- `VersionedAdminMixin` does the same in the Django admin (its revert view of simple-history
  included).

A form that edits other rows together with its versioned row (a Reception with its Case) names
them in `version_companions`; their fields are compared too, and the row's version covers them,
since they are only edited through that form and saved in the same transaction.
"""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from core.period_locks import refuse_if_locked

VERSION_FIELD = "version"
# Bookkeeping columns never listed as a difference.
IGNORED_FIELDS = {"id", VERSION_FIELD, "updated_at", "created_at", "search_name", "recorded_on"}


class StaleVersionError(ValidationError):
    """The row was saved by someone else since this instance (or form) was loaded."""

    def __init__(self, instance, expected: int):
        self.instance = instance
        self.expected = expected
        super().__init__(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "%(subject)s vừa được người khác lưu trong lúc bạn sửa (phiên bản bạn mở: "
                        "%(expected)s). Chưa có gì được lưu: hãy mở lại trang để xem nội dung mới."
                    )
                    % {
                        "subject": str(type(instance)._meta.verbose_name).capitalize(),
                        "expected": expected,
                    }
                ]
            }
        )


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *, force_insert=False, force_update=False, using=None, update_fields=None):
        """Check and bump the version, then save as Django does (signals, history, update_fields).

        Only public API: a conditional `UPDATE … SET version = version + 1 WHERE pk = … AND
        version = n` first, in one transaction with the save that follows. It matches no row
        when someone saved the row since this instance was loaded, and the row lock it takes
        holds off any other save until commit; the save then writes the bumped version with the
        other fields, so history records it in the one row of this save."""
        options = {"force_insert": force_insert, "force_update": force_update, "using": using}
        writes_nothing = update_fields is not None and not update_fields
        if self.pk is None or force_insert or writes_nothing:  # no stored version to check
            return super().save(**options, update_fields=update_fields)
        using = using or router.db_for_write(type(self), instance=self)
        expected = self.version or 0
        # A row of a locked report period is refused before the transaction below begins (its
        # pre_save check would run inside it, marking the caller's transaction for rollback).
        refuse_if_locked(self, update_fields=update_fields)
        with transaction.atomic(using=using, savepoint=False):
            if not self._bump_version(using, expected):
                # The row is gone: Django inserts it, as for any model (or refuses a forced
                # update or an update of some fields).
                return super().save(**options, update_fields=update_fields)
            if update_fields is not None:
                # A save of some fields writes the version too: a task's save bumps it as a
                # form's does, so a form opened before cannot write over what the task changed.
                update_fields = {*update_fields, VERSION_FIELD}
            try:
                return super().save(**options, update_fields=update_fields)
            except BaseException:
                self.version = expected  # the bump is rolled back with the failed save
                raise

    def _bump_version(self, using: str, expected: int) -> bool:
        """True when the row had the `expected` version and now has the next one; False when the
        row does not exist; StaleVersionError when it has another version (nothing written)."""
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        if rows.filter(**{VERSION_FIELD: expected}).update(**{VERSION_FIELD: F(VERSION_FIELD) + 1}):
            self.version = expected + 1
            return True
        if rows.exists():
            raise StaleVersionError(self, expected)
        return False


def current_version(model, pk) -> int | None:
    return model._base_manager.filter(pk=pk).values_list(VERSION_FIELD, flat=True).first()


# --- Showing values --------------------------------------------------------------------------


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def display_value(value, *, choices=None) -> str:
    """A value as users read it: dd/mm/yyyy, Có/Không, the label of a choice, "(trống)"."""
    if _empty(value):
        return _("(trống)")
    if isinstance(value, list | tuple | set | models.QuerySet):
        return ", ".join(display_value(item, choices=choices) for item in value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if choices:
        labels = {str(key): label for key, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value)


def _field_choices(field):
    choices = getattr(field, "choices", None)
    if choices is None or isinstance(field, forms.ModelChoiceField):
        return None
    flat = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((key, label))
    return flat


def _form_value_display(field, value) -> str:
    if isinstance(field, forms.ModelMultipleChoiceField) and not _empty(value):
        if not isinstance(value, models.QuerySet) and not all(
            isinstance(item, models.Model) for item in value
        ):
            value = field.queryset.filter(pk__in=[getattr(v, "pk", v) for v in value])
        return display_value(sorted(str(item) for item in value))
    if isinstance(field, forms.ModelChoiceField) and not _empty(value):
        if not isinstance(value, models.Model):
            value = field.queryset.filter(pk=value).first() or value
        return str(value)
    return display_value(value, choices=_field_choices(field))


def model_value_display(instance, field: models.Field) -> str:
    if field.is_relation and field.many_to_one:
        related_id = getattr(instance, field.attname)
        if related_id is None:
            return display_value(None)
        related = field.related_model._base_manager.filter(pk=related_id).first()
        return str(related) if related is not None else str(related_id)
    return display_value(getattr(instance, field.attname), choices=field.flatchoices or None)


# --- The conflict report ---------------------------------------------------------------------


def _history_snapshot(instance, version: int):
    history = getattr(type(instance), "history", None)
    if history is None:
        return None
    return (
        history.model.objects.filter(**{instance._meta.pk.attname: instance.pk, "version": version})
        .order_by("-history_date")
        .first()
    )


def _last_saver(instance) -> tuple[str, str]:
    history = getattr(type(instance), "history", None)
    if history is None:
        return "", ""
    record = (
        history.model.objects.filter(**{instance._meta.pk.attname: instance.pk})
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    if record is None:
        return "", ""
    user = record.history_user
    name = (user.get_full_name() or user.get_username()) if user else ""
    return name, display_value(record.history_date)


def conflict_message(stored, expected: int, rows) -> str:
    """The message of a stale form: who saved and when, both version numbers, and the fields
    that differ — (label, what you typed, what is stored now)."""
    name, when = _last_saver(stored)
    subject = str(stored._meta.verbose_name).capitalize()
    if name:
        head = _(
            "%(subject)s đã được %(name)s lưu lúc %(when)s, sau khi bạn mở trang này (phiên bản "
            "bạn mở: %(expected)s, phiên bản đang lưu: %(current)s). Chưa có gì được lưu."
        ) % {
            "subject": subject,
            "name": name,
            "when": when,
            "expected": expected,
            "current": stored.version,
        }
    else:
        head = _(
            "%(subject)s đã được người khác lưu sau khi bạn mở trang này (phiên bản bạn mở: "
            "%(expected)s, phiên bản đang lưu: %(current)s). Chưa có gì được lưu."
        ) % {"subject": subject, "expected": expected, "current": stored.version}
    items = format_html_join(
        "",
        '<li data-conflict-field="{}"><strong>{}</strong>: {} «{}» — {} «{}»</li>',
        (
            (key, label, mine_label, mine, _("đang lưu"), theirs)
            for key, label, mine_label, mine, theirs in rows
        ),
    )
    tail = _(
        "Nội dung bạn nhập vẫn còn trên biểu mẫu. Kiểm tra lại; bấm lưu lần nữa nếu muốn ghi "
        "nội dung của bạn thay cho nội dung đang lưu."
    )
    if not rows:
        return format_html("{} {}", head, tail)
    return format_html(
        '{} <span class="d-block mt-1">{}</span><ul class="mb-1" data-testid="conflict">{}</ul>{}',
        head,
        _("Các trường khác nhau:"),
        items,
        tail,
    )


class VersionedFormMixin:
    """A form carrying the version of the row it edits. For a ModelForm the row is its instance;
    a plain form (a workflow step) gets it as `versioned=`. `version_field_map` maps a plain
    form's fields to the row's fields where their names differ."""

    version_field_map: dict = {}
    version_companions: tuple = ()
    version_from_db = False  # the admin's revert view: the form shows an old copy of the row
    version_conflict = False  # set when the row was saved since the form was opened

    def __new__(cls, *args, **kwargs):
        form = super().__new__(cls)
        # Every keyword the form was built with (a subclass may consume some, like `user`), to
        # build a copy of it showing the stored row when the row turns out to be stale.
        form._init_kwargs = {
            key: value
            for key, value in kwargs.items()
            if key not in {"data", "files", "instance", "initial", "prefix", "versioned"}
        }
        return form

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        if self.versioned is None:
            return
        version = self.versioned.version
        if self.version_from_db and self.versioned.pk:
            version = current_version(type(self.versioned), self.versioned.pk) or version
        if VERSION_FIELD not in self.fields:
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
        self.fields[VERSION_FIELD].initial = version
        self.initial[VERSION_FIELD] = version

    @property
    def expected_version(self) -> int | None:
        return getattr(self, "cleaned_data", {}).get(VERSION_FIELD)

    def clean(self):
        data = super().clean()
        row = self.versioned
        expected = data.get(VERSION_FIELD)
        if row is None or row.pk is None or expected is None:
            return data
        stored = type(row)._base_manager.filter(pk=row.pk).first()
        if stored is None or stored.version == expected:
            return data
        self.version_conflict = True
        rows = self.conflict_rows(stored, expected)
        self.add_error(None, conflict_message(stored, expected, rows))
        # Shown again with what was typed; saving again is a choice to write over.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = stored.version
        return data

    def _post_clean(self):
        super()._post_clean()
        instance = getattr(self, "instance", None)
        expected = getattr(self, "cleaned_data", {}).get(VERSION_FIELD)
        if instance is not None and instance is self.versioned and expected is not None:
            instance.version = expected

    # The differences -----------------------------------------------------------------------

    def conflict_rows(self, stored, expected: int) -> list:
        rows = []
        covered = set()
        if isinstance(self, forms.BaseModelForm) and type(self.instance) is type(stored):
            rows += _model_form_rows(self, stored, covered)
        else:
            rows += self._plain_form_rows(stored, covered)
        for companion in self.version_companions:
            related = _companion_stored(companion)
            if related is not None:
                rows += _model_form_rows(companion, related, set())
        rows += _changed_elsewhere(stored, expected, covered)
        return rows

    def _plain_form_rows(self, stored, covered: set) -> list:
        rows = []
        model_fields = {f.name: f for f in stored._meta.concrete_fields}
        for name, field in self.fields.items():
            target = self.version_field_map.get(name, name)
            if name == VERSION_FIELD or target not in model_fields:
                continue
            covered.add(target)
            typed = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            now = getattr(stored, model_fields[target].attname)
            if isinstance(typed, str) and isinstance(now, str):
                typed, now = typed.strip(), now.strip()
            if (typed if not _empty(typed) else None) == (now if not _empty(now) else None):
                continue
            rows.append(
                (
                    target,
                    field.label or model_fields[target].verbose_name,
                    _("bạn nhập"),
                    _form_value_display(field, typed),
                    model_value_display(stored, model_fields[target]),
                )
            )
        return rows


def _companion_stored(form):
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def _model_form_rows(form, stored, covered: set) -> list:
    """Fields of a ModelForm whose typed value differs from the stored row, compared as Django
    compares changed data: against the initial value a fresh form of the stored row would show."""
    kwargs = getattr(form, "_init_kwargs", {})
    try:
        fresh = type(form)(instance=stored, prefix=form.prefix, **kwargs)
    except TypeError:
        return []
    model_names = {f.name for f in stored._meta.get_fields()}
    rows = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or isinstance(field.widget, forms.HiddenInput):
            continue
        if name in model_names:
            covered.add(name)
        initial = fresh[name].initial
        typed_data = form[name].data
        try:
            changed = field.has_changed(initial, typed_data)
        except ValidationError:
            changed = True
        if not changed:
            continue
        typed = getattr(form, "cleaned_data", {}).get(name, typed_data)
        rows.append(
            (
                name,
                field.label or name,
                _("bạn nhập"),
                _form_value_display(field, typed),
                _form_value_display(field, initial),
            )
        )
    return rows


def _changed_elsewhere(stored, expected: int, covered: set) -> list:
    """Fields outside the form that changed since the version the user opened (a workflow step
    moved the status, a task flagged the row overdue), from the row's history."""
    snapshot = _history_snapshot(stored, expected)
    if snapshot is None:
        return []
    rows = []
    for field in stored._meta.concrete_fields:
        if (
            field.name in IGNORED_FIELDS
            or field.name in covered
            or not hasattr(snapshot, field.attname)
        ):
            continue
        if getattr(snapshot, field.attname) == getattr(stored, field.attname):
            continue
        rows.append(
            (
                field.name,
                str(field.verbose_name).capitalize(),
                _("khi bạn mở trang"),
                model_value_display(snapshot, field),
                model_value_display(stored, field),
            )
        )
    return rows


# --- Admin -----------------------------------------------------------------------------------


class VersionedAdminForm(VersionedFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionedAdminMixin:
    """A ModelAdmin whose change form carries the version; a stale save gets a form error."""

    form = VersionedAdminForm

    def get_exclude(self, request, obj=None):
        # The model field is not editable; the form's own hidden field carries it.
        return [*(super().get_exclude(request, obj) or ()), VERSION_FIELD]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "_version_from_db", False):
            form = type(form.__name__, (form,), {"version_from_db": True})
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting shows an old copy of the row; it is a change of the row as it is now.
        request._version_from_db = True
        return super().history_form_view(request, object_id, version_id, extra_context)
