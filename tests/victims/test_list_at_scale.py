"""The registry at the scale of a country (issue 17): ordered by the case's own copy of the
reception date, searched through the people's table, paged from either end — and still scoped."""

import datetime

import pytest

from core.lists import PAGE_SIZE, ListPaginator
from victims.models import Case, Reception

pytestmark = pytest.mark.django_db


def listed_codes(client, query="") -> list[str]:
    response = client.get(f"/victims/{query}")
    assert response.status_code == 200
    return [case.code for case in response.context["page"]]


def test_a_new_case_carries_its_reception_date(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=datetime.date(2023, 3, 4))

    case.refresh_from_db()
    assert case.received_on == datetime.date(2023, 3, 4)


def test_a_reception_changed_on_its_own_moves_the_case_in_the_list(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=datetime.date(2023, 3, 4))
    reception = Reception.objects.get(case=case)
    reception.received_on = datetime.date(2022, 1, 2)
    reception.save()

    case.refresh_from_db()
    assert case.received_on == datetime.date(2022, 1, 2)


def test_the_list_is_newest_reception_first(
    provincial_client, officer_a, officer_b, units, make_case
):
    old = make_case(officer_a, units.district_a, received=datetime.date(2020, 1, 1))
    new = make_case(officer_a, units.district_a, received=datetime.date(2024, 1, 1))
    middle = make_case(officer_b, units.district_b, received=datetime.date(2022, 1, 1))

    assert listed_codes(provincial_client) == [new.code, middle.code, old.code]


def test_pages_read_from_the_end_hold_the_same_rows_as_from_the_start(officer_a, units, make_case):
    for day in range(PAGE_SIZE * 3 + 4):
        make_case(
            officer_a,
            units.district_a,
            full_name=f"Người số {day}",
            received=datetime.date(2020, 1, 1) + datetime.timedelta(days=day % 40),
        )
    ordered = Case.objects.order_by("-received_on", "-pk")
    expected = list(ordered.values_list("pk", flat=True))

    paginator = ListPaginator(ordered, PAGE_SIZE)
    pages = [[case.pk for case in paginator.page(number)] for number in paginator.page_range]

    assert [pk for page in pages for pk in page] == expected
    assert len(pages[-1]) == 4


def test_the_last_page_is_reachable_by_name(provincial_client, officer_a, units, make_case):
    oldest = make_case(officer_a, units.district_a, received=datetime.date(2019, 1, 1))
    for index in range(PAGE_SIZE):
        make_case(
            officer_a,
            units.district_a,
            full_name=f"Người {index}",
            received=datetime.date(2024, 1, 1),
        )

    response = provincial_client.get("/victims/?page=last")

    assert response.context["page"].number == 2
    assert [case.code for case in response.context["page"]] == [oldest.code]
    assert "page=last" in provincial_client.get("/victims/").content.decode()


def test_the_last_page_holds_nothing_of_another_district(client_b, officer_a, units, make_case):
    theirs = make_case(officer_a, units.district_a, full_name="Đặng Thị Đào")

    codes = listed_codes(client_b, "?page=last")

    assert theirs.code not in codes


def test_search_by_name_without_diacritics_and_by_exact_id_number(
    client_a, client_b, officer_a, units, make_case
):
    case = make_case(
        officer_a, units.district_a, full_name="Đặng Thị Đào", id_number="038300012345"
    )
    make_case(officer_a, units.district_a, full_name="Lê Văn Sơn", id_number="038300054321")

    def searched(client, text):
        response = client.post("/victims/", {"q": text})
        return listed_codes(client, "?" + response["Location"].split("?", 1)[1])

    assert searched(client_a, "dang thi dao") == [case.code]
    assert searched(client_a, "038 300 012 345") == [case.code]
    assert searched(client_a, case.code.lower()) == [case.code]
    assert searched(client_b, "dang thi dao") == []
    assert searched(client_b, "038300012345") == []


