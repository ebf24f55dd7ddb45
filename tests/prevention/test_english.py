"""Issue 16 item 7: target groups read in English in English mode — the totals screen, its
export, the activities' export — and counts agree with their number ("1 violation", "2
violations"); Vietnamese mode keeps the Vietnamese names."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
D = datetime.date
HEADS_VI, HEADS_EN = "Trưởng thôn, bản, tổ dân phố", "Heads of villages and residential groups"


def english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def heads_trained(officer_a, units, make_activity):
    """One participant, a village head, in a class of district A in 2024."""
    return make_activity(
        officer_a, units.district_a, participants=1, groups=[("village_heads", 1, 1)]
    )


def by_group_table(page) -> str:
    return page.content.decode().split('data-testid="totals-by-group"')[1].split("</table>")[0]


def test_the_totals_name_target_groups_in_english_and_count_one_person(client_a, heads_trained):
    english(client_a)

    page = client_a.get(reverse("prevention:totals") + "?year=2024")

    table = by_group_table(page)
    assert HEADS_EN in table and HEADS_VI not in table
    assert "1 person" in page.content.decode()


def test_the_totals_stay_vietnamese_in_vietnamese_mode(client_a, heads_trained):
    page = client_a.get(reverse("prevention:totals") + "?year=2024")

    table = by_group_table(page)
    assert HEADS_VI in table and HEADS_EN not in table


def test_the_totals_export_names_target_groups_in_english(client_a, heads_trained):
    english(client_a)

    export = client_a.get(reverse("prevention:totals-export") + "?year=2024")

    sheet = load_workbook(io.BytesIO(export.content))["By target group"]
    assert [row[:3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [(HEADS_EN, 1, 1)]


def test_the_activities_export_names_target_groups_in_english(client_a, heads_trained):
    english(client_a)

    export = client_a.get(reverse("prevention:activity-export"))

    workbook = load_workbook(io.BytesIO(export.content))
    groups = [row[3] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    activities = str(list(workbook.worksheets[0].iter_rows(values_only=True)))
    assert groups == [HEADS_EN]
    assert f"{HEADS_EN}: 1" in activities and HEADS_VI not in activities


@pytest.mark.parametrize(
    ("violations", "shown"), [(1, "3 facilities, 1 violation"), (2, "3 facilities, 2 violations")]
)
def test_an_inspection_counts_its_violations(
    client_a, officer_a, units, make_activity, violations, shown
):
    inspection = make_activity(
        officer_a,
        units.district_a,
        activity_type="inspection",
        sessions=0,
        participants=0,
        establishments_inspected=3,
        violations_found=violations,
        findings="Phát hiện vi phạm về quảng cáo tuyển dụng.",
    )
    english(client_a)

    page = client_a.get(reverse("prevention:activity-detail", args=[inspection.pk]))

    assert shown in page.content.decode()
