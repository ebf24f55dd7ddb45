from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "prevention"
    verbose_name = _("Phòng ngừa")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_target_groups, sender=self, dispatch_uid="target-groups")


def _ensure_target_groups(sender, **kwargs):
    from prevention.models import TargetGroup
    from prevention.reference_data import ensure_target_groups

    ensure_target_groups(TargetGroup)
