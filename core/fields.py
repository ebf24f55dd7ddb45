"""Field factories for the columns many models declare alike (no migration of their own: each
call makes the same field a model used to spell out).

A factory keeps each field where the model declares it, so forms and the admin list fields in
the same order as before; several fields come back as a tuple to unpack in the class body:

    created_by, created_at, updated_at = authorship()
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.fields import user_fk


def timestamps(created=None, updated=None):
    """`created_at`, `updated_at`: when the row was created, and last saved (with their
    verbose names, where the model shows them)."""
    return (
        models.DateTimeField(created, auto_now_add=True),
        models.DateTimeField(updated, auto_now=True),
    )


def authorship(by=None, created=None, updated=None):
    """`created_by`, `created_at`, `updated_at`: who created the row (kept when the account
    goes), when, and when it was last saved."""
    return (user_fk(by), *timestamps(created, updated))


def workflow_status(statuses, max_length):
    """`status` of a row that moves through a workflow (core.workflow): one of `statuses` (a
    TextChoices), starting at its first. Its events take their choices and length from it
    (`WorkflowEvent.fields_for`)."""
    return models.CharField(
        _("trạng thái"),
        max_length=max_length,
        choices=statuses.choices,
        default=next(iter(statuses)),
    )


def optional_link(to, verbose_name, related_name=None, *, field=models.ForeignKey):
    """A link a row may lack (null and blank): the row it points to is not deleted while
    linked (PROTECT). `field=models.OneToOneField` for a link that stays one to one."""
    return field(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )
