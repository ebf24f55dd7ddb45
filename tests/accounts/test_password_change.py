"""Changing one's password: Django's validators with a 12-character minimum, in Vietnamese."""

from django.utils.html import escape

URL = "/accounts/password/"
# Django's own vi catalogue translates an older msgid; this is our override (locale/vi).
TOO_SHORT = "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 12 ký tự."


def change(client, old, new):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_password_change_page_needs_a_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_an_11_character_password_is_refused_with_a_vietnamese_message(client_a, officer_a):
    response = change(client_a, officer_a.raw_password, "Sông-Mã-26!")

    assert len("Sông-Mã-26!") == 11
    assert response.status_code == 200
    assert escape(TOO_SHORT) in response.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.check_password(officer_a.raw_password)


def test_a_common_password_is_refused(client_a, officer_a):
    response = change(client_a, officer_a.raw_password, "password1234")

    assert response.status_code == 200
    officer_a.refresh_from_db()
    assert officer_a.check_password(officer_a.raw_password)


def test_a_wrong_old_password_is_refused(client_a, officer_a):
    response = change(client_a, "khong-phai-mat-khau", "Đồi-chè-Thạch-Thành-2026")

    assert response.status_code == 200
    officer_a.refresh_from_db()
    assert officer_a.check_password(officer_a.raw_password)


def test_a_good_password_of_12_or_more_characters_is_accepted(client_a, officer_a):
    response = change(client_a, officer_a.raw_password, "Đồi-chè-Thạch-Thành-2026")

    assert response.status_code == 302
    assert response["Location"] == "/"
    officer_a.refresh_from_db()
    assert officer_a.check_password("Đồi-chè-Thạch-Thành-2026")


def test_after_a_password_change_the_user_stays_logged_in_and_is_told(client_a, officer_a):
    change(client_a, officer_a.raw_password, "Đồi-chè-Thạch-Thành-2026")

    response = client_a.get("/")

    assert response.status_code == 200
    assert "Đã đổi mật khẩu." in response.content.decode()
