"""Jurisdiction across 1 July 2025: a current commune's officers see the legacy cases of the
communes it succeeds — and nobody else gains anything.

The tree (Resolution 1686/NQ-UBTVQH15: "Hợp nhất các xã Thạch Lâm, xã Thạch Quảng, xã Thạch Tượng
thành xã Thạch Quảng"): legacy Huyện Thạch Thành with Xã Thạch Lâm and Xã Thạch Quảng, both
succeeded by the current Xã Thạch Quảng; legacy Huyện Đông Sơn with Xã Đông Hòa (not succeeded by
it); the current Phường Hạc Thành of the same province; Nghệ An, another province.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import get_for_user, is_visible, scope_for, scope_to_unit
from accounts.models import Role
from locations.models import UnitSuccession
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory
from victims.models import Case, Reception, Victim


@pytest.fixture
def thach_quang(units):
    """The current Xã Thạch Quảng, successor of the legacy Thạch Lâm and Thạch Quảng."""
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


def officer_of(unit):
    return UserFactory(role=Role.DISTRICT_OFFICER, jurisdiction=unit)


@pytest.fixture
def successor_officer(thach_quang):
    return officer_of(thach_quang)


@pytest.fixture
def unrelated_officer(units):
    """An officer of Phường Hạc Thành: same province, not a successor of Thạch Thành."""
    return officer_of(units.current_commune)


@pytest.fixture
def other_province_officer(db):
    nghe_an = ProvinceFactory(code="40", name="Nghệ An")
    return officer_of(CommuneFactory(code="16681", name="Phường Vinh Phú", parent=nghe_an))


def test_a_case_managed_by_a_predecessor_commune_is_seen_by_the_successors_officer(
    units, make_case, provincial_staff, successor_officer, unrelated_officer
):
    case = make_case(provincial_staff, units.commune_a1)

    assert is_visible(successor_officer, case)
    assert get_for_user(successor_officer, Case, case.pk) == case
    assert list(scope_for(successor_officer, Victim.objects.all())) == [case.victim]
    assert list(scope_for(successor_officer, Reception.objects.all())) == [case.reception]
    assert not is_visible(unrelated_officer, case)


def test_a_district_case_of_a_person_living_in_a_predecessor_commune_is_seen(
    units, make_case, provincial_staff, successor_officer
):
    case = make_case(provincial_staff, units.district_a, residence=units.commune_a2)

    assert is_visible(successor_officer, case)


def test_a_district_case_of_a_person_living_in_the_successor_commune_is_seen(
    units, make_case, provincial_staff, successor_officer, thach_quang
):
    case = make_case(provincial_staff, units.district_a, residence=thach_quang)

    assert is_visible(successor_officer, case)


def test_a_district_case_of_a_person_living_elsewhere_in_the_district_is_not_seen(
    units, make_case, provincial_staff, successor_officer
):
    # Another commune of Thạch Thành, succeeded by another current commune.
    elsewhere = units.commune_a1.__class__.objects.create(
        code="15202",
        name="Xã Thành Yên",
        level="commune",
        parent=units.district_a,
        is_legacy=True,
        is_active=False,
    )
    case = make_case(provincial_staff, units.district_a, residence=elsewhere)

    assert not is_visible(successor_officer, case)


def test_a_legacy_case_of_another_district_is_not_seen(
    units, make_case, provincial_staff, successor_officer
):
    case = make_case(provincial_staff, units.district_b, residence=units.commune_b1)

    assert not is_visible(successor_officer, case)
    assert not scope_for(successor_officer, Victim.objects.all()).exists()


def test_an_officer_of_another_province_never_sees_a_legacy_case(
    units, make_case, provincial_staff, other_province_officer
):
    make_case(provincial_staff, units.commune_a1)
    make_case(provincial_staff, units.district_a, residence=units.commune_a2)

    assert not scope_for(other_province_officer, Case.objects.all()).exists()
    assert not scope_for(other_province_officer, Victim.objects.all()).exists()


def test_the_legacy_districts_officer_keeps_the_case(units, make_case, provincial_staff, officer_a):
    case = make_case(provincial_staff, units.commune_a1)

    assert is_visible(officer_a, case)


def test_a_legacy_district_officer_does_not_see_the_successors_new_cases(
    units, make_case, provincial_staff, officer_a, thach_quang
):
    new_case = make_case(
        provincial_staff, thach_quang, residence=thach_quang, received=datetime.date(2025, 9, 1)
    )

    assert not is_visible(officer_a, new_case)


def test_units_and_users_are_not_widened_by_succession(units, successor_officer, officer_a):
    from accounts.models import User
    from locations.models import AdministrativeUnit

    assert list(scope_for(successor_officer, AdministrativeUnit.objects.all())) == [
        successor_officer.jurisdiction
    ]
    assert officer_a not in scope_for(successor_officer, User.objects.all())


def test_the_scope_costs_one_query_however_many_cases(
    units, make_case, provincial_staff, successor_officer
):
    for index in range(5):
        make_case(provincial_staff, units.commune_a1, full_name=f"Nguyễn Văn {'A' * (index + 1)}")

    with CaptureQueriesContext(connection) as queries:
        codes = [case.code for case in scope_for(successor_officer, Case.objects.all())]

    assert len(codes) == 5
    assert len(queries) == 1


def test_a_report_of_a_legacy_district_with_its_successors_counts_their_new_cases(
    units, make_case, provincial_staff, thach_quang
):
    old = make_case(provincial_staff, units.commune_a1)
    new = make_case(
        provincial_staff, thach_quang, residence=thach_quang, received=datetime.date(2025, 9, 1)
    )
    other = make_case(provincial_staff, units.current_commune, received=datetime.date(2025, 9, 1))

    plain = scope_to_unit(units.district_a, Case.objects.all())
    widened = scope_to_unit(units.district_a, Case.objects.all(), with_successors=True)

    assert set(plain) == {old}
    assert set(widened) == {old, new}
    assert other not in widened


def test_a_report_of_a_current_commune_with_its_predecessors_counts_their_cases(
    units, make_case, provincial_staff, thach_quang
):
    old = make_case(provincial_staff, units.commune_a1)
    new = make_case(
        provincial_staff, thach_quang, residence=thach_quang, received=datetime.date(2025, 9, 1)
    )
    make_case(provincial_staff, units.commune_b1)

    assert set(scope_to_unit(thach_quang, Case.objects.all())) == {new}
    assert set(scope_to_unit(thach_quang, Case.objects.all(), with_predecessors=True)) == {
        old,
        new,
    }
