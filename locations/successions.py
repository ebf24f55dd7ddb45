"""Which current commune each legacy unit became on 1 July 2025, from a maintained package.

The mapping is read from the data files of the PyPI package `vietnamadminunits` (MIT licence;
pinned in requirements.txt; evaluation in locations/README.md): `data/dataset.db` lists the 10,040
legacy wards with their GSO codes and the 3,321 current wards with theirs, and
`data/converter_2025.json` maps legacy wards to current ones by name keys — a ward merged whole in
`DICT_PROVINCE_WARD_NO_DIVIDED`, a ward split between several in `DICT_PROVINCE_WARD_DIVIDED` (one
entry per part, the default for an address without a street marked `isDefaultNewWard`). The
package's Python code is never imported (it pulls in geocoding); only its files are read.

Rows are matched to our units by code: a legacy unit by its GSO code (nationally unique), a
current commune by (province code, commune code) of Decision 19/2025 as vietnam-provinces gives
it. The package numbers about a hundred current communes differently from vietnam-provinces
(e.g. Thanh Hóa's Xã Nguyệt Ấn: 15106 there, 15115 in Decision 19/2025), so a current commune is
taken by its code only when the names agree too; otherwise by its name, when exactly one commune
of the province bears it; otherwise the row is reported as unmatched and not loaded. Only legacy
units loaded here (from a legacy CSV) get successors, so the loader serves any province.
"""

import importlib.metadata
import importlib.util
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from locations.models import AdministrativeUnit, UnitSuccession
from locations.text import search_key

PACKAGE = "vietnamadminunits"
Level = AdministrativeUnit.Level
Kind = UnitSuccession.Kind


@dataclass(frozen=True)
class MappingRow:
    """One legacy unit → one current commune, as the source gives it (codes and names)."""

    legacy_code: str  # a commune's 5-digit GSO code, or a district's 3-digit one (islands)
    legacy_level: str
    legacy_name: str
    province_code: str  # of the current province
    commune_code: str
    commune_name: str
    kind: str
    is_main: bool


@dataclass
class SuccessionResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    unmatched: list = field(default_factory=list)  # rows whose current commune was not found
    without_successor: list = field(default_factory=list)  # our legacy communes absent from it


def package_source() -> str:
    return f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"


def package_data_dir() -> Path:
    """The package's data folder, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_package_mapping(data_dir: Path | None = None) -> list[MappingRow]:
    """Every legacy → current row of the package, with codes and names joined to its keys."""
    data_dir = data_dir or package_data_dir()
    database = f"file:{data_dir / 'dataset.db'}?mode=ro"
    with closing(sqlite3.connect(database, uri=True)) as connection:
        legacy = {
            f"{province}_{district}_{ward or ''}": (ward_code, district_code, ward_name)
            for province, district, ward, ward_code, district_code, ward_name in connection.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode, ward "
                "FROM admin_units_legacy"
            )
        }
        # Districts with no ward (islands) are mapped by their own key ("..._huyenconco_").
        for province, district, district_code, district_name in connection.execute(
            "SELECT DISTINCT provinceKey, districtKey, districtCode, district "
            "FROM admin_units_legacy"
        ):
            legacy.setdefault(f"{province}_{district}_", (None, district_code, district_name))
        current = {
            (province, ward): (province_code, ward_code, ward_name)
            for province, ward, province_code, ward_code, ward_name in connection.execute(
                "SELECT provinceKey, wardKey, provinceCode, wardCode, ward FROM admin_units"
            )
        }
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    rows = []

    def add(old_key, province_key, ward_key, kind, is_main):
        old, new = legacy.get(old_key), current.get((province_key, ward_key))
        if old is None or new is None:
            return
        ward_code, district_code, old_name = old
        rows.append(
            MappingRow(
                legacy_code=str(ward_code or district_code),
                legacy_level=Level.COMMUNE if ward_code else Level.DISTRICT,
                legacy_name=old_name,
                province_code=str(new[0]).zfill(2),
                commune_code=str(new[1]).zfill(5),
                commune_name=new[2],
                kind=kind,
                is_main=is_main,
            )
        )

    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                add(old_key, province_key, ward_key, Kind.WHOLE, True)
    for province_key, old_wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in old_wards.items():
            for part in parts:
                add(old_key, province_key, part["newWardKey"], Kind.PART, part["isDefaultNewWard"])
    return rows


class _CurrentCommunes:
    """Our current communes, found by code when the names agree, else by a unique name."""

    def __init__(self):
        self.by_code = {}
        self.by_name = {}
        for unit in AdministrativeUnit.objects.communes().filter(is_legacy=False):
            province = unit.province_code
            self.by_code[(province, unit.code)] = unit
            self.by_name.setdefault((province, unit.search_name), []).append(unit)

    def find(self, row: MappingRow) -> AdministrativeUnit | None:
        name = search_key(row.commune_name)
        unit = self.by_code.get((row.province_code, row.commune_code))
        if unit is not None and unit.search_name == name:
            return unit
        named = self.by_name.get((row.province_code, name), [])
        return named[0] if len(named) == 1 else None


@transaction.atomic
def load_successions(rows: list[MappingRow] | None = None, *, source: str = "") -> SuccessionResult:
    """Create, update or delete the UnitSuccession rows of every legacy unit we hold, so that
    they are what the source says; running it again changes nothing."""
    if rows is None:
        rows = read_package_mapping()
        source = source or package_source()
    result = SuccessionResult()
    legacy = {
        (unit.level, unit.code): unit
        for unit in AdministrativeUnit.objects.filter(is_legacy=True).exclude(level=Level.PROVINCE)
    }
    if not legacy:
        return result
    communes = _CurrentCommunes()
    wanted: dict[tuple[int, int], tuple[str, bool]] = {}
    for row in rows:
        predecessor = legacy.get((row.legacy_level, row.legacy_code))
        if predecessor is None:
            continue
        successor = communes.find(row)
        if successor is None or successor.province_code != predecessor.province_code:
            result.unmatched.append(row)
            continue
        wanted[(predecessor.pk, successor.pk)] = (row.kind, row.is_main)
    now = timezone.now()
    existing = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()}
    for pair, (kind, is_main) in wanted.items():
        succession = existing.pop(pair, None)
        if succession is None:
            UnitSuccession.objects.create(
                predecessor_id=pair[0],
                successor_id=pair[1],
                kind=kind,
                is_main=is_main,
                source=source,
                loaded_at=now,
            )
            result.created += 1
        elif (succession.kind, succession.is_main, succession.source) != (kind, is_main, source):
            succession.kind, succession.is_main = kind, is_main
            succession.source, succession.loaded_at = source, now
            succession.save()
            result.updated += 1
        else:
            result.unchanged += 1
    # Rows of our legacy units that the source no longer gives are removed.
    stale = [s.pk for s in existing.values() if s.predecessor_id in {u.pk for u in legacy.values()}]
    result.deleted = UnitSuccession.objects.filter(pk__in=stale).delete()[0]
    mapped = {predecessor for predecessor, _successor in wanted}
    result.without_successor = sorted(
        (unit for unit in legacy.values() if unit.level == Level.COMMUNE and unit.pk not in mapped),
        key=lambda unit: unit.path,
    )
    return result
