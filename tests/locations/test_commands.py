"""The management commands load_units and extract_legacy_units."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import DepartmentProfile, Organisation
from locations.loaders import LEGACY_CSV_COLUMNS
from locations.models import AdministrativeUnit
from tests.factories import ProvinceFactory
from tests.locations.conftest import write_csv

Level = AdministrativeUnit.Level

# The shape of data/nested-divisions.json in vietnam-provinces 0.6.x: three levels, integer codes.
OLD_JSON = [
    {
        "code": 1,
        "name": "Thành phố Hà Nội",
        "districts": [
            {"code": 1, "name": "Quận Ba Đình", "wards": [{"code": 1, "name": "Phường Phúc Xá"}]}
        ],
    },
    {
        "code": 38,
        "name": "Tỉnh Thanh Hóa",
        "districts": [
            {
                "code": 391,
                "name": "Huyện Thạch Thành",
                "wards": [
                    {"code": 15187, "name": "Thị trấn Kim Tân"},
                    {"code": 15196, "name": "Xã Thạch Lâm"},
                ],
            },
            {
                "code": 381,
                "name": "Thị xã Bỉm Sơn",
                "wards": [{"code": 15001, "name": "Phường Ba Đình"}],
            },
            {"code": 407, "name": "Huyện Vắng Xã", "wards": []},
        ],
    },
]


@pytest.fixture
def old_json(tmp_path):
    path = tmp_path / "nested-divisions.json"
    path.write_text(json.dumps(OLD_JSON, ensure_ascii=False), encoding="utf-8")
    return path


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- load_units -----------------------------------------------------------------------------------


def test_load_units_loads_current_and_legacy_units(db, legacy_csv):
    out = io.StringIO()

    call_command("load_units", legacy=[str(legacy_csv)], stdout=out)

    assert AdministrativeUnit.objects.filter(is_legacy=False).count() == 34 + 3321
    assert AdministrativeUnit.objects.filter(is_legacy=True).count() == 26 + 549
    assert "created 3355" in out.getvalue()
    assert "created 575" in out.getvalue()


def test_load_units_run_twice_creates_nothing_the_second_time(db, legacy_csv):
    call_command("load_units", legacy=[str(legacy_csv)], stdout=io.StringIO())
    out = io.StringIO()

    call_command("load_units", legacy=[str(legacy_csv)], stdout=out)

    # Current units, legacy units, and the successions of the legacy units.
    assert out.getvalue().count("created 0, updated 0") == 3
    assert AdministrativeUnit.objects.count() == 34 + 3321 + 26 + 549


def test_load_units_makes_a_new_installation_serve_thanh_hoa(db):
    call_command("load_units", stdout=io.StringIO())

    assert list(Organisation.current().served_provinces.values_list("code", flat=True)) == ["38"]
    assert DepartmentProfile.objects.filter(province__code="38").count() == 2


def test_load_units_with_a_missing_legacy_file_fails_naming_it(current_units, tmp_path):
    missing = tmp_path / "khong_co.csv"

    with pytest.raises(CommandError, match=r"khong_co\.csv"):
        call_command("load_units", legacy=[str(missing)], skip_current=True, stdout=io.StringIO())


def test_load_units_with_a_malformed_legacy_file_fails_naming_the_line(units, tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [",".join(LEGACY_CSV_COLUMNS), "38,392,Huyện Vĩnh Lộc,1520x,Xã Vĩnh Thành"],
    )

    with pytest.raises(CommandError, match="Dòng 2"):
        call_command("load_units", legacy=[str(path)], skip_current=True, stdout=io.StringIO())

    assert not AdministrativeUnit.objects.filter(code="392").exists()


def test_load_units_skip_current_loads_only_the_legacy_file(units, tmp_path):
    path = write_csv(
        tmp_path / "vinh_loc.csv",
        [",".join(LEGACY_CSV_COLUMNS), "38,392,Huyện Vĩnh Lộc,15200,Xã Vĩnh Thành"],
    )

    call_command("load_units", legacy=[str(path)], skip_current=True, stdout=io.StringIO())

    assert AdministrativeUnit.objects.get(level=Level.COMMUNE, code="15200").path == "38/392/15200/"
    assert AdministrativeUnit.objects.provinces().count() == 1


# --- extract_legacy_units ------------------------------------------------------------------------


def test_extract_legacy_units_writes_one_row_per_commune_of_the_province(old_json, tmp_path):
    out = tmp_path / "legacy.csv"

    call_command(
        "extract_legacy_units", str(old_json), province="38", out=str(out), stderr=io.StringIO()
    )

    rows = read_rows(out)
    assert list(rows[0]) == LEGACY_CSV_COLUMNS
    assert rows[:2] == [
        {
            "province_code": "38",
            "district_code": "391",
            "district_name": "Huyện Thạch Thành",
            "commune_code": "15187",
            "commune_name": "Thị trấn Kim Tân",
        },
        {
            "province_code": "38",
            "district_code": "391",
            "district_name": "Huyện Thạch Thành",
            "commune_code": "15196",
            "commune_name": "Xã Thạch Lâm",
        },
    ]
    assert {row["province_code"] for row in rows} == {"38"}


def test_extract_legacy_units_pads_codes_to_their_width(tmp_path):
    data = [{"code": 1, "name": "Thành phố Hà Nội", "districts": OLD_JSON[0]["districts"]}]
    source = tmp_path / "ha_noi.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "legacy.csv"

    call_command(
        "extract_legacy_units", str(source), province="1", out=str(out), stderr=io.StringIO()
    )

    row = read_rows(out)[0]
    assert (row["province_code"], row["district_code"], row["commune_code"]) == (
        "01",
        "001",
        "00001",
    )


def test_extract_legacy_units_keeps_a_district_without_communes(old_json, tmp_path):
    out = tmp_path / "legacy.csv"

    call_command(
        "extract_legacy_units", str(old_json), province="38", out=str(out), stderr=io.StringIO()
    )

    assert read_rows(out)[-1] == {
        "province_code": "38",
        "district_code": "407",
        "district_name": "Huyện Vắng Xã",
        "commune_code": "",
        "commune_name": "",
    }


def test_extract_legacy_units_reports_the_row_count_on_stderr(old_json, tmp_path):
    err = io.StringIO()

    call_command(
        "extract_legacy_units",
        str(old_json),
        province="38",
        out=str(tmp_path / "x.csv"),
        stderr=err,
    )

    assert "4 rows for province 38" in err.getvalue()


def test_extract_legacy_units_without_out_writes_the_csv_to_the_commands_stdout(old_json):
    out = io.StringIO()

    call_command(
        "extract_legacy_units", str(old_json), province="38", stdout=out, stderr=io.StringIO()
    )

    assert out.getvalue().splitlines()[0] == ",".join(LEGACY_CSV_COLUMNS)
    assert "Huyện Thạch Thành" in out.getvalue()


def test_extract_legacy_units_for_an_unknown_province_fails(old_json, tmp_path):
    with pytest.raises(CommandError, match="99"):
        call_command(
            "extract_legacy_units",
            str(old_json),
            province="99",
            out=str(tmp_path / "x.csv"),
            stderr=io.StringIO(),
        )


def test_an_extracted_csv_loads_as_legacy_units(db, old_json, tmp_path):
    province = ProvinceFactory(code="38", name="Thanh Hóa")
    out = tmp_path / "legacy.csv"
    call_command(
        "extract_legacy_units", str(old_json), province="38", out=str(out), stderr=io.StringIO()
    )

    call_command("load_units", legacy=[str(out)], skip_current=True, stdout=io.StringIO())

    legacy = AdministrativeUnit.objects.within(province).filter(is_legacy=True)
    assert legacy.districts().count() == 3
    assert legacy.communes().count() == 3
    assert legacy.get(code="381").division_type == "thị xã"
    assert legacy.get(code="15187").path == "38/391/15187/"
