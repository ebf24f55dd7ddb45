"""Indicators as SQL aggregates over a unit's area in a period, with the previous period."""

import datetime

import pytest

from reports.indicators import Scope, compare, compute
from reports.periods import Period, period_for
from support_services.models import SupportRate, SupportType
from support_services.supports import services as support_services
from tests.factories import CommuneFactory, ProvinceFactory
from tests.support_services.closures import close_case
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import CriminalCase

pytestmark = pytest.mark.django_db
D = datetime.date
ANNUAL_2024 = period_for("annual", 2024)


@pytest.fixture
def other_province_commune(db):
    nghe_an = ProvinceFactory(code="40", name="Nghệ An")
    return CommuneFactory(code="16681", name="Xã Nghi Lộc", division_type="xã", parent=nghe_an)


def identified(case):
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


def test_people_received_in_the_period_by_sex_age_residence_and_criminal_case(
    officer_a, provincial_staff, units, make_case, other_province_commune
):
    criminal_case = CriminalCase.objects.create(number="12/VA-2024", investigating_agency="CSĐT")
    inside = make_case(officer_a, units.district_a, received=D(2024, 12, 14), birth_year=2009)
    outside = make_case(
        provincial_staff,
        units.province,
        received=D(2023, 12, 15),
        full_name="Lê Văn Nam",
        sex="male",
        birth_year=2007,
        residence=other_province_commune,
    )
    for case in (inside, outside):
        case.criminal_case = criminal_case
        case.save()
    identified(inside)
    make_case(officer_a, units.district_a, received=D(2024, 12, 15), full_name="Ngoài kỳ")
    make_case(officer_a, units.district_a, received=D(2023, 12, 14), full_name="Kỳ trước")

    figures = compute(Scope(units.province, ANNUAL_2024)).scalars

    assert figures["received_total"] == 2
    assert (figures["received_female"], figures["received_male"]) == (1, 1)
    assert figures["received_under_16"] == 1  # born 2009: 15 on 14/12/2024
    assert figures["received_under_18"] == 2  # born 2007: 16 on 15/12/2023
    assert (figures["received_in_province"], figures["received_other_province"]) == (1, 1)
    assert figures["received_through_criminal_cases"] == 2
    assert (figures["identified_total"], figures["pending_total"]) == (1, 1)


def test_a_unit_reports_only_its_own_area(officer_a, officer_b, units, make_case):
    make_case(officer_a, units.district_a, received=D(2024, 5, 1))
    make_case(officer_b, units.district_b, received=D(2024, 5, 2), full_name="Hà Thị Lan")

    district_a = compute(Scope(units.district_a, ANNUAL_2024))
    province = compute(Scope(units.province, ANNUAL_2024))

    assert district_a.scalars["received_total"] == 1
    assert province.scalars["received_total"] == 2
    assert [row[1] for row in district_a.tables["received_by_unit"]] == ["Huyện Thạch Thành"]


def test_an_empty_period_has_zeros_and_empty_tables(units):
    result = compare(Scope(units.province, period_for("annual", 2030)))

    received = result["indicators"]["received_total"]
    assert (received["label"], received["value"], received["previous"]) == (
        "Số người được tiếp nhận",
        0,
        0,
    )
    assert result["indicators"]["supports_provided_amount_vnd"]["value"] == 0
    assert result["tables"]["received_by_destination"]["rows"] == []


def test_both_regimes_in_one_period_are_counted_together(
    officer_a, provincial_staff, units, make_case
):
    make_case(officer_a, units.district_a, received=D(2025, 6, 30), full_name="Trước")
    make_case(provincial_staff, units.current_commune, received=D(2025, 7, 1), full_name="Sau")

    figures = compute(Scope(units.province, period_for("calendar", 2025))).scalars

    assert figures["received_total"] == 2


def test_tables_count_people_per_group_with_the_previous_period_beside(officer_a, units, make_case):
    make_case(officer_a, units.district_a, received=D(2024, 3, 1), destination="CN")
    make_case(officer_a, units.district_a, received=D(2024, 4, 1), full_name="B", destination="CN")
    make_case(officer_a, units.district_a, received=D(2024, 5, 1), full_name="C", destination="LA")
    make_case(officer_a, units.district_a, received=D(2023, 5, 1), full_name="D", destination="LA")

    table = compare(Scope(units.province, ANNUAL_2024))["tables"]["received_by_destination"]

    rows = {
        row["key"]: (row["label"], row["values"]["value"], row["previous"]["value"])
        for row in table["rows"]
    }
    assert rows == {"CN": ("Trung Quốc", 2, 0), "LA": ("Lào", 1, 1)}


