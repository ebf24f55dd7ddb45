"""An import as a background job (issue 16 item 8: no request waits for hundreds of rows).

    import_job_create(user=, upload=)   the upload kept (encrypted), its rows counted; the check
                                        is queued (victims.tasks.import_check)
    import_job_check(job_id=)           the task's work: every row checked, progress in batches,
                                        the outcome kept encrypted on the job, the rows in error
                                        as a workbook
    import_job_confirm(job=, user=)     the owner confirms: saving is queued (import_save)
    import_job_save(job_id=)            the task's work: the file checked again (the registry may
                                        have changed), the valid rows saved in batches
    import_jobs_delete_old()            jobs and their files past IMPORT_FILE_RETENTION_HOURS

A job is its owner's alone (`import_job_for`): its rows are the owner's own upload, so no
colleague or supervisor sees it, whatever their area. A task delivered twice (a worker lost
with the task acknowledged late) finds the job's status and does the work once more at most:
rows saved before are then recognised by their fingerprint ("already") and not saved twice.
"""

import datetime
import json
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from victims.importing import checks, results, saving, workbooks
from victims.models import ImportJob

logger = logging.getLogger(__name__)

# A background job takes the whole template; the screen's upload limit is the workbook's.
MAX_JOB_ROWS = workbooks.MAX_ROWS
Status = ImportJob.Status


def import_job_for(user, pk) -> ImportJob:
    """The job `pk` of `user`; 404 for anyone else's (existence is not revealed)."""
    job = ImportJob.objects.filter(pk=pk, owner=user).first() if user.is_authenticated else None
    if job is None:
        raise Http404
    return job


@transaction.atomic
def import_job_create(*, user, upload) -> ImportJob:
    """Keep `upload` (a checked .xlsx: the screen's form) for a new job of `user` and queue its
    check. The header and the number of rows are read now, so that a wrong file is refused next
    to the file field at once (ImportFileError); the rows are checked by the task."""
    upload.seek(0)
    rows = workbooks.read_rows(upload, max_rows=MAX_JOB_ROWS)
    upload.seek(0)
    job = ImportJob(owner=user, rows_total=len(rows))
    job.upload.save(_file_name(), ContentFile(upload.read()), save=False)
    job.save()
    transaction.on_commit(lambda: _enqueue("import_check", job.pk))
    return job


def import_job_check(*, job_id: int) -> ImportJob | None:
    """Check every row of the job's file (the preview): counted as the screen's check was
    (victims/id_checks.py)."""
    job = _start(job_id, {Status.WAITING, Status.CHECKING}, Status.CHECKING)
    if job is None:
        return None
    try:
        checked = _checked_rows(job, recheck=False, progress_field="rows_checked")
    except workbooks.ImportFileError as error:
        return _fail(job, str(error))
    except Exception:
        _fail(job, _system_error())
        raise
    _finish(job, checked, Status.CHECKED)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """The owner's confirmation of a checked job: its valid rows are saved by a task."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk, owner=user)
    if job.status != Status.CHECKED:
        raise ValidationError(_("Lần nhập này không ở bước chờ xác nhận."))
    if not job.rows_valid:
        raise ValidationError(_("Không có dòng hợp lệ để lưu."))
    job.status, job.rows_saved = Status.SAVING, 0
    job.save(update_fields=["status", "rows_saved"])
    transaction.on_commit(lambda: _enqueue("import_save", job.pk))
    return job


def import_job_save(*, job_id: int) -> ImportJob | None:
    """Check the job's file again (not counted: the very file whose preview was counted) and
    save its valid rows; the rows refused, then or on saving, go to the workbook of errors."""
    job = _start(job_id, {Status.SAVING}, Status.SAVING)
    if job is None:
        return None
    try:
        checked = _checked_rows(job, recheck=True, progress_field=None)
        saved = saving.save_rows(
            checked, user=job.owner, progress=lambda done: _progress(job, rows_saved=done)
        )
    except workbooks.ImportFileError as error:
        return _fail(job, str(error))
    except Exception:
        _fail(job, _system_error())
        raise
    job.rows_saved = saved
    _finish(job, checked, Status.SAVED)
    job.upload.delete(save=True)  # the rows are in the registry or in the errors' workbook
    return job


def import_jobs_delete_old() -> int:
    """Delete the jobs (and their files) older than IMPORT_FILE_RETENTION_HOURS, the retention
    of the import's files; returns how many."""
    limit = timezone.now() - datetime.timedelta(hours=settings.IMPORT_FILE_RETENTION_HOURS)
    deleted = 0
    for job in ImportJob.objects.filter(created_at__lt=limit):
        import_job_delete(job)
        deleted += 1
    return deleted


def import_job_delete(job: ImportJob) -> None:
    for stored in (job.upload, job.errors_file):
        if stored:
            stored.delete(save=False)
    job.delete()


# --- What the job page shows ------------------------------------------------------------------


def preview_rows(job: ImportJob) -> list[dict]:
    """The checked rows kept on the job: number, name, date of return (dd/mm/yyyy), status and
    its label, reasons."""
    rows = json.loads(job.result) if job.result else []
    for row in rows:
        row["status_label"] = str(results.STATUS_LABELS[row["status"]])
    return rows


# --- Inside the tasks -------------------------------------------------------------------------


def _start(job_id, allowed, status) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in allowed:
            return None
        job.status = status
        job.save(update_fields=["status"])
    return job


def _checked_rows(job, *, recheck, progress_field):
    with job.upload.open("rb") as handle:
        rows = workbooks.read_rows(handle, max_rows=MAX_JOB_ROWS)
    if job.rows_total != len(rows):
        job.rows_total = len(rows)
        ImportJob.objects.filter(pk=job.pk).update(rows_total=len(rows))

    def progress(done):
        if progress_field:
            _progress(job, **{progress_field: done})

    return checks.check_rows(rows, user=job.owner, recheck=recheck, progress=progress)


def _progress(job, **counts) -> None:
    """Counts written as they grow, by batch (the page polls them); a plain UPDATE of the job
    alone, outside the batch's transaction."""
    for name, value in counts.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**counts)


def _finish(job, checked, status) -> None:
    counts = results.summary(checked)
    job.rows_checked = job.rows_total
    job.rows_valid = counts[results.OK] + counts[results.WARNING]
    job.rows_refused = counts[results.ERROR]
    job.rows_already = counts[results.ALREADY]
    job.result = json.dumps([_preview(result) for result in checked], ensure_ascii=False)
    if job.errors_file:
        job.errors_file.delete(save=False)
    if counts[results.ERROR]:
        content = ContentFile(workbooks.error_workbook(checked))
        job.errors_file.save(_file_name("errors"), content, save=False)
    job.status = status
    job.error = ""
    if status == Status.SAVED:
        job.finished_at = timezone.now()
    job.save()


def _preview(result) -> dict:
    received = result.data.get("received_on")
    return {
        "number": result.number,
        "full_name": result.data.get("full_name", ""),
        "received_on": received.strftime("%d/%m/%Y") if received else "",
        "status": result.status,
        "reasons": [str(reason) for reason in result.reasons],
    }


def _fail(job, message: str) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def _system_error() -> str:
    logger.exception("import job failed")
    return _("Không xử lý được tệp do lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị hệ thống.")


def _file_name(kind: str = "upload") -> str:
    """A random name: nothing of the user's file name (a person's name, say) is kept."""
    return f"{secrets.token_urlsafe(16)}-{kind}.xlsx"


def _enqueue(task_name: str, job_id: int) -> None:
    from victims import tasks

    getattr(tasks, task_name).delay(job_id)
