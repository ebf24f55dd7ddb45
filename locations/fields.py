"""The link every app makes to an administrative unit, declared once (see `unit_fk`)."""

from django.db import models


def unit_fk(verbose_name, *, optional=False, related_name="+", **options):
    """A foreign key to `locations.AdministrativeUnit`. A unit is never deleted while something
    points at it (PROTECT); `optional` allows none (null and blank); no reverse accessor unless
    `related_name` names one. `options` are the field's other arguments (help_text, ...)."""
    return models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=verbose_name,
        null=optional,
        blank=optional,
        on_delete=models.PROTECT,
        related_name=related_name,
        **options,
    )


CURRENT_PROVINCES = {"level": "province", "is_legacy": False}


def province_fk(verbose_name, **options):
    """A foreign key to a current province (the choices offer no other unit)."""
    return unit_fk(verbose_name, limit_choices_to=CURRENT_PROVINCES, **options)
