"""The dashboard: this year against last year within the user's area, chart series, and small
counts shown as "<5" in areas below the province."""

import datetime

import pytest
import time_machine

from reports.dashboard import dashboard, shown, suppresses
from tests.support_services.closures import close_case

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_small_count_in_a_small_area_is_shown_as_below_the_threshold():
    assert shown(3, suppress=True) == "<5"
    assert shown(0, suppress=True) == 0
    assert shown(5, suppress=True) == 5
    assert shown(3, suppress=False) == 3


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_key_numbers_compare_with_the_same_days_of_last_year(
    provincial_staff, officer_a, units, make_case
):
    make_case(officer_a, units.district_a, received=D(2025, 2, 1))
    make_case(officer_a, units.district_a, received=D(2025, 3, 1), full_name="B")
    make_case(officer_a, units.district_a, received=D(2024, 3, 1), full_name="C")
    make_case(officer_a, units.district_a, received=D(2024, 8, 1), full_name="D")  # after 01/06

    figures = dashboard(provincial_staff, D(2025, 6, 1))

    received = next(item for item in figures["key_numbers"] if item["key"] == "received")
    assert (received["value"], received["previous"]) == (2, 1)
    assert figures["charts"]["per_month"]["2025"][1:3] == [1, 1]
    assert figures["charts"]["per_month"]["2024"][7] == 1
    assert figures["charts"]["by_destination"] == [{"label": "Trung Quốc", "value": 2}]


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_a_district_officer_sees_their_area_with_small_counts_hidden(
    client_a, client_b, provincial_client, officer_a, units, make_case
):
    make_case(officer_a, units.district_a, received=D(2025, 2, 1), full_name="Đinh Thị Mây")

    district = client_a.get("/")
    other = client_b.get("/")
    province = provincial_client.get("/")

    received = {item["key"]: item["value"] for item in district.context["dashboard"]["key_numbers"]}
    assert received["received"] == "<5"
    assert 'data-testid="suppression-note"' in district.content.decode()
    assert {i["key"]: i["value"] for i in other.context["dashboard"]["key_numbers"]}[
        "received"
    ] == 0
    assert {i["key"]: i["value"] for i in province.context["dashboard"]["key_numbers"]}[
        "received"
    ] == 1
    assert "Đinh Thị Mây" not in district.content.decode()


