"""Logging in and out, in Vietnamese by default, English when chosen with the switcher."""

import re

from django.test import Client
from django.utils import translation

LOGIN_URL = "/accounts/login/"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert match, "no <html lang> in the page"
    return match.group(1)


def english(text: str) -> str:
    """The English catalogue's translation of one of our Vietnamese strings."""
    with translation.override("en"):
        return translation.gettext(text)


def test_the_login_page_is_vietnamese(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert html_lang(response) == "vi"
    assert "Đăng nhập" in response.content.decode()
    assert "Tên đăng nhập" in response.content.decode()


def test_the_login_page_is_vietnamese_even_for_an_english_browser(client, db):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert html_lang(response) == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_logging_in_with_the_right_password_goes_to_the_dashboard(client, officer_a):
    response = client.post(LOGIN_URL, {"username": "canbo.a", "password": officer_a.raw_password})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_logging_in_goes_back_to_the_page_asked_for(client, officer_a):
    response = client.post(
        LOGIN_URL,
        {"username": "canbo.a", "password": officer_a.raw_password, "next": "/accounts/password/"},
    )

    assert response["Location"] == "/accounts/password/"


def test_a_wrong_password_shows_a_vietnamese_error(client, officer_a):
    response = client.post(LOGIN_URL, {"username": "canbo.a", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_keeps_the_username_in_the_form(client, officer_a):
    response = client.post(LOGIN_URL, {"username": "canbo.a", "password": "sai-mat-khau"})

    assert 'value="canbo.a"' in response.content.decode()


def test_an_unknown_username_shows_the_same_vietnamese_error(client, db):
    response = client.post(LOGIN_URL, {"username": "khong.ai", "password": "sai-mat-khau"})

    assert WRONG in response.content.decode()


def test_a_wrong_password_is_vietnamese_even_for_an_english_browser(client, officer_a):
    response = client.post(
        LOGIN_URL,
        {"username": "canbo.a", "password": "sai-mat-khau"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )

    assert WRONG in response.content.decode()


def test_a_logged_in_user_visiting_login_is_sent_to_the_dashboard(client_a):
    response = client_a.get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logging_out_ends_the_session_and_lands_on_login(client_a):
    response = client_a.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert client_a.get("/").status_code == 302


def test_the_language_switcher_switches_to_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL}, follow=True)

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert html_lang(response) == "en"


def test_after_switching_to_english_the_page_uses_the_english_catalogue(client, db):
    assert english("Đăng nhập") != "Đăng nhập"

    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL})
    content = client.get(LOGIN_URL).content.decode()

    assert english("Đăng nhập") in content
    assert "Tên đăng nhập" not in content


def test_after_switching_to_english_the_dashboard_heading_is_english(client_a):
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client_a.get("/")

    assert html_lang(response) == "en"
    assert f'<h1 class="h3 mb-1">{english("Tổng quan")}</h1>' in response.content.decode()


def test_switching_back_to_vietnamese_restores_the_vietnamese_page(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL})
    client.post("/i18n/setlang/", {"language": "vi", "next": LOGIN_URL})

    response = client.get(LOGIN_URL)

    assert html_lang(response) == "vi"
    assert "Tên đăng nhập" in response.content.decode()


def test_an_unsupported_language_is_ignored(client, db):
    client.post("/i18n/setlang/", {"language": "fr", "next": LOGIN_URL})

    assert html_lang(client.get(LOGIN_URL)) == "vi"


def test_the_chosen_language_survives_logging_in(officer_a):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL})

    client.post(LOGIN_URL, {"username": "canbo.a", "password": officer_a.raw_password})

    assert html_lang(client.get("/")) == "en"
