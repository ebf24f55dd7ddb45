from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Hồ sơ xác minh")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_reference_data, sender=self, dispatch_uid="verification-ref")

        from verification.case_page import dossier_events, dossier_section
        from victims import timeline

        if dossier_section not in timeline.CASE_PAGE_SECTIONS:
            timeline.CASE_PAGE_SECTIONS.append(dossier_section)
            timeline.CASE_EVENT_SOURCES.append(dossier_events)


def _ensure_reference_data(sender, **kwargs):
    from verification.models import DeadlineRule, PublicHoliday
    from verification.reference_data import ensure_reference_data

    ensure_reference_data(DeadlineRule, PublicHoliday)
