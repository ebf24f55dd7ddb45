"""Issue 15 items 9 and 13: both GSO code sets of the ethnic groups, and each row's source.

The old `code` held the 1979 codes (Decision 121-TCTK/PPCĐ: 04 Hoa, 06 Mường) although the
comment named the 2008 decision; it becomes `code_1979`, and `code_2008` (Decision
1019/QĐ-TCTK: 04 Mường, 06 Hoa) is filled from victims.reference_data. Foreign keys point at the
rows' ids, which do not change."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from victims.reference_data import ethnic_codes_fill

    ethnic_codes_fill(apps.get_model("victims", "EthnicGroup"))


class Migration(migrations.Migration):
    dependencies = [("victims", "0008_case_identified_on")]

    operations = [
        migrations.RenameField("ethnicgroup", "code", "code_1979"),
        migrations.AlterField(
            model_name="ethnicgroup",
            name="code_1979",
            field=models.CharField(
                max_length=2, unique=True, verbose_name="mã (QĐ 121-TCTK/PPCĐ, 1979)"
            ),
        ),
        migrations.AddField(
            model_name="ethnicgroup",
            name="code_2008",
            field=models.CharField(
                blank=True,
                max_length=2,
                null=True,
                unique=True,
                verbose_name="mã (QĐ 1019/QĐ-TCTK, 2008)",
            ),
        ),
        migrations.AddField(
            model_name="ethnicgroup",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Văn bản (số, ngày, điều khoản) quy định tên và mã của dòng này.",
                max_length=300,
                verbose_name="nguồn",
            ),
        ),
        migrations.AlterModelOptions(
            name="ethnicgroup",
            options={
                "ordering": ["code_2008", "code_1979"],
                "verbose_name": "dân tộc",
                "verbose_name_plural": "dân tộc",
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
