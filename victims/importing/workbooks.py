"""The import's workbooks: the template to fill, reading an upload, the rows sent back in error."""

import datetime
import io
import zipfile

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import ServedProvince
from accounts.services import ethnic_code_set
from core.spreadsheets import safe_cell_value, safe_row
from locations.models import AdministrativeUnit
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
LISTS_SHEET = "Danh mục"
# The template's drop-down lists, by column: the named range of the "Danh mục" sheet that holds
# the allowed values, and whether another value is still taken (a warning, not a stop): a list of
# exploitation forms separated by ";" and an agency's own name are.
LIST_COLUMNS = {
    "sex": ("DM_GioiTinh", False),
    "ethnic_group": ("DM_DanToc", False),
    "commune": ("DM_XaPhuong", False),
    "district": ("DM_HuyenQuan", False),
    "province": ("DM_TinhThanh", False),
    "country": ("DM_QuocGia", False),
    "forms": ("DM_HinhThucBocLot", True),
    "channel": ("DM_HinhThucTroVe", False),
    "agency": ("DM_CoQuanTiepNhan", True),
}
VALIDATED_ROWS = MAX_ROWS + 1


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not Excel, wrong headers, no rows, too many rows)."""


def template_workbook() -> bytes:
    """The empty list with its header row and a drop-down on every list column, a "Hướng dẫn"
    sheet of accepted values and a "Danh mục" sheet of the drop-downs' values."""
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
        _add_lists(workbook, sheet)
    return _saved(workbook)


def _list_values() -> dict[str, list[str]]:
    """The allowed values of each list column, as the template's drop-downs offer them: the
    labels of the lists, and the units of the provinces the installation serves (current and
    before 1 July 2025)."""
    with translation.override("vi"):
        served = [s.province for s in ServedProvince.objects.select_related("province")]
        units = AdministrativeUnit.objects.none()
        for province in served:
            units |= AdministrativeUnit.objects.within(province)
        return {
            "sex": [str(label) for label in choices.Sex.labels],
            "ethnic_group": list(EthnicGroup.objects.values_list("name", flat=True)),
            "commune": sorted(set(units.communes().values_list("name", flat=True))),
            "district": sorted(set(units.districts().values_list("name", flat=True))),
            "province": list(
                AdministrativeUnit.objects.provinces()
                .filter(is_legacy=False)
                .order_by("name")
                .values_list("name", flat=True)
            ),
            "country": sorted(str(name) for _code, name in countries),
            "forms": list(ExploitationForm.objects.values_list("name", flat=True)),
            "channel": [str(label) for label in choices.ReturnChannel.labels],
            "agency": [str(label) for label in choices.ReceivingAgencyType.labels],
        }


def _add_lists(workbook, sheet) -> None:
    """A "Danh mục" sheet with one column of allowed values per list column, each a named
    range, and an Excel drop-down (data validation) on every list column of the data sheet."""
    lists = workbook.create_sheet(LISTS_SHEET)
    for position, (key, values) in enumerate(_list_values().items(), start=1):
        letter = get_column_letter(position)
        lists.cell(row=1, column=position, value=HEADERS[KEYS.index(key)]).font = Font(bold=True)
        lists.column_dimensions[letter].width = 30
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=position, value=safe_cell_value(value))
        name, free = LIST_COLUMNS[key]
        last = max(len(values) + 1, 2)
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
        validation = DataValidation(
            type="list",
            formula1=f"={name}",
            allow_blank=True,
            showErrorMessage=not free,
            errorStyle="warning",
            errorTitle=_("Giá trị không có trong danh mục"),
            error=_("Chọn một giá trị trong danh sách (trang “Danh mục”)."),
        )
        column = get_column_letter(KEYS.index(key) + 1)
        validation.add(f"{column}2:{column}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)
    lists.freeze_panes = "A2"


def _labels(choice_class) -> str:
    return "; ".join(str(label) for label in choice_class.labels)


def _exploitation_names():
    return ExploitationForm.objects.active().values_list("name", flat=True)


def _ethnic_accepted() -> str:
    """Names, or codes of the installation's code set, which the guide names: 04 is Mường in
    the 2008 list and Hoa in the 1979 one (issue 15 item 9)."""
    code_set = ethnic_code_set()
    groups = "; ".join(
        f"{group.code_in(code_set)} {group.name}" for group in EthnicGroup.objects.active()
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
            % {"values": "; ".join(_exploitation_names())},
        ),
        ("Ngày trở về", date_formats),
        ("Hình thức trở về", _labels(choices.ReturnChannel)),
        (
            "Cơ quan tiếp nhận",
            _("%(values)s; hoặc tên cơ quan (ghi là “Cơ quan, tổ chức khác”)")
            % {"values": _labels(choices.ReceivingAgencyType)},
        ),
        ("Số vụ án", _("Số của vụ án hình sự, nếu có")),
        (
            "Cơ quan điều tra",
            _(
                "Cơ quan điều tra của vụ án, nếu có; cần khi cùng một số vụ án có ở hai cơ quan. "
                "Có thể bỏ cột này."
            ),
        ),
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
            raise ImportFileError(
                ngettext(
                    "Mỗi lần chỉ nhập tối đa %(max)s dòng.",
                    "Mỗi lần chỉ nhập tối đa %(max)s dòng.",
                    max_rows,
                )
                % {"max": max_rows}
            )
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
