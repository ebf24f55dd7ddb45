"""Beat, every minute: the worker that runs it records that it is alive (read by /health/)."""

import datetime

from celery import shared_task
from django.utils import timezone

from operations.models import WorkerHeartbeat

# Rows of workers gone for this long are removed (a renamed or retired host).
FORGET_AFTER = datetime.timedelta(days=7)


@shared_task(bind=True, ignore_result=True)
def record_worker_heartbeat(self) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=(self.request.hostname or "worker")[:200], defaults={"last_seen": now}
    )
    WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()
