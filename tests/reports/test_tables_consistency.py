"""The breakdown tables add up: every category of either period is shown with both periods'
figures, the previous-period column of a report is, cell for cell, the current column of the
report of that previous period, and each table's total is the headline indicator it breaks down.
Checked for every report kind, on the demo and on generated records."""

import pytest
import time_machine

from accounts.models import User
from locations.models import AdministrativeUnit
from reports.indicators import INDICATORS, TABLES, Scope, compare, compute
from reports.periods import period_for
from tests.reports.generated import province_with_records

pytestmark = pytest.mark.django_db
KINDS = ("annual", "six_month", "calendar")
YEARS = (2024, 2025, 2026)


def _column(report: dict, table_key: str, part: str) -> dict:
    return {row["key"]: row[part] for row in report["tables"][table_key]["rows"]}


def assert_previous_column_is_the_previous_report(report: dict, earlier: dict) -> None:
    for indicator in INDICATORS:
        assert (
            report["indicators"][indicator.key]["previous"]
            == earlier["indicators"][indicator.key]["value"]
        ), indicator.key
    for table in TABLES:
        zeros = {key: 0 for key, _label in table.columns}
        shown, reported = (
            _column(report, table.key, "previous"),
            _column(earlier, table.key, "values"),
        )
        for row_key in shown.keys() | reported.keys():
            assert shown.get(row_key, zeros) == reported.get(row_key, zeros), (table.key, row_key)


def assert_every_category_of_either_period_is_shown(report: dict, scope: Scope) -> None:
    current = compute(scope)
    previous = compute(Scope(scope.unit, scope.period.previous()))
    for table in TABLES:
        expected = {row[0] for row in current.tables.get(table.key, [])} | {
            row[0] for row in previous.tables.get(table.key, [])
        }
        rows = report["tables"][table.key]["rows"]
        assert {row["key"] for row in rows} == expected, table.key
        assert len(rows) == len(expected), table.key  # each category once


def assert_totals_are_the_headlines(report: dict) -> None:
    for table in TABLES:
        content = report["tables"][table.key]
        summed = table.summed_columns()
        for part, headline_part in (("values", "value"), ("previous", "previous")):
            total = content["total"][part]
            for column, indicator in table.headlines.items():
                assert total[column] == report["indicators"][indicator][headline_part], (
                    table.key,
                    column,
                    part,
                )
            for column in summed:
                assert total[column] == sum(row[part][column] for row in content["rows"]), (
                    table.key,
                    column,
                    part,
                )


def assert_the_report_adds_up(unit, kind, year) -> None:
    period = period_for(kind, year)
    report = compare(Scope(unit, period))
    earlier = compare(Scope(unit, period.previous()))
    assert_every_category_of_either_period_is_shown(report, Scope(unit, period))
    assert_previous_column_is_the_previous_report(report, earlier)
    assert_totals_are_the_headlines(report)
    assert_totals_are_the_headlines(earlier)


def test_every_summable_table_is_tied_to_its_headline():
    """Each table names the headline its total equals, for every column a headline exists for."""
    indicators = {indicator.key for indicator in INDICATORS}
    for table in TABLES:
        assert table.headlines, table.key
        assert set(table.headlines.values()) <= indicators, table.key
        assert set(table.headlines) <= {key for key, _label in table.columns}, table.key


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("username", ["canbo.tinh", "canbo.thachthanh", "canbo.hacthanh"])
def test_the_demo_reports_add_up_and_agree_with_the_previous_report(
    seeded_demo, kind, year, username
):
    """The province, a legacy district and a current commune: the demo users' areas."""
    unit = User.objects.get(username=username).jurisdiction

    assert_the_report_adds_up(unit, kind, year)


def test_the_demo_2025_report_shows_the_2024_categories_in_its_previous_column(seeded_demo):
    province = AdministrativeUnit.objects.get(code="38")
    report = compare(Scope(province, period_for("annual", 2025)))

    previous = {
        row["label"]: row["previous"] for row in report["tables"]["supports_by_type"]["rows"]
    }
    assert sum(values["count"] for values in previous.values()) == 118
    assert sum(values["amount"] for values in previous.values()) == 93_160_000
    destinations = _column(report, "received_by_destination", "previous")
    assert destinations["MY"] == {"value": 4}
    assert sum(values["value"] for values in destinations.values()) == 19


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_reports_add_up_and_agree_with_the_previous_report(
    seed, provincial_staff, units, make_case
):
    with time_machine.travel("2026-12-20 10:00 +0700", tick=False):
        province_with_records(seed, provincial_staff, units, make_case)
        for unit in (units.province, units.district_a, units.commune_a1, units.current_commune):
            for kind in KINDS:
                for year in YEARS:
                    assert_the_report_adds_up(unit, kind, year)
