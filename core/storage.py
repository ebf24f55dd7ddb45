"""Uploaded files encrypted at rest (issue 18, finding 9): the default storage of every FileField
and of the import's files.

`EncryptedFileSystemStorage` is Django's FileSystemStorage whose files hold a Fernet token of
their content, made with the field keys (`core.crypto`, FIELD_ENCRYPTION_KEYS: the first
encrypts, all decrypt): evidence, consents, documents, report files and the import's workbooks
(names and ID numbers) are unreadable in a copy of MEDIA_ROOT or of a backup without the keys.
Reading through the storage (`FieldFile.open`, `accounts.access.file_download`) decrypts, so
downloads are unchanged. Files are written 0600 in folders 0700 (FILE_UPLOAD_PERMISSIONS,
FILE_UPLOAD_DIRECTORY_PERMISSIONS).

A file stored before this storage (plain) is still read as it is; `manage.py
encrypt_stored_files` encrypts such files (idempotent) and `rotate_field_keys` re-encrypts every
file with the first key (`encrypt_files(rotate=True)`).
"""

import io
import logging
import os

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from core import crypto

logger = logging.getLogger("trafficking_cases.security")


class DecryptedFile(File):
    """The plain content of a stored file, in memory; reopened (FieldFile.open after a close) by
    reading and decrypting the stored file again."""

    def __init__(self, content: bytes, name: str, storage):
        super().__init__(io.BytesIO(content), name=name)
        self._storage = storage

    def open(self, mode=None, *args, **kwargs):
        if not self.closed:
            self.seek(0)
        else:
            self.file = io.BytesIO(self._storage.plain_content(self.name))
        return self


class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        plain = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        return super()._save(name, ContentFile(crypto.encrypt_bytes(plain)))

    def _open(self, name, mode="rb"):
        if any(flag in mode for flag in "wa+"):
            raise ValueError("Encrypted files are written through save(), not opened for writing.")
        return DecryptedFile(self.plain_content(name), name, self)

    def plain_content(self, name) -> bytes:
        with super()._open(name, "rb") as stored:
            raw = stored.read()
        if crypto.is_token_bytes(raw):
            return crypto.decrypt_bytes(raw, what=name)
        # Stored before encryption (run `manage.py encrypt_stored_files`).
        logger.warning("file stored unencrypted: %s", name)
        return raw

    def size(self, name):
        return len(self.plain_content(name))

    def rewrite(self, name, *, rotate: bool) -> bool:
        """Encrypt a plain file in place; with `rotate`, re-encrypt an encrypted one with the
        first key. Returns whether the file was rewritten. Written to a temporary file and
        renamed, so an interruption never leaves half a file."""
        path = self.path(name)
        with open(path, "rb") as stored:
            raw = stored.read()
        if crypto.is_token_bytes(raw):
            if not rotate:
                self._restrict(path)
                return False
            new = crypto.rotate_bytes(raw, what=name)
        else:
            new = crypto.encrypt_bytes(raw)
        temporary = f"{path}.rewrite"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as target:
            target.write(new)
        os.replace(temporary, path)
        self._restrict(path)
        return True

    def _restrict(self, path) -> None:
        os.chmod(path, settings.FILE_UPLOAD_PERMISSIONS or 0o600)

    def walk(self, folder: str = ""):
        """The names of every file under `folder`."""
        folders, files = self.listdir(folder) if self.exists(folder or ".") else ([], [])
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for sub in folders:
            yield from self.walk(f"{folder}/{sub}" if folder else sub)


def encrypt_files(*, rotate: bool, storage=None) -> tuple[int, int]:
    """Encrypt every plain file of the storage (and with `rotate` re-encrypt every encrypted one
    with the first key); folders made owner-only. Returns (files seen, files rewritten)."""
    storage = storage or default_storage
    seen = rewritten = 0
    root = storage.location
    if not os.path.isdir(root):
        return 0, 0
    for folder, _subfolders, _files in os.walk(root):
        os.chmod(folder, settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o700)
    for name in storage.walk():
        if name.endswith(".rewrite"):
            continue
        seen += 1
        rewritten += storage.rewrite(name, rotate=rotate)
    return seen, rewritten
