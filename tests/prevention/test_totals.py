"""Totals per year, type, unit and target group, in one aggregate each, for a period and a
scope — what the totals screen shows and the provincial report will read."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from prevention.models import PreventionActivity as Activity

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def year_of_work(officer_a, officer_b, provincial_staff, units, make_activity, plan):
    make_activity(
        provincial_staff,
        units.province,
        sessions=4,
        participants=240,
        groups=[
            ("village_heads", 80, 20),
            ("youth_union", 60, 30),
            ("womens_union", 60, 60),
            ("veterans", 40, None),
        ],
        partners=[units.district_a],
        directive=plan,
    )
    make_activity(
        officer_a,
        units.district_a,
        activity_type="capacity_training",
        start_date=D(2024, 5, 14),
        sessions=3,
        participants=180,
        groups=[("reporters", 90, 40), ("commune_officials", 90, 50)],
    )
    make_activity(
        officer_b,
        units.district_b,
        activity_type="printing",
        start_date=D(2024, 6, 3),
        sessions=0,
        participants=0,
        item_kind="leaflet",
        items_produced=10_000,
        items_distributed=10_000,
        cost=25_000_000,
    )
    make_activity(
        officer_b,
        units.district_b,
        activity_type="national_day",
        start_date=D(2024, 7, 30),
        sessions=0,
        participants=300,
    )
    make_activity(
        provincial_staff,
        units.province,
        activity_type="inspection",
        start_date=D(2024, 10, 15),
        sessions=0,
        participants=0,
        establishments_inspected=3,
        findings="Không phát hiện vi phạm.",
    )
    make_activity(officer_a, units.district_a, start_date=D(2025, 4, 8), participants=50)


def test_totals_by_type_in_a_year(year_of_work):
    rows = {
        row["activity_type"]: row
        for row in Activity.objects.in_year(2024).totals_by("activity_type")
    }

    assert (rows["training"]["sessions"], rows["training"]["participants"]) == (4, 240)
    assert (rows["capacity_training"]["sessions"], rows["capacity_training"]["participants"]) == (
        3,
        180,
    )
    assert rows["printing"]["items_distributed"] == 10_000
    assert rows["printing"]["cost"] == 25_000_000


def test_totals_by_year_count_an_activity_in_the_year_of_its_start(year_of_work):
    rows = {
        row["year"]: row["participants"] for row in Activity.objects.with_year().totals_by("year")
    }

    assert rows == {2024: 240 + 180 + 300, 2025: 50}


def test_totals_by_unit_and_within_a_unit(year_of_work, units):
    rows = {
        row["unit__name"]: row["activities"]
        for row in Activity.objects.in_year(2024).totals_by("unit__name")
    }

    assert rows == {"Thanh Hóa": 2, "Huyện Thạch Thành": 1, "Huyện Đông Sơn": 2}
    assert Activity.objects.in_year(2024).within(units.district_a).totals()["participants"] == 180
    assert Activity.objects.in_year(2024).involving(units.district_a).count() == 2


def test_the_reports_indicators_in_one_query(year_of_work, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = Activity.objects.in_period(D(2024, 1, 1), D(2024, 12, 31)).indicators()

    assert figures["training_classes"] == 7
    assert figures["training_participants"] == 420
    assert figures["items_distributed"] == 10_000
    assert figures["national_day_events"] == 1
    assert figures["communication_events"] == 1
    assert figures["inspections"] == 1
    assert figures["establishments_inspected"] == 3


def test_participants_by_target_group(year_of_work, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {
            row["target_group__code"]: (row["count"], row["female"])
            for row in Activity.objects.in_year(2024).participants_by_group()
        }

    assert rows == {
        "village_heads": (80, 20),
        "youth_union": (60, 30),
        "womens_union": (60, 60),
        "veterans": (40, 0),
        "reporters": (90, 40),
        "commune_officials": (90, 50),
    }


def test_participants_by_group_and_type(year_of_work):
    rows = Activity.objects.in_year(2024).participants_by_group("activity_type")

    assert {(r["activity__activity_type"], r["target_group__code"]) for r in rows} >= {
        ("training", "veterans"),
        ("capacity_training", "reporters"),
    }


def test_the_totals_screen_shows_the_year_by_type_unit_and_group(provincial_client, year_of_work):
    response = provincial_client.get(reverse("prevention:totals") + "?year=2024")

    page = response.content.decode()
    by_type = {row["activity_type"]: row for row in response.context["by_type"]}
    assert (by_type["training"]["sessions"], by_type["training"]["participants"]) == (4, 240)
    assert response.context["indicators"]["items_distributed"] == 10_000
    assert "10.000" in page and "Tập huấn nâng cao năng lực" in page
    assert "Hội viên cựu chiến binh" in page
    assert "50/KH-SLĐTBXH" in page
    assert [row["year"] for row in response.context["by_year"]] == [2024, 2025]


def test_the_totals_screen_narrowed_to_a_unit(provincial_client, year_of_work, units):
    response = provincial_client.get(
        reverse("prevention:totals") + f"?year=2024&unit={units.district_b.pk}"
    )

    assert [row["label"] for row in response.context["by_unit"]] == ["Huyện Đông Sơn (cũ)"]
    assert response.context["directives"] == []


def test_the_totals_export_has_a_sheet_per_view(provincial_client, year_of_work):
    response = provincial_client.get(reverse("prevention:totals-export") + "?year=2024")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Chỉ tiêu",
        "Theo loại hoạt động",
        "Theo đơn vị",
        "Theo nhóm đối tượng",
        "Theo năm",
        "Văn bản chỉ đạo",
    ]
    indicators = dict(workbook["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    assert indicators["Số lớp tập huấn"] == 7
    assert indicators["Số văn bản chỉ đạo ban hành"] == 1


def test_the_activity_export_neutralises_formulas(client_a, officer_a, units, make_activity):
    make_activity(officer_a, units.district_a, title='=HYPERLINK("http://x")')

    response = client_a.get(reverse("prevention:activity-export"))

    sheet = load_workbook(io.BytesIO(response.content))["Hoạt động"]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[3].startswith("'=")
    assert row[0] == datetime.datetime(2024, 4, 9)


def test_the_list_filters_by_year_type_unit_and_directive(
    provincial_client, year_of_work, units, plan
):
    def titles(query):
        response = provincial_client.get(reverse("prevention:activity-list") + "?" + query)
        return [a.activity_type for a in response.context["page"]]

    assert sorted(titles("year=2024&activity_type=printing")) == ["printing"]
    assert titles(f"unit={units.district_a.pk}") == ["training", "capacity_training"]
    assert titles(f"directive={plan.pk}") == ["training"]
    assert len(titles("year=2025")) == 1
