"""Pure rules of applications for re-integration supports: the steps of each regime, their due
dates in working days, the order of dates, and the transitions of an application. No database
access: callers pass the deadline rows and the working calendar they loaded
(verification.rules.WorkingCalendar)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflow import Transition
from verification.rules import WorkingCalendar

# The procedure of each regime, in order (DOMAIN.md "Re-integration supports").
STEPS = {
    "legacy": ("commune_forward", "district_appraisal", "decision"),
    "current": ("decision",),
}
# An application's transitions; the procedure is its support's regime (STEPS): the legacy
# one is forwarded by the commune and appraised by the district before the decision, the
# current one is decided straight after receipt. States are ApplicationStatus values.
OPEN = ("received", "forwarded", "appraised")
APPROVE = gettext_lazy("quyết định hỗ trợ")
REJECT = gettext_lazy("quyết định không hỗ trợ")
TRANSITIONS = (
    Transition(
        {"received"},
        "forward",
        "application.forward",
        "forwarded",
        gettext_lazy("ghi nhận xã đã chuyển hồ sơ"),
        procedure="legacy",
    ),
    Transition(
        {"forwarded"},
        "appraise",
        "application.appraise",
        "appraised",
        gettext_lazy("ghi nhận kết quả thẩm định"),
        procedure="legacy",
    ),
    Transition(
        {"appraised"}, "approve", "application.approve", "approved", APPROVE, procedure="legacy"
    ),
    Transition(
        {"received"}, "approve", "application.approve", "approved", APPROVE, procedure="current"
    ),
    Transition(OPEN, "reject", "application.reject", "rejected", REJECT, procedure="legacy"),
    Transition(
        {"received"}, "reject", "application.reject", "rejected", REJECT, procedure="current"
    ),
)
# The date on the application that marks each step done.
DONE_FIELD = {
    "commune_forward": "forwarded_on",
    "district_appraisal": "appraised_on",
    "decision": "decision_date",
}


@dataclass(frozen=True)
class DeadlineFacts:
    step: str
    days: int
    working_days: bool = True
    legal_basis: str = ""
    is_open_question: bool = False


@dataclass(frozen=True)
class StepDue:
    step: str
    start: datetime.date
    due: datetime.date
    done_on: datetime.date | None
    legal_basis: str
    is_open_question: bool


def schedule(
    received_on: datetime.date,
    deadlines: list[DeadlineFacts],
    done: dict[str, datetime.date | None],
    calendar: WorkingCalendar,
) -> list[StepDue]:
    """Each step's due date: the first counts from the day the application was received, each
    next one from the day the step before was done (or, while it is not, from its due date)."""
    steps = []
    start = received_on
    for deadline in deadlines:
        due = calendar.due_date(start, days=deadline.days, working_days=deadline.working_days)
        done_on = done.get(deadline.step)
        steps.append(
            StepDue(
                step=deadline.step,
                start=start,
                due=due,
                done_on=done_on,
                legal_basis=deadline.legal_basis,
                is_open_question=deadline.is_open_question,
            )
        )
        start = done_on or due
    return steps


def pending_due(steps: list[StepDue]) -> datetime.date | None:
    """The due date of the first step not done yet (None when all are done)."""
    return next((step.due for step in steps if step.done_on is None), None)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def receipt_errors(
    *,
    received_on: datetime.date,
    certified_on: datetime.date | None,
    returned_on: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    """Field → message for the dates of a new application."""
    errors = {}
    if received_on > today:
        errors["received_on"] = _("Ngày nhận đơn không được sau ngày hôm nay.")
    elif returned_on and received_on < returned_on:
        errors["received_on"] = _(
            "Ngày nhận đơn không được trước ngày người này trở về, được tiếp nhận (%(day)s)."
        ) % {"day": _d(returned_on)}
    if certified_on and certified_on > today:
        errors["certified_on"] = _("Ngày xác nhận không được sau ngày hôm nay.")
    return errors


def step_date_error(
    *, on_date: datetime.date, after: datetime.date, after_label: str, today: datetime.date
) -> str | None:
    if on_date > today:
        return _("Ngày này không được sau ngày hôm nay.")
    if on_date < after:
        return _("Ngày này không được trước %(label)s (%(day)s).") % {
            "label": after_label,
            "day": _d(after),
        }
    return None


def decision_date_error(
    *,
    decision_date: datetime.date,
    received_on: datetime.date,
    certified_on: datetime.date | None,
    appraised_on: datetime.date | None,
    today: datetime.date,
    legal_basis: str,
) -> str | None:
    """A decision follows the application it decides (and its certification and appraisal), and
    is not dated in the future; the message names the procedure's legal basis."""
    if decision_date > today:
        return _("Ngày quyết định không được sau ngày hôm nay.")
    for earlier, label in (
        (received_on, _("ngày nhận đơn")),
        (certified_on, _("ngày UBND cấp xã xác nhận đơn")),
        (appraised_on, _("ngày thẩm định")),
    ):
        if earlier and decision_date < earlier:
            return _(
                "Ngày quyết định (%(decision)s) không được trước %(label)s (%(day)s): quyết định "
                "chỉ được ban hành sau khi nhận và xem xét đơn theo trình tự của %(basis)s."
            ) % {
                "decision": _d(decision_date),
                "label": label,
                "day": _d(earlier),
                "basis": legal_basis,
            }
    return None
