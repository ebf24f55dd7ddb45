from celery import shared_task

from victims import import_files


@shared_task
def delete_old_import_files() -> int:
    """Delete the import's kept files (uploads, error workbooks: names and ID numbers) older than
    IMPORT_FILE_RETENTION_HOURS (run hourly by beat); returns how many were deleted."""
    return import_files.delete_old()
