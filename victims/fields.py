"""The link the apps built on victims make to a case, declared once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def case_fk(related_name, *, field=models.ForeignKey):
    """A foreign key (or `field=models.OneToOneField`) to `victims.Case`, named "vụ việc"; a
    case is never deleted while something points at it (PROTECT)."""
    return field(
        "victims.Case",
        verbose_name=_("vụ việc"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )
