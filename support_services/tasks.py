from celery import shared_task

from support_services.supports import notifications


@shared_task
def notify_support_event(event_id: int) -> int:
    return notifications.notify_event(event_id)
