"""Abstract model bases shared by the apps (no table of their own, no migration)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Attachment(models.Model):
    """A file attached to a record (an activity, a support, a dossier): who added it and when,
    with its history. Each model adds its own `file` (its folder), kind and details."""

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()
