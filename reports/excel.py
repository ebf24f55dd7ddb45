"""The report workbook: a summary sheet of the indicators by section, then one sheet per table,
Vietnamese headers, totals, print-ready (landscape, one page wide, header rows repeated).
Written by core.spreadsheets (write-only, so memory stays flat whatever the tables hold)."""

from django.utils.translation import gettext as _

from core.spreadsheets import PRINTED_TABLE, Row, Sheet
from core.spreadsheets import workbook_bytes as spreadsheet_bytes
from reports.indicators import INDICATORS, SECTIONS, TABLES


def _sheet(run, name: str, title: str, headers: list, widths: list[int], rows) -> Sheet:
    """A printed table under the report's title, period and area."""
    return Sheet(
        name,
        headers,
        rows,
        style=PRINTED_TABLE,
        heading=(
            title,
            _("Kỳ báo cáo: %(period)s") % {"period": run.period.label()},
            _("Phạm vi: %(unit)s") % {"unit": run.unit.name},
        ),
        widths=widths,
        print_ready=True,
    )


def _summary(run, data) -> Sheet:
    headers = [_("STT"), _("Chỉ tiêu"), _("Kỳ này"), _("Kỳ trước"), _("Tăng, giảm")]
    return _sheet(
        run,
        _("Tổng hợp"),
        _("TỔNG HỢP CHỈ TIÊU BÁO CÁO"),
        headers,
        [6, 60, 16, 16, 14],
        _summary_rows(data["indicators"]),
    )


def _summary_rows(indicators):
    for number, (section, section_label) in enumerate(SECTIONS.items(), start=1):
        yield Row([_roman(number), str(section_label).upper(), None, None, None], bold=True)
        for indicator in [item for item in INDICATORS if item.section == section]:
            figure = indicators[indicator.key]
            value, previous = figure["value"], figure["previous"]
            yield [None, figure["label"], value, previous, _difference(value, previous)]


def _table_sheet(run, table, content) -> Sheet:
    columns = content["columns"]
    headers = [_("STT"), table.label]
    for _key, label in columns:
        headers += [f"{label} — {_('kỳ này')}", f"{label} — {_('kỳ trước')}"]
    return _sheet(
        run,
        str(table.label),
        str(table.label).upper(),
        headers,
        [6, 40, *([16] * (2 * len(columns)))],
        _table_rows(table, content),
    )


def _table_rows(table, content):
    columns = content["columns"]
    totals = [0] * (2 * len(columns))
    for number, row in enumerate(content["rows"], start=1):
        values = []
        for key, _label in columns:
            values += [row["values"][key], row["previous"][key]]
        totals = [_plus(total, value) for total, value in zip(totals, values, strict=True)]
        yield [number, row["label"], *values]
    if table.summable:
        yield Row([None, _("Tổng cộng"), *totals], bold=True)


def _difference(value, previous):
    return value - previous if isinstance(value, int) and isinstance(previous, int) else None


def _plus(total, value):
    """A total of counts; unknown once a count is suppressed ("<5")."""
    return total + value if isinstance(total, int) and isinstance(value, int) else None


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number - 1]


def workbook_bytes(run, data: dict) -> bytes:
    sheets = [_summary(run, data)]
    sheets += [_table_sheet(run, table, data["tables"][table.key]) for table in TABLES]
    return spreadsheet_bytes(sheets)
