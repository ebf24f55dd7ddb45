"""Two-factor authentication (TOTP, django-otp): set-up, verification after the password, wrong
codes throttled and logged with ids only, every page closed until verified, the admin closed to
an unverified session whatever TWO_FACTOR_ROLES says, and the demo's code command."""

import datetime
import logging

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.two_factor import current_code, demo_device_ensure, device_key_text
from tests.conftest import two_factor_device
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/"
ENROL = "/accounts/two-factor/setup/"
T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def log_in(user, next_url="/") -> Client:
    """Through the login form, password only: what a person does before the code."""
    client = Client()
    response = client.post(
        f"{LOGIN}?next={next_url}", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302, "the password step failed"
    return client


def enter_code(client, code, url=VERIFY, next_url="/"):
    return client.post(url, {"token": code, "next": next_url})


def test_provincial_staff_without_a_device_are_sent_to_set_one_up(provincial_staff):
    client = log_in(provincial_staff)

    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2F"
    page = response.content.decode()
    assert "Thiết lập xác thực hai bước" in page
    assert "<svg" in page  # the QR code, drawn by the application
    device = TOTPDevice.objects.get(user=provincial_staff)
    assert not device.confirmed
    assert device_key_text(device) in page


def test_the_qr_code_holds_the_key_and_needs_no_outside_service(provincial_staff):
    client = log_in(provincial_staff)

    page = client.get(ENROL).content.decode()

    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )
    assert 'data-testid="qr-code"' in page


def test_a_code_of_the_new_key_confirms_the_device_and_opens_the_application(provincial_staff):
    client = log_in(provincial_staff)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=provincial_staff)

    response = enter_code(client, current_code(device), url=ENROL)

    assert response.status_code == 302
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_a_wrong_code_does_not_confirm_a_new_device(provincial_staff):
    client = log_in(provincial_staff)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=provincial_staff)

    response = enter_code(client, "000000" if current_code(device) != "000000" else "111111", ENROL)

    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"].startswith(ENROL)


