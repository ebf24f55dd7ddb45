"""Supports of a case: proposed, decided, given or refused — with the rules and the rates."""

import datetime

import pytest

from support_services.models import SupportRate, SupportStatus, SupportType
from support_services.supports import services
from support_services.supports.services import SupportError
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def legacy_case(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    case.victim.poverty_status = "poor"
    case.victim.save()
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


def support(regime, code):
    return SupportType.objects.get(regime=regime, code=code)


def test_a_support_goes_from_proposal_to_provided_at_the_rate_in_force(
    officer_a, provincial_staff, legacy_case
):
    travel = support("legacy", "travel")
    SupportRate.objects.create(
        support_type=travel,
        amount=100_000,
        unit="day",
        valid_from=D(2020, 1, 1),
        valid_to=D(2024, 5, 31),
        legal_basis="NQ",
    )
    SupportRate.objects.create(
        support_type=travel, amount=150_000, unit="day", valid_from=D(2024, 6, 1), legal_basis="NQ"
    )

    record = services.support_propose(
        actor=officer_a, case=legacy_case, support_type=travel, quantity=2, on_date=D(2024, 5, 20)
    )
    record = services.support_approve(
        actor=provincial_staff,
        record=record,
        decision_number="12/QĐ",
        decision_date=D(2024, 5, 25),
        authority="Sở LĐTBXH",
    )
    record = services.support_provide(
        actor=provincial_staff, record=record, provided_on=D(2024, 6, 3)
    )

    assert record.status == SupportStatus.PROVIDED
    assert record.amount == 300_000  # the rate of 03/06/2024 (150.000 đ/day) × 2 days
    assert list(record.events.values_list("to_status", flat=True)) == [
        "proposed",
        "approved",
        "provided",
    ]


def test_an_ineligible_support_is_refused_naming_the_rule(officer_a, units, make_case):
    presumed = make_case(officer_a, units.district_a, received=D(2025, 8, 1))

    with pytest.raises(SupportError, match="53/2024/QH15"):
        services.support_propose(
            actor=officer_a,
            case=presumed,
            support_type=support("current", "vocational"),
            on_date=D(2025, 8, 5),
        )
    assert presumed.supports.count() == 0


def test_a_second_one_off_allowance_is_refused_even_in_another_case(
    officer_a, provincial_staff, legacy_case, make_case, units
):
    hardship = support("legacy", "initial_hardship")
    services.support_propose(
        actor=officer_a, case=legacy_case, support_type=hardship, on_date=D(2024, 6, 1)
    )
    again = make_case(
        officer_a, units.district_a, victim=legacy_case.victim, received=D(2024, 9, 1)
    )
    victim_services.case_status_set(case=again, status=CaseStatus.IDENTIFIED)

    with pytest.raises(SupportError, match="một lần"):
        services.support_propose(
            actor=officer_a, case=again, support_type=hardship, on_date=D(2024, 9, 5)
        )


def test_essential_needs_beyond_the_limit_are_refused(officer_a, legacy_case):
    needs = support("legacy", "essential_needs")
    services.support_propose(
        actor=officer_a, case=legacy_case, support_type=needs, quantity=45, on_date=D(2024, 5, 11)
    )

    with pytest.raises(SupportError, match="60 ngày"):
        services.support_propose(
            actor=officer_a,
            case=legacy_case,
            support_type=needs,
            quantity=20,
            on_date=D(2024, 6, 30),
        )


def test_a_decision_dated_before_the_proposal_is_refused(officer_a, provincial_staff, legacy_case):
    record = services.support_propose(
        actor=officer_a,
        case=legacy_case,
        support_type=support("legacy", "medical"),
        on_date=D(2024, 5, 20),
    )

    with pytest.raises(SupportError, match="trước ngày đề xuất"):
        services.support_approve(
            actor=provincial_staff,
            record=record,
            decision_number="1/QĐ",
            decision_date=D(2024, 5, 19),
            authority="Sở",
        )
    record.refresh_from_db()
    assert record.status == SupportStatus.PROPOSED


def test_a_district_officer_cannot_decide(officer_a, legacy_case):
    record = services.support_propose(
        actor=officer_a,
        case=legacy_case,
        support_type=support("legacy", "medical"),
        on_date=D(2024, 5, 20),
    )

    with pytest.raises(SupportError, match="không được"):
        services.support_approve(
            actor=officer_a,
            record=record,
            decision_number="1/QĐ",
            decision_date=D(2024, 5, 21),
            authority="Sở",
        )


def test_another_amount_needs_a_reason_and_an_absurd_one_is_refused(
    officer_a, provincial_staff, legacy_case
):
    medical = support("legacy", "medical")
    record = services.support_propose(
        actor=officer_a, case=legacy_case, support_type=medical, on_date=D(2024, 5, 20)
    )
    record = services.support_approve(
        actor=provincial_staff,
        record=record,
        decision_number="2/QĐ",
        decision_date=D(2024, 5, 21),
        authority="Sở",
    )

    with pytest.raises(SupportError, match="lý do"):
        services.support_provide(
            actor=provincial_staff, record=record, provided_on=D(2024, 5, 22), amount=750_000
        )
    with pytest.raises(SupportError, match="không hợp lý"):
        services.support_provide(
            actor=provincial_staff,
            record=record,
            provided_on=D(2024, 5, 22),
            amount=10**12,
            override_reason="nhập nhầm",
        )
    given = services.support_provide(
        actor=provincial_staff,
        record=record,
        provided_on=D(2024, 5, 22),
        amount=750_000,
        override_reason="Hóa đơn viện phí thực tế",
    )
    assert (given.amount, given.amount_override_reason) == (750_000, "Hóa đơn viện phí thực tế")


def test_an_officer_of_another_district_cannot_propose(officer_b, legacy_case):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.support_propose(
            actor=officer_b,
            case=legacy_case,
            support_type=support("legacy", "medical"),
            on_date=D(2024, 5, 20),
        )
