"""The import template offers a drop-down on every list column, from a "Danh mục" sheet of the
allowed values held in named ranges (issue 16 item 8)."""

import io

import pytest
from openpyxl import load_workbook

from victims import importing
from victims.importing.workbooks import LIST_COLUMNS, LISTS_SHEET

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(client_a, units, thanh_hoa_served):
    return load_workbook(io.BytesIO(client_a.get("/victims/import/template/").content))


def _values_of(book, name):
    sheet_name, cells = next(iter(book.defined_names[name].destinations))
    sheet = book[sheet_name]
    return [cell.value for (cell,) in sheet[cells.replace("$", "")]]


def _column(key):
    from openpyxl.utils import get_column_letter

    return get_column_letter(importing.KEYS.index(key) + 1)


def test_every_list_column_has_a_drop_down_from_its_named_range(template):
    validations = {
        str(validation.sqref): validation
        for validation in template["Danh sách"].data_validations.dataValidation
    }

    for key, (name, _free) in LIST_COLUMNS.items():
        validation = validations[f"{_column(key)}2:{_column(key)}{importing.MAX_ROWS + 1}"]
        assert validation.type == "list"
        assert validation.formula1 == f"={name}"


def test_the_named_ranges_hold_the_allowed_values(template):
    assert LISTS_SHEET in template.sheetnames
    assert _values_of(template, "DM_GioiTinh") == ["Nữ", "Nam"]
    assert "Tự trở về" in _values_of(template, "DM_HinhThucTroVe")
    assert "Cưỡng bức lao động" in _values_of(template, "DM_HinhThucBocLot")
    assert "H'Mông" in _values_of(template, "DM_DanToc")
    assert "Trung Quốc" in _values_of(template, "DM_QuocGia")
    assert "Thanh Hóa" in _values_of(template, "DM_TinhThanh")
    assert "Bộ đội Biên phòng" in _values_of(template, "DM_CoQuanTiepNhan")


def test_the_units_range_holds_the_served_provinces_communes_old_and_new(template, units):
    communes = _values_of(template, "DM_XaPhuong")

    assert units.commune_a1.name in communes and units.current_commune.name in communes
    assert units.district_a.name in _values_of(template, "DM_HuyenQuan")


def test_values_outside_a_strict_list_are_warned_and_free_columns_are_not_stopped(template):
    validations = {
        str(v.sqref).split(":")[0]: v for v in template["Danh sách"].data_validations.dataValidation
    }

    assert validations[f"{_column('channel')}2"].showErrorMessage
    assert validations[f"{_column('channel')}2"].errorStyle == "warning"
    assert not validations[f"{_column('forms')}2"].showErrorMessage  # "a; b" is allowed
