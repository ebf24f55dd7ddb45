"""The one doorway: scope_for narrows querysets to a jurisdiction, get_for_user loads one object."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.access import get_for_user, scope_for
from accounts.models import Organisation, Role, User
from locations.models import AdministrativeUnit
from tests.factories import UserFactory


def all_units():
    return AdministrativeUnit.objects.all()


# --- scope_for -----------------------------------------------------------------------------------


def test_officer_b_never_sees_area_a_units(units, officer_b):
    visible = scope_for(officer_b, all_units())

    assert set(visible) == {units.district_b, units.commune_b1}


def test_officer_b_never_sees_area_a_users(officer_a, colleague_a, officer_b):
    visible = scope_for(officer_b, User.objects.all())

    assert list(visible) == [officer_b]


def test_officer_a_sees_the_subtree_of_area_a(units, officer_a):
    visible = scope_for(officer_a, all_units())

    assert set(visible) == {units.district_a, units.commune_a1, units.commune_a2}


def test_officer_a_sees_the_users_of_area_a_only(officer_a, colleague_a, officer_b, supervisor):
    visible = scope_for(officer_a, User.objects.all())

    assert set(visible) == {officer_a, colleague_a}


def test_an_officer_of_a_commune_sees_that_commune_only(units):
    officer = UserFactory(jurisdiction=units.commune_a1)

    assert list(scope_for(officer, all_units())) == [units.commune_a1]


def test_provincial_staff_see_the_whole_province(units, provincial_staff):
    assert scope_for(provincial_staff, all_units()).count() == 7


def test_supervisor_without_jurisdiction_sees_everything(units, officer_a, officer_b):
    supervisor = UserFactory(role=Role.SUPERVISOR, jurisdiction=None)

    assert scope_for(supervisor, all_units()).count() == AdministrativeUnit.objects.count()
    assert scope_for(supervisor, User.objects.all()).count() == User.objects.count()


def test_supervisor_with_a_jurisdiction_sees_only_that_subtree(units):
    supervisor = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b)

    assert set(scope_for(supervisor, all_units())) == {units.district_b, units.commune_b1}


def test_an_inactive_user_sees_nothing(units, officer_a):
    officer_a.is_active = False
    officer_a.save()

    assert not scope_for(officer_a, all_units()).exists()


def test_an_inactive_supervisor_without_jurisdiction_sees_nothing(units):
    supervisor = UserFactory(role=Role.SUPERVISOR, jurisdiction=None, is_active=False)

    assert not scope_for(supervisor, all_units()).exists()


def test_an_anonymous_user_sees_nothing(units):
    assert not scope_for(AnonymousUser(), all_units()).exists()


def test_no_user_sees_nothing(units):
    assert not scope_for(None, all_units()).exists()


def test_and_above_adds_the_units_containing_the_area_but_not_a_neighbouring_district(units):
    officer = UserFactory(jurisdiction=units.commune_a1)

    visible = scope_for(officer, all_units(), and_above=True)

    assert set(visible) == {units.province, units.district_a, units.commune_a1}


def test_and_above_gives_an_inactive_user_nothing(units, officer_a):
    officer_a.is_active = False
    officer_a.save()

    assert not scope_for(officer_a, all_units(), and_above=True).exists()


def test_and_above_gives_the_users_of_the_units_above_through_a_relation(
    units, officer_a, provincial_staff, officer_b
):
    visible = scope_for(officer_a, User.objects.all(), and_above=True)

    assert set(visible) == {officer_a, provincial_staff}


def test_scoping_a_model_without_scope_unit_field_is_an_error(units, officer_a):
    with pytest.raises(ImproperlyConfigured, match="scope_unit_field"):
        scope_for(officer_a, Group.objects.all())


def test_scoping_a_model_without_scope_unit_field_is_an_error_even_for_a_supervisor(supervisor):
    with pytest.raises(ImproperlyConfigured):
        scope_for(supervisor, Organisation.objects.all())


def test_scope_for_keeps_the_filters_already_on_the_queryset(units, provincial_staff):
    communes = scope_for(provincial_staff, all_units().communes().filter(is_legacy=True))

    assert set(communes) == {units.commune_a1, units.commune_a2, units.commune_b1}


# --- get_for_user -------------------------------------------------------------------------------


def test_officer_b_gets_404_for_a_unit_of_area_a(units, officer_b):
    with pytest.raises(Http404):
        get_for_user(officer_b, AdministrativeUnit, units.commune_a1.pk)


def test_officer_b_gets_404_for_a_user_of_area_a(colleague_a, officer_b):
    with pytest.raises(Http404):
        get_for_user(officer_b, User, colleague_a.pk)


def test_officer_b_gets_404_for_area_a_even_when_asking_to_write(units, officer_b):
    with pytest.raises(Http404):
        get_for_user(officer_b, AdministrativeUnit, units.commune_a1.pk, write=True)


def test_a_non_existent_pk_gets_404(officer_a):
    with pytest.raises(Http404):
        get_for_user(officer_a, User, 999_999_999)


@pytest.mark.parametrize("pk", ["abc", "1; DROP TABLE", None, ""])
def test_a_malformed_pk_gets_404(officer_a, pk):
    with pytest.raises(Http404):
        get_for_user(officer_a, User, pk)


def test_officer_a_gets_an_object_of_area_a(units, officer_a):
    assert get_for_user(officer_a, AdministrativeUnit, units.commune_a2.pk) == units.commune_a2


def test_officer_a_gets_a_colleague_of_area_a(officer_a, colleague_a):
    assert get_for_user(officer_a, User, colleague_a.pk) == colleague_a


def test_the_read_only_colleague_may_read_an_object_of_area_a(units, colleague_a):
    assert get_for_user(colleague_a, AdministrativeUnit, units.commune_a1.pk) == units.commune_a1


def test_the_read_only_colleague_gets_403_when_asking_to_write(units, colleague_a):
    with pytest.raises(PermissionDenied):
        get_for_user(colleague_a, AdministrativeUnit, units.commune_a1.pk, write=True)


def test_the_read_only_colleague_gets_403_when_asking_to_write_a_user(officer_a, colleague_a):
    with pytest.raises(PermissionDenied):
        get_for_user(colleague_a, User, officer_a.pk, write=True)


def test_a_role_without_the_change_permission_gets_403_when_asking_to_write(units, officer_a):
    # District officers may view units but not change them.
    with pytest.raises(PermissionDenied):
        get_for_user(officer_a, AdministrativeUnit, units.commune_a1.pk, write=True)


def test_a_supervisor_may_write_a_unit_of_the_province(units, supervisor):
    assert (
        get_for_user(supervisor, AdministrativeUnit, units.commune_b1.pk, write=True)
        == units.commune_b1
    )


def test_get_for_user_accepts_a_queryset_and_keeps_its_filters(units, officer_a):
    with pytest.raises(Http404):
        get_for_user(officer_a, AdministrativeUnit.objects.communes(), units.district_a.pk)


# --- The database holds the rule "a jurisdiction unless supervisor" ------------------------------


def test_a_district_officer_without_jurisdiction_cannot_be_saved(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="khongdiaban", role=Role.DISTRICT_OFFICER, jurisdiction=None)


def test_a_viewer_without_jurisdiction_cannot_be_saved(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="khongdiaban", role=Role.VIEWER, jurisdiction=None)


def test_a_supervisor_without_jurisdiction_can_be_saved(db):
    supervisor = User.objects.create(username="giamsat", role=Role.SUPERVISOR, jurisdiction=None)

    assert supervisor.pk is not None


def test_form_validation_asks_for_a_jurisdiction_for_a_district_officer(db):
    user = User(username="khongdiaban", role=Role.DISTRICT_OFFICER, password="x")

    with pytest.raises(ValidationError) as error:
        user.full_clean()

    assert "jurisdiction" in error.value.message_dict
