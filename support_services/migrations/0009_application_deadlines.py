"""The time limits of the application procedure every database starts with (they were written
only after each migrate until now; get_or_create leaves rows already there, and edited ones,
alone)."""

from django.db import migrations


def seed(apps, schema_editor):
    from support_services.applications.reference_data import ensure_application_deadlines

    ensure_application_deadlines(apps.get_model("support_services", "ApplicationDeadline"))


class Migration(migrations.Migration):
    dependencies = [("support_services", "0008_optimistic_locking_and_constraints")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
