"""Celery application, as in Celery's "First steps with Django".

Three queues (issue 17, "Scale-out"), so that a long report never holds up a notification:
- "reports": the report runs and their housekeeping (minutes of CPU and memory each);
- "notifications": the e-mails and in-app notices of workflow events (seconds, time-sensitive);
- "celery": everything else (beat's housekeeping: overdue dossiers, sessions, files, heartbeat).
A worker started without -Q consumes all three (the demo); a deployment runs one service per
queue (docs/deployment.md) and adds workers to the queue that needs them.
"""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")

DEFAULT_QUEUE = "celery"
REPORTS_QUEUE = "reports"
NOTIFICATIONS_QUEUE = "notifications"
QUEUES = (DEFAULT_QUEUE, REPORTS_QUEUE, NOTIFICATIONS_QUEUE)

# Task name (or module prefix ending in ".") -> queue; anything not listed goes to the default.
ROUTES = {
    "reports.tasks.": REPORTS_QUEUE,
    "verification.tasks.notify_dossier_event": NOTIFICATIONS_QUEUE,
    "verification.tasks.remind_next_year_calendar": NOTIFICATIONS_QUEUE,
    "support_services.tasks.notify_support_event": NOTIFICATIONS_QUEUE,
    "support_services.tasks.notify_closure_event": NOTIFICATIONS_QUEUE,
}

app = Celery("trafficking_cases")
app.config_from_object("django.conf:settings", namespace="CELERY")

_suffix = ""


def queue_named(base: str) -> str:
    """The queue's name in this process: tests give each pytest-xdist worker queues of its own."""
    return f"{base}{_suffix}"


def all_queues() -> list[str]:
    return [queue_named(base) for base in QUEUES]


def use_queue_suffix(suffix: str) -> None:
    """Rename every queue with `suffix` (tests: one set of queues per pytest-xdist worker)."""
    global _suffix
    _suffix = suffix
    app.conf.task_default_queue = queue_named(DEFAULT_QUEUE)
    app.conf.task_queues = [Queue(name) for name in all_queues()]


def queue_of(task_name: str) -> str:
    for prefix, queue in ROUTES.items():
        if task_name == prefix or (prefix.endswith(".") and task_name.startswith(prefix)):
            return queue
    return DEFAULT_QUEUE


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery's task_routes: each task to the queue of its kind."""
    return {"queue": queue_named(queue_of(name))}


app.conf.task_default_queue = DEFAULT_QUEUE
app.conf.task_queues = [Queue(name) for name in QUEUES]
app.conf.task_routes = (route_task,)
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _log_like_the_web(logger, **kwargs):
    """Worker lines in LOG_FORMAT (plain or JSON), with the task id (operations.logs)."""
    from django.conf import settings

    from operations.logs import adopt_celery_handlers

    adopt_celery_handlers(logger, settings.LOG_FORMAT)
