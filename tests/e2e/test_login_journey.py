"""A district officer's first visit: log in, the Vietnamese dashboard, English and back, log out."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def english(text: str) -> str:
    with translation.override("en"):
        return translation.gettext(text)


def test_a_district_officer_logs_in_switches_language_and_logs_out(
    live_server, page: Page, officer_a
):
    page.goto(f"{live_server.url}/")

    # Not logged in: the Vietnamese login page.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").fill("canbo.a")
    page.get_by_label("Mật khẩu").fill(officer_a.raw_password)
    page.locator("form button[type=submit]", has_text="Đăng nhập").click()

    # The Vietnamese dashboard of their own area.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    expect(page.get_by_test_id("jurisdiction")).to_have_text("Huyện Thạch Thành, Thanh Hóa")
    expect(page.get_by_test_id("language-vi")).to_have_attribute("aria-current", "true")

    # English.
    page.get_by_test_id("language-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("language-en")).to_have_attribute("aria-current", "true")
    heading = english("Tổng quan")
    assert heading != "Tổng quan"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # Back to Vietnamese.
    page.get_by_test_id("language-vi").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")

    # Log out from the user menu.
    page.locator("#user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")


def test_every_stylesheet_and_script_of_the_login_page_loads(live_server, page: Page, db):
    failed = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )

    page.goto(f"{live_server.url}/accounts/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert failed == []
