"""Names typed in an imported list matched to units, countries and list values.

Matching ignores case and diacritics ("Đ" included, locations.text.search_key). A name that fits
several candidates is reported with them and never guessed.
"""

import difflib
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from accounts.services import ethnic_code_set
from locations.collation import vi_order
from locations.models import AdministrativeUnit
from locations.text import search_key
from victims import choices
from victims.importing.lists import (
    SUGGESTION_CUTOFF,
    SUGGESTIONS,
    Entry,
    ListMatcher,
    did_you_mean,
    list_key,
    refusal,
)
from victims.models import CriminalCase, EthnicGroup, ExploitationForm

# Division words of each level, recognised only as a whole word ("Quảng Xương" keeps its
# "quang"), and their usual abbreviations, written with a dot ("H. Thạch Thành", "TT. Kim Tân").
DIVISION_WORDS = {
    "province": ["thanh pho", "tinh"],
    "district": ["huyen", "quan", "thi xa", "thanh pho"],
    "commune": ["xa", "phuong", "thi tran", "dac khu"],
}
DIVISION_ABBREVIATIONS = {
    "province": {"tp": "thanh pho"},
    "district": {"h": "huyen", "q": "quan", "tx": "thi xa", "tp": "thanh pho"},
    "commune": {"x": "xa", "p": "phuong", "tt": "thi tran"},
}
DIVISION_PATTERNS = {
    level: re.compile(
        rf"^(?:(?P<word>{'|'.join(words)})\s+"
        rf"|(?P<abbreviation>{'|'.join(DIVISION_ABBREVIATIONS[level])})\.\s*)"
    )
    for level, words in DIVISION_WORDS.items()
}
# Words that give the receiving agency's type when the cell holds the agency's own name.
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
ISO_CODE = re.compile(r"[A-Za-z]{2,3}")


def text_of(value) -> str:
    """A cell as single-spaced text ("" for an empty cell; 2001.0 read as "2001")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def loose_key(text) -> str:
    """search_key with punctuation read as spaces: "Cam-pu-chia" = "cam pu chia"."""
    return list_key(text)


def split_division(text, level: str) -> tuple[str, str]:
    """(division word, name) of a unit's name: "TT. Kim Tân" -> ("thi tran", "kim tan")."""
    key = search_key(text)
    match = DIVISION_PATTERNS[level].match(key)
    if not match:
        return "", key
    word = match["word"] or DIVISION_ABBREVIATIONS[level][match["abbreviation"]]
    return word, key[match.end() :]


def _named(units, key: str, level: str) -> bool:
    return any(split_division(unit.name, level)[1] == key for unit in units)


