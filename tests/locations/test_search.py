"""Searching units ignores case and diacritics, "Đ" included."""

from locations.models import AdministrativeUnit
from locations.text import search_key


def test_search_key_maps_d_with_stroke_to_d():
    assert search_key("Đặng Thị Đào") == "dang thi dao"


def test_search_key_lowercases_and_collapses_spaces():
    assert search_key("  Huyện   THẠCH   Thành ") == "huyen thach thanh"


def test_search_key_of_nothing_is_empty():
    assert search_key(None) == ""
    assert search_key("") == ""


def test_a_unit_keeps_its_search_name_in_sync_with_its_name(units):
    units.district_b.name = "Huyện Đông Sơn Mới"
    units.district_b.save()

    assert units.district_b.search_name == "huyen dong son moi"


def test_searching_without_diacritics_finds_a_name_with_d_with_stroke(units):
    assert list(AdministrativeUnit.objects.search("dong son")) == [units.district_b]


def test_searching_with_other_diacritics_and_case_finds_the_same_unit(units):
    assert list(AdministrativeUnit.objects.search("ĐÔNG SƠN")) == [units.district_b]
    assert list(AdministrativeUnit.objects.search("Đồng Sỡn")) == [units.district_b]


def test_searching_a_part_of_a_name_finds_every_unit_that_contains_it(units):
    found = AdministrativeUnit.objects.search("thach")

    assert set(found) == {units.district_a, units.commune_a1, units.commune_a2}


def test_searching_for_blank_text_returns_everything(units):
    assert AdministrativeUnit.objects.search("  ").count() == 7
