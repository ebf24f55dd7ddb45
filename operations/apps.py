from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Vận hành")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from operations.logs import clear_request_context

        # The log context (request id, user id) lives from the start of a request until its
        # response is closed — after Django's own line about the response.
        request_started.connect(clear_request_context, dispatch_uid="operations.log_context_in")
        request_finished.connect(clear_request_context, dispatch_uid="operations.log_context_out")
