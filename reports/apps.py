from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from reports.dashboard import data_changed

        # Every write to the records the dashboard counts starts a new data version.
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(data_changed, dispatch_uid=f"dashboard-data-{name}")
