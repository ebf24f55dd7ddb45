from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_report_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportrun",
            name="snapshot",
            field=models.JSONField(
                blank=True, editable=False, null=True, verbose_name="số liệu đã phê duyệt"
            ),
        ),
        migrations.AddField(
            model_name="reportrun",
            name="differences",
            field=models.JSONField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="khác biệt so với số liệu đã phê duyệt",
            ),
        ),
    ]
