"""Reintegration follow-up and case closure — pure rules, no database access.

The schedule of visits counts whole months from the return date (the reception date); the
months come from the setting FOLLOW_UP_MONTHS (1, 3, 6 and 12 by default). The law sets no
calendar for these visits [open, DOMAIN.md]: the province chooses it, hence a setting.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.duties import Separation
from core.workflow import Transition
from support_services.supports.rules import add_months

DEFAULT_MONTHS = (1, 3, 6, 12)

# A scheduled visit is recorded as done or as lost contact (FollowUpStatus values). Closing the
# case cancels the visits still scheduled and reopening it restores them: those moves follow the
# case's closure (services._set_followups), not a step a user takes on a visit.
TRANSITIONS = (
    Transition({"scheduled"}, "visit", "followup.visit", "done", gettext_lazy("ghi nhận lần thăm")),
    Transition(
        {"scheduled"},
        "lost_contact",
        "followup.lost_contact",
        "lost_contact",
        gettext_lazy("ghi nhận mất liên lạc"),
    ),
)


# A case's closure is proposed (district officers, provincial staff: "closure.propose") and
# decided by the province: approved, which closes the case, or rejected with a reason
# (ClosureStatus values; models.py is imported by services, not here).
CLOSURE_TRANSITIONS = (
    Transition(
        {"proposed"},
        "approve",
        "closure.approve",
        "approved",
        gettext_lazy("phê duyệt đóng hồ sơ"),
    ),
    Transition(
        {"proposed"},
        "reject",
        "closure.reject",
        "rejected",
        gettext_lazy("từ chối đề nghị đóng hồ sơ"),
    ),
)

# Separation of duties (issue 16 item 2; core.duties): who proposed a closure does not approve it.
CLOSURE_SEPARATIONS = (
    Separation(
        "approve",
        ("propose",),
        gettext_lazy(
            "Người đề nghị không được tự phê duyệt: bạn đã đề nghị đóng hồ sơ này; "
            "người khác phải phê duyệt."
        ),
    ),
)


def closure_steps_taken(events) -> dict[str, int | None]:
    """Who proposed a closure (its first event), from its events in order."""
    taken = {}
    for event in events:
        if not event.from_status and event.to_status == "proposed":
            taken["propose"] = event.actor_id
    return taken


def parse_months(values) -> tuple[int, ...]:
    """The months of the schedule from a setting ("1,3,6,12" or a list), sorted, each once.

    Raises ValueError for an empty list, a non-number, or a month outside 1..120."""
    if isinstance(values, str):
        values = [part for part in values.replace(";", ",").split(",") if part.strip()]
    months = sorted({int(str(value).strip()) for value in values})
    if not months or months[0] < 1 or months[-1] > 120:
        raise ValueError("FOLLOW_UP_MONTHS must list whole months between 1 and 120")
    return tuple(months)


def due_dates(returned_on: datetime.date, months) -> list[tuple[int, datetime.date]]:
    """(months after return, due date) for each month of the schedule; a day that the target
    month lacks becomes its last day (31/01 + 1 month → 28 or 29/02)."""
    return [(month, add_months(returned_on, month)) for month in parse_months(months)]


@dataclass(frozen=True)
class SchedulePlan:
    create: list  # [(months, due date)] to add
    move: list  # [(months, new due date)] of visits still scheduled whose date changed


def plan_schedule(
    returned_on: datetime.date, months, existing: dict[int, tuple[str, datetime.date]]
) -> SchedulePlan:
    """What to add to a case's schedule: the missing months, and the new due date of visits
    still scheduled when the return date was corrected. `existing` maps each month already on
    the schedule to (status, due date); a visit done, missed or cancelled is never moved."""
    create, move = [], []
    for month, due in due_dates(returned_on, months):
        if month not in existing:
            create.append((month, due))
        else:
            status, current_due = existing[month]
            if status == "scheduled" and current_due != due:
                move.append((month, due))
    return SchedulePlan(create=create, move=move)


def label(months: int) -> str:
    return ngettext("Sau %(months)s tháng", "Sau %(months)s tháng", months) % {"months": months}


def is_overdue(status: str, due_date: datetime.date, today: datetime.date) -> bool:
    return status == "scheduled" and due_date < today


def visit_date_error(
    visited_on: datetime.date | None, returned_on: datetime.date | None, today: datetime.date
) -> str:
    """Why a visit (or contact attempt) date is impossible, or "" when it is fine."""
    if visited_on is None:
        return _("Cần ghi ngày thăm.")
    if visited_on > today:
        return _("Ngày thăm không được sau ngày hôm nay.")
    if returned_on and visited_on < returned_on:
        return _("Ngày thăm không được trước ngày trở về (%(day)s).") % {
            "day": returned_on.strftime("%d/%m/%Y")
        }
    return ""


def closure_date_error(
    closed_on: datetime.date | None, returned_on: datetime.date | None, today: datetime.date
) -> str:
    if closed_on is None:
        return _("Cần ghi ngày đóng hồ sơ.")
    if closed_on > today:
        return _("Ngày đóng hồ sơ không được sau ngày hôm nay.")
    if returned_on and closed_on < returned_on:
        return _("Ngày đóng hồ sơ không được trước ngày trở về (%(day)s).") % {
            "day": returned_on.strftime("%d/%m/%Y")
        }
    return ""


def handover_errors(
    *,
    receiving_province: object | None,
    receiving_province_name: str,
    receiving_agency: str,
    handover_number: str,
    handover_date: datetime.date | None,
    handed_over: str,
    closed_on: datetime.date | None,
) -> dict[str, str]:
    """The fields of the hand-over record missing or wrong when a case moves to another
    province (field name → message)."""
    errors = {}
    if receiving_province is None and not receiving_province_name.strip():
        errors["receiving_province"] = _(
            "Cần chọn tỉnh tiếp nhận (hoặc ghi tên tỉnh nếu không có trong danh sách)."
        )
    if receiving_province is not None and receiving_province_name.strip():
        errors["receiving_province_name"] = _(
            "Chỉ chọn tỉnh trong danh sách hoặc ghi tên tỉnh, không cả hai."
        )
    if not receiving_agency.strip():
        errors["receiving_agency"] = _("Cần ghi cơ quan tiếp nhận.")
    if not handover_number.strip():
        errors["handover_number"] = _("Cần ghi số biên bản bàn giao.")
    if handover_date is None:
        errors["handover_date"] = _("Cần ghi ngày bàn giao.")
    elif closed_on and handover_date > closed_on:
        errors["handover_date"] = _("Ngày bàn giao không được sau ngày đóng hồ sơ.")
    if not handed_over.strip():
        errors["handed_over"] = _("Cần ghi những gì đã bàn giao (hồ sơ, giấy tờ).")
    return errors
