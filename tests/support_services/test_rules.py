"""The eligibility table of DOMAIN.md, cell by cell, and the legacy limits."""

import datetime

import pytest

from support_services.supports.reference_data import support_types
from support_services.supports.rules import CaseFacts, SupportTypeFacts, eligibility

TYPES = {(row["regime"], row["code"]): row for row in support_types()}
CATEGORIES = ["victim", "accompanying_child", "presumed_abroad", "presumed_domestic"]

# DOMAIN.md, Law 53/2024 Art 37: ✓ = 1, – = 0; columns in CATEGORIES order.
CURRENT_TABLE = {
    "essential_needs": (1, 1, 1, 1),
    "medical": (1, 1, 1, 1),
    "interpretation": (1, 1, 1, 1),
    "legal_counselling": (1, 1, 1, 1),
    "legal_aid": (1, 1, 0, 1),
    "travel": (1, 1, 0, 1),
    "psychological": (1, 1, 0, 1),
    "education": (1, 1, 0, 0),
    "vocational": (1, 0, 0, 0),
    "initial_hardship": (1, 0, 0, 0),
}


def facts(regime, code) -> SupportTypeFacts:
    row = TYPES[(regime, code)]
    return SupportTypeFacts(
        name=row["name"],
        regime=regime,
        legal_basis=row["legal_basis"],
        categories=frozenset(row["categories"]),
        requires_identified=row["requires_identified"],
        one_off=row["one_off"],
        max_days=row["max_days"],
        requires_poor_household=row["requires_poor_household"],
        application_window_months=row["application_window_months"],
    )


def case(regime="current", category="victim", identified=True, poverty="poor", identified_on=None):
    return CaseFacts(
        regime=regime,
        person_category=category,
        identified=identified,
        poverty_status=poverty,
        identified_on=identified_on,
    )


TODAY = datetime.date(2025, 9, 1)


@pytest.mark.parametrize(
    ("code", "category", "expected"),
    [
        (code, category, bool(row[index]))
        for code, row in CURRENT_TABLE.items()
        for index, category in enumerate(CATEGORIES)
    ],
)
def test_the_current_regime_table_cell_by_cell(code, category, expected):
    decision = eligibility(facts("current", code), case(category=category), on_date=TODAY)

    assert decision.allowed is expected
    if not expected:
        assert "Luật Phòng, chống mua bán người số 53/2024/QH15" in decision.reason


def test_the_seeded_current_types_are_exactly_the_ten_of_the_law():
    assert {code for regime, code in TYPES if regime == "current"} == set(CURRENT_TABLE)


def test_a_support_of_the_other_regime_is_refused():
    decision = eligibility(facts("legacy", "medical"), case(regime="current"), on_date=TODAY)

    assert not decision.allowed


def test_essential_needs_stop_at_60_days_legacy_and_120_days_current():
    legacy = facts("legacy", "essential_needs")
    current = facts("current", "essential_needs")

    assert eligibility(
        legacy, case("legacy"), on_date=TODAY, days_already=50, days_requested=10
    ).allowed
    refused = eligibility(legacy, case("legacy"), on_date=TODAY, days_already=50, days_requested=11)
    assert not refused.allowed and "60 ngày" in refused.reason
    assert eligibility(current, case(), on_date=TODAY, days_already=100, days_requested=20).allowed
    assert not eligibility(
        current, case(), on_date=TODAY, days_already=100, days_requested=21
    ).allowed


def test_a_one_off_allowance_is_refused_the_second_time():
    hardship = facts("current", "initial_hardship")

    assert eligibility(hardship, case(), on_date=TODAY, previous_count=0).allowed
    second = eligibility(hardship, case(), on_date=TODAY, previous_count=1)
    assert not second.allowed and "một lần" in second.reason


def test_legacy_reintegration_supports_need_a_poor_household():
    vocational = facts("legacy", "vocational")

    assert eligibility(vocational, case("legacy"), on_date=TODAY).allowed
    near_poor = eligibility(vocational, case("legacy", poverty="near_poor"), on_date=TODAY)
    assert not near_poor.allowed and "hộ nghèo" in near_poor.reason


def test_legacy_applications_must_come_within_12_months_of_identification():
    education = facts("legacy", "education")
    identified = case("legacy", identified_on=datetime.date(2024, 3, 15))

    # 12 months from 15/03/2024 end on Saturday 15/03/2025: a day off, so the window ends on
    # the next working day, Monday 17/03/2025 (Civil Code 2015 Art 148(5)).
    assert eligibility(education, identified, on_date=datetime.date(2025, 3, 15)).allowed
    assert eligibility(education, identified, on_date=datetime.date(2025, 3, 17)).allowed
    late = eligibility(education, identified, on_date=datetime.date(2025, 3, 18))
    assert not late.allowed and "17/03/2025" in late.reason


def test_supports_for_identified_victims_wait_for_identification():
    loan = facts("legacy", "loan")

    refused = eligibility(loan, case("legacy", identified=False), on_date=TODAY)
    assert not refused.allowed and "đã được xác định là nạn nhân" in refused.reason
    presumed = case("current", category="presumed_domestic", identified=False)
    assert eligibility(facts("current", "psychological"), presumed, on_date=TODAY).allowed
