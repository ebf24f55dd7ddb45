"""Every list of names follows Vietnamese alphabetical order (locations.collation): the letters
ă â đ ê ô ơ ư after their base letters, tone marks compared after the letters — on PostgreSQL by
the ICU collation the migration creates, in Python (SQLite, countries) by the same key."""

import sqlite3

import pytest
from django.db import connection

from locations.collation import (
    COLLATION,
    VietnameseCountries,
    compare,
    vi_order,
    vietnamese_key,
    vietnamese_sorted,
)
from locations.forms import UnitPickerForm
from locations.models import AdministrativeUnit
from tests.factories import CommuneFactory, DistrictFactory, LegacyCommuneFactory, ProvinceFactory

# In Vietnamese order (as PostgreSQL's ICU vi-VN collation gives them).
ORDERED = [
    "An", "Az", "Ăn", "Âu", "Ba", "Dân", "Dzung", "Đông Sơn", "Ea", "Ez", "Êa",
    "Ha", "Hà", "Hả", "Hã", "Há", "Hạ", "Hà Trung", "Hê", "Hế", "Hệ", "Hoằng Hóa",
    "Oz", "Ôn", "Ơn", "thạch", "Thạch", "Uz", "Ưa",
]  # fmt: skip


def test_the_python_key_puts_letters_then_tones_in_vietnamese_order():
    assert vietnamese_sorted(reversed(ORDERED)) == ORDERED
    assert vietnamese_key("Hà Trung") < vietnamese_key("Hoằng Hóa")
    assert vietnamese_key("Dương") < vietnamese_key("Đào")  # Đ after every D
    assert vietnamese_key("Đào") < vietnamese_key("Em")
    assert vietnamese_key("Azơ") < vietnamese_key("Ăn")  # Ă after every A
    assert vietnamese_key("Ăn") < vietnamese_key("Ân")
    assert compare("Hoằng Hóa", "Hà Trung") > 0
    assert compare("Hà", "Hà") == 0


def test_the_key_reads_decomposed_text_as_its_composed_form():
    decomposed = "Ho\u0103\u0300ng Ho\u0301a"  # ằ as ă + grave, ó as o + acute
    assert vietnamese_key(decomposed) == vietnamese_key("Hoằng Hóa")


def test_the_sqlite_collation_orders_rows_in_vietnamese_order():
    db = sqlite3.connect(":memory:")
    db.create_collation(COLLATION, compare)
    db.execute("CREATE TABLE t (name TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(name,) for name in reversed(ORDERED)])
    query = f'SELECT name FROM t ORDER BY name COLLATE "{COLLATION}"'  # noqa: S608 (a constant)
    rows = db.execute(query).fetchall()
    assert [name for (name,) in rows] == ORDERED


@pytest.mark.django_db
def test_postgresql_orders_names_with_the_vietnamese_collation():
    assert connection.vendor == "postgresql"
    province = ProvinceFactory(code="38", name="Thanh Hóa")
    for index, name in enumerate(reversed(ORDERED)):
        CommuneFactory(code=f"{20000 + index}", name=name, parent=province)
    names = AdministrativeUnit.objects.filter(parent=province).order_by(vi_order("name"))
    assert list(names.values_list("name", flat=True)) == ORDERED
    # the C collation of the database gets it wrong: the collation is what puts it right
    plain = list(
        AdministrativeUnit.objects.filter(parent=province).order_by("name").values_list("name")
    )
    assert [name for (name,) in plain] != ORDERED


@pytest.mark.django_db
def test_the_unit_pickers_choices_come_in_vietnamese_order():
    province = ProvinceFactory(code="38", name="Thanh Hóa")
    for code, name in [("391", "Huyện Hoằng Hóa"), ("389", "Huyện Hà Trung"),
                       ("397", "Huyện Đông Sơn"), ("393", "Huyện Dân Chủ")]:  # fmt: skip
        DistrictFactory(code=code, name=name, parent=province)
    form = UnitPickerForm(data={"unit_province": province.pk}, name="unit")
    labels = [label for value, label in form.fields["unit_district"].choices if value]
    assert labels == [
        "Huyện Dân Chủ (cũ)",
        "Huyện Đông Sơn (cũ)",
        "Huyện Hà Trung (cũ)",
        "Huyện Hoằng Hóa (cũ)",
    ]


@pytest.mark.django_db
def test_a_tree_of_units_lists_each_level_in_vietnamese_order(units):
    ha_trung = DistrictFactory(code="389", name="Huyện Hà Trung", parent=units.province)
    LegacyCommuneFactory(code="15001", name="Xã Hà Vinh", parent=ha_trung)
    LegacyCommuneFactory(code="15002", name="Xã Hà Bắc", parent=ha_trung)
    other = ProvinceFactory(code="37", name="Ninh Bình")
    names = [unit.name for unit in AdministrativeUnit.objects.in_tree_order()]
    assert names == [
        "Ninh Bình",
        "Thanh Hóa",
        "Phường Hạc Thành",  # the current commune before the legacy districts
        "Huyện Đông Sơn",
        "Xã Đông Hòa",
        "Huyện Hà Trung",
        "Xã Hà Bắc",
        "Xã Hà Vinh",
        "Huyện Thạch Thành",
        "Xã Thạch Lâm",
        "Xã Thạch Quảng",
    ]
    assert other.name == names[0]


def test_countries_are_listed_in_vietnamese_order():
    from django.utils import translation

    with translation.override("vi"):
        names = [str(country.name) for country in VietnameseCountries()]
    assert names == vietnamese_sorted(names)
    position = {name: index for index, name in enumerate(names)}
    d_names = [name for name in names if name.startswith("D")]
    dd_names = [name for name in names if name.startswith("Đ")]
    assert d_names and dd_names
    assert max(position[name] for name in d_names) < min(position[name] for name in dd_names)
