"""What an admin changes takes effect on the user's next request; sessions expire."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

LOGIN_URL = "/accounts/login/"
EXPIRED = "Phiên làm việc đã hết hạn"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime.datetime(2026, 3, 2, 7, 30, tzinfo=HANOI)


def jurisdiction_shown(response) -> str:
    match = re.search(r'data-testid="jurisdiction">([^<]*)<', response.content.decode())
    assert match, "the dashboard shows no jurisdiction"
    return match.group(1)


# --- Changes by an administrator ----------------------------------------------------------------


def test_a_deactivated_user_is_sent_to_login_on_their_next_request(client_a, officer_a):
    assert client_a.get("/").status_code == 200

    officer_a.is_active = False
    officer_a.save()
    response = client_a.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/"


def test_a_deactivated_user_cannot_log_in_again(officer_a):
    officer_a.is_active = False
    officer_a.save()

    response = Client().post(LOGIN_URL, {"username": "canbo.a", "password": officer_a.raw_password})

    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_dashboard_shows_the_users_jurisdiction(client_a):
    assert jurisdiction_shown(client_a.get("/")) == "Huyện Thạch Thành, Thanh Hóa"


def test_a_new_jurisdiction_shows_on_the_next_request(client_a, officer_a, units):
    client_a.get("/")

    officer_a.jurisdiction = units.district_b
    officer_a.save()
    response = client_a.get("/")

    assert jurisdiction_shown(response) == "Huyện Đông Sơn, Thanh Hóa"
    assert "Huyện Thạch Thành" not in response.content.decode()


def test_the_dashboard_counts_the_units_and_users_of_the_jurisdiction(
    client_a, colleague_a, officer_b
):
    content = client_a.get("/").content.decode()

    assert "1 huyện cũ" in content
    assert "2 người dùng trên địa bàn" in content


def test_the_dashboard_needs_a_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/"


# --- Idle and absolute expiry -------------------------------------------------------------------


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_after_31_idle_minutes_the_next_request_goes_to_login(clock, client_a):
    assert client_a.get("/").status_code == 200

    clock.shift(datetime.timedelta(minutes=31))
    response = client_a.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/"


def test_an_expired_session_shows_the_vietnamese_message_on_the_login_page(clock, client_a):
    client_a.get("/")

    clock.shift(datetime.timedelta(minutes=31))
    response = client_a.get("/", follow=True)

    assert response.redirect_chain[-1][0] == f"{LOGIN_URL}?next=/"
    assert EXPIRED in response.content.decode()


def test_after_expiry_the_user_is_logged_out(clock, client_a):
    client_a.get("/")
    clock.shift(datetime.timedelta(minutes=31))
    client_a.get("/")

    assert client_a.get("/").status_code == 302
    assert "_auth_user_id" not in client_a.session


def test_activity_within_29_minutes_keeps_the_session(clock, client_a):
    client_a.get("/")

    for _ in range(4):
        clock.shift(datetime.timedelta(minutes=29))
        response = client_a.get("/")
        assert response.status_code == 200


def test_after_12_hours_the_session_expires_even_with_activity(clock, client_a):
    client_a.get("/")
    for _ in range(12 * 60 // 25):
        clock.shift(datetime.timedelta(minutes=25))
        assert client_a.get("/").status_code == 200

    clock.shift(datetime.timedelta(minutes=25))
    response = client_a.get("/", follow=True)

    assert response.redirect_chain[-1][0] == f"{LOGIN_URL}?next=/"
    assert EXPIRED in response.content.decode()


def test_page_polling_does_not_count_as_activity(clock, client_a):
    client_a.get("/")

    for minutes in (20, 5):
        clock.shift(datetime.timedelta(minutes=minutes))
        assert client_a.get("/", HTTP_HX_TRIGGER_NAME="poll").status_code == 200

    # 35 minutes after the last real activity, 10 after the last poll: expired.
    clock.shift(datetime.timedelta(minutes=10))
    assert client_a.get("/").status_code == 302
