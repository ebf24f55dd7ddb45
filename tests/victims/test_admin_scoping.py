"""The admin site sees only the supervisor's area, history views included."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_supervisor_client(client, units):
    supervisor = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b)
    client.force_login(supervisor)
    return client


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, full_name="Đặng Thị Đào")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/victims/case/{case}/change/",
        "/admin/victims/case/{case}/history/",
        "/admin/victims/victim/{victim}/change/",
        "/admin/victims/victim/{victim}/history/",
    ],
)
def test_a_supervisor_of_another_district_gets_nothing_of_the_case(
    district_supervisor_client, case_a, url
):
    response = district_supervisor_client.get(url.format(case=case_a.pk, victim=case_a.victim.pk))

    assert response.status_code in (302, 404)
    assert "Đặng Thị Đào" not in response.content.decode()


def test_a_supervisor_of_another_district_cannot_open_an_old_version(
    district_supervisor_client, case_a
):
    version = case_a.victim.history.first()
    url = f"/admin/victims/victim/{case_a.victim.pk}/history/{version.history_id}/"

    response = district_supervisor_client.get(url)

    assert response.status_code == 404
    assert "Đặng Thị Đào" not in response.content.decode()


def test_changelists_and_autocomplete_hold_only_the_area(district_supervisor_client, case_a):
    changelist = district_supervisor_client.get("/admin/victims/victim/?q=dao")
    autocomplete = district_supervisor_client.get(
        "/admin/autocomplete/",
        {"app_label": "victims", "model_name": "case", "field_name": "victim", "term": "dao"},
    )

    assert "Đặng Thị Đào" not in changelist.content.decode()
    assert "Đặng Thị Đào" not in autocomplete.content.decode()
