from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimsConfig(AppConfig):
    name = "victims"
    verbose_name = _("Nạn nhân và vụ việc")

    def ready(self):
        from victims import period_locks, personal_data

        # What anonymisation does to this app's rows; the apps built on victims add theirs.
        personal_data.register()
        # The rows that count in a report period, locked when its report is approved.
        period_locks.register_all()
