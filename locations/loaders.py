"""Loading administrative units: the current list from vietnam-provinces, legacy units from CSV.

Both loaders are idempotent: a unit is found by (level, code, era) and updated in place, so running
them again changes nothing, and a newer data release updates names without breaking references.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from locations.models import AdministrativeUnit

Level = AdministrativeUnit.Level

LEGACY_CSV_COLUMNS = [
    "province_code",
    "district_code",
    "district_name",
    "commune_code",
    "commune_name",
]

# Name prefixes, longest first, that give a unit's division type ("Thị xã Bỉm Sơn" -> "thị xã").
DIVISION_PREFIXES = [
    "thành phố trung ương",
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
]


class UnitDataError(ValueError):
    """Unit data that cannot be loaded; the message says where and why."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_level: dict = field(default_factory=dict)

    def count(self, level: str, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.by_level[level] = self.by_level.get(level, 0) + 1


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    level: str
    division_type: str
    is_legacy: bool


def division_type_from_name(name: str) -> str:
    lowered = name.strip().lower()
    for prefix in DIVISION_PREFIXES:
        if lowered.startswith(prefix + " "):
            return prefix
    return ""


def padded(code, width: int) -> str:
    text = str(code).strip()
    if not text.isdigit():
        raise UnitDataError(_("Mã đơn vị “%(code)s” phải là số.") % {"code": text})
    return text.zfill(width)


def _upsert(row: UnitRow, parent: AdministrativeUnit | None, existing: dict, result: LoadResult):
    """Create or update one unit; `existing` maps (level, code, is_legacy) to loaded units."""
    key = (row.level, row.code, row.is_legacy)
    unit = existing.get(key)
    wanted = {
        "name": row.name,
        "division_type": row.division_type,
        "parent": parent,
        "is_active": not row.is_legacy,
    }
    if unit is None:
        unit = AdministrativeUnit(code=row.code, level=row.level, is_legacy=row.is_legacy, **wanted)
        unit.save()
        existing[key] = unit
        result.count(row.level, "created")
        return unit
    changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
    if changed:
        for name, value in wanted.items():
            setattr(unit, name, value)
        unit.save()
        result.count(row.level, "updated")
    else:
        result.count(row.level, "unchanged")
    return unit


def _existing_units(**filters) -> dict:
    return {
        (unit.level, unit.code, unit.is_legacy): unit
        for unit in AdministrativeUnit.objects.filter(**filters).select_related("parent")
    }


def current_units_json_path() -> Path:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    return Path(NESTED_DIVISIONS_JSON_PATH)


@transaction.atomic
def load_current_units(json_path: Path | None = None) -> LoadResult:
    """The 34 provinces and 3,321 communes in force from 1 July 2025 (vietnam-provinces)."""
    provinces = json.loads((json_path or current_units_json_path()).read_text(encoding="utf-8"))
    existing = _existing_units(is_legacy=False)
    result = LoadResult()
    for province in provinces:
        province_unit = _upsert(_current_row(province, Level.PROVINCE, 2), None, existing, result)
        for ward in province.get("wards", []):
            _upsert(_current_row(ward, Level.COMMUNE, 5), province_unit, existing, result)
    return result


def _unit_row(code: str, name: str, level: str, *, is_legacy: bool, division_type="") -> UnitRow:
    """A unit to load; its division type, when the source gives none, read from its name."""
    return UnitRow(
        code=code,
        name=name,
        level=level,
        division_type=division_type or division_type_from_name(name),
        is_legacy=is_legacy,
    )


def _current_row(item: dict, level: str, code_width: int) -> UnitRow:
    """A province or a ward of vietnam-provinces' JSON."""
    code = padded(item["code"], code_width)
    return _unit_row(
        code, item["name"], level, is_legacy=False, division_type=item.get("division_type")
    )


def read_legacy_csv(csv_path: Path) -> list[dict]:
    """Rows of a legacy-units CSV, checked; a UnitDataError names the line that is wrong."""
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [
            column for column in LEGACY_CSV_COLUMNS if column not in (reader.fieldnames or [])
        ]
        if missing:
            raise UnitDataError(
                _("Tệp %(file)s thiếu cột: %(columns)s.")
                % {"file": csv_path, "columns": ", ".join(missing)}
            )
        rows = []
        for line_number, raw in enumerate(reader, start=2):
            row = {key: (value or "").strip() for key, value in raw.items() if key}
            try:
                if not row["district_name"] or not row["district_code"] or not row["province_code"]:
                    raise UnitDataError(_("thiếu mã tỉnh, mã huyện hoặc tên huyện"))
                row["province_code"] = padded(row["province_code"], 2)
                row["district_code"] = padded(row["district_code"], 3)
                if bool(row["commune_code"]) != bool(row["commune_name"]):
                    raise UnitDataError(_("mã xã và tên xã phải cùng có hoặc cùng để trống"))
                if row["commune_code"]:
                    row["commune_code"] = padded(row["commune_code"], 5)
            except UnitDataError as error:
                raise UnitDataError(
                    _("Dòng %(line)s của %(file)s: %(error)s")
                    % {"line": line_number, "file": csv_path, "error": error}
                ) from error
            row["line"] = line_number
            rows.append(row)
    return rows


@transaction.atomic
def load_legacy_units(csv_path: Path) -> LoadResult:
    """Pre-July-2025 districts and their communes, as inactive units under their province."""
    rows = read_legacy_csv(csv_path)
    provinces = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.provinces().filter(
            code__in={row["province_code"] for row in rows}, is_legacy=False
        )
    }
    existing = _existing_units(is_legacy=True)
    result = LoadResult()
    districts: dict[str, AdministrativeUnit] = {}
    for row in rows:
        province = provinces.get(row["province_code"])
        if province is None:
            raise UnitDataError(
                _(
                    "Dòng %(line)s của %(file)s: không có tỉnh mã %(code)s "
                    "(hãy nạp danh mục hiện hành trước: load_units)."
                )
                % {"line": row["line"], "file": csv_path, "code": row["province_code"]}
            )
        district = districts.get(row["district_code"])
        if district is None:
            unit = _unit_row(
                row["district_code"], row["district_name"], Level.DISTRICT, is_legacy=True
            )
            district = _upsert(unit, province, existing, result)
            districts[row["district_code"]] = district
        if row["commune_code"]:
            unit = _unit_row(
                row["commune_code"], row["commune_name"], Level.COMMUNE, is_legacy=True
            )
            _upsert(unit, district, existing, result)
    return result


def legacy_rows_from_old_json(json_path: Path, province_code: str) -> list[dict]:
    """Legacy CSV rows from the three-level JSON that vietnam-provinces 0.6.x shipped."""
    provinces = json.loads(Path(json_path).read_text(encoding="utf-8"))
    wanted = padded(province_code, 2)
    for province in provinces:
        if padded(province["code"], 2) != wanted:
            continue
        rows = []
        for district in province["districts"]:
            for ward in district.get("wards", []) or [{}]:
                rows.append(
                    {
                        "province_code": wanted,
                        "district_code": padded(district["code"], 3),
                        "district_name": district["name"],
                        "commune_code": padded(ward["code"], 5) if ward else "",
                        "commune_name": ward.get("name", ""),
                    }
                )
        return rows
    raise UnitDataError(_("Không có tỉnh mã %(code)s trong tệp.") % {"code": wanted})
