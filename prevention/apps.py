from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "prevention"
    verbose_name = _("Phòng ngừa")

    def ready(self):
        from prevention import period_locks

        # The rows that count in a report period, locked when its report is approved.
        period_locks.register_all()
