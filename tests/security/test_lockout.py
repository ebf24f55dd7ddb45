"""Login lockout (django-axes): repeated failures lock a username from one address only, for a
cool-off period, with a Vietnamese page."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client

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