def test_the_dashboard_runs_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_case, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_case(officer_a, units.district_a, received=D(2025, 2, 1))
    with CaptureQueriesContext(connection) as few:
        provincial_client.get("/")
    for index in range(6):
        make_case(
            officer_a,
            units.district_a,
            received=D(2025, 3, 1 + index),
            full_name=f"Người {index}",
            destination=["LA", "KH", "TH", "MY", "CN", "KR"][index],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        provincial_client.get("/")


# --- The cards agree with the report; small counts hidden on every card ---------------------


def _identified(case):
    from victims import services as victim_services
    from victims.choices import CaseStatus

    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


def _supported(case, officer, provincial_staff, given_on, amount=250_000):
    from support_services.models import SupportRate, SupportType
    from support_services.supports import services as support_services

    travel = SupportType.objects.get(regime="legacy", code="travel")
    SupportRate.objects.get_or_create(
        support_type=travel,
        valid_from=D(2020, 1, 1),
        defaults={"amount": amount, "unit": "trip", "legal_basis": "x"},
    )
    record = support_services.support_propose(
        actor=officer, case=case, support_type=travel, on_date=given_on
    )
    record = support_services.support_approve(
        actor=provincial_staff,
        record=record,
        decision_number="1/QĐ",
        decision_date=given_on,
        authority="Sở",
    )
    support_services.support_provide(actor=provincial_staff, record=record, provided_on=given_on)


@pytest.fixture
def two_years(officer_a, officer_b, provincial_staff, units, make_case):
    """Eight cases of district A: six received in 2025 (three identified and supported), one
    identified then closed, one identified and supported in 2024; one case of district B."""

    destinations = ["CN", "CN", "LA", "KH", "CN", "MY"]
    for index, destination in enumerate(destinations):
        case = make_case(
            officer_a,
            units.district_a,
            received=D(2025, 1 + index, 1),
            full_name=f"Người {index}",
            destination=destination,
        )
        if index < 3:
            case = _identified(case)
        if index < 3:
            _supported(case, officer_a, provincial_staff, D(2025, 5, 1 + index))
    closed = _identified(
        make_case(officer_a, units.district_a, received=D(2025, 2, 20), full_name="Đã đóng")
    )
    close_case(actor=provincial_staff, case=closed, reason="reintegrated", closed_on=D(2025, 5, 5))
    last_year = _identified(
        make_case(officer_a, units.district_a, received=D(2024, 3, 1), full_name="Năm trước")
    )
    _supported(last_year, officer_a, provincial_staff, D(2024, 4, 1))
    make_case(officer_b, units.district_b, received=D(2025, 3, 1), full_name="Huyện B")


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
@pytest.mark.parametrize("who", ["provincial_staff", "officer_a"])
def test_the_key_numbers_are_the_reports_figures_for_the_same_area_and_days(
    who, request, units, two_years
):
    from reports.dashboard import KEY_INDICATORS
    from reports.indicators import Scope, compare, compute
    from reports.periods import Period

    user = request.getfixturevalue(who)
    figures = dashboard(user, D(2025, 6, 1))

    report = compare(Scope(user.jurisdiction, Period("custom", D(2025, 1, 1), D(2025, 6, 1))))
    last_year = compute(Scope(user.jurisdiction, Period("custom", D(2024, 1, 1), D(2024, 6, 1))))
    shown_now = {item["key"]: item["raw"] for item in figures["key_numbers"]}
    shown_before = {item["key"]: item["raw_previous"] for item in figures["key_numbers"]}
    assert shown_now == {
        key: report["indicators"][indicator]["value"] for key, indicator in KEY_INDICATORS.items()
    }
    assert shown_before == {
        key: last_year.scalars[indicator] for key, indicator in KEY_INDICATORS.items()
    }
    # Three identified and one identified then closed: the report counts the four.
    assert shown_now["identified"] == 4 and shown_now["supported"] == 3
    destinations = report["tables"]["received_by_destination"]["rows"]
    suppress = suppresses(user)  # the officer's chart hides small counts, the staff's does not
    assert [
        (row["label"], shown(row["values"]["value"], suppress=suppress)) for row in destinations
    ] == [(item["label"], item["value"]) for item in figures["charts"]["by_destination"]]


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_a_district_officer_and_a_viewer_see_every_card_with_small_counts_hidden(
    client_a, client_colleague_a, provincial_client, units, two_years
):
    for client in (client_a, client_colleague_a):
        page = client.get("/")
        html = page.content.decode()
        cards = html.split('data-testid="case-counts"')[1].split("</div>\n</div>")[0]

        # 8 cases of district A: the total shows; each status has fewer than 5.
        assert page.context["case_count"] == 8
        statuses = {value: count for _label, count, value in page.context["cases_by_status"]}
        assert statuses == {"suspected": "<5", "identified": "<5", "not_victim": 0, "closed": "<5"}
        assert ">&lt;5<" in cards
        charts = page.context["dashboard"]["charts"]
        assert {item["label"]: item["value"] for item in charts["by_destination"]} == {
            "Trung Quốc": "<5",
            "Lào": "<5",
            "Campuchia": "<5",
            "Malaysia": "<5",
        }
        assert [item["value"] for item in charts["supports_by_type"]] == ["<5"]
        numbers = {item["key"]: item["value"] for item in page.context["dashboard"]["key_numbers"]}
        assert numbers["supported"] == "<5" and numbers["received"] == 7
        assert numbers["amount"] == 750_000  # amounts stay
    province = provincial_client.get("/")
    assert {v: n for _l, n, v in province.context["cases_by_status"]}["identified"] == 4


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_an_officer_of_another_district_sees_none_of_this_districts_figures(
    client_b, units, two_years
):
    page = client_b.get("/")

    assert page.context["case_count"] == "<5"  # district B's one case, not district A's
    numbers = {item["key"]: item["raw"] for item in page.context["dashboard"]["key_numbers"]}
    assert numbers == {"received": 1, "identified": 0, "supported": 0, "amount": 0}
    charts = page.context["dashboard"]["charts"]
    assert charts["supports_by_type"] == [] and charts["by_destination"] == [
        {"label": "Trung Quốc", "value": "<5"}
    ]
    assert "Người 1" not in page.content.decode()
