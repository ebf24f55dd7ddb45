from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Vận hành")

    def ready(self):
        from django.core.signals import request_started

        from operations.logs import clear_request_context

        # Each request starts with no request id and no user in the log context.
        request_started.connect(clear_request_context, dispatch_uid="operations.clear_log_context")
