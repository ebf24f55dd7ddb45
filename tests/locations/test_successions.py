"""Which current commune each legacy unit became on 1 July 2025 (UnitSuccession), loaded from the
vietnamadminunits package by `load_units`.

Expected successors are those of the Standing Committee's resolutions on the 2025 arrangement of
communes: Resolution 1686/NQ-UBTVQH15 of 16/06/2025 (Thanh Hóa) — "Hợp nhất các xã Thạch Lâm,
xã Thạch Quảng, xã Thạch Tượng thành xã Thạch Quảng"; "Hợp nhất các xã Luận Thành, xã Xuân Cao
và một phần xã Luận Khê thành xã Luận Thành"; "Hợp nhất xã Tân Thành và một phần xã Luận Khê thành
xã Tân Thành" — and Resolution 1656/NQ-UBTVQH15
of 16/06/2025 (Hà Nội): Phường Đội Cấn divided between Phường Ba Đình and Phường Ngọc Hà.
"""

import io

import pytest
from django.core.management import call_command

from locations.loaders import load_legacy_units
from locations.models import AdministrativeUnit, UnitSuccession
from locations.successions import load_successions, read_package_mapping
from tests.locations.conftest import write_csv

Level = AdministrativeUnit.Level

LEGACY_ROWS = [
    "province_code,district_code,district_name,commune_code,commune_name",
    "38,391,Huyện Thạch Thành,15196,Xã Thạch Lâm",
    "38,391,Huyện Thạch Thành,15199,Xã Thạch Quảng",
    "38,391,Huyện Thạch Thành,15202,Xã Thạch Tượng",
    "38,396,Huyện Thường Xuân,15637,Xã Luận Khê",
    "38,389,Huyện Ngọc Lặc,15115,Xã Nguyệt Ấn",
    "38,389,Huyện Ngọc Lặc,15118,Xã Kiên Thọ",
    "01,001,Quận Ba Đình,00022,Phường Đội Cấn",
]


@pytest.fixture
def legacy_units(current_units, tmp_path):
    load_legacy_units(write_csv(tmp_path / "legacy.csv", LEGACY_ROWS))


def legacy(code):
    return AdministrativeUnit.objects.get(code=code, is_legacy=True, level=Level.COMMUNE)


def current(province_code, name):
    return AdministrativeUnit.objects.get(
        path__startswith=f"{province_code}/", name=name, is_legacy=False
    )


def successor_names(unit):
    return sorted(unit.successors.values_list("name", flat=True))


def test_the_package_maps_every_legacy_ward_of_the_country():
    rows = read_package_mapping()

    assert len({(row.legacy_level, row.legacy_code) for row in rows}) > 10_000


def test_three_communes_merged_whole_have_one_successor_which_lists_them(legacy_units):
    load_successions()

    for code in ("15196", "15199", "15202"):
        assert successor_names(legacy(code)) == ["Xã Thạch Quảng"]
        assert legacy(code).successions_out.get().kind == UnitSuccession.Kind.WHOLE
    thach_quang = current("38", "Xã Thạch Quảng")
    assert sorted(thach_quang.predecessors.values_list("name", flat=True)) == [
        "Xã Thạch Lâm",
        "Xã Thạch Quảng",
        "Xã Thạch Tượng",
    ]


def test_a_split_commune_has_a_part_row_for_each_successor(legacy_units):
    load_successions()

    luan_khe = legacy("15637")
    assert successor_names(luan_khe) == ["Xã Luận Thành", "Xã Tân Thành"]
    assert set(luan_khe.successions_out.values_list("kind", flat=True)) == {"part"}
    assert luan_khe.successions_out.filter(is_main=True).count() == 1
    # Another province, loaded the same way.
    assert successor_names(legacy("00022")) == ["Phường Ba Đình", "Phường Ngọc Hà"]
    assert current("01", "Phường Ba Đình").province_code == "01"


def test_a_commune_the_package_numbers_differently_is_found_by_its_name(legacy_units):
    # The package numbers Xã Nguyệt Ấn 15106 and Xã Kiên Thọ 15112; Decision 19/2025
    # (vietnam-provinces) 15115 and 15118.
    load_successions()

    assert successor_names(legacy("15115")) == ["Xã Nguyệt Ấn"]
    assert legacy("15115").successors.get().code == "15115"
    assert legacy("15118").successors.get().code == "15118"


def test_loading_again_changes_nothing_and_rows_record_their_source(legacy_units):
    first = load_successions()
    succession = legacy("15196").successions_out.get()
    assert succession.source.startswith("vietnamadminunits ")
    assert succession.loaded_at is not None
    before = set(UnitSuccession.objects.values_list("pk", "predecessor", "successor", "loaded_at"))

    second = load_successions()

    assert first.created == UnitSuccession.objects.count() > 0
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert (
        set(UnitSuccession.objects.values_list("pk", "predecessor", "successor", "loaded_at"))
        == before
    )


def test_a_row_the_source_no_longer_gives_is_removed(legacy_units):
    load_successions()
    wrong = UnitSuccession.objects.create(
        predecessor=legacy("15196"),
        successor=current("38", "Phường Hạc Thành"),
        kind="part",
        source="typed",
        loaded_at="2025-07-01T00:00Z",
    )

    result = load_successions()

    assert result.deleted == 1
    assert not UnitSuccession.objects.filter(pk=wrong.pk).exists()


def test_without_legacy_units_nothing_is_loaded(current_units):
    assert load_successions().created == 0
    assert not UnitSuccession.objects.exists()


def test_load_units_loads_the_successions(current_units, tmp_path):
    csv_file = write_csv(tmp_path / "legacy.csv", LEGACY_ROWS)

    call_command("load_units", legacy=[str(csv_file)], skip_current=True, stdout=io.StringIO())

    assert successor_names(legacy("15202")) == ["Xã Thạch Quảng"]


def test_a_unit_cannot_succeed_itself(units):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        UnitSuccession.objects.create(
            predecessor=units.commune_a1,
            successor=units.commune_a1,
            kind="whole",
            source="test",
            loaded_at="2025-07-01T00:00Z",
        )
