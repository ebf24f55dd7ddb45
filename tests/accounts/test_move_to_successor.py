"""A supervisor moves the users of a unit dissolved on 1 July 2025 to its successor in one step
(admin action "Chuyển sang đơn vị kế thừa"), kept in history and in the admin log.

Successors as in Resolution 1686/NQ-UBTVQH15 (16/06/2025): the legacy Xã Thạch Lâm and Xã Thạch
Quảng of Huyện Thạch Thành became the current Xã Thạch Quảng; Huyện Thạch Thành's other communes
became other current communes (here Xã Thành Vinh, from Xã Thành Minh).
"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from accounts.models import Role, User
from accounts.services import successor_choices, users_move_to_successor
from locations.models import AdministrativeUnit, UnitSuccession
from tests.factories import CommuneFactory, LegacyCommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/accounts/user/"


def succeed(predecessor, successor):
    UnitSuccession.objects.create(
        predecessor=predecessor,
        successor=successor,
        kind="whole",
        source="test",
        loaded_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def thach_quang(units):
    commune = CommuneFactory(code="15199", name="Xã Thạch Quảng", parent=units.province)
    succeed(units.commune_a1, commune)
    succeed(units.commune_a2, commune)
    return commune


@pytest.fixture
def thanh_vinh(units):
    legacy = LegacyCommuneFactory(code="15232", name="Xã Thành Minh", parent=units.district_a)
    commune = CommuneFactory(code="15229", name="Xã Thành Vinh", parent=units.province)
    succeed(legacy, commune)
    return commune


def test_a_legacy_district_may_go_to_each_successor_commune_or_its_province(
    units, thach_quang, thanh_vinh
):
    assert set(successor_choices(units.district_a)) == {thach_quang, thanh_vinh, units.province}


def test_a_legacy_commune_may_go_to_its_successor_or_its_province(units, thach_quang, thanh_vinh):
    assert set(successor_choices(units.commune_a1)) == {thach_quang, units.province}


def test_the_action_asks_for_the_successor_then_moves_every_selected_user(
    supervisor_client, supervisor, officer_a, colleague_a, units, thach_quang, thanh_vinh
):
    selected = {"action": "move_to_successor", "_selected_action": [officer_a.pk, colleague_a.pk]}

    page = supervisor_client.post(CHANGELIST, selected)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Xã Thạch Quảng" in body and "Xã Thành Vinh" in body
    assert User.objects.get(pk=officer_a.pk).jurisdiction == units.district_a

    done = supervisor_client.post(CHANGELIST, {**selected, "apply": "1", "unit": thach_quang.pk})

    assert done.status_code == 302
    for user in (officer_a, colleague_a):
        user.refresh_from_db()
        assert user.jurisdiction == thach_quang
        last = user.history.first()
        assert last.history_user == supervisor
        assert last.history_change_reason == (
            "Chuyển sang đơn vị kế thừa: Huyện Thạch Thành → Xã Thạch Quảng"
        )
        assert LogEntry.objects.filter(object_id=str(user.pk), user=supervisor).exists()


def test_a_unit_that_is_not_a_successor_is_refused_and_nothing_moves(
    supervisor_client, officer_a, colleague_a, units, thach_quang
):
    selected = {"action": "move_to_successor", "_selected_action": [officer_a.pk, colleague_a.pk]}

    response = supervisor_client.post(
        CHANGELIST, {**selected, "apply": "1", "unit": units.current_commune.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Hãy chọn" in (
        response.content.decode()
    )
    officer_a.refresh_from_db()
    colleague_a.refresh_from_db()
    assert officer_a.jurisdiction == colleague_a.jurisdiction == units.district_a


def test_users_of_a_current_unit_are_not_moved(supervisor_client, units, thach_quang):
    current = UserFactory(role=Role.DISTRICT_OFFICER, jurisdiction=units.current_commune)

    response = supervisor_client.post(
        CHANGELIST, {"action": "move_to_successor", "_selected_action": [current.pk]}, follow=True
    )

    assert "Chọn những người dùng của cùng một địa bàn cũ" in response.content.decode()
    current.refresh_from_db()
    assert current.jurisdiction == units.current_commune


def test_the_service_refuses_users_of_two_legacy_units_in_one_step(
    supervisor, officer_a, officer_b, thach_quang
):
    with pytest.raises(ValidationError):
        users_move_to_successor(users=[officer_a, officer_b], unit=thach_quang, actor=supervisor)

    officer_a.refresh_from_db()
    assert officer_a.jurisdiction.is_legacy


def test_a_supervisor_of_another_province_cannot_move_area_a_users(
    client, officer_a, units, thach_quang
):
    nghe_an = ProvinceFactory(code="40", name="Nghệ An")
    other = UserFactory(role=Role.SUPERVISOR, jurisdiction=nghe_an)
    client.force_login(other)

    client.post(
        CHANGELIST,
        {
            "action": "move_to_successor",
            "_selected_action": [officer_a.pk],
            "apply": "1",
            "unit": thach_quang.pk,
        },
    )

    officer_a.refresh_from_db()
    assert officer_a.jurisdiction == units.district_a
    assert AdministrativeUnit.objects.filter(pk=thach_quang.pk).exists()
