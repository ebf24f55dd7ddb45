"""The consent rule of a referral, cell by cell (pure function, no database)."""

import datetime

import pytest

from support_services.referrals.rules import (
    ConsentFacts,
    best_consent,
    consent_problem,
    referral_consent,
)

D = datetime.date
ON = D(2026, 3, 2)


GIVEN = D(2026, 1, 5)


def consent(given_by="person", purposes=("support",), given_on=GIVEN, withdrawn_on=None):
    return ConsentFacts(
        given_by=given_by,
        given_on=given_on,
        purposes=frozenset(purposes),
        withdrawn_on=withdrawn_on,
    )


def decide(facts, *, age=30, role="district_officer", override_reason=""):
    return referral_consent(facts, age=age, on_date=ON, role=role, override_reason=override_reason)


def test_an_adult_with_an_active_consent_for_support_may_be_referred():
    decision = decide(consent())

    assert decision.allowed and not decision.override


def test_a_consent_for_sharing_also_covers_a_referral():
    assert decide(consent(purposes=("sharing",))).allowed


def test_an_adult_whose_consent_was_withdrawn_is_refused():
    decision = decide(consent(withdrawn_on=D(2026, 2, 1)))

    assert not decision.allowed
    assert "rút lại ngày 01/02/2026" in decision.reason
    assert decision.field == "consent"


def test_a_consent_withdrawn_only_after_the_referral_date_still_covers_it():
    assert decide(consent(withdrawn_on=D(2026, 3, 10))).allowed


def test_a_consent_for_another_purpose_is_refused():
    decision = decide(consent(purposes=("case_management", "statistics")))

    assert not decision.allowed
    assert "không bao gồm mục đích" in decision.reason


def test_a_consent_recorded_after_the_referral_date_does_not_cover_it():
    assert not decide(consent(given_on=D(2026, 3, 3))).allowed


def test_a_child_with_a_consent_of_the_person_only_is_refused():
    decision = decide(consent(given_by="person"), age=16)

    assert not decision.allowed
    assert "người giám hộ" in decision.reason


@pytest.mark.parametrize("given_by", ["guardian", "both"])
def test_a_child_with_the_guardians_consent_may_be_referred(given_by):
    assert decide(consent(given_by=given_by), age=16).allowed


def test_the_day_a_person_turns_18_their_own_consent_is_enough():
    assert decide(consent(given_by="person"), age=18).allowed


def test_without_consent_a_district_officer_is_refused_citing_the_law():
    decision = decide(None)

    assert not decision.allowed
    assert "khoản 10 Điều 3 Luật Phòng, chống mua bán người số 53/2024/QH15" in decision.reason
    assert "Chỉ cán bộ cấp tỉnh" in decision.reason


def test_a_district_officer_cannot_override_even_with_a_reason():
    decision = decide(None, override_reason="Khẩn cấp")

    assert not decision.allowed
    assert not decision.override


@pytest.mark.parametrize("role", ["provincial_staff", "supervisor"])
def test_a_provincial_user_overrides_with_a_reason(role):
    decision = decide(None, role=role, override_reason="Bảo vệ tính mạng")

    assert decision.allowed and decision.override


def test_a_provincial_override_without_a_reason_is_refused():
    decision = decide(None, role="provincial_staff", override_reason="   ")

    assert not decision.allowed
    assert decision.field == "override_reason"
    assert "cần ghi lý do" in decision.reason


def test_a_provincial_user_overrides_a_child_without_the_guardians_consent():
    decision = decide(
        consent(given_by="person"), age=15, role="provincial_staff", override_reason="Khẩn cấp"
    )

    assert decision.allowed and decision.override


def test_a_valid_consent_is_no_override_even_when_a_reason_is_typed():
    decision = decide(consent(), role="provincial_staff", override_reason="Khẩn cấp")

    assert decision.allowed and not decision.override


def test_the_form_proposes_the_first_consent_that_covers_a_referral():
    consents = [
        ("withdrawn", consent(withdrawn_on=D(2026, 2, 1))),
        ("statistics", consent(purposes=("statistics",))),
        ("good", consent()),
    ]

    assert best_consent(consents, age=30, on_date=ON) == "good"
    assert best_consent(consents[:2], age=30, on_date=ON) is None


def test_consent_problem_is_empty_for_a_covering_consent():
    assert consent_problem(consent(given_by="both"), age=10, on_date=ON) == ""
