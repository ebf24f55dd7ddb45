"""The report workbook: a summary sheet of the indicators by section, then one sheet per table,
Vietnamese headers, totals, print-ready (landscape, one page wide, header rows repeated)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reports.indicators import INDICATORS, SECTIONS, TABLES
from victims.exports import safe_cell_value

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER = "#,##0"


def _title(sheet, run, title: str, width: int) -> int:
    sheet.append([title])
    sheet.cell(row=1, column=1).font = TITLE
    sheet.append([_("Kỳ báo cáo: %(period)s") % {"period": run.period.label()}])
    sheet.append([_("Phạm vi: %(unit)s") % {"unit": run.unit.name}])
    sheet.append([])
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return 5  # the header row


def _header(sheet, row: int, headers: list) -> None:
    sheet.append([str(header) for header in headers])
    for cell in sheet[row]:
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.print_title_rows = f"{row}:{row}"


def _body_row(sheet, values: list, *, bold=False) -> None:
    sheet.append([safe_cell_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        cell.border = BOX
        if isinstance(cell.value, int):
            cell.number_format = NUMBER
        if bold:
            cell.font = BOLD


def _print_ready(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _summary(workbook, run, data) -> None:
    sheet = workbook.active
    sheet.title = _("Tổng hợp")
    header_row = _title(sheet, run, _("TỔNG HỢP CHỈ TIÊU BÁO CÁO"), 5)
    _header(
        sheet, header_row, [_("STT"), _("Chỉ tiêu"), _("Kỳ này"), _("Kỳ trước"), _("Tăng, giảm")]
    )
    indicators = data["indicators"]
    for section_number, (section, section_label) in enumerate(SECTIONS.items(), start=1):
        _body_row(
            sheet, [_roman(section_number), str(section_label).upper(), None, None, None], bold=True
        )
        for indicator in [item for item in INDICATORS if item.section == section]:
            figure = indicators[indicator.key]
            _body_row(
                sheet,
                [
                    "",
                    figure["label"],
                    figure["value"],
                    figure["previous"],
                    _difference(figure["value"], figure["previous"]),
                ],
            )
    _print_ready(sheet, [6, 60, 16, 16, 14])


def _table_sheet(workbook, run, table, content) -> None:
    sheet = workbook.create_sheet(str(table.label)[:31])
    columns = content["columns"]
    headers = [_("STT"), table.label]
    for _key, label in columns:
        headers += [f"{label} — {_('kỳ này')}", f"{label} — {_('kỳ trước')}"]
    header_row = _title(sheet, run, str(table.label).upper(), len(headers))
    _header(sheet, header_row, headers)
    totals = [0] * (2 * len(columns))
    for number, row in enumerate(content["rows"], start=1):
        values = []
        for key, _label in columns:
            values += [row["values"][key], row["previous"][key]]
        totals = [_plus(total, value) for total, value in zip(totals, values, strict=True)]
        _body_row(sheet, [number, row["label"], *values])
    if table.summable:
        _body_row(sheet, ["", _("Tổng cộng"), *totals], bold=True)
    _print_ready(sheet, [6, 40, *([16] * len(totals))])


def _difference(value, previous):
    return value - previous if isinstance(value, int) and isinstance(previous, int) else None


def _plus(total, value):
    """A total of counts; unknown once a count is suppressed ("<5")."""
    return total + value if isinstance(total, int) and isinstance(value, int) else None


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number - 1]


def workbook_bytes(run, data: dict) -> bytes:
    workbook = Workbook()
    _summary(workbook, run, data)
    for table in TABLES:
        _table_sheet(workbook, run, table, data["tables"][table.key])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
