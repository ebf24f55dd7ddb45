"""Login lockout (django-axes): repeated failures lock a username from one address only, for a
cool-off period, with a Vietnamese page."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from accounts.lockout import minutes_to_wait
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})


def fail_until_locked(username, ip="10.0.0.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(username, "sai-mat-khau", ip)


def test_repeated_failures_lock_the_username_from_that_address(officer_a):
    fail_until_locked(officer_a.username)

    response = attempt(officer_a.username, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert f"sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_same_office_address_still_lets_colleagues_in(officer_a, colleague_a):
    fail_until_locked(officer_a.username)

    response = attempt(colleague_a.username, DEFAULT_PASSWORD)

    assert response.status_code == 302


def test_the_locked_username_may_log_in_from_another_address(officer_a):
    fail_until_locked(officer_a.username, ip="10.0.0.1")

    assert attempt(officer_a.username, DEFAULT_PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lock_lifts_after_the_cool_off(officer_a):
    fail_until_locked(officer_a.username)

    later = (
        datetime.datetime.now(datetime.UTC)
        + settings.AXES_COOLOFF_TIME
        + datetime.timedelta(minutes=1)
    )
    with time_machine.travel(later):
        assert attempt(officer_a.username, DEFAULT_PASSWORD).status_code == 302


def test_failures_below_the_limit_do_not_lock(officer_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(officer_a.username, "sai-mat-khau")

    assert attempt(officer_a.username, DEFAULT_PASSWORD).status_code == 302


# --- Issue 18, finding 8: forged addresses and guessing spread over many addresses ----------


def forged_attempt(username, password, forged, remote="10.0.0.9"):
    return Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forged).post(
        LOGIN, {"username": username, "password": password}
    )


def test_a_forged_x_forwarded_for_does_not_reset_the_count_when_no_proxy_is_trusted(
    officer_a, settings
):
    # A proxy set up differently from the guide (it passes the client's header on), or none.
    settings.BEHIND_HTTPS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt_number in range(settings.AXES_FAILURE_LIMIT):
        forged_attempt(officer_a.username, "sai-mat-khau", f"198.51.100.{attempt_number}")

    response = forged_attempt(officer_a.username, DEFAULT_PASSWORD, "198.51.100.200")

    assert response.status_code == 429


def test_the_default_trusts_no_forwarded_address(settings):
    from django.test import RequestFactory

    from accounts.audit import client_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert settings.TRUSTED_PROXY_COUNT == 0
    assert client_address(request) == "10.0.0.9"


def test_with_one_trusted_proxy_only_the_address_it_appended_counts(officer_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt_number in range(settings.AXES_FAILURE_LIMIT):
        # The client forges the first address; the proxy appends the real one.
        forged_attempt(officer_a.username, "sai-mat-khau", f"1.2.3.{attempt_number}, 203.0.113.7")

    locked = forged_attempt(officer_a.username, DEFAULT_PASSWORD, "9.9.9.9, 203.0.113.7")
    other_client = forged_attempt(officer_a.username, DEFAULT_PASSWORD, "9.9.9.9, 203.0.113.8")

    assert locked.status_code == 429
    assert other_client.status_code == 302


def test_with_two_trusted_proxies_the_client_is_the_second_address_from_the_end(settings):
    from django.test import RequestFactory

    from accounts.audit import client_address

    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
    )
    short = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_address(request) == "203.0.113.7"
    # Fewer addresses than trusted proxies: the request did not come through them.
    assert client_address(short) == "10.0.0.2"


def test_guessing_spread_over_many_addresses_locks_the_username_everywhere(officer_a, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 8
    for address in range(8):
        # Below the per-address limit at each address.
        attempt(officer_a.username, "sai-mat-khau", ip=f"10.1.0.{address}")

    response = attempt(officer_a.username, DEFAULT_PASSWORD, ip="10.1.0.250")

    assert response.status_code == 429
    assert "từ nhiều địa chỉ khác nhau" in response.content.decode()


def test_failures_from_several_addresses_below_the_username_limit_do_not_lock(officer_a, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 8
    for address in range(7):
        attempt(officer_a.username, "sai-mat-khau", ip=f"10.1.0.{address}")

    assert attempt(officer_a.username, DEFAULT_PASSWORD, ip="10.1.0.250").status_code == 302


def test_the_username_limit_is_higher_than_the_address_limit_by_default():
    # A colleague's typos from the office must not lock the account everywhere at once.
    assert settings.LOGIN_USERNAME_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_the_wait_is_the_cool_off_from_the_lock_rounded_up_to_whole_minutes():
    locked_at = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    cool_off = datetime.timedelta(minutes=15)

    def wait_at(minutes, seconds=0):
        now = locked_at + datetime.timedelta(minutes=minutes, seconds=seconds)
        return minutes_to_wait(locked_at=locked_at, cool_off=cool_off, now=now)

    assert wait_at(0) == 15
    assert wait_at(4, 30) == 11
    assert wait_at(14, 1) == 1
    assert wait_at(15) == 1  # never "0 minutes" on a page that still refuses


def test_the_lockout_page_says_how_many_minutes_to_wait(officer_a):
    fail_until_locked(officer_a.username)

    response = attempt(officer_a.username, DEFAULT_PASSWORD)

    # Every attempt while locked counts as a failure (django-axes), so the cool-off starts again
    # from it: the whole configured cool-off remains.
    minutes = settings.AXES_COOLOFF_TIME.total_seconds() / 60
    assert response.status_code == 429
    assert f"Vui lòng thử lại sau {minutes:.0f} phút" in response.content.decode()


def english_lockout_page(username, cool_off, settings):
    settings.AXES_COOLOFF_TIME = cool_off
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False):
        client = Client(REMOTE_ADDR="10.0.0.1")
        client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(LOGIN, {"username": username, "password": "sai-mat-khau"})
        return client.post(LOGIN, {"username": username, "password": DEFAULT_PASSWORD})


def test_the_english_lockout_page_says_one_minute(officer_a, settings):
    response = english_lockout_page(officer_a.username, datetime.timedelta(seconds=40), settings)

    assert response.status_code == 429
    assert "Please try again in 1 minute," in response.content.decode()


def test_the_english_lockout_page_says_two_minutes(officer_a, settings):
    response = english_lockout_page(officer_a.username, datetime.timedelta(minutes=2), settings)

    assert response.status_code == 429
    assert "Please try again in 2 minutes," in response.content.decode()
