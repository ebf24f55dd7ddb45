from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared mechanics with no domain rule: the workflow step, optimistic locking, field
    encryption, the spreadsheet writer and its cell guard, formats and display filters."""

    name = "core"
    verbose_name = _("Cơ chế dùng chung")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.lists import units_changed
        from locations.models import AdministrativeUnit

        # The unit selects of the lists keep their choices until a unit changes.
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(units_changed, sender=AdministrativeUnit, dispatch_uid=f"units-{name}")
