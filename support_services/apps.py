from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportServicesConfig(AppConfig):
    name = "support_services"
    verbose_name = _("Hỗ trợ và tái hòa nhập")
