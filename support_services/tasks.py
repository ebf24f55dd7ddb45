from celery import shared_task

from support_services.reintegration import notifications as closure_notifications
from support_services.supports import notifications


@shared_task
def notify_support_event(event_id: int) -> int:
    return notifications.notify_event(event_id)


@shared_task
def notify_closure_event(event_id: int) -> int:
    return closure_notifications.notify_event(event_id)
