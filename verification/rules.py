"""Pure rules of verification: working days, due dates, the dossier's transitions.

No database access here: callers pass the holidays and the deadline rule they loaded.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, role_actions_from

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


# The dossier's workflow: from which states each action leads where, and the policy action
# (accounts.roles.ROLE_ACTIONS) that says who may take it — in the order the case page offers
# them.
TRANSITIONS = (
    Transition({"draft"}, "submit", "dossier.submit", "submitted", _("gửi hồ sơ lên Sở")),
    Transition({"submitted"}, "send", "dossier.send", "sent", _("gửi đề nghị xác minh")),
    Transition(
        {"sent"},
        "record_identified",
        "dossier.record_identified",
        "identified",
        _("ghi nhận là nạn nhân"),
    ),
    Transition(
        {"sent"},
        "record_not_victim",
        "dossier.record_not_victim",
        "not_victim",
        _("ghi nhận không phải nạn nhân"),
    ),
    Transition(
        {"sent"},
        "request_information",
        "dossier.request_information",
        "submitted",
        _("yêu cầu bổ sung thông tin"),
    ),
    Transition({"identified", "not_victim"}, "close", "dossier.close", "closed", _("đóng hồ sơ")),
    Transition(
        {"identified", "not_victim", "closed"},
        "reopen",
        "dossier.reopen",
        "submitted",
        _("mở lại hồ sơ"),
    ),
)


def allowed_actions(status: str, role: str) -> list[str]:
    """The actions a user of `role` may take on a dossier in `status`, in workflow order."""
    return role_actions_from(TRANSITIONS, status, role)
