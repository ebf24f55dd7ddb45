"""The link a record keeps to a user (who created, decided, visited, ...), declared once."""

from django.conf import settings
from django.db import models


def user_fk(verbose_name=None, *, blank=False, on_delete=models.SET_NULL):
    """A foreign key to the user model: nullable (the record outlives the account, or nobody is
    named yet), no reverse accessor; `blank` lets a form leave it empty; PROTECT instead of
    SET_NULL where the person must stay known."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=on_delete,
        related_name="+",
    )
