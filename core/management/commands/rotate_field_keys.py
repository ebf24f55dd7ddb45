"""Re-encrypt every encrypted value with the first key of FIELD_ENCRYPTION_KEYS.

Key rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it),
restart, run this command, then remove the old keys. History tables and the uploaded files
(core/storage.py) are rewritten too. Keyed hash columns and every digest registered in
`core.digests` are recomputed with the current FIELD_HASH_KEY, so the same command finishes a
change of that key. The values are rewritten in SQL, without saving the models: a rotation is
not a change of the record and adds no history row.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core import crypto, digests
from core.storage import encrypt_files

BATCH = 500


def encrypted_models():
    """(model, [encrypted column names]) for every model with an encrypted field, history
    models included."""
    for model in apps.get_models():
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, crypto.EncryptedCharField)
        ]
        if columns:
            yield model, columns


class Command(BaseCommand):
    help = "Mã hoá lại mọi giá trị được mã hoá bằng khoá đầu tiên của FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for model, columns in encrypted_models():
            rewritten = self._rotate(model, columns)
            rehashed = self._rehash(model)
            self.stdout.write(
                f"{model._meta.label}: {rewritten} rows re-encrypted, {rehashed} hashes updated"
            )
        # Digests of several fields (core.digests), e.g. the imported rows' fingerprints.
        for name, changed in digests.recompute_all().items():
            self.stdout.write(f"{name}: {changed} digests updated")
        # Uploaded files (core/storage.py), re-encrypted with the first key.
        seen, rewritten = encrypt_files(rotate=True)
        self.stdout.write(f"files: {rewritten} of {seen} re-encrypted")

    def _rotate(self, model, columns) -> int:
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        selected = ", ".join(quote(column) for column in columns)
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
        rewritten, last = 0, None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                after = "" if last is None else f"WHERE {pk} > %s "
                cursor.execute(
                    f"SELECT {pk}, {selected} FROM {table} {after}"  # noqa: S608
                    f"ORDER BY {pk} LIMIT {BATCH}{lock}",
                    [] if last is None else [last],
                )
                rows = cursor.fetchall()
                for key, *values in rows:
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        [*(crypto.rotate(value) for value in values), key],
                    )
                    rewritten += 1
            if len(rows) < BATCH:
                return rewritten
            last = rows[-1][0]

    def _rehash(self, model) -> int:
        fields = getattr(model, "keyed_hash_fields", {})
        updated = 0
        for hash_field, (source, key_function) in fields.items():
            compute = getattr(model, key_function)
            rows = model._base_manager.values_list("pk", source, hash_field).iterator()
            for pk, value, stored in rows:
                key = compute(value)
                if key != stored:
                    # Not save(): the record does not change, no history row is due.
                    model._base_manager.filter(pk=pk).update(**{hash_field: key})
                    updated += 1
        return updated
