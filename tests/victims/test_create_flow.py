"""Entering a returnee: person, case and reception in one sitting, over HTTP."""

import pytest

from tests.victims.conftest import cccd_for
from victims.models import Case, Reception, Victim

pytestmark = pytest.mark.django_db


def form_data(units, **overrides):
    data = {
        "victim-full_name": "Đặng Thị Đào",
        "victim-sex": "female",
        "victim-birth_year": "1999",
        "victim-nationality": "VN",
        "victim-id_number": "",
        "victim-permanent_province": units.province.pk,
        "victim-permanent_district": units.district_a.pk,
        "victim-permanent_commune": units.commune_a1.pk,
        "victim-education": "unknown",
        "victim-marital_status": "unknown",
        "victim-poverty_status": "poor",
        "case-managing_unit": units.district_a.pk,
        "case-person_category": "presumed_abroad",
        "case-destination_country": "CN",
        "case-exploitation_forms": [],
        "reception-received_on": "15/03/2024",
        "reception-channel": "handed_over",
        "reception-agency_type": "border_guard",
        "reception-agency_name": "Đồn Biên phòng Móng Cái",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_officer_enters_person_case_and_reception_in_one_sitting(client_a, units, thanh_hoa_served):
    response = client_a.post("/victims/new/", form_data(units))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/victims/cases/{case.pk}/"
    assert case.code == "TH-2024-0001"
    assert case.managing_unit == units.district_a
    assert case.victim.full_name == "Đặng Thị Đào"
    assert case.victim.search_name == "dang thi dao"
    assert case.victim.permanent_unit == units.commune_a1
    assert case.reception.received_on.isoformat() == "2024-03-15"
    assert case.regime == "legacy"


def test_a_missing_name_is_refused_next_to_the_field_and_nothing_is_saved(
    client_a, units, thanh_hoa_served
):
    response = client_a.post("/victims/new/", form_data(units, **{"victim-full_name": ""}))

    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    assert 'value="Đồn Biên phòng Móng Cái"' in response.content.decode()
    assert Victim.objects.count() == Case.objects.count() == Reception.objects.count() == 0


def test_a_future_reception_date_is_refused(client_a, units, thanh_hoa_served):
    response = client_a.post(
        "/victims/new/", form_data(units, **{"reception-received_on": "01/01/2099"})
    )

    assert "Ngày này không được sau ngày hôm nay." in response.content.decode()
    assert Case.objects.count() == 0


def test_a_reception_before_birth_is_refused(client_a, units, thanh_hoa_served):
    response = client_a.post(
        "/victims/new/",
        form_data(units, **{"victim-birth_year": "2010", "reception-received_on": "01/05/2009"}),
    )

    assert "Ngày tiếp nhận phải sau năm sinh." in response.content.decode()
    assert Victim.objects.count() == 0


def test_an_officer_cannot_create_a_case_managed_by_another_district(
    client_a, units, thanh_hoa_served
):
    response = client_a.post(
        "/victims/new/", form_data(units, **{"case-managing_unit": units.district_b.pk})
    )

    assert response.status_code == 200
    # Refused next to the managing unit (the other district is not among its choices).
    page = response.content.decode()
    assert '<p id="error_1_id_case-managing_unit"><strong>Hãy chọn một lựa chọn hợp lệ.' in page
    assert Case.objects.count() == 0


def test_a_viewer_may_not_open_the_create_page(client_colleague_a, thanh_hoa_served):
    assert client_colleague_a.get("/victims/new/").status_code == 403


def test_an_invalid_cccd_is_refused_with_the_reason(client_a, units, thanh_hoa_served):
    male_number = cccd_for(sex="male", birth_year=1999)
    response = client_a.post("/victims/new/", form_data(units, **{"victim-id_number": male_number}))

    assert "khác với giới tính đã nhập" in response.content.decode()
    assert Victim.objects.count() == 0


def test_the_same_id_number_however_formatted_is_refused_with_a_link_when_visible(
    client_a, officer_a, units, make_case
):
    number = cccd_for(sex="female", birth_year=1999)
    existing = make_case(officer_a, units.district_a, id_number=number, birth_year=1999).victim
    spaced = f"{number[:3]} {number[3:6]}.{number[6:]}"

    response = client_a.post("/victims/new/", form_data(units, **{"victim-id_number": spaced}))

    body = response.content.decode()
    assert "Số định danh này đã có trong hệ thống" in body
    assert f"/victims/people/{existing.pk}/" in body
    assert Victim.objects.count() == 1


def test_the_same_id_number_in_another_area_points_to_the_province_without_revealing_it(
    client_b, officer_a, units, make_case
):
    number = cccd_for(sex="female", birth_year=1999)
    existing = make_case(officer_a, units.district_a, id_number=number, full_name="Lò Thị Mai")
    data = form_data(
        units,
        **{
            "victim-id_number": number,
            "case-managing_unit": units.district_b.pk,
            "victim-permanent_district": units.district_b.pk,
            "victim-permanent_commune": units.commune_b1.pk,
        },
    )

    body = client_b.post("/victims/new/", data).content.decode()

    assert "liên hệ Sở" in body
    assert existing.victim.full_name not in body
    assert f"/victims/people/{existing.victim.pk}/" not in body


def test_a_possible_duplicate_is_shown_before_saving(client_a, officer_a, units, make_case):
    make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1998,
        residence=units.commune_a1,
    )

    response = client_a.post(
        "/victims/new/", form_data(units, **{"victim-full_name": "Dang thi dao"})
    )

    assert response.status_code == 200
    assert 'data-testid="duplicates"' in response.content.decode()
    assert Case.objects.count() == 1


def test_confirming_a_different_person_saves_and_remembers_the_decision(
    client_a, officer_a, units, make_case
):
    first = make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1998,
        residence=units.commune_a1,
    ).victim

    response = client_a.post("/victims/new/", form_data(units, duplicate_decision="different"))

    assert response.status_code == 302
    new_person = Victim.objects.exclude(pk=first.pk).get()
    assert list(new_person.not_duplicate_of.all()) == [first]


def test_attaching_the_new_case_to_the_existing_person(client_a, officer_a, units, make_case):
    first = make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1998,
        residence=units.commune_a1,
    ).victim

    response = client_a.post(
        "/victims/new/",
        form_data(
            units,
            duplicate_decision=f"existing:{first.pk}",
            **{"reception-received_on": "02/02/2025"},
        ),
    )

    assert response.status_code == 302
    assert Victim.objects.count() == 1
    assert first.cases.count() == 2


def test_a_second_case_for_a_registered_person(provincial_client, officer_a, units, make_case):
    victim = make_case(officer_a, units.district_a).victim
    data = {k: v for k, v in form_data(units).items() if not k.startswith("victim-")}
    # Received after 1 July 2025: managed by a current commune (districts were abolished).
    data["reception-received_on"] = "20/08/2025"
    data["case-managing_unit"] = units.current_commune.pk

    response = provincial_client.post(f"/victims/people/{victim.pk}/new-case/", data)

    assert response.status_code == 302
    codes = sorted(victim.cases.values_list("code", flat=True))
    assert codes == ["TH-2024-0001", "TH-2025-0001"]
    assert victim.cases.get(code="TH-2025-0001").regime == "current"
