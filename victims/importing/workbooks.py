"""The import's workbooks: the template to fill, reading an upload, the rows sent back in error."""

import datetime
import io
import zipfile

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.services import ethnic_code_set
from core.spreadsheets import safe_cell_value, safe_row
from locations.text import search_key
from victims import choices
from victims.importing.results import ERROR, RowResult
from victims.models import EthnicGroup, ExploitationForm

# The header cells are the file format: they stay Vietnamese whatever the interface language.
HEADERS = [
    "Họ và tên",
    "Tên gọi khác",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Số định danh cá nhân",
    "Xã/Phường thường trú",
    "Huyện/Quận thường trú",
    "Tỉnh/Thành phố thường trú",
    "Quốc gia bị đưa đến",
    "Hình thức bóc lột",
    "Ngày trở về",
    "Hình thức trở về",
    "Cơ quan tiếp nhận",
    "Số vụ án",
    "Ghi chú",
    "Cơ quan điều tra",
]
# The first 16 columns every file has; the last ones were added later (the investigating agency,
# which tells apart two criminal cases of one number) and are read only when their header is
# there, so a file made from an older template is still read.
REQUIRED_COLUMNS = 16
KEYS = [
    "full_name",
    "other_names",
    "sex",
    "birth",
    "ethnic_group",
    "id_number",
    "commune",
    "district",
    "province",
    "country",
    "forms",
    "received_on",
    "channel",
    "agency",
    "criminal_case",
    "note",
    "investigating_agency",
]
WIDTHS = [26, 16, 9, 12, 12, 18, 20, 20, 20, 16, 30, 12, 24, 24, 12, 24, 28]
MAX_ROWS = 5000
# A sheet of 5,000 rows inflates to a few MB; more than this is a zip bomb, not a list.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
REASON_HEADER = "Lý do"


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not Excel, wrong headers, no rows, too many rows)."""


def template_workbook() -> bytes:
    """The empty list with its header row, and a "Hướng dẫn" sheet of accepted values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(safe_row(HEADERS))
    for position, width in enumerate(WIDTHS, start=1):
        sheet.cell(row=1, column=position).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    with translation.override("vi"):
        guide.append([_("Cột"), _("Giá trị được chấp nhận")])
        guide["A1"].font = guide["B1"].font = Font(bold=True)
        for header, accepted in _accepted_values():
            guide.append(safe_row([header, accepted]))
    return _saved(workbook)


def _labels(choice_class) -> str:
    return "; ".join(str(label) for label in choice_class.labels)


def _ethnic_accepted() -> str:
    """Names, or codes of the installation's code set, which the guide names: 04 is Mường in
    the 2008 list and Hoa in the 1979 one (issue 15 item 9)."""
    code_set = ethnic_code_set()
    groups = "; ".join(
        f"{group.code_in(code_set)} {group.name}" for group in EthnicGroup.objects.all()
    )
    return _("Tên dân tộc, hoặc mã theo %(code_set)s: %(groups)s") % {
        "code_set": code_set.label,
        "groups": groups,
    }


