"""Who may receive which support, and when — pure functions, no database access — and the
steps of a support once proposed.

The facts come from the support type (reference data with its legal basis, DOMAIN.md "Support
types") and from the case; each refusal is a Vietnamese sentence that names the legal basis.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import counts
from core.duties import Separation
from core.workflow import Transition
from verification.rules import WorkingCalendar

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

# Separation of duties (issue 16 item 2; core.duties): the proposer of a support does not decide
# it, and one person does not propose, decide and record the payment of one support. The
# earlier steps are named as in `steps_taken` below.
SEPARATIONS = (
    Separation(
        "approve",
        ("propose",),
        gettext_lazy("Bạn đã đề xuất hỗ trợ này; người khác phải phê duyệt."),
    ),
    Separation(
        "provide",
        ("propose", "approve"),
        gettext_lazy(
            "Bạn đã đề xuất và quyết định hỗ trợ này; người khác phải ghi nhận việc chi trả."
        ),
    ),
)


def steps_taken(events, *, proposed_by: int | None = None) -> dict[str, int | None]:
    """Who proposed and who decided a support, from its events in order (the latest of each);
    `proposed_by` when the proposal was an application recorded by someone else."""
    taken = {}
    for event in events:
        if not event.from_status and event.to_status == "proposed":
            taken["propose"] = event.actor_id
        elif event.to_status == "approved":
            taken["approve"] = event.actor_id
    if proposed_by is not None:
        taken["propose"] = proposed_by
    return taken


# Means tests (supports.models.MeansTest values; models.py imports this module): the household
# statuses (victims.choices.Poverty values) that pass each one.
POOR_HOUSEHOLD = "poor"
FINANCIAL_DIFFICULTY = "financial_difficulty"


@dataclass(frozen=True)
class SupportTypeFacts:
    name: str
    regime: str
    legal_basis: str
    categories: frozenset
    requires_identified: bool = False
    one_off: bool = False
    max_days: int | None = None
    means_test: str = ""
    # The means test applies to supports asked for on or before this day (None: always).
    means_test_until: datetime.date | None = None
    application_window_months: int | None = None
    # A receipt of the same support under the other regime counts for "once" (reference_data).
    one_off_across_regimes: bool = True
    extendable: bool = False
    max_extension_days: int | None = None


@dataclass(frozen=True)
class CaseFacts:
    regime: str
    person_category: str
    identified: bool
    poverty_status: str
    identified_on: datetime.date | None = None
    # What `identified_on` is, for the screen ("ngày văn bản trả lời kết quả xác minh", …).
    identified_from: str = ""
    receives_social_allowance: bool = False


@dataclass(frozen=True)
class EarlierReceipt:
    """A one-off support the person already had (not refused): shown to the officer, and the
    reason a second one is refused."""

    case_code: str
    regime: str  # LegalRegime value
    regime_label: str
    type_code: str
    type_name: str
    status_label: str
    on_date: datetime.date
    amount: int | None = None
    # False when the case is outside the officer's area: its code is not shown.
    case_visible: bool = True

    def describe(self) -> str:
        case = (
            _("vụ việc %(code)s") % {"code": self.case_code}
            if self.case_visible
            else _("một vụ việc ngoài địa bàn của bạn")
        )
        return _("%(name)s, %(status)s ngày %(day)s, %(case)s (%(regime)s)") % {
            "name": self.type_name,
            "status": self.status_label.lower(),
            "day": self.on_date.strftime("%d/%m/%Y"),
            "case": case,
            "regime": self.regime_label,
        }


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


# Where the application window counts from (issue 15 item 7): the date the person was certified
# as a victim — never the day the result was typed in. The dossier stores two such dates: the
# date of the verifying body's written reply, and the issue date of the certifying documents in
# its checklist. Decree 09/2013 counts "from the date of being identified as a victim" without
# saying which paper; which the province takes first is the setting APPLICATION_WINDOW_FROM
# ("reply", the default: the reply closes the verification the province asked for, so it is the
# date the dossier itself decides on; or "certificate"). Without a dossier's date, the date
# recorded on the case (Case.identified_on).
IDENTIFICATION_DATE_LABELS = {
    "reply": gettext_lazy("ngày văn bản trả lời kết quả xác minh"),
    "certificate": gettext_lazy("ngày ban hành tài liệu xác nhận là nạn nhân"),
    "case": gettext_lazy("ngày xác định là nạn nhân ghi trên vụ việc"),
}
# What the screen says of the setting in force (the law does not say which paper counts).
IDENTIFICATION_DATE_NOTES = {
    "reply": gettext_lazy(
        "Văn bản chưa quy định rõ giấy tờ nào: khi hồ sơ có cả văn bản trả lời xác minh và giấy "
        "xác nhận, hệ thống tính từ ngày văn bản trả lời (mặc định của tỉnh, có thể cấu hình), "
        "không tính từ ngày nhập kết quả vào hệ thống."
    ),
    "certificate": gettext_lazy(
        "Văn bản chưa quy định rõ giấy tờ nào: khi hồ sơ có cả văn bản trả lời xác minh và giấy "
        "xác nhận, tỉnh đã cấu hình tính từ ngày giấy xác nhận, không tính từ ngày nhập kết quả "
        "vào hệ thống."
    ),
}
IDENTIFICATION_DATE_ORDERS = {
    "reply": ("reply", "certificate", "case"),
    "certificate": ("certificate", "reply", "case"),
}


def identification_date(
    *,
    reply_date: datetime.date | None,
    certificate_date: datetime.date | None,
    case_date: datetime.date | None,
    prefer: str = "reply",
) -> tuple[datetime.date | None, str]:
    """(the date the person was certified as a victim, what that date is) — the first known of
    the order `prefer` names (IDENTIFICATION_DATE_ORDERS); (None, "") when none is known."""
    dates = {"reply": reply_date, "certificate": certificate_date, "case": case_date}
    for source in IDENTIFICATION_DATE_ORDERS[prefer]:
        if dates[source] is not None:
            return dates[source], str(IDENTIFICATION_DATE_LABELS[source])
    return None, ""


def application_window_end(
    identified_on: datetime.date, months: int, calendar: WorkingCalendar
) -> datetime.date:
    """The last day to apply, `months` after the day the person was certified as a victim.

    Civil Code 2015 Art 147–148: a period in months ends at the end of the corresponding day of
    its last month (the last day of that month when it has no such day, Art 148(3)); when that
    day is a weekend day or a day off, the period ends at the end of the next working day
    (Art 148(5)). The working calendar (days off, make-up Saturdays) decides which days are
    working days."""
    return calendar.next_working_day(add_months(identified_on, months))


def passes_means_test(support: SupportTypeFacts, case: CaseFacts, on_date: datetime.date) -> bool:
    """Poor household for the supports of Decree 09/2013 Art 23; "financial difficulty" — a poor
    or near-poor household, or a monthly social allowance — for legacy legal aid (Legal Aid Law
    2017 Art 7; Decree 144/2017 Art 3), until the type's `means_test_until`."""
    if not support.means_test:
        return True
    if support.means_test_until and on_date > support.means_test_until:
        return True
    if support.means_test == POOR_HOUSEHOLD:
        return case.poverty_status == "poor"
    return case.poverty_status in {"poor", "near_poor"} or case.receives_social_allowance


