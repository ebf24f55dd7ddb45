"""Role permissions as Django groups: one group per role, kept in sync with the role."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.access import scope_for
from accounts.models import Role, User
from accounts.roles import ROLE_GROUP_NAMES
from locations.models import AdministrativeUnit

PERSONAS = ["officer_a", "colleague_a", "officer_b", "provincial_staff", "supervisor"]


def group_names(user):
    return list(user.groups.values_list("name", flat=True))


def test_the_four_role_groups_exist_after_migrating(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUP_NAMES.values())


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_user_is_in_exactly_the_group_of_their_role(request, persona):
    user = request.getfixturevalue(persona)

    assert group_names(user) == [ROLE_GROUP_NAMES[user.role]]


def test_changing_the_role_moves_the_user_to_the_new_group(officer_a):
    officer_a.role = Role.VIEWER
    officer_a.save()

    assert group_names(officer_a) == ["Người xem"]


def test_a_group_added_by_hand_is_removed_on_the_next_save(officer_a):
    officer_a.groups.add(Group.objects.get(name="Quản trị hệ thống"))

    officer_a.save()

    assert group_names(officer_a) == ["Cán bộ cấp huyện/xã"]


def test_the_viewer_group_has_only_view_permissions(db):
    codenames = list(
        Group.objects.get(name="Người xem").permissions.values_list("codename", flat=True)
    )

    assert codenames
    assert all(codename.startswith("view_") for codename in codenames)


def test_the_viewer_may_view_units(colleague_a):
    assert colleague_a.has_perm("locations.view_administrativeunit")
    assert not colleague_a.has_perm("locations.change_administrativeunit")


def test_a_district_officer_may_not_manage_users(officer_a):
    assert not officer_a.has_perm("accounts.change_user")
    assert not officer_a.has_perm("accounts.view_user")


def test_a_supervisor_may_manage_users_and_units(supervisor):
    assert supervisor.has_perm("accounts.change_user")
    assert supervisor.has_perm("locations.change_administrativeunit")
    assert not supervisor.has_perm("locations.delete_administrativeunit")


def test_supervisors_are_staff(supervisor):
    assert supervisor.is_staff


@pytest.mark.parametrize("persona", ["officer_a", "colleague_a", "officer_b", "provincial_staff"])
def test_other_roles_are_not_staff(request, persona):
    assert not request.getfixturevalue(persona).is_staff


def test_promoting_an_officer_to_supervisor_makes_them_staff_and_demoting_undoes_it(officer_a):
    officer_a.role = Role.SUPERVISOR
    officer_a.save()
    assert officer_a.is_staff

    officer_a.role = Role.DISTRICT_OFFICER
    officer_a.save()
    assert not officer_a.is_staff


def test_a_staff_flag_set_by_hand_does_not_survive_a_save(officer_a):
    officer_a.is_staff = True
    officer_a.save()

    officer_a.refresh_from_db()
    assert not officer_a.is_staff


def test_the_full_name_is_in_vietnamese_order(officer_a):
    assert officer_a.get_full_name() == "Trần Văn Đức"
    assert str(officer_a) == "Trần Văn Đức (canbo.a)"


def test_createsuperuser_as_the_readme_says_makes_a_supervisor_who_sees_everything(
    units, monkeypatch
):
    # README "Deploying for real": "create the first supervisor with manage.py createsuperuser".
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Quan-tri-dau-tien-2026")

    call_command(
        "createsuperuser",
        interactive=False,
        username="quantri.dau",
        email="quantri.dau@example.invalid",
        stdout=io.StringIO(),
    )

    root = User.objects.get(username="quantri.dau")
    assert root.is_staff and root.is_superuser
    assert scope_for(root, AdministrativeUnit.objects.all()).count() == 7
