"""The law's edges in the support rules (issue 15 items 5, 6, 10, 11, 13), cell by cell.

Expected answers are written out from the texts, not read from the reference list:
- Law 66/2011 Art 32(3) and Decree 09/2013 Art 19: a child accompanying a victim receives
  essential needs, travel, medical and psychological support — nothing else of the legacy list.
- Legal Aid Law 2017 Art 7 with Decree 144/2017 Art 3: until 30/06/2025 a trafficking victim
  receives legal aid when "in financial difficulty": a poor or near-poor household, or a monthly
  social allowance. From 01/07/2025 (Law 53/2024) no means test.
- Decree 162/2025 Art 17: essential needs in a facility up to 120 days, extendable.
- Decree 09/2013: Art 19 essential needs and travel, Art 20 medical, Art 21 psychological,
  Art 22 legal aid, Art 23 education, vocational training, initial-hardship allowance.
"""

import datetime

import pytest

from support_services.supports.reference_data import support_types
from support_services.supports.rules import (
    CaseFacts,
    EarlierReceipt,
    SupportTypeFacts,
    day_limit,
    eligibility,
    extension_check,
)

D = datetime.date
TYPES = {(row["regime"], row["code"]): row for row in support_types()}
FACT_FIELDS = set(SupportTypeFacts.__dataclass_fields__)


def facts(regime, code, **changes) -> SupportTypeFacts:
    row = {**TYPES[(regime, code)], **changes}
    values = {name: value for name, value in row.items() if name in FACT_FIELDS}
    return SupportTypeFacts(**{**values, "categories": frozenset(row["categories"])})


def case(
    regime="legacy",
    category="victim",
    identified=True,
    poverty="poor",
    allowance=False,
    identified_on=None,
):
    return CaseFacts(
        regime=regime,
        person_category=category,
        identified=identified,
        poverty_status=poverty,
        identified_on=identified_on,
        receives_social_allowance=allowance,
    )


LEGACY_DAY = D(2025, 3, 1)
CURRENT_DAY = D(2025, 9, 1)

# Law 66/2011 Art 32(3); Decree 09/2013 Art 19: what a child accompanying a victim receives under
# the legacy regime (1) and what not (0). The child is not an identified victim of their own.
LEGACY_CHILD = {
    "essential_needs": 1,
    "travel": 1,
    "medical": 1,
    "psychological": 1,
    "legal_aid": 0,
    "education": 0,
    "vocational": 0,
    "initial_hardship": 0,
    "loan": 0,
}


@pytest.mark.parametrize(("code", "expected"), LEGACY_CHILD.items())
def test_a_child_accompanying_a_victim_under_the_legacy_regime_cell_by_cell(code, expected):
    child = case("legacy", category="accompanying_child", identified=False, poverty="neither")

    decision = eligibility(facts("legacy", code), child, on_date=LEGACY_DAY)

    assert decision.allowed is bool(expected)


def test_a_child_accompanying_gets_legacy_essential_needs():
    child = case("legacy", category="accompanying_child", identified=False)

    assert eligibility(facts("legacy", "essential_needs"), child, on_date=LEGACY_DAY).allowed


def test_a_child_accompanying_is_refused_legacy_vocational_training_citing_article_23():
    child = case("legacy", category="accompanying_child", identified=False)

    refused = eligibility(facts("legacy", "vocational"), child, on_date=LEGACY_DAY)

    assert not refused.allowed
    assert "không áp dụng cho đối tượng này" in refused.reason
    assert "Điều 23 Nghị định 09/2013/NĐ-CP" in refused.reason


# Legacy legal aid, asked before 01/07/2025: (household, monthly allowance) -> eligible.
LEGAL_AID_MEANS = [
    ("poor", False, True),
    ("near_poor", False, True),
    ("neither", True, True),
    ("unknown", True, True),
    ("neither", False, False),
    ("unknown", False, False),
]


@pytest.mark.parametrize(("poverty", "allowance", "expected"), LEGAL_AID_MEANS)
def test_legacy_legal_aid_means_test_cell_by_cell(poverty, allowance, expected):
    victim = case("legacy", poverty=poverty, allowance=allowance)

    decision = eligibility(facts("legacy", "legal_aid"), victim, on_date=LEGACY_DAY)

    assert decision.allowed is expected


def test_legacy_legal_aid_for_a_near_poor_household_is_eligible():
    near_poor = case("legacy", poverty="near_poor")

    assert eligibility(facts("legacy", "legal_aid"), near_poor, on_date=LEGACY_DAY).allowed


def test_legacy_legal_aid_without_means_is_refused_with_the_reason():
    without_means = case("legacy", poverty="neither")

    refused = eligibility(facts("legacy", "legal_aid"), without_means, on_date=D(2025, 6, 30))

    assert not refused.allowed
    assert "hộ nghèo, hộ cận nghèo hoặc đang hưởng trợ cấp xã hội hằng tháng" in refused.reason
    assert "Điều 7 Luật Trợ giúp pháp lý 2017" in refused.reason
    assert "Điều 3 Nghị định 144/2017/NĐ-CP" in refused.reason
    assert "30/06/2025" in refused.reason
    assert refused.field == "support_type"


def test_legacy_legal_aid_asked_from_1_july_2025_needs_no_means():
    without_means = case("legacy", poverty="neither")

    assert eligibility(facts("legacy", "legal_aid"), without_means, on_date=D(2025, 7, 1)).allowed


def test_current_legal_aid_needs_no_means():
    without_means = case("current", poverty="neither")

    assert eligibility(facts("current", "legal_aid"), without_means, on_date=CURRENT_DAY).allowed


