"""The import's checks ask the registry once per batch of rows (issue 17), with the same answers
as the one-row checks of the entry form (victims.services.find_duplicates, id_number_check)."""

import io

import pytest
from django.utils import timezone

from locations.models import UnitSuccession
from tests.victims.conftest import cccd_for
from tests.victims.test_import import row, workbook
from victims import id_checks, importing, services
from victims.importing import checks

pytestmark = pytest.mark.django_db


def test_the_batched_name_check_finds_what_find_duplicates_finds(
    officer_a, officer_b, units, make_case
):
    UnitSuccession.objects.create(
        predecessor=units.commune_a1,
        successor=units.current_commune,
        kind=UnitSuccession.Kind.WHOLE,
        source="test",
        loaded_at=timezone.now(),
    )
    for name, year, unit, officer in [
        ("Lò Thị Mai", 2000, units.commune_a1, officer_a),
        ("Lò Thị Mai Anh", 2001, units.current_commune, officer_a),  # the name starts alike
        ("Lò Thị Mai", 2002, units.commune_a2, officer_a),  # another commune
        ("Lò Thị Mai", 1997, units.commune_a1, officer_a),  # born too early
        ("Lò Thị Mai", 2001, units.commune_b1, officer_b),  # another area
        ("Lò Thị Maia", 2001, units.commune_a1, officer_a),  # another name
    ]:
        district = units.district_b if officer == officer_b else units.district_a
        make_case(officer, district, full_name=name, birth_year=year, residence=unit, id_number="")
    wanted = [
        ("Lò Thị Mai", 2001, units.commune_a1),
        ("Lo Thi Mai", 2001, units.current_commune),
        ("Lò Thị Mai", 2001, units.commune_b1),
        ("Vi Văn Nam", 1990, units.commune_a1),
    ]

    lookup = id_checks.similar_people_lookup(user=officer_a, wanted=wanted)

    for name, year, unit in wanted:
        expected = services.find_duplicates(full_name=name, birth_year=year, permanent_unit=unit)
        found = lookup[id_checks.similar_key(name, year, unit)]
        assert [person for person, _visible in found] == expected.possible, name
    found = lookup[id_checks.similar_key("Lò Thị Mai", 2001, units.commune_a1)]
    assert len(found) == 2 and all(visible for _person, visible in found)
    assert [v for _p, v in lookup[id_checks.similar_key(*wanted[2][:2], units.commune_b1)]] == [
        False
    ]


def test_the_batched_id_number_lookup_answers_as_the_single_check(
    officer_a, officer_b, units, make_case
):
    own = cccd_for(sex="female", birth_year=2000)
    foreign = cccd_for(sex="female", birth_year=2000)
    make_case(officer_a, units.district_a, id_number=own)
    make_case(officer_b, units.district_b, id_number=foreign)
    unknown = cccd_for(sex="female", birth_year=2000)

    lookup = id_checks.id_numbers_lookup(user=officer_a, numbers=[own, foreign, unknown, ""])

    for number in (own, foreign, unknown):
        single = id_checks.id_number_check(user=officer_a, number=number, counted=False)
        batched = id_checks.id_number_check(
            user=officer_a, number=number, counted=False, lookup=lookup
        )
        assert (batched.person, batched.elsewhere) == (single.person, single.elsewhere)


def _rows(count: int) -> list:
    rows = []
    for index in range(count):
        values = {"full_name": f"Nguyễn Thị Số {index}", "birth": str(1970 + index % 40)}
        if index % 3 == 0:
            values["id_number"] = cccd_for(sex="female", birth_year=1970 + index % 40)
        rows.append(row(**values))
    return rows


def _queries_to_check(count, user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = importing.read_rows(io.BytesIO(workbook(*_rows(count))))
    with CaptureQueriesContext(connection) as queries:
        results = importing.check_rows(rows, user=user)
    assert all(result.saves for result in results)
    return len(queries)


def test_checking_a_batch_of_rows_takes_the_same_queries_as_checking_a_few(
    officer_a, units, make_case
):
    make_case(officer_a, units.district_a, full_name="Nguyễn Thị Số 1", birth_year=1971)

    few = _queries_to_check(10, officer_a)
    many = _queries_to_check(checks.CHECK_BATCH, officer_a)

    assert many == few
    assert many <= 25
