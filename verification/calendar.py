"""The working calendar of the installation, read from its table: one value per request.

`working_calendar()` loads the days off and make-up working days (`CalendarDay`) and the
weekend of the setting `WORKING_CALENDAR_WEEKEND` into a `rules.WorkingCalendar`; every deadline
— verification steps, application steps, referral replies, the 12-month application window —
counts with it. The table is small (a few dozen rows a year), so it is read whole.
"""

import datetime

from django.conf import settings

from verification.models import CalendarDay, DayKind
from verification.rules import DEFAULT_WEEKEND, WorkingCalendar


def working_calendar() -> WorkingCalendar:
    days_off, working_days = set(), set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (working_days if kind == DayKind.WORKING_DAY else days_off).add(day)
    weekend = getattr(settings, "WORKING_CALENDAR_WEEKEND", DEFAULT_WEEKEND)
    return WorkingCalendar(
        days_off=frozenset(days_off),
        working_days=frozenset(working_days),
        weekend=frozenset(weekend),
    )


def year_has_days_off(year: int) -> bool:
    """Whether any day off of `year` is in the table (the year's notices have been entered)."""
    return CalendarDay.objects.filter(
        kind=DayKind.DAY_OFF,
        date__gte=datetime.date(year, 1, 1),
        date__lte=datetime.date(year, 12, 31),
    ).exists()
