from django.db import migrations


def seed(apps, schema_editor):
    from victims.reference_data import ensure_reference_data

    ensure_reference_data(
        apps.get_model("victims", "EthnicGroup"), apps.get_model("victims", "ExploitationForm")
    )


class Migration(migrations.Migration):
    dependencies = [("victims", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
