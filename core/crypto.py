"""Encryption at rest of personal numbers, and a keyed hash to find them again.

- `EncryptedCharField`: a text column holding a Fernet token (AES-128-CBC + HMAC-SHA256,
  authenticated) of the value. Keys come from `settings.FIELD_ENCRYPTION_KEYS`, the first
  encrypts, every key decrypts (MultiFernet), so a key is rotated by putting a new one first
  and running `manage.py rotate_field_keys`. The keys are independent of SECRET_KEY.
- `keyed_hash`: HMAC-SHA256 with `settings.FIELD_HASH_KEY` of an already normalised value, for
  exact search and uniqueness (the token is random, so two encryptions of one number differ);
  `keyed_digest(purpose, value)` the same for a digest of several fields. Every such column is
  listed in `core.digests` and recomputed by `rotate_field_keys` (no bare hash of personal data).

A value that no key decrypts raises `FieldDecryptionError`; ciphertext is never returned as if
it were the value. The empty string stays empty (no token), so "no number" is visible to SQL.
"""

import base64
import binascii
import hashlib
import hmac
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

# Every Fernet token (version byte 0x80 and a 64-bit time) starts so.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105


class FieldDecryptionError(Exception):
    """A stored value that none of FIELD_ENCRYPTION_KEYS decrypts (a wrong or missing key)."""


# --- Keys ------------------------------------------------------------------------------------


def ensure_key_file(path: Path, *, make) -> str:
    """A demo key kept in var/ (made once, readable by the owner only), like the secret key."""
    if path.exists():
        return path.read_text().strip()
    key = make()
    path.write_text(key)
    path.chmod(0o600)
    return key


def new_fernet_key() -> str:
    return Fernet.generate_key().decode()


def new_hash_key() -> str:
    return secrets.token_urlsafe(32)


def check_encryption_keys(keys: list[str]) -> list[str]:
    """Every key must be a Fernet key (32 bytes, url-safe base64): a typo stops start-up."""
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error) as error:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 bytes in "
                'url-safe base64; make one with `python -c "from cryptography.fernet import '
                'Fernet; print(Fernet.generate_key().decode())"`).'
            ) from error
    return keys


def check_hash_key(key: str) -> str:
    if len(key) < 32:
        raise ImproperlyConfigured("FIELD_HASH_KEY must be at least 32 characters long.")
    return key


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    if value in ("", None):
        return value
    return fernet().encrypt(str(value).encode()).decode()


def decrypt(token: str, *, what: str = "value") -> str:
    if token in ("", None):
        return token
    try:
        return fernet().decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeError) as error:
        raise FieldDecryptionError(
            f"{what}: the stored value cannot be decrypted with any key of "
            "FIELD_ENCRYPTION_KEYS (wrong or missing key, or a value not written by the app)."
        ) from error


def rotate(token: str) -> str:
    """The token encrypted again with the first key (raises FieldDecryptionError as decrypt)."""
    if token in ("", None):
        return token
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise FieldDecryptionError(
            "a stored value cannot be decrypted with any key of FIELD_ENCRYPTION_KEYS."
        ) from error


# --- Files (core/storage.py) ----------------------------------------------------------------


def encrypt_bytes(content: bytes) -> bytes:
    """A Fernet token of `content` with the first key (the whole file: uploads are at most a few
    megabytes, UPLOAD_MAX_MB and the import's 5 MB)."""
    return fernet().encrypt(content)


def is_token_bytes(content: bytes) -> bool:
    return content.startswith(TOKEN_PREFIX.encode())


def decrypt_bytes(token: bytes, *, what: str = "file") -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken as error:
        raise FieldDecryptionError(
            f"{what}: the stored file cannot be decrypted with any key of FIELD_ENCRYPTION_KEYS."
        ) from error


def rotate_bytes(token: bytes, *, what: str = "file") -> bytes:
    try:
        return fernet().rotate(token)
    except InvalidToken as error:
        raise FieldDecryptionError(
            f"{what}: the stored file cannot be decrypted with any key of FIELD_ENCRYPTION_KEYS."
        ) from error


def keyed_hash(normalised: str) -> str:
    """HMAC-SHA256 (hex) of a normalised value; "" for no value, so "" means "none" in SQL."""
    if not normalised:
        return ""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def keyed_digest(purpose: str, value: str) -> str:
    """HMAC-SHA256 (hex) with FIELD_HASH_KEY of `value` for one `purpose` (the purpose is part of
    the message, so two digests of one value for two uses never match). For a digest of several
    fields, e.g. an imported row's fingerprint; registered in `core.digests`."""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def is_token(value: str) -> bool:
    """Looks like a Fernet token (used by the data migration to stay idempotent)."""
    if not value or not value.startswith(TOKEN_PREFIX):
        return False
    try:
        return len(base64.urlsafe_b64decode(value.encode())) >= 57
    except (ValueError, binascii.Error):
        return False


# --- The model field -----------------------------------------------------------------------


class EncryptedCharField(models.CharField):
    """A CharField for forms and validation (max_length is the plain value's), stored as a
    Fernet token in a text column. Only "is empty" can be asked of it in SQL: search through a
    keyed hash column instead (an exact lookup on a value raises rather than never matching)."""

    description = _("Chuỗi được mã hoá")

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value, what=f"{self.model.__name__}.{self.name}")

    def get_db_prep_value(self, value, connection, prepared=False):
        # Values reach SQL encrypted (a constraint check compares with "" only, see the lookup).
        value = value if prepared else self.get_prep_value(value)
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None


class EncryptedTextField(EncryptedCharField):
    """An EncryptedCharField of unlimited length (a text column), for a long value such as the
    checked rows of an import (names and ID numbers): `rotate_field_keys` re-encrypts it like
    every EncryptedCharField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", None)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"widget": forms.Textarea, **kwargs})


class EmptyOnlyExact(Exact):
    """`field=""` works (it is stored as ""); `field="038…"` cannot match a random token, so it
    raises instead of silently finding nothing."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise TypeError(
                f"{self.lhs.output_field.name} is encrypted: filter on its keyed hash column."
            )
        return super().get_prep_lookup()
