"""Additivity: a unit's figure of every additive indicator (records, amounts) is the sum of its own
level's and of the units directly below it — legacy districts for periods before 1 July 2025,
current communes after, both for a period spanning that day; counts of distinct people are not
additive (one person may be received in two units), and never exceed the sum."""

import pytest
import time_machine

from accounts.access import scope_to_unit
from locations.models import AdministrativeUnit
from prevention.models import Directive, PreventionActivity
from reports.indicators import INDICATORS, TABLES, Scope, compute, parts
from reports.periods import period_for
from tests.reports.generated import province_with_records
from victims.models import Case

pytestmark = pytest.mark.django_db
KINDS = ("annual", "six_month", "calendar")
YEARS = (2024, 2025, 2026)


def _cells(figures, table) -> dict:
    return {key: values for key, _label, values in figures.tables.get(table.key, [])}


def _parts_with_records(unit) -> list:
    """The parts whose area holds a case, an activity or a plan (every other record hangs off a
    case): a part without any has only zeros, and computing the 166 communes of the demo's
    province for each period would take minutes."""
    return [
        part
        for part in parts(unit)
        if any(
            scope_to_unit(part, model.objects.all()).exists()
            for model in (Case, PreventionActivity, Directive)
        )
    ]


def assert_the_unit_is_the_sum_of_its_parts(unit, period) -> None:
    whole = compute(Scope(unit, period))
    pieces = [compute(Scope(unit, period, own_level=True))]
    pieces += [compute(Scope(part, period)) for part in _parts_with_records(unit)]
    for indicator in INDICATORS:
        summed = sum(piece.scalars[indicator.key] for piece in pieces)
        if indicator.additive:
            assert whole.scalars[indicator.key] == summed, (unit.code, period, indicator.key)
        else:
            assert whole.scalars[indicator.key] <= summed, (unit.code, period, indicator.key)
    for table in TABLES:
        cells = _cells(whole, table)
        piece_cells = [_cells(piece, table) for piece in pieces]
        for row_key in cells.keys() | {key for cell in piece_cells for key in cell}:
            for column in table.additive:
                summed = sum(cell.get(row_key, {}).get(column, 0) for cell in piece_cells)
                assert cells.get(row_key, {}).get(column, 0) == summed, (
                    unit.code,
                    period,
                    table.key,
                    row_key,
                    column,
                )


def test_the_parts_of_a_province_are_its_legacy_districts_and_current_communes(units):
    assert set(parts(units.province)) == {
        units.district_a,
        units.district_b,
        units.current_commune,
    }
    assert set(parts(units.district_a)) == {units.commune_a1, units.commune_a2}


def test_counts_of_distinct_people_are_marked_not_additive():
    marked = {indicator.key for indicator in INDICATORS if not indicator.additive}

    assert {"received_total", "supports_provided_people", "referrals_people"} <= marked
    assert not marked & {"supports_provided_count", "supports_provided_amount_vnd", "cases_closed"}
    people = {table.key: table.additive for table in TABLES}
    assert people["received_by_unit"] == ()
    assert people["supports_by_type"] == ("count", "amount")


def test_a_person_received_in_two_districts_is_one_person_of_the_province(
    provincial_staff, units, make_case
):
    first = make_case(provincial_staff, units.district_a, received=period_for("annual", 2024).start)
    make_case(provincial_staff, units.district_b, victim=first.victim)
    period = period_for("annual", 2024)

    received = {
        unit.code: compute(Scope(unit, period)).scalars["received_total"]
        for unit in (units.province, *parts(units.province))
    }

    assert received == {"38": 1, "391": 1, "397": 1, "14797": 0}
    assert_the_unit_is_the_sum_of_its_parts(units.province, period)


@pytest.mark.parametrize("seed", [3])
def test_generated_additive_figures_of_a_unit_are_the_sum_of_its_parts(
    seed, provincial_staff, units, make_case
):
    with time_machine.travel("2026-12-20 10:00 +0700", tick=False):
        province_with_records(seed, provincial_staff, units, make_case)
        for unit in (units.province, units.district_a):
            for kind in KINDS:
                for year in YEARS:
                    assert_the_unit_is_the_sum_of_its_parts(unit, period_for(kind, year))


@pytest.mark.parametrize("kind", KINDS)
def test_the_demo_province_is_the_sum_of_its_units(seeded_demo, kind):
    province = AdministrativeUnit.objects.get(code="38")
    for year in YEARS:
        assert_the_unit_is_the_sum_of_its_parts(province, period_for(kind, year))
