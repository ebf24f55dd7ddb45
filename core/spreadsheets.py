"""The one Excel writer of every export (core.spreadsheets), and the guard each cell goes through.

The writer: an export describes its file as `Sheet`s (a header row and rows of values, with
optional column widths, lines above the table, a frozen header, print setup) and gets bytes
(`workbook_bytes`) or a download (`workbook_response`). Files are written with openpyxl's
write-only mode, so memory stays flat whatever the rows hold; dates show as dd/mm/yyyy.

The guard: text typed by a user — or by a victim's trafficker, through a form, an import or a
name — must never run as a formula when a colleague opens an export ("CSV/formula injection"): a
text that a spreadsheet could read as a formula (starting with = + - @, their full-width forms, a
tab or a carriage return, even after spaces) gets a leading apostrophe, so it shows as the text it
was. Control characters, which Excel refuses and which can hide content, are dropped (tab and line
feed stay). Numbers, dates and booleans pass unchanged: a real negative amount stays a number.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# C0 controls except tab and line feed, DEL, C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
# Thousands grouped: counts and amounts in VND (integers) read as 1.500.000 in a Vietnamese Excel.
NUMBER_FORMAT = "#,##0"
MAX_SHEET_TITLE = 31  # Excel refuses longer sheet names

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="999999")


def safe_cell_value(value):
    """`value` as a spreadsheet cell may hold it without running it."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell_value(value) for value in values]


# --- The writer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a sheet's table looks: its header cells, the border of every cell, the number format
    of integers (None: as Excel shows them by default)."""

    header_fill: PatternFill | None = None
    header_alignment: Alignment | None = None
    border: Border | None = None
    integer_format: str | None = None


# A list to filter and sort in Excel: bold headers, values as they are.
LIST = Style()
# A table to print and file (the periodic report): shaded, centred headers, every cell boxed,
# integers with thousands grouped.
PRINTED_TABLE = Style(
    header_fill=PatternFill("solid", fgColor="DDEBF7"),
    header_alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    border=Border(left=THIN, right=THIN, top=THIN, bottom=THIN),
    integer_format=NUMBER_FORMAT,
)


@dataclass(frozen=True)
class Row:
    """A row that stands out from the others (a section heading, a total): in bold."""

    values: Sequence
    bold: bool = False


@dataclass(frozen=True)
class Sheet:
    """One sheet: `headers`, then `rows` (sequences of values, or `Row`s); an iterator of rows is
    read once, while the file is written.

    `heading`: lines above the table (the first as a title), then a blank line. `widths`: of the
    first columns, in characters. `freeze_header`: the header row stays in view when scrolling.
    `print_ready`: landscape A4, one page wide, the header row repeated on every page."""

    title: str
    headers: Sequence
    rows: Iterable
    style: Style = LIST
    heading: Sequence = ()
    widths: Sequence[int] = ()
    freeze_header: bool = False
    print_ready: bool = False

    @property
    def header_row(self) -> int:
        return len(self.heading) + 2 if self.heading else 1


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The .xlsx file of `sheets`, in their order."""
    buffer = io.BytesIO()
    _workbook(sheets).save(buffer)
    return buffer.getvalue()


def workbook_response(filename: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """The .xlsx file of `sheets` as a download named `filename` (a Vietnamese name without
    diacritics, "danh-sach-vu-viec-20240315-0930.xlsx"), never kept by a cache."""
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    _workbook(sheets).save(response)
    return response


def _workbook(sheets: Iterable[Sheet]) -> Workbook:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    return workbook


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    # A write-only sheet takes its layout before its first row.
    worksheet = workbook.create_sheet(title=str(sheet.title)[:MAX_SHEET_TITLE])
    for index, width in enumerate(sheet.widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    if sheet.print_ready:
        _set_up_printing(worksheet, sheet.header_row)
    if sheet.freeze_header:
        worksheet.freeze_panes = f"A{sheet.header_row + 1}"
    for number, line in enumerate(sheet.heading):
        worksheet.append([_cell(worksheet, line, font=TITLE if number == 0 else None)])
    if sheet.heading:
        worksheet.append([])
    style = sheet.style
    worksheet.append(
        [
            _cell(
                worksheet,
                str(header),
                font=BOLD,
                fill=style.header_fill,
                border=style.border,
                alignment=style.header_alignment,
            )
            for header in sheet.headers
        ]
    )
    for row in sheet.rows:
        bold = isinstance(row, Row) and row.bold
        values = row.values if isinstance(row, Row) else row
        worksheet.append(
            [
                _cell(
                    worksheet,
                    value,
                    font=BOLD if bold else None,
                    border=style.border,
                    integer_format=style.integer_format,
                )
                for value in values
            ]
        )


def _set_up_printing(worksheet, header_row: int) -> None:
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth, worksheet.page_setup.fitToHeight = 1, 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = f"{header_row}:{header_row}"


def _cell(
    worksheet, value, *, font=None, fill=None, border=None, alignment=None, integer_format=None
):
    """The guarded value, in a styled cell when it needs a style (a plain value otherwise)."""
    number_format = None
    if isinstance(value, datetime.date):
        number_format = DATE_FORMAT
    elif integer_format and isinstance(value, int) and not isinstance(value, bool):
        number_format = integer_format
    value = safe_cell_value(value)
    if not (font or fill or border or alignment or number_format):
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if border:
        cell.border = border
    if alignment:
        cell.alignment = alignment
    if number_format:
        cell.number_format = number_format
    return cell
