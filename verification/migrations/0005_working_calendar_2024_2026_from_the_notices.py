from django.db import migrations


def correct(apps, schema_editor):
    """Existing installations' calendars brought to the notices of 2024–2026, keyed by date and
    idempotent (verification.reference_data.calendar_correct): adds 02/01/2026, 31/08/2026 and
    the make-up Saturdays 04/05/2024, 26/04/2025, 10/01/2026; gives every seeded day its source."""
    from verification.reference_data import calendar_correct

    calendar_correct(apps.get_model("verification", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("verification", "0004_working_calendar_days_off_and_make_up_days")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
