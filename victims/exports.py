"""Excel exports of the registry (openpyxl, write-only, so memory stays flat). Every cell goes
through core.spreadsheets.safe_cell_value (no formula runs from typed text)."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import safe_cell_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet, value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return safe_cell_value(value)


def workbook_response(filename: str, title: str, headers: list[str], rows) -> HttpResponse:
    return workbook_response_sheets(filename, [(title, headers, rows)])


def workbook_response_sheets(filename: str, sheets) -> HttpResponse:
    """A workbook of one sheet per (title, headers, rows), headers in bold, as a download."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=safe_cell_value(str(header)))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    workbook.save(response)
    return response


def case_rows(cases):
    for case in cases.iterator(chunk_size=500) if not cases._prefetch_related_lookups else cases:
        victim = case.victim
        reception = getattr(case, "reception", None)
        yield [
            case.code,
            victim.full_name,
            victim.get_sex_display(),
            victim.birth_display,
            str(victim.permanent_unit.full_name()) if victim.permanent_unit else "",
            str(case.managing_unit),
            case.destination_country.name,
            "; ".join(form.name for form in case.exploitation_forms.all()),
            reception.received_on if reception else None,
            reception.get_channel_display() if reception else "",
            case.get_status_display(),
        ]


def cases_workbook_response(cases) -> HttpResponse:
    headers = [
        _("Mã vụ việc"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Ngày/năm sinh"),
        _("Nơi thường trú"),
        _("Đơn vị quản lý"),
        _("Quốc gia bị đưa đến"),
        _("Hình thức bóc lột"),
        _("Ngày trở về"),
        _("Hình thức trở về"),
        _("Tình trạng"),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    cases = cases.select_related("victim__permanent_unit__parent__parent")
    return workbook_response(
        f"danh-sach-vu-viec-{stamp}.xlsx", _("Vụ việc"), headers, case_rows(cases)
    )
