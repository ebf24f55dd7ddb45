"""The installation serves provinces; each has its department per legal regime."""

import datetime

import pytest

from accounts.models import DepartmentProfile, Organisation
from accounts.services import organisation_serve
from locations.regimes import LegalRegime


@pytest.fixture
def served(units):
    return organisation_serve(province_codes=["38"])


def profile(regime):
    return DepartmentProfile.objects.get(province__code="38", regime=regime)


def test_serving_a_province_adds_it_to_the_organisation(served, units):
    assert list(Organisation.current().served_provinces.all()) == [units.province]


def test_serving_thanh_hoa_creates_a_profile_for_each_regime(served):
    assert set(DepartmentProfile.objects.values_list("regime", flat=True)) == {
        LegalRegime.LEGACY,
        LegalRegime.CURRENT,
    }


def test_the_legacy_department_is_dolisa(served):
    legacy = profile(LegalRegime.LEGACY)

    assert legacy.department_name == "Sở Lao động - Thương binh và Xã hội"
    assert legacy.governing_body == "Ủy ban nhân dân tỉnh Thanh Hóa"


def test_the_current_department_is_the_health_department(served):
    current = profile(LegalRegime.CURRENT)

    assert current.department_name == "Sở Y tế"
    assert current.governing_body == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert current.signing_place == "Thanh Hóa"


def test_on_30_june_2025_the_legacy_department_acts(served, units):
    found = DepartmentProfile.for_date(units.province, datetime.date(2025, 6, 30))

    assert found.department_name == "Sở Lao động - Thương binh và Xã hội"


def test_on_1_july_2025_the_current_department_acts(served, units):
    found = DepartmentProfile.for_date(units.province, datetime.date(2025, 7, 1))

    assert found.department_name == "Sở Y tế"


def test_serving_again_keeps_a_supervisors_edits(served):
    current = profile(LegalRegime.CURRENT)
    current.signatory_title = "Phó Giám đốc phụ trách"
    current.department_name = "Sở Y tế tỉnh Thanh Hóa"
    current.save()

    organisation_serve(province_codes=["38"])

    current.refresh_from_db()
    assert current.signatory_title == "Phó Giám đốc phụ trách"
    assert current.department_name == "Sở Y tế tỉnh Thanh Hóa"
    assert DepartmentProfile.objects.count() == 2


def test_serving_an_unknown_province_is_refused(units):
    with pytest.raises(ValueError, match="99"):
        organisation_serve(province_codes=["99"])

    assert not Organisation.current().served_provinces.exists()


def test_a_served_provinces_current_department_heads_every_page(served, client_a):
    content = client_a.get("/").content.decode()

    assert "Ủy ban nhân dân tỉnh Thanh Hóa · Sở Y tế" in content


def test_a_supervisor_edits_the_department_in_the_admin(served, supervisor_client):
    current = profile(LegalRegime.CURRENT)

    response = supervisor_client.get(f"/admin/accounts/departmentprofile/{current.pk}/change/")

    assert response.status_code == 200
    assert "Sở Y tế" in response.content.decode()