def _accepted_values():
    date_formats = _("dd/mm/yyyy (ví dụ 15/03/2024) hoặc ô kiểu ngày của Excel")
    return [
        ("Họ và tên", _("Bắt buộc.")),
        ("Giới tính", _labels(choices.Sex)),
        ("Ngày sinh", _("%(formats)s, hoặc chỉ năm sinh (yyyy)") % {"formats": date_formats}),
        ("Dân tộc", _ethnic_accepted()),
        ("Số định danh cá nhân", _("CCCD 12 số, CMND cũ 9 số hoặc số hộ chiếu; có thể để trống")),
        ("Xã/Phường thường trú", _("Tên xã, phường; có hoặc không có chữ “Xã”, “Phường”")),
        ("Huyện/Quận thường trú", _("Để trống nếu ghi theo địa giới từ 01/07/2025")),
        ("Tỉnh/Thành phố thường trú", _("Tên tỉnh, thành phố")),
        (
            "Quốc gia bị đưa đến",
            _(
                "Tên nước bằng tiếng Việt hoặc tiếng Anh, hoặc mã ISO (CN, KH…); ghi Việt Nam nếu "
                "bị mua bán trong nước"
            ),
        ),
        (
            "Hình thức bóc lột",
            _("Một hoặc nhiều giá trị, cách nhau bằng dấu “;”: %(values)s")
            % {"values": "; ".join(ExploitationForm.objects.values_list("name", flat=True))},
        ),
        ("Ngày trở về", date_formats),
        ("Hình thức trở về", _labels(choices.ReturnChannel)),
        (
            "Cơ quan tiếp nhận",
            _("%(values)s; hoặc tên cơ quan (ghi là “Cơ quan, tổ chức khác”)")
            % {"values": _labels(choices.ReceivingAgencyType)},
        ),
        ("Số vụ án", _("Số của vụ án hình sự, nếu có")),
    ]


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(upload, *, max_rows: int = MAX_ROWS) -> list[tuple[int, dict]]:
    """(row number in the sheet, cells keyed by KEYS) for every non-empty row of the first
    sheet, after checking the header row cell by cell."""
    _check_unzipped_size(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise ImportFileError(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Tệp không có trang tính nào."))
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        columns = _check_headers(next(rows, ()))
        result = _data_rows(rows, max_rows, columns)
    except ImportFileError:
        raise
    except Exception as error:  # a broken sheet (control characters, bad XML) shows here
        raise ImportFileError(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")) from error
    finally:
        workbook.close()
    if not result:
        raise ImportFileError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return result


def _check_unzipped_size(upload) -> None:
    """Refuse a file that would inflate beyond MAX_UNZIPPED_BYTES, before reading it."""
    try:
        with zipfile.ZipFile(upload) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")) from error
    finally:
        upload.seek(0)
    if size > MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            _("Tệp giải nén ra quá lớn (hơn %(size)s MB): không phải danh sách hợp lệ.")
            % {"size": MAX_UNZIPPED_BYTES // (1024 * 1024)}
        )


def _check_headers(cells) -> int:
    """How many of the columns the file has: the required ones, checked cell by cell, then each
    later one whose header is there."""
    found = [str(value or "").strip() for value in cells]
    columns = REQUIRED_COLUMNS
    for expected in HEADERS[REQUIRED_COLUMNS:]:
        typed = found[columns] if columns < len(found) else ""
        if search_key(typed) != search_key(expected):
            break
        columns += 1
    for position, expected in enumerate(HEADERS[:REQUIRED_COLUMNS]):
        typed = found[position] if position < len(found) else ""
        if search_key(typed) == search_key(expected):
            continue
        values = {"column": get_column_letter(position + 1), "expected": expected, "found": typed}
        if not typed:
            raise ImportFileError(_("Thiếu cột “%(expected)s” (cột %(column)s).") % values)
        raise ImportFileError(
            _("Cột %(column)s phải có tiêu đề “%(expected)s” (đang là “%(found)s”).") % values
        )
    return columns


def _data_rows(rows, max_rows, columns) -> list[tuple[int, dict]]:
    result = []
    for number, cells in enumerate(rows, start=2):
        values = list(cells or ())[:columns]
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        values += [None] * (len(KEYS) - len(values))
        result.append((number, dict(zip(KEYS, values, strict=True))))
        if len(result) > max_rows:
            raise ImportFileError(_("Mỗi lần chỉ nhập tối đa %(max)s dòng.") % {"max": max_rows})
    return result


def error_workbook(results: list[RowResult]) -> bytes:
    """The rows in error as they were typed, with a "Lý do" column; the file can be corrected
    and imported again (the extra column is ignored)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dòng lỗi")
    sheet.append([*HEADERS, REASON_HEADER])
    for result in results:
        if result.status == ERROR:
            values = [_as_typed(result.raw.get(key)) for key in KEYS]
            sheet.append([*values, safe_cell_value(" ".join(result.reasons))])
    return _saved(workbook)


def _as_typed(value):
    """A date cell goes back as dd/mm/yyyy text, which the import reads again."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return safe_cell_value(value)
