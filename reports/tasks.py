"""The report task: takes only the run's id, is idempotent (a rerun replaces the files; a second
copy of the message finds the run taken and does nothing), retries transient database errors,
records its progress, and stops below the broker's visibility timeout."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import generation, services
from reports.models import ReportEvent, ReportRun, RunStatus

logger = logging.getLogger(__name__)
# Well below the Redis visibility timeout (3 hours, settings.CELERY_BROKER_TRANSPORT_OPTIONS).
SOFT_LIMIT, HARD_LIMIT = 30 * 60, 35 * 60


def _claim(run_id: int, task_id: str) -> ReportRun | None:
    """Take the run for this worker, or None when there is nothing to do: approved (locked),
    already done by another copy of the message, or running elsewhere and alive. The same
    message delivered again means its first worker died (acks late): that attempt is taken
    over at once."""
    now = timezone.now()
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_approved or run.status == RunStatus.DONE:
            return None
        alive = run.heartbeat_at and now - run.heartbeat_at < services.STALE_AFTER
        if run.status == RunStatus.RUNNING and alive and run.task_id != task_id:
            return None
        run.status, run.progress, run.error = RunStatus.RUNNING, 0, ""
        run.attempts += 1
        run.started_at = run.heartbeat_at = now
        run.task_id = task_id or ""
        run.save(
            update_fields=[
                "status",
                "progress",
                "error",
                "attempts",
                "started_at",
                "heartbeat_at",
                "task_id",
            ]
        )
        return run


def _progress(run, percent: int) -> None:
    run.progress, run.heartbeat_at = percent, timezone.now()
    run.save(update_fields=["progress", "heartbeat_at"])


def _fail(run_id: int, message: str) -> None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        run.status, run.error = RunStatus.FAILED, message[:2000]
        run.save(update_fields=["status", "error"])
        ReportEvent.objects.create(run=run, action="failed", note=message[:300])


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
)
def generate_report(self, run_id: int) -> str:
    run = _claim(run_id, self.request.id)
    if run is None:
        return "skipped"
    try:
        generation.build(run, progress=lambda percent: _progress(run, percent))
    except (OperationalError, InterfaceError):
        # Transient: give the run back to the queue and let Celery retry.
        ReportRun.objects.filter(pk=run_id).update(status=RunStatus.QUEUED, heartbeat_at=None)
        raise
    except SoftTimeLimitExceeded:
        _fail(run_id, _("Tạo báo cáo quá thời gian cho phép."))
        return "failed"
    except Exception as error:
        logger.exception("report run %s failed", run_id)
        _fail(run_id, f"{type(error).__name__}: {error}")
        return "failed"
    return "done"


@shared_task
def watch_report_runs() -> dict:
    """Beat: runs stuck in "running" are flagged failed; queued runs never picked up are sent
    again."""
    return {
        "stuck": services.runs_flag_stuck(),
        "resent": services.runs_resend_waiting(),
    }


@shared_task
def scheduled_report(kind: str) -> list[int]:
    """Beat, the day after a cut-off (django-celery-beat, editable in the admin): the report of
    the period just ended for every province served; an approved period is left alone."""
    return services.reports_of_last_period(kind)


@shared_task
def delete_old_report_files() -> list[int]:
    return services.report_files_expire()
