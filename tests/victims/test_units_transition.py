"""The 1 July 2025 transition in the registry: the duplicate check across a legacy commune and its
successor; new cases (received from 01/07/2025) managed by current units only — in the form and
in the import; a legacy address accepted in an import with the current commune suggested.

The successor is that of Resolution 1686/NQ-UBTVQH15 (16/06/2025): "Hợp nhất các xã Thạch Lâm,
xã Thạch Quảng, xã Thạch Tượng thành xã Thạch Quảng" (Thanh Hóa).
"""

import datetime

import pytest

from accounts.models import Role
from locations.models import UnitSuccession
from tests.factories import CommuneFactory, UserFactory
from tests.victims.test_create_flow import form_data
from tests.victims.test_import import check, reasons, row
from victims import services
from victims.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def thach_quang(units):
    commune = CommuneFactory(code="15199", name="Xã Thạch Quảng", parent=units.province)
    for legacy in (units.commune_a1, units.commune_a2):
        UnitSuccession.objects.create(
            predecessor=legacy,
            successor=commune,
            kind="whole",
            source="test",
            loaded_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
        )
    return commune


@pytest.fixture
def commune_officer(thach_quang):
    return UserFactory(role=Role.DISTRICT_OFFICER, jurisdiction=thach_quang)


# --- Item 2: the duplicate check treats a legacy commune and its successor as one place ----------


def test_a_person_of_the_legacy_commune_is_a_possible_duplicate_of_one_in_its_successor(
    units, make_case, provincial_staff, thach_quang
):
    earlier = make_case(
        provincial_staff, units.district_a, full_name="Đặng Thị Đào", residence=units.commune_a1
    ).victim

    found = services.find_duplicates(
        full_name="Dang Thi Dao", birth_year=2000, permanent_unit=thach_quang
    )

    assert found.possible == [earlier]


def test_a_person_of_the_successor_is_a_possible_duplicate_when_the_legacy_commune_is_typed(
    units, make_case, provincial_staff, thach_quang
):
    later = make_case(
        provincial_staff,
        thach_quang,
        full_name="Đặng Thị Đào",
        residence=thach_quang,
        received=datetime.date(2025, 9, 1),
    ).victim

    found = services.find_duplicates(
        full_name="Đặng Thị Đào", birth_year=2000, permanent_unit=units.commune_a1
    )

    assert found.possible == [later]


def test_a_commune_that_is_not_a_successor_is_another_place(
    units, make_case, provincial_staff, thach_quang
):
    make_case(
        provincial_staff, units.district_b, full_name="Đặng Thị Đào", residence=units.commune_b1
    )

    found = services.find_duplicates(
        full_name="Đặng Thị Đào", birth_year=2000, permanent_unit=thach_quang
    )

    assert found.possible == []


def test_the_entry_form_warns_of_a_person_registered_in_the_legacy_commune(
    client, units, make_case, provincial_staff, commune_officer, thach_quang
):
    make_case(
        provincial_staff, units.district_a, full_name="Đặng Thị Đào", residence=units.commune_a1
    )
    client.force_login(commune_officer)

    response = client.post(
        "/victims/new/",
        form_data(
            units,
            **{
                "victim-birth_year": "2000",
                "victim-permanent_district": "",
                "victim-permanent_commune": thach_quang.pk,
                "case-managing_unit": thach_quang.pk,
                "reception-received_on": "01/09/2025",
            },
        ),
    )

    assert response.status_code == 200
    assert 'data-testid="duplicates"' in response.content.decode()
    assert Case.objects.count() == 1


# --- Item 3: a case received from 01/07/2025 is managed by a current unit ------------------------


