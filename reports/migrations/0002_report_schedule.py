"""The scheduled reports, as django-celery-beat rows supervisors can edit in the admin: the day
after each cut-off (15/12 for the annual report, 15/06 for the six-month one)."""

import json

from django.db import migrations

SCHEDULES = [
    ("Báo cáo năm (sau ngày chốt 14/12)", "annual", "12"),
    ("Báo cáo sáu tháng (sau ngày chốt 14/06)", "six_month", "6"),
]


def add_schedules(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, month in SCHEDULES:
        crontab, _created = crontab_model.objects.get_or_create(
            minute="0",
            hour="1",
            day_of_month="15",
            month_of_year=month,
            day_of_week="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        task_model.objects.get_or_create(
            name=name,
            defaults={
                "task": "reports.tasks.scheduled_report",
                "crontab": crontab,
                "kwargs": json.dumps({"kind": kind}),
            },
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, _kind, _month in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report_runs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
