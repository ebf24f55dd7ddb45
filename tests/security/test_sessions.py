"""Logging out of every session: from the account page, by a password change, and by a
supervisor from the admin. Sessions know their user (accounts.sessions), so they are found
with one indexed query."""

import logging

import pytest
from django.test import Client

from accounts.models import Role, UserSession
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def browser_of(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 200
    return client


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_a_session_knows_its_user_from_the_login_form(officer_a):
    client = Client()
    client.post(LOGIN, {"username": officer_a.username, "password": DEFAULT_PASSWORD})

    session = UserSession.objects.get(session_key=client.session.session_key)

    assert session.user == officer_a


def test_logout_everywhere_ends_the_session_of_another_browser(officer_a, officer_b):
    here, elsewhere = browser_of(officer_a), browser_of(officer_a)
    someone_else = browser_of(officer_b)

    response = here.post("/accounts/account/logout-everywhere/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert is_signed_in(someone_else)
    assert not UserSession.objects.filter(user=officer_a).exists()


def test_logout_everywhere_is_a_button_of_the_account_page(client_a):
    page = client_a.get("/accounts/account/").content.decode()

    assert 'action="/accounts/account/logout-everywhere/"' in page
    assert client_a.get("/accounts/account/logout-everywhere/").status_code == 405


def test_logout_everywhere_works_for_a_user_with_two_factor(provincial_staff):
    here, elsewhere = browser_of(provincial_staff), browser_of(provincial_staff)

    here.post("/accounts/account/logout-everywhere/")

    assert not is_signed_in(elsewhere)


def test_ending_sessions_is_logged_with_ids_only(officer_a, caplog):
    client = browser_of(officer_a)
    browser_of(officer_a)

    with caplog.at_level(logging.INFO, logger="trafficking_cases.security"):
        client.post("/accounts/account/logout-everywhere/")

    assert f"sessions ended: user={officer_a.pk} by={officer_a.pk} sessions=2" in caplog.text
    assert officer_a.username not in caplog.text


def test_a_password_change_ends_the_other_sessions(officer_a):
    here, elsewhere = browser_of(officer_a), browser_of(officer_a)
    new_password = "Mật-khẩu-mới-2026!"

    response = here.post(
        "/accounts/password/",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert UserSession.objects.filter(user=officer_a).count() == 1


def test_a_supervisor_ends_every_session_of_a_user_from_the_admin(
    supervisor_client, supervisor, officer_a, caplog
):
    first, second = browser_of(officer_a), browser_of(officer_a)

    with caplog.at_level(logging.INFO, logger="trafficking_cases.security"):
        response = supervisor_client.post(
            "/admin/accounts/user/",
            {"action": "end_sessions", "_selected_action": [officer_a.pk]},
        )

    assert response.status_code == 302
    assert not is_signed_in(first)
    assert not is_signed_in(second)
    assert supervisor_client.get("/admin/").status_code == 200
    assert f"sessions ended: user={officer_a.pk} by={supervisor.pk} sessions=2" in caplog.text


def test_a_supervisor_ending_their_own_sessions_keeps_the_one_in_use(supervisor_client, supervisor):
    other = browser_of(supervisor)

    supervisor_client.post(
        "/admin/accounts/user/", {"action": "end_sessions", "_selected_action": [supervisor.pk]}
    )

    assert not is_signed_in(other)
    assert supervisor_client.get("/admin/").status_code == 200


def test_a_supervisor_of_another_area_cannot_end_a_users_sessions(units, officer_a):
    victim_browser = browser_of(officer_a)
    outsider = Client()
    outsider.force_login(UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b))

    outsider.post(
        "/admin/accounts/user/", {"action": "end_sessions", "_selected_action": [officer_a.pk]}
    )

    assert is_signed_in(victim_browser)
