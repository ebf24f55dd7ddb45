"""Report periods (DOMAIN.md "Report periods"): administrative reports cut data from 15 December
of the previous year to 14 December (annual) or 14 June (six-month); calendar years and custom
dates are available too. Each period knows the one before it, for the comparison column."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

KINDS = {
    "annual": _("Năm (15/12 năm trước – 14/12)"),
    "six_month": _("Sáu tháng (15/12 năm trước – 14/06)"),
    "calendar": _("Năm dương lịch"),
    "custom": _("Tùy chọn"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @property
    def year(self) -> int:
        return self.end.year

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def previous(self) -> "Period":
        """The same period one year earlier; a custom period, the same number of days just
        before it."""
        if self.kind == "custom":
            length = self.end - self.start
            end = self.start - datetime.timedelta(days=1)
            return Period("custom", end - length, end)
        return period_for(self.kind, self.year - 1)


def period_for(kind: str, year: int) -> Period:
    if kind == "annual":
        return Period(kind, datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14))
    if kind == "six_month":
        return Period(kind, datetime.date(year - 1, 12, 15), datetime.date(year, 6, 14))
    if kind == "calendar":
        return Period(kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    raise ValueError(f"Unknown period kind: {kind}")


def last_closed(kind: str, today: datetime.date) -> Period:
    """The latest period of `kind` that has ended by `today` (what a scheduled run reports)."""
    period = period_for(kind, today.year)
    return period if period.end < today else period_for(kind, today.year - 1)
