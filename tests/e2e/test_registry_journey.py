"""A district officer enters a returnee with case and reception, then finds them by typing the
name without diacritics."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, ServedProvince
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_returnee_and_finds_them_without_diacritics(
    live_server, page, officer_a, units
):
    ServedProvince.objects.create(
        organisation=Organisation.current(), province=units.province, case_code_prefix="TH"
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", officer_a.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("form:has(#id_username) button[type=submit]")
    page.get_by_role("navigation").get_by_role("link", name="Nạn nhân", exact=True).click()
    page.click("[data-testid=new-case]")

    page.fill("#id_victim-full_name", "Đặng Thị Đào")
    page.select_option("#id_victim-sex", "female")
    page.fill("#id_victim-birth_year", "1999")
    page.select_option("#id_victim-permanent_province", label="Thanh Hóa")
    expect(
        page.locator("#id_victim-permanent_district option", has_text="Thạch Thành")
    ).to_have_count(1, timeout=20_000)
    page.select_option("#id_victim-permanent_district", label="Huyện Thạch Thành (cũ)")
    expect(page.locator("#id_victim-permanent_commune option", has_text="Thạch Lâm")).to_have_count(
        1, timeout=20_000
    )
    page.select_option("#id_victim-permanent_commune", label="Xã Thạch Lâm (cũ)")
    page.select_option("#id_case-destination_country", "CN")
    page.check("input[name='case-exploitation_forms'] >> nth=0")
    page.fill("#id_reception-received_on", "15/03/2024")
    page.select_option("#id_reception-channel", "handed_over")
    page.select_option("#id_reception-agency_type", "border_guard")
    page.click("[data-testid=save]")

    expect(page.locator("h1")).to_contain_text("TH-2024-0001 · Đặng Thị Đào")
    expect(page.locator("text=Xã Thạch Lâm, Huyện Thạch Thành, Thanh Hóa")).to_be_visible()

    page.click("text=Nạn nhân và vụ việc")
    page.fill("[data-testid=search]", "dang thi dao")
    page.keyboard.press("Enter")
    table = page.locator("[data-testid=case-table]")
    expect(table).to_contain_text("TH-2024-0001")
    expect(table).to_contain_text("Đặng Thị Đào")
