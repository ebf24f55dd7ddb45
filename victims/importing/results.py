"""The outcome of checking one row of an imported list."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

OK, WARNING, ERROR, ALREADY = "ok", "warning", "error", "already"
STATUS_LABELS = {
    OK: _("Hợp lệ"),
    WARNING: _("Cần lưu ý"),
    ERROR: _("Lỗi"),
    ALREADY: _("Đã nhập"),
}


@dataclass
class RowResult:
    """One data row: its number in the sheet, the cells as typed, the checked values."""

    number: int
    raw: dict
    status: str = OK
    reasons: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def error(self, message: str) -> None:
        self.status = ERROR
        self.reasons.append(message)

    def warn(self, message: str) -> None:
        if self.status == OK:
            self.status = WARNING
        self.reasons.append(message)

    def already(self, message: str) -> None:
        """The row was saved by an earlier import: nothing to do, nothing wrong."""
        self.status = ALREADY
        self.reasons = [message]

    @property
    def saves(self) -> bool:
        return self.status in (OK, WARNING)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def summary(results: list[RowResult]) -> dict:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for result in results:
        counts[result.status] += 1
    return counts