def test_supports_given_in_the_period_by_type_with_people_and_amounts(
    officer_a, provincial_staff, units, make_case
):
    case = identified(make_case(officer_a, units.district_a, received=D(2024, 5, 10)))
    travel = SupportType.objects.get(regime="legacy", code="travel")
    SupportRate.objects.create(
        support_type=travel, amount=250_000, unit="trip", valid_from=D(2020, 1, 1), legal_basis="x"
    )
    for given_on in (D(2024, 6, 1), D(2024, 12, 20)):  # the second falls in the next period
        record = support_services.support_propose(
            actor=officer_a, case=case, support_type=travel, on_date=D(2024, 5, 12)
        )
        record = support_services.support_approve(
            actor=provincial_staff,
            record=record,
            decision_number="1/QĐ",
            decision_date=D(2024, 5, 20),
            authority="Sở",
        )
        support_services.support_provide(
            actor=provincial_staff, record=record, provided_on=given_on
        )

    figures = compute(Scope(units.province, ANNUAL_2024))

    assert figures.scalars["supports_proposed"] == 2
    assert figures.scalars["supports_provided_count"] == 1
    assert figures.scalars["supports_provided_people"] == 1
    assert figures.scalars["supports_provided_amount_vnd"] == 250_000
    assert figures.tables["supports_by_type"] == [
        (
            "legacy:travel",
            "Hỗ trợ chi phí đi lại",
            {"people": 1, "count": 1, "amount": 250_000},
        )
    ]


def test_a_custom_period_is_compared_with_the_days_just_before(officer_a, units, make_case):
    make_case(officer_a, units.district_a, received=D(2024, 2, 10))
    make_case(officer_a, units.district_a, received=D(2024, 3, 10), full_name="B")

    result = compare(Scope(units.province, Period("custom", D(2024, 3, 1), D(2024, 3, 31))))

    assert result["indicators"]["received_total"]["value"] == 1
    assert result["indicators"]["received_total"]["previous"] == 1


def test_follow_ups_and_closures_of_the_period(officer_a, provincial_staff, units, make_case):
    from support_services.models import FollowUp
    from support_services.reintegration import services as followups_services

    case = identified(make_case(officer_a, units.district_a, received=D(2024, 1, 10)))
    followups_services.followups_schedule(case=case, actor=officer_a)
    first = FollowUp.objects.filter(case=case).order_by("months").first()
    FollowUp.objects.filter(pk=first.pk).update(
        status="done", visited_on=D(2024, 2, 12), officer=officer_a, method="home", risk="high"
    )
    close_case(actor=provincial_staff, case=case, closed_on=D(2024, 11, 30), reason="reintegrated")

    figures = compute(Scope(units.province, ANNUAL_2024))

    assert figures.scalars["followups_done"] == 1
    assert figures.scalars["followups_high_risk"] == 1
    assert figures.scalars["cases_closed"] == 1
    assert figures.tables["closures_by_reason"] == [
        ("reintegrated", "Đã tái hòa nhập ổn định", {"value": 1})
    ]
    assert figures.scalars["identified_total"] == 1  # closed since, still an identified victim


def test_referrals_of_the_period_by_programme_and_outcome(
    provincial_staff, officer_a, units, make_case
):
    from support_services.referrals import services as referrals_services

    case = identified(make_case(officer_a, units.district_a, received=D(2024, 1, 10)))
    for programme in ("poverty_reduction", "poverty_reduction", "health_insurance"):
        referrals_services.referral_send(
            actor=provincial_staff,
            case=case,
            service="social_assistance",
            programme=programme,
            sent_on=D(2024, 2, 1),
            override_reason="Người bệnh nặng, cần chuyển gấp",
        )

    figures = compute(Scope(units.province, ANNUAL_2024))

    assert (figures.scalars["referrals_sent"], figures.scalars["referrals_people"]) == (3, 1)
    rows = {
        key: (label, values["sent"])
        for key, label, values in figures.tables["referrals_by_programme"]
    }
    assert rows == {
        "poverty_reduction": ("Chương trình giảm nghèo bền vững", 2),
        "health_insurance": ("Bảo hiểm y tế", 1),
    }
