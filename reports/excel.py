"""The report workbook: a summary sheet of the indicators by section, then one sheet per table,
Vietnamese headers, totals, print-ready (landscape, one page wide, header rows repeated).
Written with openpyxl's write-only mode, so memory stays flat whatever the tables hold."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import safe_cell_value
from reports.indicators import INDICATORS, SECTIONS, TABLES

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER = "#,##0"
HEADER_ROW = 5  # after the title, the period, the area and a blank row


def _cell(sheet, value, *, font=None, fill=None, border=None, alignment=None):
    cell = WriteOnlyCell(sheet, value=safe_cell_value(value))
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if border:
        cell.border = border
    if alignment:
        cell.alignment = alignment
    if isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = NUMBER
    return cell


def _sheet(workbook, run, name: str, title: str, headers: list, widths: list[int]):
    sheet = workbook.create_sheet(name[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.append([_cell(sheet, title, font=TITLE)])
    sheet.append([_cell(sheet, _("Kỳ báo cáo: %(period)s") % {"period": run.period.label()})])
    sheet.append([_cell(sheet, _("Phạm vi: %(unit)s") % {"unit": run.unit.name})])
    sheet.append([])
    centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.append(
        [
            _cell(sheet, str(header), font=BOLD, fill=HEADER_FILL, border=BOX, alignment=centred)
            for header in headers
        ]
    )
    return sheet


def _row(sheet, values: list, *, bold=False) -> None:
    sheet.append([_cell(sheet, value, font=BOLD if bold else None, border=BOX) for value in values])


def _summary(workbook, run, data) -> None:
    headers = [_("STT"), _("Chỉ tiêu"), _("Kỳ này"), _("Kỳ trước"), _("Tăng, giảm")]
    sheet = _sheet(
        workbook, run, _("Tổng hợp"), _("TỔNG HỢP CHỈ TIÊU BÁO CÁO"), headers, [6, 60, 16, 16, 14]
    )
    indicators = data["indicators"]
    for number, (section, section_label) in enumerate(SECTIONS.items(), start=1):
        _row(sheet, [_roman(number), str(section_label).upper(), None, None, None], bold=True)
        for indicator in [item for item in INDICATORS if item.section == section]:
            figure = indicators[indicator.key]
            value, previous = figure["value"], figure["previous"]
            _row(sheet, [None, figure["label"], value, previous, _difference(value, previous)])


def _table_sheet(workbook, run, table, content) -> None:
    columns = content["columns"]
    headers = [_("STT"), table.label]
    for _key, label in columns:
        headers += [f"{label} — {_('kỳ này')}", f"{label} — {_('kỳ trước')}"]
    sheet = _sheet(
        workbook,
        run,
        str(table.label),
        str(table.label).upper(),
        headers,
        [6, 40, *([16] * (2 * len(columns)))],
    )
    totals = [0] * (2 * len(columns))
    for number, row in enumerate(content["rows"], start=1):
        values = []
        for key, _label in columns:
            values += [row["values"][key], row["previous"][key]]
        totals = [_plus(total, value) for total, value in zip(totals, values, strict=True)]
        _row(sheet, [number, row["label"], *values])
    if table.summable:
        _row(sheet, [None, _("Tổng cộng"), *totals], bold=True)


def _difference(value, previous):
    return value - previous if isinstance(value, int) and isinstance(previous, int) else None


def _plus(total, value):
    """A total of counts; unknown once a count is suppressed ("<5")."""
    return total + value if isinstance(total, int) and isinstance(value, int) else None


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number - 1]


def workbook_bytes(run, data: dict) -> bytes:
    workbook = Workbook(write_only=True)
    _summary(workbook, run, data)
    for table in TABLES:
        _table_sheet(workbook, run, table, data["tables"][table.key])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
