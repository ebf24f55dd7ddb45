from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và tổ chức")

    def ready(self):
        from accounts import signals

        signals.connect_post_migrate()
