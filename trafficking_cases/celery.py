"""Celery application, as in Celery's "First steps with Django"."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")

app = Celery("trafficking_cases")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _log_like_the_web(logger, **kwargs):
    """Worker lines in LOG_FORMAT (plain or JSON), with the task id (operations.logs)."""
    from django.conf import settings

    from operations.logs import adopt_celery_handlers

    adopt_celery_handlers(logger, settings.LOG_FORMAT)
