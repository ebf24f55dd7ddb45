"""The dashboard: this year against last year within the user's area, chart series, and small
counts shown as "<5" in areas below the province."""

import datetime

import pytest
import time_machine

from reports.dashboard import dashboard, shown

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
