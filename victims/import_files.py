"""The files of an import in progress, kept between the preview and the confirmation: the
upload and, after confirmation, the workbook of the rows in error (names and ID numbers).

They are stored through the default storage, so encrypted at rest and owner-only
(core/storage.py), under `imports/` by a random token the user's session holds; removed on
confirmation (the upload), on the user's next upload, and by the periodic task
`victims.tasks.delete_old_import_files` once older than IMPORT_FILE_RETENTION_HOURS (24).
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"
ERRORS_SUFFIX = "-errors"


def name_of(token: str, suffix: str = "") -> str:
    return f"{FOLDER}/{token}{suffix}.xlsx"


def keep(content: bytes, token: str | None = None, suffix: str = "") -> str:
    """Store `content` (a new token unless given); returns the token."""
    token = token or secrets.token_urlsafe(16)
    name = name_of(token, suffix)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(content))
    return token


def exists(token: str, suffix: str = "") -> bool:
    return bool(token) and default_storage.exists(name_of(token, suffix))


def open_file(token: str, suffix: str = ""):
    return default_storage.open(name_of(token, suffix), "rb")


def forget_upload(token: str) -> None:
    default_storage.delete(name_of(token))


def forget(token: str) -> None:
    for suffix in ("", ERRORS_SUFFIX):
        default_storage.delete(name_of(token, suffix))


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
