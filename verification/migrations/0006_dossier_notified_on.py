import zoneinfo

from django.db import migrations, models

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def from_first_submission(apps, schema_editor):
    """Old dossiers keep the old behaviour: their three-day step counted from the day they were
    first submitted, so that day (local time) becomes their notification date. Drafts stay
    empty; the officer gives the date when submitting. Plain update(): the historical rows
    are not rewritten for a value the dossier already implied."""
    dossier_model = apps.get_model("verification", "VerificationDossier")
    event_model = apps.get_model("verification", "DossierEvent")
    for dossier in dossier_model.objects.filter(notified_on__isnull=True):
        first = (
            event_model.objects.filter(dossier=dossier, to_status="submitted")
            .order_by("at", "pk")
            .first()
        )
        if first is not None:
            dossier_model.objects.filter(pk=dossier.pk).update(
                notified_on=first.at.astimezone(LOCAL).date()
            )


class Migration(migrations.Migration):

    dependencies = [
        ('verification', '0005_working_calendar_2024_2026_from_the_notices'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalverificationdossier',
            name='notified_on',
            field=models.DateField(blank=True, help_text='Ngày cơ quan tiếp nhận được thông báo, hồ sơ của xã/Công an; thời hạn 03 ngày tính từ ngày này.', null=True, verbose_name='ngày nhận thông báo'),
        ),
        migrations.AddField(
            model_name='verificationdossier',
            name='notified_on',
            field=models.DateField(blank=True, help_text='Ngày cơ quan tiếp nhận được thông báo, hồ sơ của xã/Công an; thời hạn 03 ngày tính từ ngày này.', null=True, verbose_name='ngày nhận thông báo'),
        ),
        migrations.RunPython(from_first_submission, migrations.RunPython.noop),
    ]