def test_a_user_with_a_device_enters_a_code_after_the_password(supervisor):
    device = two_factor_device(supervisor)
    client = log_in(supervisor)

    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"
    assert "Xác thực hai bước" in client.get(VERIFY).content.decode()

    response = enter_code(client, current_code(device))

    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_set_up_page_is_closed_once_a_device_is_confirmed(supervisor):
    """Whoever holds only the password cannot set up a second device of their own."""
    two_factor_device(supervisor)
    client = log_in(supervisor)

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=supervisor).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/victims/",
        "/verification/",
        "/support/supports/",
        "/reports/",
        "/accounts/account/",
        "/accounts/password/",
        "/accounts/notifications/",
    ],
)
def test_every_page_sends_an_unverified_session_to_the_code_page(provincial_staff, url):
    two_factor_device(provincial_staff)
    client = log_in(provincial_staff)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_logout_and_the_language_switch_stay_open_before_the_code(provincial_staff):
    two_factor_device(provincial_staff)
    client = log_in(provincial_staff)

    assert client.post("/i18n/setlang/", {"language": "en", "next": VERIFY})["Location"] == VERIFY
    assert client.get(VERIFY).status_code == 200
    assert client.post("/accounts/logout/")["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_logged_with_ids_only(provincial_staff, caplog):
    device = two_factor_device(provincial_staff)
    wrong = "123456" if current_code(device) != "123456" else "654321"
    client = log_in(provincial_staff)

    with caplog.at_level(logging.INFO, logger="trafficking_cases.security"):
        response = enter_code(client, wrong)

    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    assert client.get("/").status_code == 302
    refused = [r.getMessage() for r in caplog.records if "code refused" in r.getMessage()]
    assert refused == [
        f"two-factor code refused: user={provincial_staff.pk} device={device.pk} failures=1"
    ]
    assert provincial_staff.username not in caplog.text
    assert provincial_staff.last_name not in caplog.text


def test_wrong_codes_are_throttled_then_the_right_code_works_after_the_wait(provincial_staff):
    device = two_factor_device(provincial_staff)
    client = log_in(provincial_staff)
    with time_machine.travel(T0, tick=False) as clock:
        good = current_code(device)
        wrong = "000000" if good != "000000" else "111111"
        enter_code(client, wrong)
        enter_code(client, wrong)  # refused by the throttle: the first wait (1 s) is not over
        clock.shift(1.5)
        enter_code(client, wrong)  # the second failure: the wait doubles to 2 s

        too_soon = enter_code(client, current_code(device))

        assert too_soon.status_code == 200
        assert "Nhập sai quá nhiều lần" in too_soon.content.decode()
        assert client.get("/").status_code == 302

        clock.shift(2.5)
        response = enter_code(client, current_code(device))

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_is_accepted_only_once(provincial_staff):
    device = two_factor_device(provincial_staff)
    with time_machine.travel(T0, tick=False):
        code = current_code(device)
        first = log_in(provincial_staff)
        assert enter_code(first, code).status_code == 302

        second = log_in(provincial_staff)
        response = enter_code(second, code)

    assert response.status_code == 200
    assert second.get("/").status_code == 302


def test_the_next_address_never_leads_to_another_site(provincial_staff):
    device = two_factor_device(provincial_staff)
    client = log_in(provincial_staff)

    response = enter_code(client, current_code(device), next_url="https://example.com/")

    assert response["Location"] == "/"


def test_a_district_officer_is_not_asked_for_a_code_by_default(officer_a):
    client = log_in(officer_a)

    assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.filter(user=officer_a).exists()


def test_the_roles_that_need_a_code_come_from_the_setting(settings, officer_a, provincial_staff):
    settings.TWO_FACTOR_ROLES = ["district_officer"]

    officer = log_in(officer_a)
    staff = log_in(provincial_staff)

    assert officer.get("/")["Location"] == f"{ENROL}?next=%2F"
    assert staff.get("/").status_code == 200


def test_a_user_who_chose_to_set_up_a_device_uses_it(officer_a):
    two_factor_device(officer_a)

    client = log_in(officer_a)

    assert client.get("/")["Location"].startswith(VERIFY)


def test_the_admin_is_closed_to_an_unverified_supervisor(supervisor):
    two_factor_device(supervisor)
    client = log_in(supervisor, next_url="/admin/")

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_the_admin_needs_a_code_even_when_no_role_needs_two_factor(settings, supervisor):
    settings.TWO_FACTOR_ROLES = []
    client = log_in(supervisor)

    assert client.get("/").status_code == 200  # the application itself is open…
    response = client.get("/admin/")  # …the admin is not

    assert response.status_code == 302
    assert response["Location"].startswith(f"{ENROL}?next=")


def test_the_admin_opens_once_the_supervisor_entered_a_code(settings, supervisor):
    settings.TWO_FACTOR_ROLES = []
    device = two_factor_device(supervisor)
    client = log_in(supervisor)
    enter_code(client, current_code(device), next_url="/admin/")

    assert client.get("/admin/").status_code == 200


def test_the_admin_login_form_alone_does_not_open_the_admin(supervisor):
    two_factor_device(supervisor)
    client = Client()
    client.post("/admin/login/", {"username": supervisor.username, "password": DEFAULT_PASSWORD})

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_the_devices_and_their_keys_are_not_listed_in_the_admin(supervisor_client):
    response = supervisor_client.get("/admin/otp_totp/totpdevice/")

    assert response.status_code in (403, 404)
    assert "otp_totp" not in supervisor_client.get("/admin/").content.decode()


def test_the_account_page_shows_the_device_and_regenerates_it(provincial_client, provincial_staff):
    old = two_factor_device(provincial_staff)
    page = provincial_client.get("/accounts/account/").content.decode()
    assert "Đã thiết lập ứng dụng xác thực." in page

    response = provincial_client.post("/accounts/account/device/")

    assert response["Location"].startswith(ENROL)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    new = TOTPDevice.objects.get(user=provincial_staff)
    assert not new.confirmed and new.key != old.key
    # Until the new key is confirmed, the application asks for it.
    assert provincial_client.get("/")["Location"].startswith(ENROL)
    assert enter_code(provincial_client, current_code(new), url=ENROL)["Location"] == "/"
    assert provincial_client.get("/").status_code == 200


def test_a_supervisor_resets_the_device_of_a_user_of_their_area(
    supervisor_client, provincial_staff
):
    two_factor_device(provincial_staff)

    response = supervisor_client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [provincial_staff.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=provincial_staff).exists()
    assert log_in(provincial_staff).get("/")["Location"].startswith(ENROL)


def test_a_supervisor_of_another_area_cannot_reset_a_device(units, provincial_staff):
    device = two_factor_device(provincial_staff)
    outsider = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b)
    client = Client()
    client.force_login(outsider)

    client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [provincial_staff.pk]},
    )

    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_demo_command_prints_the_code_of_a_demo_device(capsys, provincial_staff):
    device = demo_device_ensure(user=provincial_staff)
    with time_machine.travel(T0, tick=False):
        call_command("demo_otp_code", provincial_staff.username)
        expected = current_code(device)

    assert capsys.readouterr().out.strip() == expected


def test_the_demo_command_refuses_a_device_that_is_not_a_demo_device(capsys, provincial_staff):
    two_factor_device(provincial_staff)

    with pytest.raises(CommandError, match="not a demo device"):
        call_command("demo_otp_code", provincial_staff.username)

    assert capsys.readouterr().out == ""


def test_the_demo_command_refuses_a_device_named_demo_with_a_secret_key(provincial_staff):
    TOTPDevice.objects.create(user=provincial_staff, name="demo", confirmed=True)

    with pytest.raises(CommandError):
        call_command("demo_otp_code", provincial_staff.username)


def test_demo_users_of_the_roles_get_the_demo_device(units):
    from accounts.demo import seed

    users = {user.username: user for user, _password in seed()}

    for username in ("quantri", "canbo.tinh"):
        device = TOTPDevice.objects.get(user=users[username], confirmed=True)
        assert device.key == settings.DEMO_OTP_KEY
    assert not TOTPDevice.objects.filter(user=users["canbo.thachthanh"]).exists()
