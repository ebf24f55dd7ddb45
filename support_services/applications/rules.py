"""Pure rules of applications for re-integration supports: the steps of each regime, their due
dates in working days, the order of dates, and the transitions of an application. No database
access: callers pass the deadline rows and the working calendar they loaded
(verification.rules.WorkingCalendar)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.duties import Separation
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
# Separation of duties (issue 16 item 2; core.duties): the officer who recorded an application
# does not decide it (the support it grants is theirs to propose, not to approve).
SEPARATIONS = (
    Separation(
        "approve",
        ("record",),
        gettext_lazy("Bạn đã ghi nhận đơn đề nghị này; người khác phải quyết định hỗ trợ."),
    ),
)


def steps_taken(events) -> dict[str, int | None]:
    """Who recorded an application, from its events (the first, received)."""
    taken = {}
    for event in events:
        if not event.from_status and event.to_status == "received":
            taken["record"] = event.actor_id
    return taken


# The date on the application that marks each step done.
DONE_FIELD = {
    "commune_forward": "forwarded_on",
    "district_appraisal": "appraised_on",
    "decision": "decision_date",
}


@dataclass(frozen=True)
class DeadlineFacts:
    """One stage of the procedure (ApplicationDeadline): the step, the days it applies to
    (`valid_from`/`valid_to`, None = open), who takes it (`body` with `{unit}`, at
    `body_level`) within how many days, and the organisation setting it belongs to
    (`variant`, "" for every setting)."""

    step: str
    days: int
    working_days: bool = True
    legal_basis: str = ""
    is_open_question: bool = False
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    body_level: str = ""
    body: str = ""
    variant: str = ""

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class StepDue:
    step: str
    start: datetime.date
    due: datetime.date
    done_on: datetime.date | None
    legal_basis: str
    is_open_question: bool
    stage: DeadlineFacts | None = None
    # While the step is pending: the stage that takes over when it runs on or after the
    # day another stage starts (before its due date, or before `today`).
    later_stage: DeadlineFacts | None = None

    @property
    def runs_on(self) -> datetime.date:
        """The day that chose the stage: the day the step was done, else the day it started."""
        return self.done_on or self.start


def stage_on(
    deadlines: list[DeadlineFacts], step: str, day: datetime.date, policy: str = "step_date"
) -> DeadlineFacts | None:
    """The stage of `step` for a step that runs on `day` under the organisation's reading of
    the transitional provisions (`policy`, accounts.TransitionalProcedure): the row whose days
    cover `day`; failing that (a gap a supervisor left), the latest one begun by then, or the
    first there is."""
    rows = [d for d in deadlines if d.step == step and d.variant in ("", policy)]
    covering = [d for d in rows if d.covers(day)]
    if covering:
        return covering[0]
    begun = [d for d in rows if d.valid_from is None or d.valid_from <= day]
    if begun:
        return max(begun, key=lambda d: d.valid_from or datetime.date.min)
    return rows[0] if rows else None


def schedule(
    received_on: datetime.date,
    deadlines: list[DeadlineFacts],
    done: dict[str, datetime.date | None],
    calendar: WorkingCalendar,
    *,
    policy: str = "step_date",
    today: datetime.date | None = None,
) -> list[StepDue]:
    """Each step's stage and due date. A step done is taken by the stage of the day it was
    done; a step pending, by the stage of the day it started (the first counts from the day
    the application was received, each next one from the day the step before was done or,
    while it is not, from its due date), and `later_stage` names who takes it if it runs from
    the day another stage starts — on or before its due date or `today`."""
    steps = []
    start = received_on
    order = list(dict.fromkeys(d.step for d in deadlines))
    for step in order:
        done_on = done.get(step)
        stage = stage_on(deadlines, step, done_on or start, policy)
        if stage is None:
            continue
        due = calendar.due_date(start, days=stage.days, working_days=stage.working_days)
        later = None
        if done_on is None:
            horizon = max(due, today) if today else due
            later = stage_on(deadlines, step, horizon, policy)
            later = later if later is not None and later != stage else None
        steps.append(
            StepDue(
                step=step,
                start=start,
                due=due,
                done_on=done_on,
                legal_basis=stage.legal_basis,
                is_open_question=stage.is_open_question,
                stage=stage,
                later_stage=later,
            )
        )
        start = done_on or due
    return steps


def stage_change_day(steps: list[StepDue]) -> datetime.date | None:
    """The first day from which a stage used (or to be used) by these steps applies, when
    that day falls after the day the application was received: the application crossed a
    change of procedure (1 July 2025 for a legacy application), which the page explains."""
    received_on = steps[0].start if steps else None
    days = [
        stage.valid_from
        for step in steps
        for stage in (step.stage, step.later_stage)
        if stage is not None and stage.valid_from and received_on and stage.valid_from > received_on
    ]
    return min(days) if days else None


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