def test_the_poor_household_test_still_refuses_a_near_poor_household():
    near_poor = case("legacy", poverty="near_poor", allowance=True)

    refused = eligibility(facts("legacy", "initial_hardship"), near_poor, on_date=LEGACY_DAY)

    assert not refused.allowed and "chỉ dành cho nạn nhân thuộc hộ nghèo" in refused.reason


# Decree 162/2025 Art 17: 120 days, extendable. (days already, asked, extension days) -> allowed.
ESSENTIAL_NEEDS_120 = [
    (100, 20, 0, True),
    (100, 21, 0, False),
    (100, 21, 30, True),
    (100, 50, 30, True),
    (100, 51, 30, False),
]


@pytest.mark.parametrize(("already", "asked", "extended", "expected"), ESSENTIAL_NEEDS_120)
def test_the_120_day_limit_with_and_without_an_extension(already, asked, extended, expected):
    decision = eligibility(
        facts("current", "essential_needs"),
        case("current"),
        on_date=CURRENT_DAY,
        days_already=already,
        days_requested=asked,
        extension_days=extended,
    )

    assert decision.allowed is expected


def test_beyond_the_extended_limit_the_reason_gives_the_new_limit():
    refused = eligibility(
        facts("current", "essential_needs"),
        case("current"),
        on_date=CURRENT_DAY,
        days_already=100,
        days_requested=51,
        extension_days=30,
    )

    assert "tối đa 150 ngày (120 ngày và 30 ngày gia hạn)" in refused.reason
    assert "Điều 17 Nghị định 162/2025/NĐ-CP" in refused.reason
    assert refused.field == "quantity"


def test_beyond_120_days_without_extension_the_officer_is_told_one_may_be_recorded():
    refused = eligibility(
        facts("current", "essential_needs"),
        case("current"),
        on_date=CURRENT_DAY,
        days_already=120,
        days_requested=1,
    )

    assert "tối đa 120 ngày" in refused.reason and "gia hạn" in refused.reason


def test_the_legacy_60_day_limit_is_not_extendable():
    legacy = facts("legacy", "essential_needs")

    assert day_limit(legacy, extension_days=30) == 60
    assert not extension_check(legacy, days=30).allowed


def test_an_extension_is_capped_only_when_a_cap_is_configured():
    current = facts("current", "essential_needs")
    capped = facts("current", "essential_needs", max_extension_days=60)

    assert extension_check(current, days=200).allowed
    assert extension_check(capped, days=30, days_extended_already=30).allowed
    over = extension_check(capped, days=31, days_extended_already=30)
    assert not over.allowed and over.field == "days"


LEGACY_RECEIPT = EarlierReceipt(
    case_code="TH-2024-0003",
    regime="legacy",
    regime_label="Luật PCMBN 2011 (trước 01/07/2025)",
    type_code="initial_hardship",
    type_name="Trợ cấp khó khăn ban đầu (một lần)",
    status_label="Đã hỗ trợ",
    on_date=D(2024, 6, 3),
    amount=2_000_000,
)


def test_a_one_off_received_under_the_legacy_regime_counts_under_the_current_one_by_default():
    hardship = facts("current", "initial_hardship")

    refused = eligibility(hardship, case("current"), on_date=CURRENT_DAY, earlier=(LEGACY_RECEIPT,))

    assert not refused.allowed
    assert "chỉ được hỗ trợ một lần" in refused.reason
    assert "TH-2024-0003" in refused.reason and "03/06/2024" in refused.reason


def test_a_one_off_received_under_the_legacy_regime_is_not_counted_when_so_configured():
    hardship = facts("current", "initial_hardship", one_off_across_regimes=False)

    assert eligibility(
        hardship, case("current"), on_date=CURRENT_DAY, earlier=(LEGACY_RECEIPT,)
    ).allowed


def test_a_receipt_under_the_same_regime_counts_whatever_the_setting():
    hardship = facts("legacy", "initial_hardship", one_off_across_regimes=False)

    refused = eligibility(hardship, case("legacy"), on_date=LEGACY_DAY, earlier=(LEGACY_RECEIPT,))

    assert not refused.allowed


# Decree 09/2013: the article each legacy support type rests on.
LEGACY_ARTICLES = {
    "essential_needs": "Điều 19 Nghị định 09/2013/NĐ-CP",
    "travel": "Điều 19 Nghị định 09/2013/NĐ-CP",
    "medical": "Điều 20 Nghị định 09/2013/NĐ-CP",
    "psychological": "Điều 21 Nghị định 09/2013/NĐ-CP",
    "legal_aid": "Điều 22 Nghị định 09/2013/NĐ-CP",
    "education": "Điều 23 Nghị định 09/2013/NĐ-CP",
    "vocational": "Điều 23 Nghị định 09/2013/NĐ-CP",
    "initial_hardship": "Điều 23 Nghị định 09/2013/NĐ-CP",
}


@pytest.mark.parametrize(("code", "article"), LEGACY_ARTICLES.items())
def test_each_legacy_support_type_cites_its_own_article(code, article):
    basis = TYPES[("legacy", code)]["legal_basis"]

    assert article in basis
    others = {other for other in set(LEGACY_ARTICLES.values()) if other != article}
    assert not any(other in basis for other in others)


def test_a_refusal_of_a_legacy_type_names_its_article():
    child = case("legacy", category="accompanying_child", identified=False)

    refused = eligibility(facts("legacy", "legal_aid"), child, on_date=LEGACY_DAY)

    assert not refused.allowed
    assert "Điều 22 Nghị định 09/2013/NĐ-CP" in refused.reason
