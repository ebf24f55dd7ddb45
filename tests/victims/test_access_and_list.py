"""The registry seen through the access doorway: lists, search, pages, history and export."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from victims.models import Case

REASON = "Gửi danh sách cho Công an tỉnh theo công văn"
pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1999,
        residence=units.commune_a1,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/victims/cases/{case}/",
        "/victims/cases/{case}/edit/",
        "/victims/people/{victim}/",
        "/victims/people/{victim}/edit/",
        "/victims/people/{victim}/new-case/",
    ],
)
def test_an_officer_of_another_district_gets_404_on_every_page_of_the_case(client_b, case_a, url):
    response = client_b.get(url.format(case=case_a.pk, victim=case_a.victim.pk))

    assert response.status_code == 404
    assert "Đặng Thị Đào" not in response.content.decode()
    assert case_a.code not in response.content.decode()


def search_query(client, text: str) -> str:
    """The search form is sent by POST (no searched text in a URL); the query of the list it
    redirects to."""
    response = client.post("/victims/", {"q": text})
    assert response.status_code == 302
    return response["Location"].split("?", 1)[1]


def search(client, text: str):
    return client.get("/victims/?" + search_query(client, text))


def test_an_officer_of_another_district_finds_nothing_in_the_list_search_and_export(
    client_b, case_a
):
    listing = search(client_b, "dao").content.decode()
    export = client_b.post("/victims/export/?" + search_query(client_b, "dao"), {"reason": REASON})

    assert case_a.code not in listing
    assert "Đặng Thị Đào" not in listing
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only


def test_the_owner_and_the_province_see_the_case(client_a, provincial_client, case_a):
    assert case_a.code in client_a.get("/victims/").content.decode()
    assert case_a.code in provincial_client.get("/victims/").content.decode()
    assert client_a.get(f"/victims/cases/{case_a.pk}/").status_code == 200


def test_a_read_only_colleague_sees_but_may_not_edit(client_colleague_a, case_a):
    assert client_colleague_a.get(f"/victims/cases/{case_a.pk}/").status_code == 200
    assert client_colleague_a.get(f"/victims/cases/{case_a.pk}/edit/").status_code == 403
    assert client_colleague_a.get(f"/victims/people/{case_a.victim.pk}/edit/").status_code == 403


def test_search_without_diacritics_finds_the_name(client_a, case_a):
    assert case_a.code in search(client_a, "dang thi dao").content.decode()
    assert case_a.code in search(client_a, "ĐẶNG").content.decode()
    assert case_a.code not in search(client_a, "nguyen").content.decode()


def test_search_by_id_number_however_formatted_and_by_code(client_a, case_a):
    number = case_a.victim.id_number
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"

    assert case_a.code in search(client_a, spaced).content.decode()
    assert case_a.code in search(client_a, case_a.code.lower()).content.decode()


def codes_listed(client, **params):
    body = client.get("/victims/", params).content.decode()
    return {code for code in Case.objects.values_list("code", flat=True) if code in body}


def test_filters_narrow_the_list(provincial_client, officer_a, officer_b, units, make_case):
    child = make_case(
        officer_a,
        units.district_a,
        date_of_birth=datetime.date(2009, 6, 1),
        birth_year=2009,
        received=datetime.date(2024, 5, 31),
        forms=("forced_labour",),
    )
    teen = make_case(
        officer_a,
        units.district_a,
        date_of_birth=datetime.date(2007, 6, 1),
        birth_year=2007,
        received=datetime.date(2024, 5, 31),
        destination="KH",
    )
    adult = make_case(
        officer_b,
        units.district_b,
        birth_year=1990,
        sex="male",
        received=datetime.date(2025, 8, 1),
        residence=units.commune_b1,
    )

    assert codes_listed(provincial_client, age_band="under_16") == {child.code}
    assert codes_listed(provincial_client, age_band="16_17") == {teen.code}
    assert codes_listed(provincial_client, age_band="adult") == {adult.code}
    assert codes_listed(provincial_client, sex="male") == {adult.code}
    assert codes_listed(provincial_client, destination="KH") == {teen.code}
    assert codes_listed(provincial_client, regime="current") == {adult.code}
    assert codes_listed(provincial_client, regime="legacy") == {child.code, teen.code}
    assert codes_listed(provincial_client, year="2025") == {adult.code}
    assert codes_listed(provincial_client, unit=units.district_b.pk) == {adult.code}
    forced_labour = child.exploitation_forms.get()
    assert codes_listed(provincial_client, exploitation=forced_labour.pk) == {child.code}


def test_residence_filter_splits_in_province_and_other_provinces(
    provincial_client, officer_a, units, make_case
):
    from tests.factories import CommuneFactory, ProvinceFactory

    nghe_an = CommuneFactory(parent=ProvinceFactory(code="40", name="Nghệ An"))
    local = make_case(officer_a, units.district_a, residence=units.commune_a1)
    outsider = make_case(officer_a, units.district_a, residence=nghe_an, full_name="Vi Thị Nga")

    assert codes_listed(provincial_client, residence="in_province") == {local.code}
    assert codes_listed(provincial_client, residence="other_province") == {outsider.code}


def test_age_band_uses_the_birthday_not_just_the_year(
    provincial_client, officer_a, units, make_case
):
    # Born 1 June 2008: 15 on 31 May 2024, 16 on 1 June 2024.
    before = make_case(
        officer_a,
        units.district_a,
        date_of_birth=datetime.date(2008, 6, 1),
        birth_year=2008,
        received=datetime.date(2024, 5, 31),
    )
    on_birthday = make_case(
        officer_a,
        units.district_a,
        date_of_birth=datetime.date(2008, 6, 1),
        birth_year=2008,
        received=datetime.date(2024, 6, 1),
        full_name="Lò Văn Nam",
    )

    assert codes_listed(provincial_client, age_band="under_16") == {before.code}
    assert codes_listed(provincial_client, age_band="16_17") == {on_birthday.code}


def test_the_list_keeps_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_case, django_assert_max_num_queries
):
    for index in range(3):
        make_case(officer_a, units.district_a, full_name=f"Người thứ {index}")
    with django_assert_max_num_queries(25) as few:
        provincial_client.get("/victims/")
    for index in range(3, 20):
        make_case(officer_a, units.district_a, full_name=f"Người thứ {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        provincial_client.get("/victims/")


def test_the_export_lists_the_filtered_cases_with_dates_and_neutralised_formulas(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, full_name='=HYPERLINK("x")')

    response = client_a.post("/victims/export/", {"reason": REASON})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Mã vụ việc"
    assert row[0] == case.code
    assert row[1] == '\'=HYPERLINK("x")'
    assert sheet.cell(row=2, column=9).number_format == "DD/MM/YYYY"


def test_the_case_page_shows_who_changed_which_field(client_a, case_a):
    data = {
        "case-managing_unit": case_a.managing_unit.pk,
        "case-person_category": "victim",
        "case-destination_country": "MY",
        "reception-received_on": "10/05/2024",
        "reception-channel": "rescued",
        "reception-agency_type": "police",
    }
    assert client_a.post(f"/victims/cases/{case_a.pk}/edit/", data).status_code == 302

    body = client_a.get(f"/victims/cases/{case_a.pk}/").content.decode()
    assert "Malaysia" in body
    assert "Trần Văn Đức" in body  # officer A's name, as the author of the change
    assert "Quốc gia bị đưa đến" in body
