"""The Vietnamese collation every list of names is ordered with (locations.collation). On
PostgreSQL an ICU collation (PostgreSQL is built with ICU on Debian); SQLite gets a Python
function of the same name on each connection instead, so nothing is done there."""

from django.db import migrations

CREATE = "CREATE COLLATION IF NOT EXISTS vi_icu (provider = icu, locale = 'vi-VN')"
DROP = "DROP COLLATION IF EXISTS vi_icu"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("locations", "0002_unit_successions")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
