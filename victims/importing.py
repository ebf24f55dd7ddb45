"""Excel import of returnee lists: the template, row checks, saving, the error workbook.

Every row is checked the way the entry form checks a person, a case and a reception; names of
units, countries, ethnic groups and list values are matched without regard to case or
diacritics, and an ambiguous name is reported with its candidates, never guessed. Saving goes
through `services.case_create` in one transaction, and a row already imported is never saved
twice (its fingerprint is kept in ImportedRow).
"""

import datetime
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel

from accounts.access import can_change, scope_for
from locations.models import AdministrativeUnit
from locations.text import search_key
from victims import choices, services
from victims.exports import safe_cell_value
from victims.models import (
    Case,
    CriminalCase,
    EthnicGroup,
    ExploitationForm,
    ImportedRow,
    Reception,
    Victim,
)
from victims.rules import guess_id_type, id_number_errors, normalize_id_number

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
]
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
]
MAX_ROWS = 5000
OK, WARNING, ERROR, ALREADY = "ok", "warning", "error", "already"
# Division words of each level, with their usual abbreviations ("H. Thạch Thành", "TT. Kim Tân"),
# stripped before names are compared; a word counts only as a whole word ("Quảng" keeps "quan").
DIVISION_WORDS = {
    level: re.compile(rf"^(?:(?:{words})\s+|(?:{abbreviations})\.\s*)")
    for level, words, abbreviations in [
        ("province", "thanh pho|tinh", "tp"),
        ("district", "huyen|quan|thi xa|thanh pho", "h|q|tx|tp"),
        ("commune", "xa|phuong|thi tran|dac khu", "x|p|tt"),
    ]
}
# Words that give the receiving agency's type when the cell holds its full name.
AGENCY_KEYWORDS = [
    ("bien phong", choices.ReceivingAgencyType.BORDER_GUARD),
    ("cong an", choices.ReceivingAgencyType.POLICE),
    ("canh sat", choices.ReceivingAgencyType.POLICE),
    ("tro giup xa hoi", choices.ReceivingAgencyType.SOCIAL_FACILITY),
    ("bao tro xa hoi", choices.ReceivingAgencyType.SOCIAL_FACILITY),
    ("dai su quan", choices.ReceivingAgencyType.MISSION),
    ("lanh su", choices.ReceivingAgencyType.MISSION),
    ("co quan dai dien", choices.ReceivingAgencyType.MISSION),
    ("lao dong", choices.ReceivingAgencyType.DEPARTMENT),
    ("so y te", choices.ReceivingAgencyType.DEPARTMENT),
    ("ubnd", choices.ReceivingAgencyType.COMMUNE_COMMITTEE),
    ("uy ban nhan dan", choices.ReceivingAgencyType.COMMUNE_COMMITTEE),
]
SEX_WORDS = {
    "nu": choices.Sex.FEMALE,
    "nu gioi": choices.Sex.FEMALE,
    "female": choices.Sex.FEMALE,
    "f": choices.Sex.FEMALE,
    "nam": choices.Sex.MALE,
    "nam gioi": choices.Sex.MALE,
    "male": choices.Sex.MALE,
    "m": choices.Sex.MALE,
}
# Excel day numbers of 1900-01-01 .. 2099-12-31, for a date cell left without a date format.
EXCEL_DAYS = range(1, 73415)
DATE_PATTERN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not Excel, wrong headers, too many rows)."""


@dataclass
class RowResult:
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

    @property
    def saves(self) -> bool:
        return self.status in (OK, WARNING)


# --- The template ---------------------------------------------------------------------------


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip(
        "ABCDEFGHIJKLMNOP",
        [26, 16, 9, 12, 12, 18, 20, 20, 20, 16, 30, 12, 24, 24, 12, 24],
        strict=True,
    ):
        sheet.column_dimensions[column].width = width
    guide = workbook.create_sheet("Hướng dẫn")
    with translation.override("vi"):
        guide.append([_("Cột"), _("Giá trị được chấp nhận")])
        for header, accepted in _accepted_values():
            guide.append([header, accepted])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _accepted_values():
    return [
        ("Giới tính", "Nam; Nữ"),
        ("Ngày sinh", _("dd/mm/yyyy, hoặc chỉ năm sinh (yyyy)")),
        ("Dân tộc", "; ".join(EthnicGroup.objects.values_list("name", flat=True))),
        ("Số định danh cá nhân", _("CCCD 12 số, CMND cũ 9 số hoặc số hộ chiếu")),
        ("Huyện/Quận thường trú", _("Để trống nếu ghi theo địa giới từ 01/07/2025")),
        ("Hình thức bóc lột", "; ".join(ExploitationForm.objects.values_list("name", flat=True))),
        ("Ngày trở về", "dd/mm/yyyy"),
        ("Hình thức trở về", "; ".join(str(label) for label in choices.ReturnChannel.labels)),
        (
            "Cơ quan tiếp nhận",
            "; ".join(str(label) for label in choices.ReceivingAgencyType.labels),
        ),
    ]


# --- Reading --------------------------------------------------------------------------------


def read_rows(upload) -> list[dict]:
    """The data rows of an uploaded workbook, keyed by KEYS; headers checked in order."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise ImportFileError(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(value or "").strip() for value in next(rows, ())][: len(HEADERS)]
    for position, expected in enumerate(HEADERS):
        found = header[position] if position < len(header) else ""
        if search_key(found) != search_key(expected):
            raise ImportFileError(
                _("Cột %(column)s phải có tiêu đề “%(expected)s” (đang là “%(found)s”).")
                % {"column": position + 1, "expected": expected, "found": found}
            )
    result = []
    for values in rows:
        values = list(values or ())[: len(KEYS)]
        if not any(value not in (None, "") for value in values):
            continue
        result.append(dict(zip(KEYS, values + [None] * (len(KEYS) - len(values)), strict=True)))
        if len(result) > MAX_ROWS:
            raise ImportFileError(_("Mỗi lần chỉ nhập tối đa %(max)s dòng.") % {"max": MAX_ROWS})
    workbook.close()
    return result


