from django.db import migrations


def seed(apps, schema_editor):
    from support_services.supports.reference_data import support_types

    SupportType = apps.get_model("support_services", "SupportType")
    # The reference list today names fields added later (0010: means test, extension); seed the
    # fields this migration's model has, and let 0011 write the rest.
    fields = {field.name for field in SupportType._meta.get_fields()}
    for row in support_types():
        if "requires_poor_household" in fields:
            row["requires_poor_household"] = row.get("means_test") == "poor"
        row = {name: value for name, value in row.items() if name in fields}
        SupportType.objects.get_or_create(regime=row["regime"], code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("support_services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
