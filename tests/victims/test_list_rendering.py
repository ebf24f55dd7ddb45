"""What a registry page costs to build (issue 17): the unit filter's choices kept in the cache
per user until a unit changes, and the rows read with the columns they show only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def unit_options(client) -> list[str]:
    page = client.get("/victims/").content.decode()
    select = re.search(r'<select name="unit".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def unit_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/victims/").status_code == 200
    return sum('FROM "locations_administrativeunit"' in q["sql"] for q in captured.captured_queries)


def test_each_officer_is_offered_the_units_of_their_own_area(client_a, client_b, units):
    assert "Huyện Thạch Thành (cũ)" in unit_options(client_a)
    # Right after A's choices were kept, B gets B's, never A's.
    offered_to_b = unit_options(client_b)
    assert "Huyện Đông Sơn (cũ)" in offered_to_b
    assert "Huyện Thạch Thành (cũ)" not in offered_to_b
    assert "Huyện Đông Sơn (cũ)" not in unit_options(client_a)


def test_the_second_page_reads_the_unit_choices_from_the_cache(provincial_client, units):
    first = unit_queries(provincial_client)
    assert unit_queries(provincial_client) == first - 1


def test_a_renamed_unit_is_offered_under_its_new_name_at_once(provincial_client, units):
    assert "Huyện Thạch Thành (cũ)" in unit_options(provincial_client)
    units.district_a.name = "Huyện Thạch Thành Mới"
    units.district_a.save()

    offered = unit_options(provincial_client)
    assert "Huyện Thạch Thành Mới (cũ)" in offered
    assert "Huyện Thạch Thành (cũ)" not in offered


def test_the_list_reads_no_encrypted_number_of_the_people_it_shows(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, full_name="Lò Thị Mai")
    with CaptureQueriesContext(connection) as captured:
        page = client_a.get("/victims/").content.decode()

    assert case.code in page and "Lò Thị Mai" in page
    person_columns = [q["sql"] for q in captured.captured_queries if '"victims_victim"' in q["sql"]]
    assert person_columns
    assert not any('"id_number"' in sql or '"phone"' in sql for sql in person_columns)


def test_the_registry_order_indexes_carry_the_unit_a_provinces_area_is_tested_by():
    """A province's deep page or count reads the index alone (victims 0020): each index of the
    registry's order holds the case's managing unit beside the order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'victims_case'"
            " AND indexname IN ('case_received_order', 'case_under_16_order',"
            " 'case_other_province_order')"
        )
        definitions = dict(cursor.fetchall())
    assert len(definitions) == 3
    for definition in definitions.values():
        assert "INCLUDE (managing_unit_id)" in definition
