from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared mechanics with no domain rule: the workflow step, optimistic locking, field
    encryption, the spreadsheet writer and its cell guard, formats and display filters."""

    name = "core"
    verbose_name = _("Cơ chế dùng chung")
