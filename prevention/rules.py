"""Pure rules of prevention work: the shape of a document number, and what an activity's
figures must satisfy. No database access here.

Document numbers ("số, ký hiệu") follow the administrative-document conventions of Decree
30/2020/NĐ-CP on clerical work [recalled]: a number, optionally the year for legal
normative documents, a slash, then the type code and the issuer's abbreviation joined by a dash
("32/KH-SLĐTBXH", "1234/QĐ-UBND", "19/2025/QĐ-TTg"). An official letter (công văn) has no type
code: the issuer's abbreviation, then optionally the drafting office's ("45/SLĐTBXH-BTXH").
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _


class DirectiveType:
    """Codes of the directive types (the model's choices use these values)."""

    PLAN = "plan"
    PROGRAMME = "programme"
    DIRECTIVE = "directive"
    DECISION = "decision"
    REPORT = "report"
    GUIDANCE = "guidance"
    OFFICIAL_LETTER = "official_letter"


# The type code written in the number for each type; an official letter has none (or "CV").
TYPE_CODES = {
    DirectiveType.PLAN: "KH",
    DirectiveType.PROGRAMME: "CTr",
    DirectiveType.DIRECTIVE: "CT",
    DirectiveType.DECISION: "QĐ",
    DirectiveType.REPORT: "BC",
    DirectiveType.GUIDANCE: "HD",
}
CODE_TYPES = {code: kind for kind, code in TYPE_CODES.items()} | {
    "CV": DirectiveType.OFFICIAL_LETTER
}
# Codes of other document kinds (resolution, notice, submission, …): recognised so that they are
# refused with a clear message instead of being read as an issuer's abbreviation.
OTHER_CODES = {"NQ", "TB", "TTr", "NĐ", "TT", "QC", "QyĐ", "CĐ", "GM", "BB", "TCT"}
# Abbreviations written with small letters; everything else is upper-cased.
MIXED_CASE = {"CTR": "CTr", "TTR": "TTr", "TTG": "TTg", "QYĐ": "QyĐ"}

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_NUMBER = re.compile(r"^(?P<number>\d{1,6})(?:/(?P<year>\d{4}))?/(?P<rest>.+)$")


def _is_capital_letter(char: str) -> bool:
    return char.isalpha() and "LATIN CAPITAL LETTER" in unicodedata.name(char, "")


def _is_abbreviation(token: str) -> bool:
    """Vietnamese capitals (Đ, Ơ, … included), digits allowed after the first letter: "UBND",
    "SLĐTBXH", "BCĐ138"; the known mixed-case codes ("TTg", "CTr") too."""
    if token in MIXED_CASE.values():
        return True
    return (
        len(token) >= 2
        and _is_capital_letter(token[0])
        and all(_is_capital_letter(char) or char.isdigit() for char in token)
    )


@dataclass(frozen=True)
class DirectiveNumber:
    number: int
    year: int | None
    type_code: str
    issuer: str
    office: str

    def __str__(self) -> str:
        head = f"{self.number}/{self.year}" if self.year else str(self.number)
        parts = [part for part in (self.type_code, self.issuer, self.office) if part]
        return f"{head}/{'-'.join(parts)}"

    @property
    def directive_type(self) -> str | None:
        """The type the code names (an official letter when there is no code)."""
        if not self.type_code:
            return DirectiveType.OFFICIAL_LETTER
        return CODE_TYPES.get(self.type_code)


def normalize_directive_number(text: str) -> str:
    """Spaces removed, dashes unified, letters upper-cased (Đ kept, "TTg" kept as written)."""
    text = unicodedata.normalize("NFC", text or "").translate(_DASHES)
    text = "".join(text.split()).upper()
    tokens = re.split(r"([/-])", text)
    return "".join(MIXED_CASE.get(token, token) for token in tokens)


def parse_directive_number(text: str) -> DirectiveNumber:
    """The parts of a document number, or ValueError with a message in Vietnamese."""
    normalized = normalize_directive_number(text)
    match = _NUMBER.match(normalized)
    example = _("Ví dụ: 32/KH-SLĐTBXH, 1234/QĐ-UBND, 45/SLĐTBXH-BTXH.")
    if not match:
        raise ValueError(
            _("Số hiệu phải có dạng số/ký hiệu, bắt đầu bằng số văn bản.") + " " + example
        )
    year = int(match["year"]) if match["year"] else None
    if year is not None and not 1945 <= year <= 2100:
        raise ValueError(_("Năm trong số hiệu không hợp lệ."))
    if int(match["number"]) == 0:
        raise ValueError(_("Số văn bản phải lớn hơn 0."))
    tokens = match["rest"].split("-")
    if any(token == "" for token in tokens) or len(tokens) > 3:
        raise ValueError(_("Ký hiệu văn bản không đúng dạng.") + " " + example)
    type_code = ""
    if tokens[0] in CODE_TYPES or tokens[0] in OTHER_CODES:
        type_code = tokens.pop(0)
        if type_code in OTHER_CODES:
            raise ValueError(
                _("Ký hiệu %(code)s không thuộc các loại văn bản được theo dõi ở đây.")
                % {"code": type_code}
            )
    if not tokens:
        raise ValueError(_("Thiếu chữ viết tắt tên cơ quan ban hành.") + " " + example)
    if len(tokens) > 2:
        raise ValueError(_("Ký hiệu văn bản không đúng dạng.") + " " + example)
    for token in tokens:
        if not _is_abbreviation(token):
            raise ValueError(
                _("“%(part)s” không phải chữ viết tắt tên cơ quan (chữ in hoa tiếng Việt).")
                % {"part": token}
                + " "
                + example
            )
    issuer, office = tokens[0], (tokens[1] if len(tokens) == 2 else "")
    return DirectiveNumber(int(match["number"]), year, type_code, issuer, office)


def directive_number_errors(text: str, directive_type: str | None) -> list[str]:
    """What is wrong with `text` as the number of a document of `directive_type` ([] if none)."""
    try:
        parsed = parse_directive_number(text)
    except ValueError as error:
        return [str(error)]
    if not directive_type or parsed.directive_type == directive_type:
        return []
    expected = TYPE_CODES.get(directive_type)
    if expected is None:
        return [
            _(
                "Công văn không ghi ký hiệu loại văn bản trong số hiệu "
                "(ví dụ: 45/SLĐTBXH-BTXH), hoặc ghi CV."
            )
        ]
    return [
        _("Loại văn bản này có ký hiệu %(code)s trong số hiệu (ví dụ: 32/%(code)s-SLĐTBXH).")
        % {"code": expected}
    ]


# --- Activity figures -------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCount:
    """Participants of one target group: how many, and how many of them women (None: not
    recorded)."""

    group: str
    count: int
    female: int | None = None


def participation_errors(
    *, total: int | None, total_female: int | None, groups: list[GroupCount]
) -> dict[str, list[str]]:
    """Errors keyed by field name ("participants", "participants_female", or the group's name
    as given) for figures that do not add up."""
    errors: dict[str, list[str]] = {}
    total = total or 0
    if total_female is not None and total_female > total:
        errors.setdefault("participants_female", []).append(
            _("Số nữ không được lớn hơn tổng số người tham gia.")
        )
    for item in groups:
        if item.female is not None and item.female > item.count:
            errors.setdefault(item.group, []).append(
                _("Số nữ không được lớn hơn số người của nhóm.")
            )
    by_group = sum(item.count for item in groups)
    if by_group > total:
        errors.setdefault("participants", []).append(
            _(
                "Tổng số người theo nhóm đối tượng (%(groups)s) lớn hơn tổng số người tham gia "
                "(%(total)s)."
            )
            % {"groups": by_group, "total": total}
        )
    female_by_group = sum(item.female or 0 for item in groups)
    if total_female is not None and female_by_group > total_female:
        errors.setdefault("participants_female", []).append(
            _("Tổng số nữ theo nhóm đối tượng (%(groups)s) lớn hơn số nữ tham gia (%(total)s).")
            % {"groups": female_by_group, "total": total_female}
        )
    return errors


def period_errors(start, end) -> dict[str, list[str]]:
    if start and end and end < start:
        return {"end_date": [_("Ngày kết thúc không được trước ngày bắt đầu.")]}
    return {}


def activity_figure_errors(
    *,
    activity_type: str,
    sessions: int,
    participants: int,
    item_kind: str,
    items_produced: int,
    items_distributed: int,
    establishments_inspected: int,
) -> dict[str, list[str]]:
    """What each type of activity must record: a training its classes and learners, a print
    run its items, an inspection the establishments inspected; items need their kind."""
    from prevention.choices import TRAINING_TYPES, ActivityType

    errors: dict[str, list[str]] = {}
    if activity_type in TRAINING_TYPES:
        if sessions < 1:
            errors["sessions"] = [_("Nhập số lớp tập huấn (ít nhất 1).")]
        if participants < 1:
            errors["participants"] = [_("Nhập số người tham gia tập huấn.")]
    if activity_type == ActivityType.PRINTING and not (items_produced or items_distributed):
        errors["items_produced"] = [_("Nhập số lượng sản phẩm in hoặc cấp phát.")]
    if (items_produced or items_distributed) and not item_kind:
        errors["item_kind"] = [_("Chọn loại sản phẩm truyền thông.")]
    if activity_type == ActivityType.INSPECTION and establishments_inspected < 1:
        errors["establishments_inspected"] = [_("Nhập số cơ sở được kiểm tra (ít nhất 1).")]
    return errors