# --- Matching names ---------------------------------------------------------------------------


def _plain(text, level: str) -> str:
    return DIVISION_WORDS[level].sub("", search_key(text), count=1)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class Matcher:
    """Lookups of one import, loaded once."""

    def __init__(self):
        self.provinces = list(AdministrativeUnit.objects.provinces().filter(is_legacy=False))
        self.ethnic = {}
        for group in EthnicGroup.objects.all():
            for key in group.search_name.split(";"):
                self.ethnic.setdefault(key, group)
        self.forms = list(ExploitationForm.objects.all())
        self.countries = {}
        for language in ("vi", "en"):
            with translation.override(language):
                for code, name in countries:
                    self.countries.setdefault(search_key(name), code)
        for code, _name in countries:
            self.countries.setdefault(search_key(code), code)
        self.countries.setdefault("viet nam", "VN")

    def unit(self, province_text, district_text, commune_text):
        """(unit, error): the lowest unit named, or why it cannot be told."""
        province = None
        if province_text:
            key = _plain(province_text, "province")
            matches = [p for p in self.provinces if _plain(p.name, "province") == key]
            if not matches:
                return None, _("Không tìm thấy tỉnh/thành phố “%(name)s”.") % {
                    "name": province_text
                }
            province = matches[0]
        district = None
        if district_text:
            scope = AdministrativeUnit.objects.districts()
            if province:
                scope = scope.within(province)
            district, error = self._one(scope, district_text, "district", _("huyện/quận"))
            if error:
                return None, error
        if not commune_text:
            if district or province:
                return district or province, None
            return None, _("Thiếu nơi thường trú.")
        scope = AdministrativeUnit.objects.communes()
        if district:
            scope = scope.filter(parent=district)
        elif province:
            current = scope.within(province).filter(is_legacy=False)
            unit, error = self._one(
                current, commune_text, "commune", _("xã/phường"), missing_ok=True
            )
            if unit or error:
                return unit, error
            scope = scope.within(province)
        return self._one(scope, commune_text, "commune", _("xã/phường"))

    def _one(self, scope, text, level, kind, missing_ok=False):
        key = _plain(text, level)
        candidates = [
            unit
            for unit in scope.filter(search_name__contains=key).select_related("parent")
            if _plain(unit.name, level) == key
        ]
        if len(candidates) == 1:
            return candidates[0], None
        if not candidates:
            if missing_ok:
                return None, None
            return None, _("Không tìm thấy %(kind)s “%(name)s”.") % {"kind": kind, "name": text}
        names = "; ".join(unit.full_name() for unit in candidates[:5])
        return None, _("Tên %(kind)s “%(name)s” không rõ ràng, có thể là: %(names)s.") % {
            "kind": kind,
            "name": text,
            "names": names,
        }

    def country(self, text):
        return self.countries.get(search_key(text))

    def ethnic_group(self, text):
        return self.ethnic.get(search_key(text))

    def exploitation_forms(self, text):
        found, unknown = [], []
        for part in filter(None, (piece.strip() for piece in str(text).split(";"))):
            form = _choose(
                part,
                [(search_key(f.name), f) for f in self.forms]
                + [(search_key(f.code), f) for f in self.forms],
            )
            (found if form else unknown).append(form or part)
        return found, unknown


