from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimsConfig(AppConfig):
    name = "victims"
    verbose_name = _("Nạn nhân và vụ việc")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_reference_data, sender=self, dispatch_uid="victims-reference")

        from victims import personal_data

        # What anonymisation does to this app's rows; the apps built on victims add theirs.
        personal_data.register()


def _ensure_reference_data(sender, **kwargs):
    from victims.models import EthnicGroup, ExploitationForm
    from victims.reference_data import ensure_reference_data

    ensure_reference_data(EthnicGroup, ExploitationForm)
