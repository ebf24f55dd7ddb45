from celery import shared_task

from victims import import_files
from victims.importing import jobs


@shared_task
def delete_old_import_files() -> int:
    """Delete the import jobs and the import's kept files (uploads, error workbooks: names and ID
    numbers) older than IMPORT_FILE_RETENTION_HOURS (run hourly by beat); returns how many jobs
    and stray files were deleted."""
    return jobs.import_jobs_delete_old() + import_files.delete_old()


@shared_task
def import_check(job_id: int) -> None:
    """Check the rows of an uploaded list (victims.importing.jobs), on the default queue."""
    jobs.import_job_check(job_id=job_id)


@shared_task
def import_save(job_id: int) -> None:
    """Save the valid rows of a confirmed list (victims.importing.jobs), on the default queue."""
    jobs.import_job_save(job_id=job_id)
