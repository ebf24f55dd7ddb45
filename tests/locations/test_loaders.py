"""Loading the real units: the current list (vietnam-provinces), the legacy CSV of Thanh Hóa."""

import pytest

from locations.loaders import UnitDataError, load_current_units, load_legacy_units
from locations.models import AdministrativeUnit
from tests.locations.conftest import write_csv

Level = AdministrativeUnit.Level

HEADER = "province_code,district_code,district_name,commune_code,commune_name"


def unit_counts():
    return {
        (level, is_legacy): AdministrativeUnit.objects.filter(
            level=level, is_legacy=is_legacy
        ).count()
        for level in Level.values
        for is_legacy in (False, True)
    }


# --- Current units (from 1 July 2025) -------------------------------------------------------------


def test_current_units_are_34_provinces(current_units):
    assert AdministrativeUnit.objects.provinces().filter(is_legacy=False).count() == 34


def test_current_units_are_3321_communes(current_units):
    assert AdministrativeUnit.objects.communes().filter(is_legacy=False).count() == 3321


def test_current_units_have_no_district_level(current_units):
    assert not AdministrativeUnit.objects.districts().exists()


def test_thanh_hoa_has_166_current_communes(current_units):
    thanh_hoa = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="38", is_legacy=False)

    assert thanh_hoa.name == "Thanh Hóa"
    assert AdministrativeUnit.objects.within(thanh_hoa).communes().count() == 166


def test_current_units_are_active_and_not_legacy(current_units):
    assert not AdministrativeUnit.objects.filter(is_active=False).exists()
    assert not AdministrativeUnit.objects.filter(is_legacy=True).exists()


def test_loading_current_units_again_creates_nothing(current_units):
    before = unit_counts()

    second = load_current_units()

    assert (second.created, second.updated, second.unchanged) == (0, 0, 34 + 3321)
    assert unit_counts() == before


def test_first_load_reports_every_unit_as_created(current_units):
    assert current_units.created == 34 + 3321
    assert current_units.by_level == {Level.PROVINCE: 34, Level.COMMUNE: 3321}


# --- The shipped legacy CSV of Thanh Hóa (before 1 July 2025) -------------------------------------


@pytest.fixture
def legacy_loaded(current_units, legacy_csv):
    return load_legacy_units(legacy_csv)


def test_legacy_csv_loads_26_districts_under_thanh_hoa(legacy_loaded):
    districts = AdministrativeUnit.objects.districts()

    assert districts.count() == 26
    assert set(districts.values_list("parent__code", "parent__level")) == {("38", Level.PROVINCE)}


def test_legacy_csv_loads_549_communes_under_their_districts(legacy_loaded):
    communes = AdministrativeUnit.objects.communes().filter(is_legacy=True)

    assert communes.count() == 549
    assert set(communes.values_list("parent__level", flat=True)) == {Level.DISTRICT}
    assert all(path.startswith("38/") for path in communes.values_list("path", flat=True))


def test_legacy_units_are_inactive_and_marked_legacy(legacy_loaded):
    legacy = AdministrativeUnit.objects.filter(is_legacy=True)

    assert legacy.count() == 26 + 549
    assert not legacy.filter(is_active=True).exists()


def test_legacy_csv_includes_huyen_thach_thanh(legacy_loaded):
    thach_thanh = AdministrativeUnit.objects.districts().get(name="Huyện Thạch Thành")

    assert thach_thanh.code == "391"
    assert thach_thanh.path == "38/391/"
    assert thach_thanh.division_type == "huyện"
    assert AdministrativeUnit.objects.within(thach_thanh).communes().exists()


def test_loading_the_legacy_csv_leaves_current_units_alone(legacy_loaded):
    assert AdministrativeUnit.objects.filter(is_legacy=False).count() == 34 + 3321
    assert AdministrativeUnit.objects.filter(is_legacy=False, is_active=False).count() == 0


def test_loading_the_legacy_csv_again_creates_nothing(legacy_loaded, legacy_csv):
    before = unit_counts()

    second = load_legacy_units(legacy_csv)

    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == 26 + 549
    assert unit_counts() == before


def test_legacy_and_current_commune_with_the_same_code_both_exist_after_loading(legacy_loaded):
    same_code = AdministrativeUnit.objects.communes().filter(code="14797")

    assert sorted(same_code.values_list("is_legacy", "name")) == [
        (False, "Phường Hạc Thành"),
        (True, "Phường Đông Hải"),
    ]


# --- A malformed legacy CSV -----------------------------------------------------------------------


def test_csv_missing_a_column_is_refused_naming_the_column(units, tmp_path):
    path = write_csv(
        tmp_path / "missing.csv",
        ["province_code,district_code,commune_code,commune_name", "38,392,15200,Xã Thành Vinh"],
    )
    before = unit_counts()

    with pytest.raises(UnitDataError, match="district_name"):
        load_legacy_units(path)

    assert unit_counts() == before


def test_csv_with_a_non_numeric_code_is_refused_naming_the_line(units, tmp_path):
    path = write_csv(
        tmp_path / "letters.csv",
        [
            HEADER,
            "38,392,Huyện Vĩnh Lộc,15200,Xã Vĩnh Thành",
            "38,39A,Huyện Vĩnh Lộc,15203,Xã Vĩnh Quang",
        ],
    )
    before = unit_counts()

    with pytest.raises(UnitDataError) as error:
        load_legacy_units(path)

    assert "Dòng 3" in str(error.value)
    assert "39A" in str(error.value)
    assert unit_counts() == before


def test_csv_with_a_commune_code_but_no_name_is_refused_naming_the_line(units, tmp_path):
    path = write_csv(tmp_path / "half.csv", [HEADER, "38,392,Huyện Vĩnh Lộc,15200,"])

    with pytest.raises(UnitDataError, match="Dòng 2"):
        load_legacy_units(path)


def test_csv_with_an_unknown_province_saves_nothing(units, tmp_path):
    path = write_csv(
        tmp_path / "unknown.csv",
        [
            HEADER,
            "38,392,Huyện Vĩnh Lộc,15200,Xã Vĩnh Thành",
            "38,392,Huyện Vĩnh Lộc,15203,Xã Vĩnh Quang",
            "99,999,Huyện Không Có,19999,Xã Không Có",
        ],
    )
    before = unit_counts()

    with pytest.raises(UnitDataError, match="99"):
        load_legacy_units(path)

    assert unit_counts() == before
    assert not AdministrativeUnit.objects.filter(code="392").exists()


def test_csv_with_an_unknown_province_is_refused_naming_the_line(units, tmp_path):
    path = write_csv(
        tmp_path / "unknown.csv",
        [
            HEADER,
            "38,392,Huyện Vĩnh Lộc,15200,Xã Vĩnh Thành",
            "38,392,Huyện Vĩnh Lộc,15203,Xã Vĩnh Quang",
            "99,999,Huyện Không Có,19999,Xã Không Có",
        ],
    )

    with pytest.raises(UnitDataError) as error:
        load_legacy_units(path)

    assert "Dòng 4" in str(error.value)
