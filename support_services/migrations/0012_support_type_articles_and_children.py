"""Issue 15 items 5, 6, 10, 11, 13 in the reference rows: each legacy type cites its own article
of Decree 09/2013 (Art 19–23); children accompanying a victim receive the legacy essential needs,
travel, medical and psychological supports (Law 66/2011 Art 32(3); Decree 09/2013 Art 19); legacy
legal aid asks for financial difficulty until 30/06/2025 (Legal Aid Law 2017 Art 7; Decree
144/2017 Art 3); current essential needs may be extended (Decree 162/2025 Art 17); one-off supports
count across regimes (support_services/supports/reference_data.py says why)."""

from django.db import migrations

FIELDS = (
    "legal_basis",
    "categories",
    "means_test",
    "means_test_until",
    "extendable",
    "one_off_across_regimes",
)


def update(apps, schema_editor):
    from support_services.supports.reference_data import support_types

    SupportType = apps.get_model("support_services", "SupportType")
    for row in support_types():
        SupportType.objects.update_or_create(
            regime=row["regime"],
            code=row["code"],
            defaults={name: row[name] for name in FIELDS},
            create_defaults=row,
        )


class Migration(migrations.Migration):
    dependencies = [("support_services", "0011_support_type_means_test_extensions")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