def counted_receipts(support: SupportTypeFacts, earlier) -> list:
    """The earlier receipts that count for a one-off `support`: those of its regime, and those of
    the other regime when `one_off_across_regimes` says so."""
    return [
        receipt
        for receipt in earlier
        if receipt.regime == support.regime or support.one_off_across_regimes
    ]


def day_limit(support: SupportTypeFacts, extension_days: int = 0) -> int | None:
    """The maximum days of `support` for a case: the type's maximum, plus the days of the
    extensions recorded for the case when the type may be extended (Decree 162/2025 Art 17)."""
    if support.max_days is None:
        return None
    return support.max_days + (extension_days if support.extendable else 0)


def extension_check(
    support: SupportTypeFacts, *, days: int, days_extended_already: int = 0
) -> Decision:
    """Whether `days` more may be added to the limit of `support` for a case."""
    if not support.extendable:
        return Decision(
            False,
            _("“%(name)s” không được gia hạn số ngày (%(basis)s).")
            % {"name": support.name, "basis": support.legal_basis},
        )
    cap = support.max_extension_days
    if cap is not None and days_extended_already + days > cap:
        return Decision(
            False,
            _("“%(name)s” được gia hạn tối đa %(cap)s; đã gia hạn %(done)s.")
            % {
                "name": support.name,
                "cap": counts.days(cap),
                "done": counts.days(days_extended_already),
            },
            field="days",
        )
    return ALLOWED


