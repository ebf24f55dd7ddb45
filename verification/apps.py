from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Hồ sơ xác minh")

    def ready(self):
        from verification import period_locks, personal_data
        from verification.case_page import dossier_due, dossier_events, dossier_section
        from victims import registry

        # The dossier comes first on the case page, before what support_services adds.
        registry.register_case_section(
            "dossier", dossier_section, order=100, title=self.verbose_name, due=dossier_due
        )
        registry.register_timeline_source("dossier", dossier_events, order=100)
        personal_data.register()
        period_locks.register_all()
