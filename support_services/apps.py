from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportServicesConfig(AppConfig):
    name = "support_services"
    verbose_name = _("Hỗ trợ và tái hòa nhập")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_support_types, sender=self, dispatch_uid="support-types")


def _ensure_support_types(sender, **kwargs):
    from support_services.models import SupportType
    from support_services.reference_data import support_types

    for row in support_types():
        SupportType.objects.get_or_create(regime=row["regime"], code=row["code"], defaults=row)