def test_editing_the_reception_date_on_the_case_page_updates_the_case(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=datetime.date(2024, 5, 10))
    data = {
        "case-managing_unit": units.district_a.pk,
        "case-person_category": "victim",
        "case-destination_country": "CN",
        "case-version": case.version,
        "reception-received_on": "03/02/2023",
        "reception-channel": "rescued",
        "reception-agency_type": "police",
    }

    assert client_a.post(f"/victims/cases/{case.pk}/edit/", data).status_code == 302

    case.refresh_from_db()
    assert case.received_on == datetime.date(2023, 2, 3)
    assert list(
        Case.objects.received_between(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    ) == [case]


def test_a_deleted_reception_leaves_its_case_without_a_date(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a)
    Reception.objects.filter(case=case).delete()

    case.refresh_from_db()
    assert case.received_on is None
    assert case not in Case.objects.under_regime("legacy")


def test_the_regime_and_the_period_are_read_from_the_cases_own_date(officer_a, units, make_case):
    legacy = make_case(officer_a, units.district_a, received=datetime.date(2024, 5, 10))

    assert Case.objects.with_regime().get(pk=legacy.pk).regime_code == "legacy"
    assert "victims_reception" not in str(Case.objects.under_regime("legacy").query)
    period = Case.objects.received_between(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert "victims_reception" not in str(period.query)


# --- Beyond the exact count: the planner's estimate, pages from either end ------------------


@pytest.fixture
def thirty_cases(officer_a, units, make_case, settings):
    """Thirty cases of district A, the oldest first received; lists count exactly up to 10."""
    settings.LIST_EXACT_COUNT_UP_TO = 10
    return [
        make_case(
            officer_a,
            units.district_a,
            full_name=f"Người số {day}",
            received=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
        )
        for day in range(30)
    ]


def test_a_list_beyond_the_threshold_shows_an_estimate(provincial_client, thirty_cases):
    response = provincial_client.get("/victims/")

    page = response.context["page"]
    assert page.paginator.estimated
    assert page.paginator.count > 10
    assert "Khoảng" in response.content.decode()
    assert len(page) == PAGE_SIZE
    assert page.has_next() and not page.has_previous()


def test_under_the_threshold_the_count_is_exact(provincial_client, officer_a, units, make_case):
    make_case(officer_a, units.district_a)

    page = provincial_client.get("/victims/").context["page"]

    assert not page.paginator.estimated and page.paginator.count == 1


def test_with_an_estimate_the_last_pages_and_their_neighbours_are_reachable(
    provincial_client, thirty_cases
):
    newest_first = [case.code for case in reversed(thirty_cases)]

    last = provincial_client.get("/victims/?page=last").context["page"]
    before_last = provincial_client.get("/victims/?page=last-1").context["page"]
    first = provincial_client.get("/victims/?page=1").context["page"]
    second = provincial_client.get(f"/victims/?page={first.next_page_number()}").context["page"]

    assert [case.code for case in last] == newest_first[-PAGE_SIZE:]
    assert last.has_previous() and not last.has_next()
    assert last.previous_page_number() == "last-1"
    assert [case.code for case in before_last] == newest_first[: 30 - PAGE_SIZE]
    assert before_last.has_next() and before_last.next_page_number() == "last"
    assert not before_last.has_previous()
    assert [case.code for case in second] == newest_first[PAGE_SIZE:]
    assert second.has_previous() and not second.has_next()


def test_a_page_past_the_estimated_end_shows_the_last_page(provincial_client, thirty_cases):
    page = provincial_client.get("/victims/?page=999").context["page"]

    assert [case.code for case in page][-1] == thirty_cases[0].code


def test_estimated_pages_hold_only_the_users_area(
    client_b, officer_b, units, make_case, thirty_cases
):
    theirs = {case.code for case in thirty_cases}
    for index in range(12):
        make_case(officer_b, units.district_b, full_name=f"Người B {index}")

    for query in ("", "?page=2", "?page=last", "?page=last-1"):
        codes = {case.code for case in client_b.get(f"/victims/{query}").context["page"]}
        assert codes and not codes & theirs, query


def test_a_page_reads_its_rows_by_their_ids(provincial_client, thirty_cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        provincial_client.get("/victims/?page=last")

    ids_first = [q["sql"] for q in queries.captured_queries if '"victims_case"."id" IN' in q["sql"]]
    assert ids_first


# --- A whole province's area as a test on each row; broad searches walk the list -------------


def test_a_provinces_area_tested_on_each_row_holds_the_same_cases(
    provincial_staff, officer_a, officer_b, units, make_case
):
    from accounts.access import scope_for
    from tests.factories import DistrictFactory, ProvinceFactory

    other_district = DistrictFactory(
        code="412", name="Huyện Khác", parent=ProvinceFactory(code="40", name="Nghệ An")
    )
    mine = {
        make_case(officer_a, units.district_a).pk,
        make_case(officer_b, units.district_b).pk,
        make_case(officer_a, units.commune_a1).pk,
    }
    theirs = make_case(officer_a, units.district_a)
    Case.objects.filter(pk=theirs.pk).update(managing_unit=other_district)

    joined = scope_for(provincial_staff, Case.objects.all())
    tested = scope_for(provincial_staff, Case.objects.all(), row_test=True)

    assert set(tested.values_list("pk", flat=True)) == mine
    assert set(joined.values_list("pk", flat=True)) == mine
    assert "IS TRUE" in str(tested.query)


def test_the_provinces_list_tests_its_area_on_each_row_and_a_districts_does_not(
    provincial_client, client_a, officer_a, units, make_case
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_case(officer_a, units.district_a)
    for client, row_test in ((provincial_client, True), (client_a, False)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/victims/?page=2").status_code == 200
        listed = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
        assert any(("IS TRUE" in sql) == row_test for sql in listed if "victims_case" in sql)


def _search(client, text, query=""):
    response = client.post("/victims/", {"q": text})
    location = response["Location"].split("?", 1)[1]
    return client.get(f"/victims/?{location}{query}")


@pytest.fixture
def broad(monkeypatch):
    """Every name search is a broad one (its planner estimate is not relied on in a test)."""
    from victims import filters

    monkeypatch.setattr(filters, "BROAD_SEARCH_SHARE", 0.0)
    monkeypatch.setattr(filters, "_people_share", lambda people, using: 1.0)
    return filters


def test_a_broad_search_lists_its_matches_newest_first_within_the_area(
    provincial_client, client_b, officer_a, units, make_case, broad
):
    cases = [
        make_case(
            officer_a,
            units.district_a,
            full_name=f"Nguyễn Thị Số {day}",
            received=datetime.date(2021, 1, 1) + datetime.timedelta(days=day),
        )
        for day in range(3)
    ]
    make_case(officer_a, units.district_a, full_name="Lê Văn Sơn")

    page = _search(provincial_client, "nguyen thi").context["page"]

    assert [case.code for case in page] == [case.code for case in reversed(cases)]
    assert not page.paginator.estimated and page.paginator.count == 3
    assert list(_search(client_b, "nguyen thi").context["page"]) == []


def test_a_broad_search_still_finds_an_id_number_and_a_case_code(
    client_a, officer_a, units, make_case, broad
):
    case = make_case(
        officer_a, units.district_a, full_name="Đặng Thị Đào", id_number="038300012345"
    )
    other = make_case(officer_a, units.district_a, full_name="Lê Văn Sơn")

    def codes(text):
        return [row.code for row in _search(client_a, text).context["page"]]

    assert codes("dang thi dao") == [case.code]
    assert codes("038 300 012 345") == [case.code]
    assert codes(other.code.lower()) == [other.code]


def test_a_broad_search_past_its_bound_shows_an_estimate_and_pages(
    provincial_client, officer_a, units, make_case, broad, monkeypatch, settings
):
    monkeypatch.setattr(broad, "BROAD_SEARCH_EXACT_COUNT_UP_TO", 5)
    cases = [
        make_case(
            officer_a,
            units.district_a,
            full_name=f"Nguyễn Thị Số {day}",
            received=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
        )
        for day in range(PAGE_SIZE + 5)
    ]
    newest_first = [case.code for case in reversed(cases)]

    response = _search(provincial_client, "nguyen thi")
    first = response.context["page"]
    second = _search(provincial_client, "nguyen thi", f"&page={first.next_page_number()}")
    last = _search(provincial_client, "nguyen thi", "&page=last").context["page"]

    assert first.paginator.estimated and first.paginator.count > 5
    assert "Khoảng" in response.content.decode()
    assert [case.code for case in first] == newest_first[:PAGE_SIZE]
    assert first.has_next() and not first.has_previous()
    assert [case.code for case in second.context["page"]] == newest_first[PAGE_SIZE:]
    assert [case.code for case in last][-1] == newest_first[-1]


def test_a_search_matching_beyond_the_exact_count_shows_an_estimate_and_pages(
    provincial_client, thirty_cases
):
    response = _search(provincial_client, "nguoi so")
    page = response.context["page"]
    second = _search(provincial_client, "nguoi so", "&page=2").context["page"]

    assert page.paginator.estimated and page.paginator.count > 10
    assert "Khoảng" in response.content.decode()
    assert len(page) == PAGE_SIZE and page.has_next()
    assert len(second) == 30 - PAGE_SIZE and not second.has_next()


def test_a_broad_search_keeps_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_case, broad, django_assert_max_num_queries
):
    for index in range(3):
        make_case(officer_a, units.district_a, full_name=f"Nguyễn Thị Số {index}")
    with django_assert_max_num_queries(30) as few:
        _search(provincial_client, "nguyen thi")
    for index in range(3, 30):
        make_case(officer_a, units.district_a, full_name=f"Nguyễn Thị Số {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        _search(provincial_client, "nguyen thi")


def test_the_share_of_people_a_name_matches_is_estimated_without_reading_them(
    officer_a, units, make_case
):
    from django.db import connection
    from django.db.models import Q

    from victims.filters import _people_share

    make_case(officer_a, units.district_a, full_name="Nguyễn Thị Hoa")
    share = _people_share(Q(search_name__contains="nguyen thi"), "default")

    if connection.vendor == "postgresql":
        assert share is not None and share >= 0
    else:
        assert share is None


def test_whether_a_search_is_broad_is_decided_once_as_it_is_sent(
    provincial_client, officer_a, units, make_case, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from victims import filters

    asked = []
    monkeypatch.setattr(filters, "_people_share", lambda people, using: asked.append(1) or 1.0)
    case = make_case(officer_a, units.district_a, full_name="Nguyễn Thị Hoa")

    location = provincial_client.post("/victims/", {"q": "nguyen thi"})["Location"]
    with CaptureQueriesContext(connection) as queries:
        pages = [provincial_client.get(f"{location}&page={n}") for n in ("1", "last")]

    assert asked == [1]
    assert all([row.code for row in page.context["page"]] == [case.code] for page in pages)
    assert not any("EXPLAIN" in query["sql"] for query in queries.captured_queries)
