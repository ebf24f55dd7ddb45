"""Report periods (DOMAIN.md "Report periods"): administrative reports cut data from 15 December
of the previous year to 14 December (annual) or 14 June (six-month); calendar years and custom
dates are available too. Each period knows the one before it, for the comparison column."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from locations.collation import vi_order

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


# Legacy units (districts and their communes, `is_legacy`) were abolished on 1 July 2025
# (locations.regimes): their reports cover days up to the day before.
def legacy_last_day() -> datetime.date:
    from locations.regimes import CURRENT_REGIME_START

    return CURRENT_REGIME_START - datetime.timedelta(days=1)


def for_unit(period: Period, unit, *, with_succession: bool = False) -> Period | None:
    """The part of `period` a report of `unit` covers: the whole period for the province and the
    current communes, and for a legacy unit counted with its successor communes (they carry
    on); for a legacy unit alone, the days before 1 July 2025 (None when there are none: such a
    report is refused, never built empty)."""
    if not unit.is_legacy or with_succession:
        return period
    last = legacy_last_day()
    if period.start > last:
        return None
    if period.end <= last:
        return period
    return Period(period.kind, period.start, last)


def scope_note(period: Period, unit, *, with_succession: bool = False) -> dict:
    """What `indicators.json` says, in its `period`, about a report of a legacy unit whose period
    ends on 30/06/2025 because the unit ended then: `note`, the sentence the Excel and Word
    reports print, and, for a standard period cut short, `full_end` (ISO), the end of the whole
    period; for a report with the units across 1 July 2025, the note names them. Nothing for
    other reports."""
    if with_succession:
        return succession_note(unit)
    last = legacy_last_day()
    if not getattr(unit, "is_legacy", False) or period.end != last:
        return {}
    values = {"unit": unit.name, "start": f"{period.start:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
    if period.kind == "custom":
        return {
            "note": str(
                _(
                    "%(unit)s là đơn vị hành chính cũ, đã chấm dứt hoạt động từ ngày 01/07/2025: "
                    "báo cáo chỉ tính số liệu đến hết ngày %(last)s."
                )
                % values
            )
        }
    full_end = period_for(period.kind, period.year).end
    if full_end <= last:
        return {}
    values["full_end"] = f"{full_end:%d/%m/%Y}"
    note = _(
        "%(unit)s là đơn vị hành chính cũ, đã chấm dứt hoạt động từ ngày 01/07/2025: báo cáo chỉ "
        "tính số liệu từ ngày %(start)s đến hết ngày %(last)s, không tính phần còn lại của kỳ "
        "(đến ngày %(full_end)s); cột kỳ trước là số liệu của cả kỳ trước."
    )
    return {"note": str(note % values), "full_end": full_end.isoformat()}


def succession_note(unit) -> dict:
    """The note of a report counted with the units across 1 July 2025: which they are."""
    from locations.forms import succession_text
    from locations.models import AdministrativeUnit

    if unit.is_legacy:
        units = AdministrativeUnit.objects.successors_of(unit).order_by(vi_order("name"))
        sentence = _(
            "Số liệu gồm %(unit)s (đơn vị hành chính cũ, đến ngày 30/06/2025) và các xã, phường "
            "kế thừa từ ngày 01/07/2025: %(units)s."
        )
    else:
        units = unit.predecessors.select_related("parent").order_by(
            vi_order("parent__name"), vi_order("name"), "path"
        )
        sentence = _(
            "Số liệu gồm %(unit)s và các đơn vị hành chính cũ mà đơn vị này kế thừa (hồ sơ "
            "trước ngày 01/07/2025): %(units)s."
        )
    return {"note": str(sentence % {"unit": unit.name, "units": succession_text(units)})}
