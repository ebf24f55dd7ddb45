"""Pure rules of verification: working days, due dates, which transition is allowed.

No database access here: callers pass the holidays and the deadline rule they loaded.
"""

import datetime
from collections.abc import Iterable

WEEKEND = (5, 6)  # Saturday, Sunday


def is_working_day(day: datetime.date, holidays: set[datetime.date]) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(
    start: datetime.date, days: int, holidays: Iterable[datetime.date]
) -> datetime.date:
    """The date `days` working days after `start` (the day of the event is not counted),
    skipping weekends and `holidays` (Tết moves every year, so holidays are data)."""
    holidays = set(holidays)
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def due_date(
    start: datetime.date, *, days: int, working_days: bool, holidays: Iterable[datetime.date]
) -> datetime.date:
    """The deadline `days` after `start`, in working days or in calendar days.

    A calendar-day deadline that ends on a day off moves to the next working day (the usual
    rule for administrative time limits in Viet Nam, Civil Code 2015 Art 148)."""
    if working_days:
        return add_working_days(start, days, holidays)
    holidays = set(holidays)
    day = start + datetime.timedelta(days=days)
    while not is_working_day(day, holidays):
        day += datetime.timedelta(days=1)
    return day


def days_left(due: datetime.date | None, today: datetime.date) -> int | None:
    """Calendar days until the due date; negative when overdue."""
    return None if due is None else (due - today).days


# action -> (states it may start from, state it leads to, roles that may take it)
TRANSITIONS = {
    "submit": ({"draft"}, "submitted", {"district_officer", "provincial_staff"}),
    "send": ({"submitted"}, "sent", {"provincial_staff"}),
    "record_identified": ({"sent"}, "identified", {"provincial_staff"}),
    "record_not_victim": ({"sent"}, "not_victim", {"provincial_staff"}),
    "request_information": ({"sent"}, "submitted", {"provincial_staff"}),
    "close": ({"identified", "not_victim"}, "closed", {"provincial_staff"}),
    "reopen": ({"identified", "not_victim", "closed"}, "submitted", {"provincial_staff"}),
}


def allowed_actions(status: str, role: str) -> list[str]:
    """The actions a user of `role` may take on a dossier in `status`, in workflow order."""
    return [
        action
        for action, (sources, _target, roles) in TRANSITIONS.items()
        if status in sources and role in roles
    ]
