from django.db import migrations, models


class Migration(migrations.Migration):
    """The holiday table becomes the working calendar: days off and make-up working days, each
    with the document that announced it (issue 15 item 8)."""

    dependencies = [("verification", "0003_optimistic_locking_and_constraints")]

    operations = [
        migrations.RenameModel("PublicHoliday", "CalendarDay"),
        migrations.AlterModelOptions(
            name="calendarday",
            options={
                "ordering": ["date"],
                "verbose_name": "ngày trong lịch làm việc",
                "verbose_name_plural": "lịch làm việc (ngày nghỉ, ngày làm bù)",
            },
        ),
        migrations.AddField(
            model_name="calendarday",
            name="kind",
            field=models.CharField(
                choices=[("day_off", "Ngày nghỉ"), ("working_day", "Ngày làm việc bù")],
                default="day_off",
                max_length=11,
                verbose_name="loại ngày",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Số, ngày của văn bản công bố (Bộ luật Lao động, thông báo của Bộ, công văn).",
                max_length=300,
                verbose_name="văn bản căn cứ",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="note",
            field=models.CharField(blank=True, max_length=300, verbose_name="ghi chú"),
        ),
    ]
