"""The admin shows prevention records within the supervisor's area (read-only) and lets
supervisors manage the target groups."""

import pytest
from django.test import Client

from accounts.models import Role
from prevention.models import TargetGroup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_supervisor_client(units) -> Client:
    user = UserFactory(username="giamsat.b", role=Role.SUPERVISOR, jurisdiction=units.district_b)
    client = Client()
    client.force_login(user)
    return client


def test_a_supervisor_of_another_district_does_not_see_the_activity(
    district_supervisor_client, activity_a, activity_b
):
    listed = district_supervisor_client.get("/admin/prevention/preventionactivity/")
    change = district_supervisor_client.get(
        f"/admin/prevention/preventionactivity/{activity_a.pk}/change/"
    )
    history = district_supervisor_client.get(
        f"/admin/prevention/preventionactivity/{activity_a.pk}/history/"
    )

    assert activity_a.title not in listed.content.decode()
    assert activity_b.title in listed.content.decode()
    assert change.status_code in (302, 404)
    assert history.status_code == 404


def test_records_are_read_only_in_the_admin(supervisor_client, activity_a):
    response = supervisor_client.post(
        f"/admin/prevention/preventionactivity/{activity_a.pk}/change/", {"title": "Sửa"}
    )

    assert response.status_code == 403
    activity_a.refresh_from_db()
    assert activity_a.title != "Sửa"


def test_a_supervisor_adds_a_target_group(supervisor_client, thanh_hoa_served):
    # Target groups are shared by the installation: its supervisor (here, of the one province
    # served) adds them (issue 18).
    response = supervisor_client.post(
        "/admin/prevention/targetgroup/add/",
        {"code": "fishermen", "name": "Ngư dân", "order": "200", "is_active": "on"},
    )

    assert response.status_code == 302
    assert TargetGroup.objects.get(code="fishermen").name == "Ngư dân"


def test_the_target_groups_of_the_reports_are_there_after_migrate(db):
    codes = set(TargetGroup.objects.values_list("code", flat=True))

    assert {"village_heads", "youth_union", "womens_union", "veterans", "reporters"} <= codes
