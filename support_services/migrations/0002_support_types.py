from django.db import migrations


def seed(apps, schema_editor):
    from support_services.supports.reference_data import support_types

    SupportType = apps.get_model("support_services", "SupportType")
    for row in support_types():
        SupportType.objects.get_or_create(regime=row["regime"], code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("support_services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