def _with_suggestions(error: str, units, key: str, level: str) -> str:
    """A refusal of a unit name that fits no unit of its parent, with the closest names of
    that parent's units ("Thạch Lâmm" -> "Xã Thạch Lâm"): never a unit elsewhere."""
    names = {}
    for unit in units:
        names.setdefault(split_division(unit.name, level)[1], []).append(unit.name)
    close = difflib.get_close_matches(key, list(names), n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
    labels = list(dict.fromkeys(name for found in close for name in names[found]))
    return f"{error} {did_you_mean(labels[:SUGGESTIONS])}" if labels else error


def _active(row) -> bool:
    """Whether a reference row is in use (a list may withdraw values: `is_active`)."""
    return getattr(row, "is_active", True) is not False


def choice_entries(choice_class) -> list[Entry]:
    """A choice list's values with their Vietnamese and English labels and their codes."""
    labels = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choice_class.choices:
                labels.setdefault(value, []).append(str(label))
    return [
        Entry(value=value, label=names[0], names=names, codes=[value])
        for value, names in labels.items()
    ]


class Matcher:
    """The lookups of one import, loaded once; units found are remembered per name."""

    def __init__(self):
        self.provinces = list(AdministrativeUnit.objects.provinces().filter(is_legacy=False))
        self.ethnic = ListMatcher(_ethnic_entries(), list_name="ethnic_group")
        self.forms = ListMatcher(
            [
                Entry(
                    value=form,
                    label=form.name,
                    codes=[form.code],
                    active=_active(form),
                    file_key=form.code,
                )
                for form in ExploitationForm.objects.all()
            ],
            list_name="exploitation_form",
        )
        self.countries = ListMatcher(_country_entries(), list_name="country")
        self.channels = ListMatcher(
            choice_entries(choices.ReturnChannel), list_name="return_channel"
        )
        self.agency_types = ListMatcher(
            choice_entries(choices.ReceivingAgencyType), list_name="receiving_agency"
        )
        self.sexes = ListMatcher(choice_entries(choices.Sex), list_name="sex")
        self._units = {}
        self._units_as_typed = {}
        self._districts = {}
        self._communes = {}
        self._agencies = {}
        self._successors = {}
        self._criminal_cases = None

    # --- Units ---

    def successors(self, unit) -> list:
        """The current communes a legacy unit (or the communes of a legacy district) became on
        1 July 2025 (locations.UnitSuccession), remembered per unit."""
        if unit.pk not in self._successors:
            self._successors[unit.pk] = list(
                AdministrativeUnit.objects.successors_of(unit).order_by(vi_order("name"))
            )
        return self._successors[unit.pk]

    def unit(self, province_text: str, district_text: str, commune_text: str):
        """(unit, error): the lowest unit named, or why it cannot be told. Remembered per
        names as typed (the rows of a list repeat them) and per their keys."""
        typed = (province_text, district_text, commune_text)
        if typed not in self._units_as_typed:
            key = tuple(search_key(text) for text in typed)
            if key not in self._units:
                self._units[key] = self._find_unit(province_text, district_text, commune_text)
            self._units_as_typed[typed] = self._units[key]
        return self._units_as_typed[typed]

    def _find_unit(self, province_text, district_text, commune_text):
        province = district = None
        if province_text:
            province, error = self._pick(
                self.provinces, province_text, "province", _("tỉnh/thành phố")
            )
            if error:
                key = split_division(province_text, "province")[1]
                if not _named(self.provinces, key, "province"):
                    error = _with_suggestions(error, self.provinces, key, "province")
                return None, error
        if district_text:
            district, error = self._district(province, district_text)
            if error:
                return None, error
        if not commune_text:
            unit = district or province
            return unit, (None if unit else _("Thiếu nơi thường trú."))
        return self._commune(province, district, commune_text)

    def _district(self, province, text):
        """(district, error) of the province (or anywhere without one), remembered per province
        and name: the communes of a list share a few districts."""
        key = (province.pk if province else None, text)
        if key not in self._districts:
            scope = AdministrativeUnit.objects.districts()
            scope = scope.within(province) if province else scope
            self._districts[key] = self._one(scope, text, "district", _("huyện/quận"))
        return self._districts[key]

    def _commune(self, province, district, text):
        """A commune of the district; else a current commune of the province, then a legacy
        one (an empty district column means the current two-level units)."""
        scope = AdministrativeUnit.objects.communes()
        if district:
            return self._one(
                scope.filter(parent=district),
                text,
                "commune",
                _("xã/phường"),
                units=self._communes_of(district),
            )
        if province:
            current = scope.within(province).filter(is_legacy=False)
            unit, error = self._one(current, text, "commune", _("xã/phường"), missing_ok=True)
            if unit or error:
                return unit, error
            scope = scope.within(province)
        return self._one(scope, text, "commune", _("xã/phường"))

    def _communes_of(self, district) -> list:
        """The communes of a district, read once for the import (a list names a few districts
        and many of their communes), in the units' order."""
        if district.pk not in self._communes:
            self._communes[district.pk] = list(
                AdministrativeUnit.objects.communes()
                .filter(parent=district)
                .select_related("parent__parent")
            )
        return self._communes[district.pk]

    def _one(self, scope, text, level, kind, missing_ok=False, units=None):
        """(unit, error) of the units of `scope` whose search name holds the name typed;
        `units`: the scope's units already read, searched here as the database would."""
        _word, key = split_division(text, level)
        if not key:
            units = []
        elif units is None:
            units = list(scope.filter(search_name__contains=key).select_related("parent__parent"))
        else:
            units = [unit for unit in units if key in unit.search_name]
        unit, error = self._pick(units, text, level, kind, missing_ok=missing_ok)
        if error and not _named(units, key, level):
            error = _with_suggestions(error, scope.only("name"), key, level)
        return unit, error

    @staticmethod
    def _pick(units, text, level, kind, missing_ok=False):
        """The unit named `text` among `units`; a division word typed ("Phường Tân Phong")
        settles a name that a ward and a commune share."""
        word, key = split_division(text, level)
        candidates = [unit for unit in units if split_division(unit.name, level)[1] == key]
        if len(candidates) > 1 and word:
            same = [unit for unit in candidates if split_division(unit.name, level)[0] == word]
            candidates = same if len(same) == 1 else candidates
        if len(candidates) == 1:
            return candidates[0], None
        values = {"kind": kind, "name": text}
        if not candidates:
            return None, (None if missing_ok else _("Không tìm thấy %(kind)s “%(name)s”.") % values)
        values["names"] = "; ".join(unit.full_name() for unit in candidates[:5])
        return None, _("Tên %(kind)s “%(name)s” không rõ ràng, có thể là: %(names)s.") % values

    # --- Lists ---

    def country(self, text: str):
        """(ISO code, error): a country's Vietnamese or English name, its ISO code (two or three
        letters), or a usual name (victims/data/import_synonyms.toml). A capitalised word that
        is a code of one country and the name of another ("NGA") is ambiguous."""
        match = self.countries.match(text)
        if match.found and ISO_CODE.fullmatch(text) and text.isupper():
            by_code = self.countries.code(text)
            if by_code and by_code != match.value:
                return None, _ambiguous_country(text, [match.value, by_code])
        if match.found:
            return match.value, None
        return None, refusal(_("quốc gia"), text, match)

    def ethnic_group(self, text: str):
        """By name or alias: "H Mông", "HMông" and "Hmong" are H'Mông; or by its code in the
        installation's code set ("04" is Mường in the 2008 list, Hoa in the 1979 one)."""
        return self.ethnic.match(text).value

    def ethnic_group_match(self, text: str) -> tuple[object, str | None]:
        """(ethnic group, error)."""
        match = self.ethnic.match(text)
        return match.value, (None if match.found else refusal(_("dân tộc"), text, match))

    def exploitation_forms(self, text: str) -> tuple[list, list[str]]:
        """(forms found, errors) for a list separated by ";"."""
        found, errors = [], []
        for part in filter(None, (piece.strip() for piece in text.split(";"))):
            match = self.forms.match(part)
            if match.found:
                found.append(match.value)
            else:
                errors.append(refusal(_("hình thức bóc lột"), part, match))
        return list(dict.fromkeys(found)), errors

    def channel(self, text: str):
        """(return channel, error): "tự về" is the self-returned channel."""
        match = self.channels.match(text)
        return match.value, (None if match.found else refusal(_("hình thức trở về"), text, match))

    def sex(self, text: str):
        """(sex, error)."""
        match = self.sexes.match(text)
        if match.found:
            return match.value, None
        message = _("Giới tính phải là Nam hoặc Nữ.")
        if match.candidates or match.suggestions:
            message += " " + refusal(_("giới tính"), text, match)
        return None, message

    def agency(self, text: str) -> tuple[str, str]:
        """(agency type, agency name): a label, code or usual form ("BĐBP") gives the type; any
        other text is the agency's name, typed by the words in it ("Đồn Biên phòng ...") or else
        "other". Remembered per text."""
        if text not in self._agencies:
            self._agencies[text] = self._agency(text)
        return self._agencies[text]

    def _agency(self, text: str) -> tuple[str, str]:
        key = list_key(text)
        for step in self.agency_types.by_step:
            indexes = step.get(key, set())
            if len(indexes) == 1:
                return self.agency_types.entries[next(iter(indexes))].value, ""
        key = search_key(text)
        kind = next((kind for word, kind in AGENCY_KEYWORDS if word in key), None)
        return kind or choices.ReceivingAgencyType.OTHER, text

    # --- Criminal cases ---

    def criminal_case(self, number: str, agency: str):
        """(criminal case, error, warning) for a "Số vụ án" and an optional investigating
        agency: the registry's case of that number (written loosely: "12/VA-2024" = "12 / va -
        2024") and, when the row names one, of that agency; None when there is none (the save
        creates it). Two cases of the number that only their agencies tell apart, and no agency
        in the row, are an error naming them — never a guess."""
        if self._criminal_cases is None:
            self._criminal_cases = {}
            for case in CriminalCase.objects.order_by("pk"):
                self._criminal_cases.setdefault(number_key(case.number), []).append(case)
        candidates = self._criminal_cases.get(number_key(number), [])
        if agency:
            same = [c for c in candidates if loose_key(c.investigating_agency) == loose_key(agency)]
            if same:
                return same[0], None, None
            unnamed = [c for c in candidates if not c.investigating_agency]
            if len(unnamed) == 1 and len(candidates) == 1:
                warning = _(
                    "Vụ án số %(number)s đã có, chưa ghi cơ quan điều tra: dòng được gắn với vụ "
                    "án đó."
                ) % {"number": unnamed[0].number}
                return unnamed[0], None, warning
            return None, None, None
        if len(candidates) == 1:
            return candidates[0], None, None
        if not candidates:
            return None, None, None
        names = "; ".join(str(c) for c in candidates[:5])
        error = ngettext(
            "Có %(count)s vụ án cùng số “%(number)s” (%(names)s): ghi cơ quan điều tra ở cột “Cơ "
            "quan điều tra”.",
            "Có %(count)s vụ án cùng số “%(number)s” (%(names)s): ghi cơ quan điều tra ở cột “Cơ "
            "quan điều tra”.",
            len(candidates),
        ) % {"count": len(candidates), "number": number, "names": names}
        return None, error, None


def number_key(text) -> str:
    """A criminal case's number without case, spaces or punctuation: "12/VA-2024" = "12va2024"."""
    return re.sub(r"[^a-z0-9]+", "", search_key(text))


def _ethnic_entries() -> list[Entry]:
    """A code is read in the installation's code set, as the template's guide says; Excel may
    have dropped the leading zero ("4" for "04"). The other names are the group's `aliases`."""
    code_set = ethnic_code_set()
    entries = []
    for group in EthnicGroup.objects.all():
        code = group.code_in(code_set)
        entries.append(
            Entry(
                value=group,
                label=group.name,
                codes=[code, code.lstrip("0")] if code else [],
                synonyms=[alias for alias in group.aliases.split(";") if alias.strip()],
                active=_active(group),
                file_key=group.code_1979,
            )
        )
    return entries


def _country_entries() -> list[Entry]:
    names = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(code, []).append(str(name))
    entries = []
    for code, labels in names.items():
        codes = [code] + ([alpha3] if (alpha3 := countries.alpha3(code)) else [])
        entries.append(Entry(value=code, label=f"{labels[0]} ({code})", names=labels, codes=codes))
    return entries


def _ambiguous_country(text, codes) -> str:
    names = "; ".join(f"{countries.name(code)} ({code})" for code in codes)
    return _("Tên quốc gia “%(name)s” không rõ ràng, có thể là: %(names)s.") % {
        "name": text,
        "names": names,
    }
