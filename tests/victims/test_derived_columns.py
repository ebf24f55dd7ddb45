"""The case's stored age at reception and "ngoại tỉnh" flag (issue 17): the registry filters on
indexed columns, and every write that changes what they derive from keeps them right."""

import datetime

import pytest

from tests.factories import CommuneFactory, ProvinceFactory
from victims.models import Case, Reception

pytestmark = pytest.mark.django_db
D = datetime.date


def stored(case) -> tuple:
    case.refresh_from_db()
    return case.age_at_reception, case.resides_in_province


def computed(case) -> tuple:
    row = Case.objects.with_age_at_reception().with_residence_in_province().get(pk=case.pk)
    return row.computed_age, row.computed_in_province


def listed_codes(client, query) -> list[str]:
    response = client.get(f"/victims/?{query}")
    assert response.status_code == 200
    return [case.code for case in response.context["page"]]


@pytest.fixture
def nghe_an_commune(units):
    return CommuneFactory(code="16681", parent=ProvinceFactory(code="40", name="Nghệ An"))


def test_a_new_case_stores_its_age_and_residence(officer_a, units, make_case):
    case = make_case(
        officer_a,
        units.district_a,
        date_of_birth=D(2010, 9, 1),
        birth_year=2010,
        residence=units.commune_a1,
        received=D(2024, 8, 31),
    )

    assert stored(case) == (13, True) == computed(case)


def test_the_filters_use_the_stored_columns_and_stay_scoped(
    client_a, client_b, officer_a, units, make_case, nghe_an_commune
):
    child = make_case(officer_a, units.district_a, birth_year=2012, full_name="Lò Thị Mai")
    outsider = make_case(
        officer_a, units.district_a, birth_year=1990, residence=nghe_an_commune, full_name="B"
    )
    make_case(officer_a, units.district_a, birth_year=1990, full_name="C")

    assert listed_codes(client_a, "age_band=under_16") == [child.code]
    assert listed_codes(client_a, "residence=other_province") == [outsider.code]
    assert listed_codes(client_b, "age_band=under_16") == []
    assert listed_codes(client_b, "residence=other_province") == []


def test_changing_the_persons_birth_date_or_residence_updates_their_cases(
    officer_a, units, make_case, nghe_an_commune
):
    case = make_case(officer_a, units.district_a, birth_year=1990, received=D(2024, 5, 10))
    victim = case.victim

    victim.date_of_birth, victim.birth_year = D(2009, 1, 2), 2009
    victim.permanent_unit = nghe_an_commune
    victim.save()

    assert stored(case) == (15, False) == computed(case)


def test_changing_the_reception_date_updates_the_age(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, birth_year=2000, received=D(2024, 5, 10))
    reception = Reception.objects.get(case=case)

    reception.received_on = D(2015, 5, 10)
    reception.save()

    assert stored(case)[0] == 15 == computed(case)[0]


def test_moving_a_case_to_another_province_updates_the_residence_flag(
    client_a, officer_a, units, make_case, nghe_an_commune, supervisor
):
    case = make_case(officer_a, units.district_a, residence=units.commune_a1)
    assert stored(case)[1] is True

    case.managing_unit = nghe_an_commune
    case.save()

    assert stored(case)[1] is False


def test_the_edit_page_keeps_the_columns_right(client_a, officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, birth_year=2000, received=D(2024, 5, 10))
    data = {
        "case-managing_unit": units.district_a.pk,
        "case-person_category": "victim",
        "case-destination_country": "CN",
        "case-version": case.version,
        "reception-received_on": "10/05/2014",
        "reception-channel": "rescued",
        "reception-agency_type": "police",
    }

    assert client_a.post(f"/victims/cases/{case.pk}/edit/", data).status_code == 302

    assert stored(case)[0] == 14 == computed(case)[0]