def test_a_new_case_received_after_the_reform_cannot_be_given_a_legacy_district(
    client_a, units, thanh_hoa_served
):
    data = form_data(units, **{"reception-received_on": "02/07/2025"})

    response = client_a.post("/victims/new/", data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Vụ việc tiếp nhận từ 01/07/2025 phải do đơn vị hành chính hiện hành" in body
    assert "Đồn Biên phòng Móng Cái" in body  # everything typed is kept
    assert not Case.objects.exists()


def test_a_new_case_received_before_the_reform_keeps_its_legacy_district(
    client_a, units, thanh_hoa_served
):
    response = client_a.post(
        "/victims/new/", form_data(units, **{"reception-received_on": "30/06/2025"})
    )

    assert response.status_code == 302
    assert Case.objects.get().managing_unit == units.district_a


def test_a_new_case_received_after_the_reform_is_saved_with_a_current_commune(
    client, units, commune_officer, thach_quang, thanh_hoa_served
):
    client.force_login(commune_officer)

    response = client.post(
        "/victims/new/",
        form_data(
            units,
            **{
                "victim-permanent_district": "",
                "victim-permanent_commune": thach_quang.pk,
                "case-managing_unit": thach_quang.pk,
                "reception-received_on": "02/07/2025",
            },
        ),
    )

    assert response.status_code == 302
    assert Case.objects.get().managing_unit == thach_quang


def test_the_rule_refuses_a_legacy_unit_from_the_day_of_the_reform(units, thach_quang):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.check_managing_unit(unit=units.commune_a1, received_on=datetime.date(2025, 7, 1))
    services.check_managing_unit(unit=units.commune_a1, received_on=datetime.date(2025, 6, 30))
    services.check_managing_unit(unit=thach_quang, received_on=datetime.date(2025, 7, 1))
    services.check_managing_unit(unit=units.province, received_on=datetime.date(2025, 7, 1))

    assert "managing_unit" in refused.value.message_dict


def test_the_new_case_page_for_a_registered_person_refuses_a_legacy_district_after_the_reform(
    client_a, units, make_case, officer_a
):
    victim = make_case(officer_a, units.district_a).victim
    data = {k: v for k, v in form_data(units).items() if not k.startswith("victim-")}
    data["reception-received_on"] = "20/08/2025"

    response = client_a.post(f"/victims/people/{victim.pk}/new-case/", data)

    assert response.status_code == 200
    assert "phải do đơn vị hành chính hiện hành" in response.content.decode()
    assert victim.cases.count() == 1


def test_editing_a_case_to_a_reception_after_the_reform_with_a_legacy_district_is_refused(
    client_a, units, make_case, officer_a
):
    case = make_case(officer_a, units.district_a)
    data = form_data(units, **{"reception-received_on": "15/07/2025"})
    data = {key: value for key, value in data.items() if not key.startswith("victim-")}
    data["case-version"] = case.version

    response = client_a.post(f"/victims/cases/{case.pk}/edit/", data)

    assert response.status_code == 200
    assert "phải do đơn vị hành chính hiện hành" in response.content.decode()
    case.reception.refresh_from_db()
    assert case.reception.received_on == datetime.date(2024, 5, 10)


def test_a_successor_officer_edits_a_legacy_case_keeping_its_legacy_district(
    client, units, make_case, provincial_staff, commune_officer
):
    case = make_case(provincial_staff, units.district_a, residence=units.commune_a1)
    client.force_login(commune_officer)
    data = form_data(units, **{"case-destination_place": "Quảng Tây"})
    data = {key: value for key, value in data.items() if not key.startswith("victim-")}
    data["case-version"] = case.version

    response = client.post(f"/victims/cases/{case.pk}/edit/", data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.managing_unit, case.destination_place) == (units.district_a, "Quảng Tây")


def test_an_import_by_an_officer_of_a_dissolved_district_refuses_rows_after_the_reform(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(received_on="15/08/2025"), row(received_on="15/03/2024"))

    assert [r.status for r in results] == ["error", "ok"]
    assert "phải do đơn vị hành chính hiện hành" in reasons(results[:1])


def test_an_import_after_the_reform_accepts_a_legacy_address_and_suggests_the_current_commune(
    commune_officer, units, thach_quang, thanh_hoa_served
):
    results = check(commune_officer, row(received_on="15/08/2025"))

    assert results[0].status == "warning"
    assert results[0].data["permanent_unit"] == units.commune_a1
    assert "đơn vị hiện hành: Xã Thạch Quảng" in reasons(results)


# --- Item 2: the list filter selects a unit with its successors or its predecessors --------------


@pytest.fixture
def cases_across(units, make_case, provincial_staff, thach_quang):
    """A 2024 case of legacy Xã Thạch Lâm, a 2025 case of the current Xã Thạch Quảng, and one of
    the unrelated Phường Hạc Thành."""
    return {
        "old": make_case(provincial_staff, units.commune_a1, full_name="Lò Thị Một"),
        "new": make_case(
            provincial_staff,
            thach_quang,
            full_name="Lò Thị Hai",
            residence=thach_quang,
            received=datetime.date(2025, 9, 1),
        ),
        "other": make_case(
            provincial_staff,
            units.current_commune,
            full_name="Lò Thị Ba",
            received=datetime.date(2025, 9, 2),
        ),
    }


def listed(client, **params):
    from tests.victims.test_access_and_list import codes_listed

    return codes_listed(client, **params)


def test_a_legacy_district_with_its_successor_communes(provincial_client, units, cases_across):
    alone = listed(provincial_client, unit=units.district_a.pk)
    widened = listed(provincial_client, unit=units.district_a.pk, succession="with")

    assert alone == {cases_across["old"].code}
    assert widened == {cases_across["old"].code, cases_across["new"].code}


def test_a_current_commune_with_its_predecessors(provincial_client, thach_quang, cases_across):
    alone = listed(provincial_client, unit=thach_quang.pk)
    widened = listed(provincial_client, unit=thach_quang.pk, succession="with")

    assert alone == {cases_across["new"].code}
    assert widened == {cases_across["old"].code, cases_across["new"].code}


def test_the_widened_filter_never_shows_another_areas_cases(
    client, units, cases_across, thach_quang
):
    # An officer of Phường Hạc Thành picks nothing of Thạch Thành's, widened or not.
    officer = UserFactory(role=Role.DISTRICT_OFFICER, jurisdiction=units.current_commune)
    client.force_login(officer)

    assert listed(client, succession="with") == {cases_across["other"].code}
    response = client.get("/victims/", {"unit": units.district_a.pk, "succession": "with"})
    assert cases_across["old"].code not in response.content.decode()
    assert cases_across["new"].code not in response.content.decode()


def test_the_form_marks_the_legacy_units_for_the_page_script(client_a, units):
    body = client_a.get("/victims/new/").content.decode()

    assert "js/managing_unit." in body
    assert f'value="{units.commune_a1.pk}" data-legacy="1"' in body