def _choose(text, options):
    """The option whose key equals the text's, else the only one that contains it."""
    key = search_key(text)
    exact = [value for option_key, value in options if option_key == key]
    if exact:
        return exact[0]
    partial = {id(value): value for option_key, value in options if key and key in option_key}
    return next(iter(partial.values())) if len(partial) == 1 else None


def _choice(text, choice_class):
    return _choose(text, [(search_key(label), value) for value, label in choice_class.choices])


# --- Checking rows -----------------------------------------------------------------------------


def parse_date(value, *, year_only_ok=False):
    """(date, year, error) from a cell: a real date, dd/mm/yyyy, or a bare year if allowed."""
    if value in (None, ""):
        return None, None, None
    if isinstance(value, datetime.datetime):
        return value.date(), value.year, None
    if isinstance(value, datetime.date):
        return value, value.year, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if year_only_ok and 1900 <= value <= 2100:
            return None, int(value), None
        if int(value) in EXCEL_DAYS:
            day = from_excel(value)
            return day.date(), day.year, None
    text = _text(value)
    if year_only_ok and re.fullmatch(r"\d{4}", text):
        return None, int(text), None
    match = DATE_PATTERN.match(text)
    iso = ISO_DATE_PATTERN.match(text)
    if match or iso:
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            year, month, day = (int(part) for part in iso.groups())
        try:
            parsed = datetime.date(year, month, day)
        except ValueError:
            return None, None, _("Ngày “%(value)s” không tồn tại.") % {"value": text}
        return parsed, parsed.year, None
    return None, None, _("Ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": text}


def check_rows(rows: list[dict], *, user) -> list[RowResult]:
    matcher = Matcher()
    seen = {}
    results = []
    for number, raw in enumerate(rows, start=2):
        result = RowResult(number=number, raw=raw)
        _check_row(result, matcher, user)
        if result.saves:
            fingerprint = _fingerprint(result.data, user)
            result.data["fingerprint"] = fingerprint
            if fingerprint in seen:
                result.error(_("Trùng với dòng %(row)s của tệp.") % {"row": seen[fingerprint]})
            elif ImportedRow.objects.filter(fingerprint=fingerprint).exists():
                result.status = ALREADY
                result.reasons.append(_("Dòng này đã được nhập trước đây; không nhập lại."))
            seen.setdefault(fingerprint, number)
        results.append(result)
    return results


