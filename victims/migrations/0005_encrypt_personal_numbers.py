"""ID numbers and phones encrypted at rest; the uniqueness of ID numbers moves to a keyed hash.

The data step works on the raw columns with SQL (the models of a migration would decrypt what is
still plain), on SQLite and PostgreSQL alike, and is idempotent: a value that is already a token
is left alone. History rows are encrypted too. Backwards, the values are decrypted again.
"""

import re

from django.conf import settings
from django.db import migrations, models

import core.crypto
from core import crypto

ENCRYPTED = ("id_number", "phone", "guardian_phone")
TABLES = (("victims_victim", "id"), ("victims_historicalvictim", "history_id"))
SEPARATORS = re.compile(r"[\s.\-_/]+")


def _normalise(number: str) -> str:
    # victims.rules.normalize_id_number as of this migration (kept here: rules may change).
    return SEPARATORS.sub("", (number or "").strip()).upper()


def _rewrite(schema_editor, change, *, with_hash: bool):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for table, pk in TABLES:
        columns = ", ".join(quote(c) for c in ENCRYPTED)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote(pk)}, {columns} FROM {quote(table)}")  # noqa: S608
            rows = cursor.fetchall()
        for key, *values in rows:
            new = [change(value or "") for value in values]
            assignments = [f"{quote(c)} = %s" for c in ENCRYPTED]
            params = list(new)
            if with_hash and table == "victims_victim":
                plain = crypto.decrypt(new[0]) if crypto.is_token(new[0]) else new[0]
                assignments.append(f"{quote('id_number_hash')} = %s")
                params.append(crypto.keyed_hash(_normalise(plain)))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(table)} SET {', '.join(assignments)} "  # noqa: S608
                    f"WHERE {quote(pk)} = %s",
                    [*params, key],
                )


def encrypt_rows(apps, schema_editor):
    _rewrite(
        schema_editor,
        lambda value: value if crypto.is_token(value) else crypto.encrypt(value),
        with_hash=True,
    )


def decrypt_rows(apps, schema_editor):
    _rewrite(
        schema_editor,
        lambda value: crypto.decrypt(value) if crypto.is_token(value) else value,
        with_hash=False,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("locations", "0001_initial"),
        ("victims", "0004_victim_anonymisation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="victim",
            name="victim_id_number_unique",
        ),
        migrations.AddField(
            model_name="victim",
            name="id_number_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="historicalvictim",
            name="guardian_phone",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="điện thoại người giám hộ"
            ),
        ),
        migrations.AlterField(
            model_name="historicalvictim",
            name="id_number",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="số định danh / giấy tờ"
            ),
        ),
        migrations.AlterField(
            model_name="historicalvictim",
            name="phone",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="số điện thoại"
            ),
        ),
        migrations.AlterField(
            model_name="victim",
            name="guardian_phone",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="điện thoại người giám hộ"
            ),
        ),
        migrations.AlterField(
            model_name="victim",
            name="id_number",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="số định danh / giấy tờ"
            ),
        ),
        migrations.AlterField(
            model_name="victim",
            name="phone",
            field=core.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="số điện thoại"
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
        migrations.AddConstraint(
            model_name="victim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("id_number_hash", ""), _negated=True),
                fields=("id_number_hash",),
                name="victim_id_number_unique",
                violation_error_message="Số định danh này đã có trong hệ thống.",
            ),
        ),
    ]
