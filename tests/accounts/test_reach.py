"""Who may make a change of each reach (accounts.roles.Reach, accounts.policy.may_write): the
role's action and a jurisdiction that holds everything the change affects (issue 18)."""

import pytest

from accounts.models import Organisation, Role, ServedProvince
from accounts.policy import may_write
from accounts.roles import Reach
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(units):
    other = ProvinceFactory(code="40", name="Nghệ An")
    organisation = Organisation.current()
    ServedProvince.objects.create(
        organisation=organisation, province=units.province, case_code_prefix="TH"
    )
    ServedProvince.objects.create(organisation=organisation, province=other, case_code_prefix="NA")
    return other


def test_a_province_supervisor_covers_the_installation_that_serves_that_province_alone(
    units, supervisor, thanh_hoa_served
):
    assert may_write(supervisor, Reach.INSTALLATION)


def test_a_province_supervisor_does_not_cover_an_installation_of_two_provinces(
    units, supervisor, two_provinces
):
    assert not may_write(supervisor, Reach.INSTALLATION)


def test_a_supervisor_without_jurisdiction_covers_every_served_province(units, two_provinces):
    root = UserFactory(role=Role.SUPERVISOR, jurisdiction=None)

    assert may_write(root, Reach.INSTALLATION)
    assert may_write(root, Reach.PROVINCE, unit=two_provinces)


def test_a_district_supervisor_covers_neither_the_installation_nor_its_province(
    units, thanh_hoa_served
):
    district = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_a)

    assert not may_write(district, Reach.INSTALLATION)
    assert not may_write(district, Reach.PROVINCE, unit=units.commune_a1)
    assert not may_write(district, Reach.PROVINCE)


def test_a_province_supervisor_changes_rows_of_its_province_only(units, supervisor, two_provinces):
    commune_elsewhere = CommuneFactory(code="16681", name="Phường Vinh Hưng", parent=two_provinces)

    assert may_write(supervisor, Reach.PROVINCE, unit=units.commune_b1)
    assert not may_write(supervisor, Reach.PROVINCE, unit=commune_elsewhere)


def test_provincial_staff_edit_their_province_s_providers_but_no_shared_data(
    units, provincial_staff, thanh_hoa_served
):
    assert may_write(
        provincial_staff, Reach.PROVINCE, unit=units.commune_a1, action="provider.edit"
    )
    assert not may_write(provincial_staff, Reach.PROVINCE, unit=units.commune_a1)
    assert not may_write(provincial_staff, Reach.INSTALLATION)


def test_an_officer_may_not_make_a_change_of_any_reach_beyond_the_area(units, officer_a):
    assert not may_write(officer_a, Reach.INSTALLATION)
    assert not may_write(officer_a, Reach.PROVINCE, unit=units.commune_a1)
