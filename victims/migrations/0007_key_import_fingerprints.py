"""Issue 18, finding 2: the imported rows' fingerprints were bare SHA-256 digests of the row
(name, birth, ID number, residence…), which a copy of the database turns back into ID numbers.
Each is recomputed from the case the row created as a keyed digest (HMAC-SHA256 with
FIELD_HASH_KEY, victims/importing/fingerprints.py). Reversing keeps the keyed digests."""

from django.db import migrations


def key_fingerprints(apps, schema_editor):
    from victims.importing import fingerprints

    ImportedRow = apps.get_model("victims", "ImportedRow")
    rows = ImportedRow.objects.select_related("case__victim", "case__reception")
    for row in rows.iterator(chunk_size=500):
        digest = fingerprints.of_case(row.case)
        if digest != row.fingerprint:
            ImportedRow.objects.filter(pk=row.pk).update(fingerprint=digest)


class Migration(migrations.Migration):
    dependencies = [("victims", "0006_optimistic_locking_and_constraints")]

    operations = [migrations.RunPython(key_fingerprints, migrations.RunPython.noop)]
