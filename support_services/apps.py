from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportServicesConfig(AppConfig):
    name = "support_services"
    verbose_name = _("Hỗ trợ và tái hòa nhập")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_support_types, sender=self, dispatch_uid="support-types")
        post_migrate.connect(
            _ensure_application_deadlines, sender=self, dispatch_uid="app-deadlines"
        )

        # Each part of the app puts its section on the case page and its events on the timeline.
        from support_services.applications.case_page import (
            applications_events,
            applications_section,
        )
        from support_services.referrals.case_page import referrals_events, referrals_section
        from support_services.reintegration.case_page import followups_events, followups_section
        from support_services.supports.case_page import support_events, support_section
        from victims import timeline

        for section, events in [
            (support_section, support_events),
            (followups_section, followups_events),
            (applications_section, applications_events),
            (referrals_section, referrals_events),
        ]:
            if section not in timeline.CASE_PAGE_SECTIONS:
                timeline.CASE_PAGE_SECTIONS.append(section)
                timeline.CASE_EVENT_SOURCES.append(events)


def _ensure_support_types(sender, **kwargs):
    from support_services.models import SupportType
    from support_services.supports.reference_data import support_types

    for row in support_types():
        SupportType.objects.get_or_create(regime=row["regime"], code=row["code"], defaults=row)


def _ensure_application_deadlines(sender, **kwargs):
    from support_services.applications.reference_data import ensure_application_deadlines
    from support_services.models import ApplicationDeadline

    ensure_application_deadlines(ApplicationDeadline)
