from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportServicesConfig(AppConfig):
    name = "support_services"
    verbose_name = _("Hỗ trợ và tái hòa nhập")

    def ready(self):
        _register_case_page()
        _register_personal_data()
        _register_period_locks()


def _register_case_page():
    """Each part puts its section on the case page and its events on the case timeline, after
    the dossier (verification, order 100), in this order."""
    from support_services.applications import case_page as applications
    from support_services.referrals import case_page as referrals
    from support_services.reintegration import case_page as followups
    from support_services.supports import case_page as supports
    from victims import registry

    # (name, tab title, section, events, what it has due, what it has open: the summary)
    parts = [
        (
            "supports",
            _("Hỗ trợ"),
            supports.support_section,
            supports.support_events,
            None,
            supports.open_supports,
        ),
        (
            "followups",
            _("Theo dõi, đóng hồ sơ"),
            followups.followups_section,
            followups.followups_events,
            followups.followups_due,
            followups.pending_closure,
        ),
        (
            "applications",
            _("Đơn đề nghị hỗ trợ"),
            applications.applications_section,
            applications.applications_events,
            applications.applications_due,
            None,
        ),
        (
            "referrals",
            _("Chuyển gửi"),
            referrals.referrals_section,
            referrals.referrals_events,
            referrals.referrals_due,
            None,
        ),
    ]
    for order, (name, title, section, events, due, open_items) in zip(
        (200, 210, 220, 230), parts, strict=True
    ):
        registry.register_case_section(
            name, section, order=order, title=title, due=due, open_items=open_items
        )
        registry.register_timeline_source(name, events, order=order)


def _register_period_locks():
    """The rows that count in a report period, locked when its report is approved."""
    from support_services import period_locks

    period_locks.register_all()


def _register_personal_data():
    """What anonymisation does to each part's rows (victims.anonymise)."""
    from support_services.applications import personal_data as applications
    from support_services.referrals import personal_data as referrals
    from support_services.reintegration import personal_data as followups
    from support_services.supports import personal_data as supports

    for part in (supports, applications, referrals, followups):
        part.register()