def eligibility(
    support: SupportTypeFacts,
    case: CaseFacts,
    *,
    on_date: datetime.date,
    previous_count: int = 0,
    days_already: int = 0,
    days_requested: int = 0,
    calendar: WorkingCalendar | None = None,
    earlier: tuple = (),
    extension_days: int = 0,
) -> Decision:
    """Whether `case` may receive `support` on `on_date`, or why not (with its legal basis).

    `calendar` moves an application window that ends on a day off (without it: the weekend
    only). `earlier`: the person's earlier receipts of this one-off support (EarlierReceipt,
    either regime); `previous_count` counts receipts not described. `extension_days`: the days
    of the extensions recorded for this case."""
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
    if not passes_means_test(support, case, on_date):
        if support.means_test == POOR_HOUSEHOLD:
            reason = _("“%(name)s” chỉ dành cho nạn nhân thuộc hộ nghèo (%(basis)s).")
        else:
            reason = _(
                "“%(name)s” chỉ dành cho nạn nhân có khó khăn về tài chính: thuộc hộ nghèo, hộ "
                "cận nghèo hoặc đang hưởng trợ cấp xã hội hằng tháng (%(basis)s)."
            )
        if support.means_test_until:
            reason += " " + _("Điều kiện này áp dụng đến ngày %(until)s.") % {
                "until": support.means_test_until.strftime("%d/%m/%Y")
            }
        return Decision(False, reason % {"name": support.name, "basis": basis})
    if support.one_off:
        counted = counted_receipts(support, earlier)
        if counted:
            return Decision(
                False,
                _("“%(name)s” chỉ được hỗ trợ một lần (%(basis)s); đã nhận: %(earlier)s.")
                % {"name": support.name, "basis": basis, "earlier": counted[0].describe()},
            )
        if previous_count > 0:
            return Decision(
                False,
                _("“%(name)s” chỉ được hỗ trợ một lần (%(basis)s).")
                % {"name": support.name, "basis": basis},
            )
    limit = day_limit(support, extension_days)
    if limit is not None and days_already + days_requested > limit:
        if limit != support.max_days:
            reason = _(
                "“%(name)s” tối đa %(limit)s (%(standard)s và %(extended)s gia hạn); đã hỗ trợ "
                "%(done)s (%(basis)s)."
            )
        elif support.extendable:
            reason = _(
                "“%(name)s” tối đa %(limit)s; đã hỗ trợ %(done)s (%(basis)s). Có thể ghi quyết "
                "định gia hạn."
            )
        else:
            reason = _("“%(name)s” tối đa %(limit)s; đã hỗ trợ %(done)s (%(basis)s).")
        return Decision(
            False,
            reason
            % {
                "name": support.name,
                "limit": counts.days(limit),
                "standard": counts.days(support.max_days),
                "extended": counts.days(extension_days),
                "done": counts.days(days_already),
                "basis": basis,
            },
            field="quantity",
        )
    if support.application_window_months and case.identified_on:
        last_day = application_window_end(
            case.identified_on, support.application_window_months, calendar or WorkingCalendar()
        )
        if on_date > last_day:
            return Decision(
                False,
                ngettext(
                    "Đơn đề nghị “%(name)s” phải nộp trong %(months)s tháng kể từ ngày được xác "
                    "định là nạn nhân (hạn cuối %(last)s; %(basis)s).",
                    "Đơn đề nghị “%(name)s” phải nộp trong %(months)s tháng kể từ ngày được xác "
                    "định là nạn nhân (hạn cuối %(last)s; %(basis)s).",
                    support.application_window_months,
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
