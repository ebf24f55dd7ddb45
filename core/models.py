"""Abstract model bases shared by the apps (no table of their own, no migration)."""

from django.db import models
from django.utils import timezone
from django.utils.functional import classproperty
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
