"""Personal ID numbers and ages (DOMAIN.md "Personal ID")."""

import datetime

import pytest

from locations.text import search_key
from victims.choices import IdType, Sex
from victims.rules import age_on, guess_id_type, id_number_errors, normalize_id_number, parse_cccd


def test_a_valid_cccd_encodes_province_sex_and_birth_year():
    parts = parse_cccd("038199012345")

    assert (parts.province, parts.sex, parts.birth_year) == ("038", Sex.FEMALE, 1999)
    assert (
        id_number_errors("038199012345", id_type=IdType.CCCD, sex=Sex.FEMALE, birth_year=1999) == []
    )


@pytest.mark.parametrize(
    ("digit", "sex", "year"),
    [
        ("0", Sex.MALE, 1905),
        ("1", Sex.FEMALE, 1905),
        ("2", Sex.MALE, 2005),
        ("3", Sex.FEMALE, 2005),
        ("4", Sex.MALE, 2105),
        ("5", Sex.FEMALE, 2105),
    ],
)
def test_the_fourth_digit_gives_century_and_sex(digit, sex, year):
    parts = parse_cccd(f"001{digit}05000001")

    assert (parts.sex, parts.birth_year) == (sex, year)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("03819901234", "phải gồm đúng 12 chữ số"),
        ("0381990123456", "phải gồm đúng 12 chữ số"),
        ("03819901234A", "chỉ gồm chữ số"),
        ("003199012345", "không phải mã tỉnh"),
        ("038699012345", "Chữ số thứ 4"),
        ("038099012345", "giới tính"),
        ("038198012345", "năm sinh 1998"),
    ],
)
def test_a_wrong_cccd_is_refused_with_its_reason(number, expected):
    errors = id_number_errors(number, id_type=IdType.CCCD, sex=Sex.FEMALE, birth_year=1999)

    assert any(expected in error for error in errors), errors


def test_a_nine_digit_legacy_cmnd_is_accepted_and_marked_as_such():
    assert guess_id_type("172345678") == IdType.CMND
    assert id_number_errors("172345678", id_type=IdType.CMND) == []
    assert id_number_errors("17234567", id_type=IdType.CMND) != []


def test_a_passport_number_is_letters_and_digits():
    assert guess_id_type("C1234567") == IdType.PASSPORT
    assert id_number_errors("C1234567", id_type=IdType.PASSPORT) == []
    assert id_number_errors("C12", id_type=IdType.PASSPORT) != []


@pytest.mark.parametrize("typed", ["038 199 012345", "038.199.012.345", " 038-199-012345 "])
def test_an_id_number_is_stored_the_same_however_typed(typed):
    assert normalize_id_number(typed) == "038199012345"


def test_the_search_key_maps_d_with_stroke_to_d():
    assert search_key("Đặng Thị Đào") == "dang thi dao"
    assert search_key("  ĐỖ   Văn  Đức ") == "do van duc"


def test_age_counts_completed_years_or_the_birth_year_alone():
    born = datetime.date(2008, 6, 1)
    assert age_on(datetime.date(2024, 5, 31), date_of_birth=born, birth_year=2008) == 15
    assert age_on(datetime.date(2024, 6, 1), date_of_birth=born, birth_year=2008) == 16
    assert age_on(datetime.date(2024, 1, 1), date_of_birth=None, birth_year=2008) == 16
