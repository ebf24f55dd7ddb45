"""Pure rules of the registry: personal ID numbers, ages. No database access here."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from victims.choices import IdType, Sex

# Digits 1-3 of a CCCD: the province of birth registration on the 63-province list in force
# before 1 July 2025 (DOMAIN.md "Personal ID"). These are never mapped to the new 34-province
# codes. Source (shown beside the number on the person page, issue 15 item 13):
BIRTH_REGISTRATION_SOURCE = (
    "Phụ lục 1 Thông tư số 07/2016/TT-BCA ngày 01/02/2016 của Bộ Công an (mã tỉnh, thành phố "
    "nơi công dân đăng ký khai sinh); số định danh 12 chữ số: Điều 12 Luật Căn cước 2023"
)
BIRTH_REGISTRATION_PROVINCE_NAMES = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}
BIRTH_REGISTRATION_PROVINCES = frozenset(BIRTH_REGISTRATION_PROVINCE_NAMES)


def birth_registration_province(number: str) -> str:
    """ "038 — Thanh Hóa" for a 12-digit CCCD whose first three digits are a province code of
    the list above, else ""."""
    code = number[:3] if len(number) == 12 and number.isascii() and number.isdigit() else ""
    name = BIRTH_REGISTRATION_PROVINCE_NAMES.get(code)
    return f"{code} — {name}" if name else ""


# Digit 4 of a CCCD: century and sex (DOMAIN.md).
CENTURY_SEX_DIGIT = {
    "0": (1900, Sex.MALE),
    "1": (1900, Sex.FEMALE),
    "2": (2000, Sex.MALE),
    "3": (2000, Sex.FEMALE),
    "4": (2100, Sex.MALE),
    "5": (2100, Sex.FEMALE),
}

_SEPARATORS = re.compile(r"[\s.\-_/]+")
_PASSPORT = re.compile(r"^[A-Z0-9]{6,12}$")


def normalize_id_number(raw: str | None) -> str:
    """The number as stored: separators removed, letters upper-case ("038 1 95 012345" ->
    "038195012345"), so however it was typed, one person has one key."""
    return _SEPARATORS.sub("", (raw or "").strip()).upper()


def guess_id_type(number: str) -> str:
    """Nine digits are an old CMND; any other run of digits is meant as a CCCD (and checked as
    one); letters and digits are a passport number."""
    if re.fullmatch(r"[0-9]{9}", number):
        return IdType.CMND
    if _ascii_digits(number):
        return IdType.CCCD
    return IdType.PASSPORT if _PASSPORT.match(number) else IdType.OTHER


@dataclass(frozen=True)
class CccdParts:
    province: str
    sex: str
    birth_year: int


def parse_cccd(number: str) -> CccdParts | None:
    """The facts a 12-digit CCCD encodes, or None when it is not one."""
    if not re.fullmatch(r"[0-9]{12}", number) or number[3] not in CENTURY_SEX_DIGIT:
        return None
    century, sex = CENTURY_SEX_DIGIT[number[3]]
    return CccdParts(province=number[:3], sex=sex, birth_year=century + int(number[4:6]))


def id_number_errors(
    number: str, *, id_type: str, sex: str | None = None, birth_year: int | None = None
) -> list[str]:
    """Why `number` (normalised) is not a valid document number of `id_type` for this person;
    an empty list when it is."""
    if not number:
        return []
    if id_type == IdType.CCCD:
        return _cccd_errors(number, sex=sex, birth_year=birth_year)
    if id_type == IdType.CMND:
        if not re.fullmatch(r"[0-9]{9}", number):
            return [_("Số CMND cũ phải gồm đúng 9 chữ số.")]
        return []
    if id_type == IdType.PASSPORT and not _PASSPORT.match(number):
        return [_("Số hộ chiếu chỉ gồm 6–12 chữ cái không dấu và chữ số.")]
    return []


def _ascii_digits(text: str) -> bool:
    """0-9 only: "²" or "١" pass str.isdigit() but are no digit of an ID number."""
    return text.isascii() and text.isdigit()


def _cccd_errors(number: str, *, sex, birth_year) -> list[str]:
    if not _ascii_digits(number):
        return [_("Số định danh cá nhân chỉ gồm chữ số.")]
    if len(number) != 12:
        return [
            ngettext(
                "Số định danh cá nhân phải gồm đúng 12 chữ số (đang có %(count)s).",
                "Số định danh cá nhân phải gồm đúng 12 chữ số (đang có %(count)s).",
                len(number),
            )
            % {"count": len(number)}
        ]
    errors = []
    if number[:3] not in BIRTH_REGISTRATION_PROVINCES:
        errors.append(
            _("Ba chữ số đầu (%(code)s) không phải mã tỉnh nơi đăng ký khai sinh.")
            % {"code": number[:3]}
        )
    parts = parse_cccd(number)
    if parts is None:
        errors.append(_("Chữ số thứ 4 phải từ 0 đến 5 (thế kỷ và giới tính)."))
        return errors
    if sex and parts.sex != sex:
        errors.append(
            _("Số định danh ghi giới tính %(id_sex)s, khác với giới tính đã nhập.")
            % {"id_sex": Sex(parts.sex).label.lower()}
        )
    if birth_year and parts.birth_year != birth_year:
        errors.append(
            _("Số định danh ghi năm sinh %(id_year)s, khác với năm sinh %(year)s đã nhập.")
            % {"id_year": parts.birth_year, "year": birth_year}
        )
    return errors


def age_on(day: datetime.date, *, date_of_birth: datetime.date | None, birth_year: int) -> int:
    """Completed years on `day`; with a birth year only, the age reached during that year."""
    if date_of_birth:
        return (
            day.year
            - date_of_birth.year
            - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
        )
    return day.year - birth_year


# --- Need-to-know (issue 16 item 5) -----------------------------------------------------------
# The fields shown masked on every screen; the roles with `person.reveal_identifiers`
# (accounts.roles) reveal one on demand, logged.
IDENTIFIER_FIELDS = ("id_number", "phone", "guardian_phone")
MASK_KEEP_START = 3  # a CCCD's birth-registration province code; a phone's network prefix
MASK_KEEP_END = 2


def mask_identifier(value: str | None) -> str:
    """ "038199001245" -> "038*******45": the first three and the last two characters kept, every
    other character (separators included) a star. A value of five characters or fewer keeps
    nothing but its length, so that no short number is shown whole."""
    if not value:
        return ""
    value = str(value).strip()
    if len(value) <= MASK_KEEP_START + MASK_KEEP_END:
        return "*" * len(value)
    hidden = len(value) - MASK_KEEP_START - MASK_KEEP_END
    return value[:MASK_KEEP_START] + "*" * hidden + value[-MASK_KEEP_END:]
