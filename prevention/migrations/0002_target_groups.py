from django.db import migrations


def seed(apps, schema_editor):
    from prevention.reference_data import ensure_target_groups

    ensure_target_groups(apps.get_model("prevention", "TargetGroup"))


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
