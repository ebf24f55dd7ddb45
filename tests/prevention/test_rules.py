"""The shape of a document number and what an activity's figures must satisfy (pure rules)."""

import datetime

import pytest

from prevention.rules import (
    GroupCount,
    activity_figure_errors,
    directive_number_errors,
    normalize_directive_number,
    parse_directive_number,
    participation_errors,
    period_errors,
)


@pytest.mark.parametrize(
    ("number", "directive_type"),
    [
        ("32/KH-SLĐTBXH", "plan"),
        ("50/KH-SLĐTBXH", "plan"),
        ("12/KH-SYT", "plan"),
        ("1234/QĐ-UBND", "decision"),
        ("15/CT-UBND", "directive"),
        ("120/BC-SYT", "report"),
        ("45/SLĐTBXH-BTXH", "official_letter"),
        ("7/CV-SYT", "official_letter"),
        ("19/2025/QĐ-TTg", "decision"),
        ("03/HD-SLĐTBXH", "guidance"),
        ("15/KH-BCĐ138", "plan"),
        ("88/QĐ-UBND-VX", "decision"),
        ("5/CTr-UBND", "programme"),
    ],
)
def test_well_formed_numbers_of_the_right_type_are_accepted(number, directive_type):
    assert directive_number_errors(number, directive_type) == []


@pytest.mark.parametrize(
    "number",
    [
        "",
        "KH-SLĐTBXH",
        "32KH-SLĐTBXH",
        "abc/KH-SLĐTBXH",
        "32/KH",
        "32/KH-",
        "32/-SLĐTBXH",
        "32/KH-SLĐTBXH-BTXH-X",
        "0/KH-SYT",
        "32/KH-SLĐ TBXH?",
        "32/KH-S",
        "32/TB-UBND",
        "32/2/KH-SYT",
    ],
)
def test_malformed_numbers_are_refused_with_a_vietnamese_message(number):
    errors = directive_number_errors(number, None)

    assert len(errors) == 1
    assert any(word in errors[0] for word in ("Số", "Ký hiệu", "Thiếu", "không", "Năm"))


def test_the_type_code_must_match_the_directive_type():
    (error,) = directive_number_errors("32/KH-SLĐTBXH", "decision")

    assert "QĐ" in error


def test_a_plan_needs_its_type_code():
    (error,) = directive_number_errors("45/SLĐTBXH-BTXH", "plan")

    assert "KH" in error


def test_an_official_letter_has_no_type_code_other_than_cv():
    (error,) = directive_number_errors("32/KH-SLĐTBXH", "official_letter")

    assert "Công văn" in error


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        (" 32 / kh - slđtbxh ", "32/KH-SLĐTBXH"),
        ("1234/qđ-ubnd", "1234/QĐ-UBND"),
        ("45/SLĐTBXH–BTXH", "45/SLĐTBXH-BTXH"),
        ("19/2025/qđ-ttg", "19/2025/QĐ-TTg"),
    ],
)
def test_spaces_dashes_and_case_are_normalised_keeping_d_with_stroke(typed, normalized):
    assert normalize_directive_number(typed) == normalized
    assert str(parse_directive_number(typed)) == normalized


def test_the_parts_of_a_number():
    parsed = parse_directive_number("45/SLĐTBXH-BTXH")

    assert (parsed.number, parsed.type_code, parsed.issuer, parsed.office) == (
        45,
        "",
        "SLĐTBXH",
        "BTXH",
    )
    assert parsed.directive_type == "official_letter"


def test_participants_by_group_may_not_exceed_the_total():
    errors = participation_errors(
        total=50, total_female=None, groups=[GroupCount("a", 30), GroupCount("b", 30)]
    )

    assert "60" in errors["participants"][0] and "50" in errors["participants"][0]


def test_women_may_not_exceed_the_total_or_their_group():
    errors = participation_errors(total=10, total_female=12, groups=[GroupCount("a", 5, female=6)])

    assert set(errors) == {"participants_female", "a"}


def test_figures_that_add_up_have_no_error():
    groups = [GroupCount("a", 30, 10), GroupCount("b", 30, None)]

    assert participation_errors(total=60, total_female=20, groups=groups) == {}


def test_an_end_before_the_start_is_an_error():
    start = datetime.date(2024, 4, 9)

    assert "end_date" in period_errors(start, start - datetime.timedelta(days=1))
    assert period_errors(start, start) == {}
    assert period_errors(start, None) == {}


def test_a_training_needs_classes_and_a_print_run_its_items_and_their_kind():
    zero = {
        "sessions": 0,
        "participants": 0,
        "item_kind": "",
        "items_produced": 0,
        "items_distributed": 0,
        "establishments_inspected": 0,
    }

    assert set(activity_figure_errors(activity_type="training", **zero)) == {
        "sessions",
        "participants",
    }
    assert set(activity_figure_errors(activity_type="printing", **zero)) == {"items_produced"}
    assert set(activity_figure_errors(activity_type="inspection", **zero)) == {
        "establishments_inspected"
    }
    assert set(
        activity_figure_errors(activity_type="communication", **{**zero, "items_produced": 5})
    ) == {"item_kind"}
