from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimsConfig(AppConfig):
    name = "victims"
    verbose_name = _("Nạn nhân và vụ việc")

    def ready(self):
        from core import digests
        from victims import period_locks, personal_data
        from victims.importing import fingerprints
        from victims.models import ImportedRow

        # What anonymisation does to this app's rows; the apps built on victims add theirs.
        personal_data.register()
        # The rows that count in a report period, locked when its report is approved.
        period_locks.register_all()
        # The imported rows' fingerprints are keyed digests, recomputed by rotate_field_keys.
        digests.register(ImportedRow, "fingerprint", recompute=fingerprints.recompute)
