"""Pure rules of verification: working days, due dates, the dossier's transitions.

No database access here: callers pass the working calendar and the deadline rule they loaded.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.duties import Separation
from core.workflow import Transition, role_actions_from

# The weekly rest days when nothing else is configured: Saturday and Sunday (Decision
# 188/1999/QĐ-TTg, the 40-hour week of state bodies; Labour Code 2019 Art 111). The weekend in
# force is a setting (settings.WORKING_CALENDAR_WEEKEND), read by `verification.calendar`.
DEFAULT_WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days: not a weekend day and not a day off, unless the day is a
    make-up working day (a Saturday worked in exchange for a day off next to a holiday, e.g.
    26/04/2025 for 02/05/2025). Built once per request from the calendar table
    (`verification.calendar.working_calendar`); pure from then on."""

    days_off: frozenset = frozenset()
    working_days: frozenset = frozenset()  # make-up working days
    weekend: frozenset = DEFAULT_WEEKEND

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() not in self.weekend and day not in self.days_off

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (the day of the event is not counted)."""
        day = start
        remaining = days
        while remaining > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def due_date(self, start: datetime.date, *, days: int, working_days: bool) -> datetime.date:
        """The deadline `days` after `start`, in working days or in calendar days.

        A calendar-day deadline that ends on a day off moves to the next working day (Civil
        Code 2015 Art 148(5))."""
        if working_days:
            return self.add_working_days(start, days)
        return self.next_working_day(start + datetime.timedelta(days=days))


def notified_on_error(
    *, notified_on: datetime.date, received_on: datetime.date | None, today: datetime.date
) -> str | None:
    """Why a notification date cannot be right, or None: the department is notified of a
    person already received (the reception date), and not in the future."""
    if notified_on > today:
        return gettext("Ngày nhận thông báo không được sau ngày hôm nay.")
    if received_on and notified_on < received_on:
        return gettext(
            "Ngày nhận thông báo không được trước ngày tiếp nhận người trở về (%(day)s)."
        ) % {"day": received_on.strftime("%d/%m/%Y")}
    return None


def letter_date_error(*, letter_date: datetime.date, today: datetime.date) -> str | None:
    """Why the date of the request for verification cannot be right, or None: a letter
    already sent is not dated in the future."""
    if letter_date > today:
        return gettext("Ngày công văn không được sau ngày hôm nay.")
    return None


# The results that conclude a verification on the verifying agency's written reply: the result
# notice cites that reply ("Căn cứ văn bản số … ngày …", verification/documents.py), so it needs
# its number and date. "More information needed" (back to submitted) may come without one.
RESULTS_CITING_THE_REPLY = frozenset({"identified"})


def result_reply_errors(
    *,
    result: str,
    reply_number: str,
    reply_date: datetime.date | None,
    letter_date: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    """Why a verification result cannot be recorded as typed, by field (empty when it can):
    "identified" needs the reply's number and date; the reply is not dated in the future nor
    before the request it answers."""
    errors = {}
    if result in RESULTS_CITING_THE_REPLY:
        if not (reply_number or "").strip():
            errors["reply_number"] = gettext(
                "Cần ghi số văn bản trả lời của cơ quan xác minh để ghi nhận là nạn nhân."
            )
        if reply_date is None:
            errors["reply_date"] = gettext(
                "Cần ghi ngày văn bản trả lời của cơ quan xác minh để ghi nhận là nạn nhân."
            )
    date_error = reply_date_error(reply_date=reply_date, letter_date=letter_date, today=today)
    if date_error:
        errors["reply_date"] = date_error
    return errors


def reply_date_error(
    *, reply_date: datetime.date | None, letter_date: datetime.date | None, today: datetime.date
) -> str | None:
    """Why the date of the verifying agency's reply cannot be right, or None: not in the
    future, not before the request it answers."""
    if reply_date is None:
        return None
    if reply_date > today:
        return gettext("Ngày văn bản trả lời không được sau ngày hôm nay.")
    if letter_date and reply_date < letter_date:
        return gettext("Ngày văn bản trả lời không được trước ngày công văn đề nghị (%(day)s).") % {
            "day": letter_date.strftime("%d/%m/%Y")
        }
    return None


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

# Separation of duties (issue 16 item 2; core.duties): the officer who submitted the dossier
# (proposed the person for identification) does not record the identification's result.
_RESULT_BY_ANOTHER = _(
    "Bạn đã gửi hồ sơ này đề nghị xác định nạn nhân; người khác phải ghi nhận kết quả xác minh."
)
SEPARATIONS = (
    Separation("record_identified", ("submit",), _RESULT_BY_ANOTHER),
    Separation("record_not_victim", ("submit",), _RESULT_BY_ANOTHER),
)


def steps_taken(events) -> dict[str, int | None]:
    """Who submitted a dossier to the department (the latest submission from a draft), from
    its events in order."""
    taken = {}
    for event in events:
        if event.from_status == "draft" and event.to_status == "submitted":
            taken["submit"] = event.actor_id
    return taken


def allowed_actions(status: str, role: str) -> list[str]:
    """The actions a user of `role` may take on a dossier in `status`, in workflow order."""
    return role_actions_from(TRANSITIONS, status, role)
