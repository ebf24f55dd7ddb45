from django.db import migrations


def seed(apps, schema_editor):
    from verification.reference_data import ensure_reference_data

    ensure_reference_data(
        apps.get_model("verification", "DeadlineRule"),
        apps.get_model("verification", "PublicHoliday"),
    )


class Migration(migrations.Migration):
    dependencies = [("verification", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
