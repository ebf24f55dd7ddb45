"""Who may receive which support, and when — pure functions, no database access — and the
steps of a support once proposed.

The facts come from the support type (reference data with its legal basis, DOMAIN.md "Support
types") and from the case; each refusal is a Vietnamese sentence that names the legal basis.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflow import Transition

APPLICATION_WINDOW_MONTHS_LEGACY = 12

# A support once proposed: decided by the province (approve or reject), then given or still
# refused. States are SupportStatus values (models.py imports this module, so not the class).
TRANSITIONS = (
    Transition(
        {"proposed"}, "approve", "support.approve", "approved", gettext_lazy("quyết định hỗ trợ")
    ),
    Transition(
        {"approved"}, "provide", "support.provide", "provided", gettext_lazy("ghi nhận đã hỗ trợ")
    ),
    Transition(
        {"proposed", "approved"},
        "reject",
        "support.reject",
        "rejected",
        gettext_lazy("từ chối hỗ trợ"),
    ),
)


@dataclass(frozen=True)
class SupportTypeFacts:
    name: str
    regime: str
    legal_basis: str
    categories: frozenset
    requires_identified: bool = False
    one_off: bool = False
    max_days: int | None = None
    requires_poor_household: bool = False
    application_window_months: int | None = None


@dataclass(frozen=True)
class CaseFacts:
    regime: str
    person_category: str
    identified: bool
    poverty_status: str
    identified_on: datetime.date | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    field: str = "support_type"  # the form field the refusal belongs next to


ALLOWED = Decision(True)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def eligibility(
    support: SupportTypeFacts,
    case: CaseFacts,
    *,
    on_date: datetime.date,
    previous_count: int = 0,
    days_already: int = 0,
    days_requested: int = 0,
) -> Decision:
    """Whether `case` may receive `support` on `on_date`, or why not (with its legal basis)."""
    basis = support.legal_basis
    if support.regime != case.regime:
        return Decision(
            False,
            _("“%(name)s” thuộc chế độ khác với chế độ áp dụng cho vụ việc này (%(basis)s).")
            % {"name": support.name, "basis": basis},
        )
    if case.person_category not in support.categories:
        return Decision(
            False,
            _("“%(name)s” không áp dụng cho đối tượng này theo %(basis)s.")
            % {"name": support.name, "basis": basis},
        )
    if support.requires_identified and not case.identified:
        return Decision(
            False,
            _("“%(name)s” chỉ dành cho người đã được xác định là nạn nhân (%(basis)s).")
            % {"name": support.name, "basis": basis},
        )
    if support.requires_poor_household and case.poverty_status != "poor":
        return Decision(
            False,
            _("“%(name)s” chỉ dành cho nạn nhân thuộc hộ nghèo (%(basis)s).")
            % {"name": support.name, "basis": basis},
        )
    if support.one_off and previous_count > 0:
        return Decision(
            False,
            _("“%(name)s” chỉ được hỗ trợ một lần (%(basis)s).")
            % {"name": support.name, "basis": basis},
        )
    if support.max_days is not None and days_already + days_requested > support.max_days:
        return Decision(
            False,
            _("“%(name)s” tối đa %(days)s ngày; đã hỗ trợ %(done)s ngày (%(basis)s).")
            % {
                "name": support.name,
                "days": support.max_days,
                "done": days_already,
                "basis": basis,
            },
            field="quantity",
        )
    if support.application_window_months and case.identified_on:
        last_day = add_months(case.identified_on, support.application_window_months)
        if on_date > last_day:
            return Decision(
                False,
                _(
                    "Đơn đề nghị “%(name)s” phải nộp trong %(months)s tháng kể từ ngày được xác "
                    "định là nạn nhân (hạn cuối %(last)s; %(basis)s)."
                )
                % {
                    "name": support.name,
                    "months": support.application_window_months,
                    "last": last_day.strftime("%d/%m/%Y"),
                    "basis": basis,
                },
                field="proposed_on",
            )
    return ALLOWED
