"""The files of the import jobs (victims.models.ImportJob): the upload and the workbook of the
rows in error (names and ID numbers).

They are stored through the default storage, so encrypted at rest and owner-only
(core/storage.py), under `imports/` with random names; a job is deleted with its files once
older than IMPORT_FILE_RETENTION_HOURS (24) by the periodic task
`victims.tasks.delete_old_import_files`, which also removes any file left in the folder past
that age (a job deleted by other means, files of the session-based import before jobs).
"""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"


def delete_older_than(hours: int) -> int:
    """Delete every import file older than `hours`; returns how many were deleted."""
    if not default_storage.exists(FOLDER):
        return 0
    limit = timezone.now() - datetime.timedelta(hours=hours)
    deleted = 0
    for name in default_storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            deleted += 1
    return deleted


def delete_old() -> int:
    return delete_older_than(settings.IMPORT_FILE_RETENTION_HOURS)
