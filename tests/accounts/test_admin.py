"""The admin site: supervisors only, scoped querysets, search without diacritics."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.access import scope_for
from accounts.models import Role
from locations.models import AdministrativeUnit
from tests.factories import LegacyCommuneFactory, UserFactory


def admin_login_redirect(path):
    return f"/admin/login/?next={path}"


def changelist_users(response):
    return set(response.context["cl"].queryset.values_list("username", flat=True))


@pytest.fixture
def district_supervisor(units, officer_a, colleague_a, officer_b):
    """A supervisor whose jurisdiction is legacy district A."""
    user = UserFactory(username="quantri.a", role=Role.SUPERVISOR, jurisdiction=units.district_a)
    client = Client()
    client.force_login(user)
    return client


def test_a_supervisor_opens_the_admin_index(supervisor_client):
    assert supervisor_client.get("/admin/").status_code == 200


def test_a_supervisor_opens_the_user_changelist(supervisor_client, officer_a, officer_b):
    response = supervisor_client.get("/admin/accounts/user/")

    assert response.status_code == 200
    assert {"canbo.a", "canbo.b", "quantri"} <= changelist_users(response)


@pytest.mark.parametrize("client_fixture", ["client_a", "provincial_client", "client_colleague_a"])
def test_other_roles_are_sent_to_the_admin_login(request, client_fixture):
    client = request.getfixturevalue(client_fixture)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == admin_login_redirect("/admin/")


def test_a_provincial_staff_member_cannot_open_the_user_changelist(provincial_client):
    response = provincial_client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == admin_login_redirect("/admin/accounts/user/")


def test_a_district_officer_cannot_log_in_to_the_admin(client, officer_a):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "canbo.a", "password": officer_a.raw_password, "next": "/admin/"},
    )

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_admin_is_vietnamese(supervisor_client):
    response = supervisor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US")

    assert "Quản trị hệ thống" in response.content.decode()


def test_a_district_supervisor_sees_only_users_of_that_district(district_supervisor):
    response = district_supervisor.get("/admin/accounts/user/")

    assert response.status_code == 200
    assert changelist_users(response) == {"canbo.a", "dongnghiep.a", "quantri.a"}


def test_a_district_supervisor_cannot_open_a_user_of_another_district(
    district_supervisor, officer_b
):
    response = district_supervisor.get(f"/admin/accounts/user/{officer_b.pk}/change/")

    assert response.status_code in (302, 404)


def test_a_district_supervisor_cannot_change_a_user_of_another_district(
    district_supervisor, officer_b
):
    district_supervisor.post(
        f"/admin/accounts/user/{officer_b.pk}/change/",
        {"username": "canbo.b", "role": Role.VIEWER, "is_active": ""},
    )

    officer_b.refresh_from_db()
    assert officer_b.is_active
    assert officer_b.role == Role.DISTRICT_OFFICER


def test_a_district_supervisor_opens_a_user_of_their_district(district_supervisor, officer_a):
    assert (
        district_supervisor.get(f"/admin/accounts/user/{officer_a.pk}/change/").status_code == 200
    )


def test_a_district_supervisor_sees_only_units_of_that_district(district_supervisor, units):
    response = district_supervisor.get("/admin/locations/administrativeunit/")

    assert set(response.context["cl"].queryset) == {
        units.district_a,
        units.commune_a1,
        units.commune_a2,
    }


def test_unit_search_in_the_admin_ignores_diacritics(supervisor_client):
    response = supervisor_client.get("/admin/locations/administrativeunit/", {"q": "thach thanh"})

    assert response.status_code == 200
    assert "Thạch Thành" in response.content.decode()


def test_unit_search_in_the_admin_maps_d_with_stroke(supervisor_client, units):
    response = supervisor_client.get("/admin/locations/administrativeunit/", {"q": "dong son"})

    assert list(response.context["cl"].queryset) == [units.district_b]


def test_unit_search_in_the_admin_finds_a_code(supervisor_client, units):
    response = supervisor_client.get("/admin/locations/administrativeunit/", {"q": "14797"})

    assert list(response.context["cl"].queryset) == [units.current_commune]


def test_the_jurisdiction_autocomplete_ignores_diacritics(supervisor_client, units):
    response = supervisor_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "user",
            "field_name": "jurisdiction",
            "term": "thach thanh",
        },
    )

    assert response.status_code == 200
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Huyện Thạch Thành (cũ)"]


def test_the_jurisdiction_autocomplete_of_a_district_supervisor_is_scoped(district_supervisor):
    response = district_supervisor.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "user",
            "field_name": "jurisdiction",
            "term": "dong",
        },
    )

    assert response.json()["results"] == []


# --- N+1 on the list pages ----------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url", "factory"),
    [
        ("/admin/accounts/user/", lambda units: UserFactory(jurisdiction=units.district_a)),
        (
            "/admin/locations/administrativeunit/",
            lambda units: LegacyCommuneFactory(parent=units.district_a),
        ),
    ],
    ids=["users", "units"],
)
def test_an_admin_list_runs_as_many_queries_for_25_rows_as_for_5(
    supervisor_client, units, django_assert_max_num_queries, url, factory
):
    queries_for(supervisor_client, url)  # the first page view creates the organisation row
    few = queries_for(supervisor_client, url)

    for _ in range(20):
        factory(units)
    with django_assert_max_num_queries(few):
        supervisor_client.get(url)


def test_the_dashboard_runs_as_many_queries_for_many_users_as_for_few(
    client_a, units, django_assert_max_num_queries
):
    queries_for(client_a, "/")
    few = queries_for(client_a, "/")

    UserFactory.create_batch(20, jurisdiction=units.district_a)
    with django_assert_max_num_queries(few):
        client_a.get("/")


# --- A supervisor of one district cannot reach beyond it --------------------------------------


def user_form(user, **changes):
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role,
        "jurisdiction": user.jurisdiction_id or "",
        "job_title": user.job_title,
        "work_unit": user.work_unit,
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_a_district_supervisor_edits_a_user_of_their_district(district_supervisor, officer_a):
    response = district_supervisor.post(
        f"/admin/accounts/user/{officer_a.pk}/change/",
        user_form(officer_a, job_title="Phó trưởng phòng"),
    )

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.job_title == "Phó trưởng phòng"


def test_a_district_supervisor_cannot_move_a_user_to_another_district(
    district_supervisor, officer_a, units
):
    district_supervisor.post(
        f"/admin/accounts/user/{officer_a.pk}/change/",
        user_form(officer_a, jurisdiction=units.district_b.pk),
    )

    officer_a.refresh_from_db()
    assert officer_a.jurisdiction == units.district_a


def test_a_district_supervisor_cannot_make_a_supervisor_of_the_whole_installation(
    district_supervisor, officer_a, units
):
    district_supervisor.post(
        f"/admin/accounts/user/{officer_a.pk}/change/",
        user_form(officer_a, role=Role.SUPERVISOR, jurisdiction=""),
    )

    officer_a.refresh_from_db()
    assert set(scope_for(officer_a, AdministrativeUnit.objects.all())) <= {
        units.district_a,
        units.commune_a1,
        units.commune_a2,
    }