def _check_row(result, matcher, user):
    raw, data = result.raw, result.data
    today = timezone.localdate()
    data["full_name"] = _text(raw["full_name"])
    data["other_names"] = _text(raw["other_names"])
    data["note"] = _text(raw["note"])
    if len(data["full_name"]) < 2:
        result.error(_("Thiếu họ và tên."))
    sex = SEX_WORDS.get(search_key(_text(raw["sex"])))
    if sex is None:
        result.error(_("Giới tính phải là Nam hoặc Nữ."))
    data["sex"] = sex
    birth, birth_year, error = parse_date(raw["birth"], year_only_ok=True)
    if error:
        result.error(error)
    elif birth_year is None:
        result.error(_("Thiếu ngày sinh hoặc năm sinh."))
    elif birth_year < 1900 or (birth and birth > today) or birth_year > today.year:
        result.error(_("Ngày sinh không hợp lý."))
    data["date_of_birth"], data["birth_year"] = birth, birth_year
    _check_ethnic_group(result, matcher)
    _check_id_number(result, user)
    _check_residence(result, matcher)
    _check_case(result, matcher)
    _check_reception(result, today)


def _id_number_from_cell(value) -> str:
    """The number as typed; a number cell lost its leading zeros (every CCCD starts with 0),
    so a 10–11 digit number is read as a 12-digit CCCD and an 8-digit one as a 9-digit CMND."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) in (10, 11):
            return digits.zfill(12)
        if len(digits) == 8:
            return digits.zfill(9)
        return digits
    return normalize_id_number(_text(value))


def _check_ethnic_group(result, matcher):
    text = _text(result.raw["ethnic_group"])
    group = matcher.ethnic_group(text) if text else None
    if text and group is None:
        result.error(_("Không tìm thấy dân tộc “%(name)s”.") % {"name": text})
    result.data["ethnic_group"] = group


def _check_id_number(result, user):
    data = result.data
    number = _id_number_from_cell(result.raw["id_number"])
    data["id_number"], data["id_type"], data["existing_victim"] = number, "", None
    if not number:
        return
    data["id_type"] = guess_id_type(number)
    for error in id_number_errors(
        number, id_type=data["id_type"], sex=data.get("sex"), birth_year=data.get("birth_year")
    ):
        result.error(error)
    existing = Victim.objects.filter(id_number=number).first()
    if existing is None:
        return
    if not scope_for(user, Victim.objects.filter(pk=existing.pk)).exists():
        result.error(
            _("Số định danh đã có trong hệ thống, thuộc địa bàn khác: vui lòng liên hệ Sở.")
        )
        return
    data["existing_victim"] = existing
    result.warn(
        _("Người này đã có trong hệ thống (%(name)s): vụ việc mới sẽ gắn với hồ sơ đã có.")
        % {"name": existing.full_name}
    )


def _check_residence(result, matcher):
    raw = result.raw
    unit, error = matcher.unit(
        _text(raw["province"]), _text(raw["district"]), _text(raw["commune"])
    )
    if error:
        result.error(error)
    result.data["permanent_unit"] = unit
    data = result.data
    if unit is not None and data.get("birth_year") and not data.get("existing_victim"):
        found = services.find_duplicates(
            full_name=data["full_name"], birth_year=data["birth_year"], permanent_unit=unit
        )
        if found.possible:
            result.warn(
                _(
                    "Có thể trùng với người đã có trong hệ thống "
                    "(cùng họ tên, năm sinh, nơi thường trú)."
                )
            )


def _check_case(result, matcher):
    raw, data = result.raw, result.data
    country_text = _text(raw["country"])
    data["country"] = matcher.country(country_text) if country_text else None
    if data["country"] is None:
        result.error(
            _("Không tìm thấy quốc gia “%(name)s”.") % {"name": country_text}
            if country_text
            else _("Thiếu quốc gia bị đưa đến (ghi Việt Nam nếu bị mua bán trong nước).")
        )
    forms, unknown = matcher.exploitation_forms(_text(raw["forms"]))
    for name in unknown:
        result.error(_("Không tìm thấy hình thức bóc lột “%(name)s”.") % {"name": name})
    data["forms"] = forms
    data["criminal_case"] = _text(raw["criminal_case"])


def _check_reception(result, today):
    raw, data = result.raw, result.data
    received, _year, error = parse_date(raw["received_on"])
    if error:
        result.error(error)
    elif received is None:
        result.error(_("Thiếu ngày trở về."))
    elif received > today:
        result.error(_("Ngày trở về không được sau ngày hôm nay."))
    elif data.get("birth_year") and (
        received.year < data["birth_year"]
        or (data.get("date_of_birth") and received < data["date_of_birth"])
    ):
        result.error(_("Ngày trở về phải sau ngày sinh."))
    data["received_on"] = received
    channel_text = _text(raw["channel"])
    data["channel"] = _choice(channel_text, choices.ReturnChannel) if channel_text else None
    if data["channel"] is None:
        result.error(
            _("Không rõ hình thức trở về “%(name)s”.") % {"name": channel_text}
            if channel_text
            else _("Thiếu hình thức trở về.")
        )
    agency_text = _text(raw["agency"])
    agency_type = _choice(agency_text, choices.ReceivingAgencyType) if agency_text else None
    data["agency_name"] = "" if agency_type else agency_text
    if agency_type is None and agency_text:
        key = search_key(agency_text)
        agency_type = next((kind for word, kind in AGENCY_KEYWORDS if word in key), None)
    data["agency_type"] = agency_type or choices.ReceivingAgencyType.OTHER


def _fingerprint(data, user) -> str:
    unit = data.get("permanent_unit")
    key = {
        "name": search_key(data["full_name"]),
        "birth": str(data.get("date_of_birth") or data.get("birth_year")),
        "id": data.get("id_number"),
        "residence": unit.pk if unit else None,
        "country": data.get("country"),
        "received": str(data.get("received_on")),
        "managing_unit": user.jurisdiction_id,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


# --- Saving ------------------------------------------------------------------------------------


def import_allowed(user) -> str | None:
    """Why `user` may not import, or None."""
    if not can_change(user, Case):
        return _("Vai trò của bạn không được nhập vụ việc.")
    if user.jurisdiction_id is None:
        return _("Tài khoản chưa có địa bàn phụ trách: không xác định được đơn vị quản lý.")
    return None


@transaction.atomic
def save_rows(results: list[RowResult], *, user) -> int:
    """Save every OK and warning row as person, case and reception; all or nothing."""
    saved = 0
    for result in results:
        if not result.saves:
            continue
        case = services.case_create(
            actor=user,
            victim=result.data["existing_victim"] or _victim(result.data),
            case=_case(result.data, user),
            reception=Reception(
                received_on=result.data["received_on"],
                channel=result.data["channel"],
                agency_type=result.data["agency_type"],
                agency_name=result.data["agency_name"],
            ),
            exploitation_forms=result.data["forms"],
        )
        ImportedRow.objects.create(
            fingerprint=result.data["fingerprint"], case=case, imported_by=user
        )
        saved += 1
    return saved


def _victim(data) -> Victim:
    return Victim(
        full_name=data["full_name"],
        other_names=data["other_names"],
        sex=data["sex"],
        date_of_birth=data["date_of_birth"],
        birth_year=data["birth_year"],
        ethnic_group=data["ethnic_group"],
        id_type=data["id_type"],
        id_number=data["id_number"],
        permanent_unit=data["permanent_unit"],
    )


def _case(data, user) -> Case:
    criminal_case = None
    if data["criminal_case"]:
        criminal_case, _created = CriminalCase.objects.get_or_create(
            number=data["criminal_case"], investigating_agency=""
        )
    return Case(
        managing_unit=user.jurisdiction,
        destination_country=data["country"],
        criminal_case=criminal_case,
        note=data["note"],
    )


def error_workbook(results: list[RowResult]) -> bytes:
    """The rows that were not saved, as typed, with a "Lý do" column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dòng lỗi")
    sheet.append([*HEADERS, "Lý do"])
    for result in results:
        if result.status == ERROR:
            values = [safe_cell_value(result.raw.get(key)) for key in KEYS]
            sheet.append([*values, " ".join(result.reasons)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary(results: list[RowResult]) -> dict:
    counts = {OK: 0, WARNING: 0, ERROR: 0, ALREADY: 0}
    for result in results:
        counts[result.status] += 1
    return counts
