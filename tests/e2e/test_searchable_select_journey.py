"""Long selects are searchable: an officer picks a legacy district and a country by typing
their names without diacritics, with the keyboard only, and the saved case holds them."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, ServedProvince
from tests.factories import DEFAULT_PASSWORD, DistrictFactory, LegacyCommuneFactory
from victims.models import Case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_picks_a_unit_and_a_country_by_typing_without_diacritics(
    live_server, page, officer_a, units
):
    ServedProvince.objects.create(
        organisation=Organisation.current(), province=units.province, case_code_prefix="TH"
    )
    # Enough legacy districts for the district select to be a long one.
    ha_trung = DistrictFactory(code="389", name="Huyện Hà Trung", parent=units.province)
    LegacyCommuneFactory(code="15001", name="Xã Hà Bắc", parent=ha_trung)
    DistrictFactory(code="390", name="Huyện Hoằng Hóa", parent=units.province)
    for index in range(14):
        DistrictFactory(code=f"{600 + index}", name=f"Huyện Số {index}", parent=units.province)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", officer_a.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("form:has(#id_username) button[type=submit]")
    page.goto(f"{live_server.url}/victims/new/")

    page.fill("#id_victim-full_name", "Lê Thị Hoa")
    page.select_option("#id_victim-sex", "female")
    page.fill("#id_victim-birth_year", "1998")
    page.select_option("#id_victim-permanent_province", label="Thanh Hóa")

    # The district: type "ha trung" in the search box, the arrow keys and Enter pick it.
    district_box = page.locator("#id_victim-permanent_district-ts-control")
    expect(district_box).to_be_visible(timeout=20_000)
    district_box.focus()
    page.keyboard.type("ha trung")
    dropdown = page.locator("#id_victim-permanent_district-ts-dropdown")
    expect(dropdown.locator(".option")).to_have_count(1)
    expect(dropdown.locator(".option.active")).to_have_text("Huyện Hà Trung (cũ)")
    page.keyboard.press("Enter")
    # htmx brings the communes of the district chosen.
    expect(page.locator("#id_victim-permanent_commune option", has_text="Hà Bắc")).to_have_count(
        1, timeout=20_000
    )
    page.select_option("#id_victim-permanent_commune", label="Xã Hà Bắc (cũ)")

    # The country: "trung quoc" finds "Trung Quốc"; the order of the list is Vietnamese.
    country_box = page.locator("#id_case-destination_country-ts-control")
    country_box.focus()
    page.keyboard.type("trung quoc")
    country_dropdown = page.locator("#id_case-destination_country-ts-dropdown")
    expect(country_dropdown.locator(".option.active")).to_have_text("Trung Quốc")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.locator("#id_case-destination_country")).to_have_value("CN")
    # The next field is reached by the keyboard too: focusing it leaves the country box and
    # closes its list (Tom Select may reopen the list on its own focus right after Enter, and a
    # mouse click would then land on an option of the open list).
    first_form = page.locator("input[name='case-exploitation_forms']").first
    first_form.focus()
    expect(country_dropdown).to_be_hidden()
    page.keyboard.press("Space")
    expect(first_form).to_be_checked()
    expect(page.locator("#id_case-destination_country")).to_have_value("CN")
    page.fill("#id_reception-received_on", "15/03/2024")
    page.select_option("#id_reception-channel", "handed_over")
    page.select_option("#id_reception-agency_type", "border_guard")
    page.click("[data-testid=save]")

    expect(page.locator("h1")).to_contain_text("TH-2024-0001 · Lê Thị Hoa")
    case = Case.objects.select_related("victim__permanent_unit").get(code="TH-2024-0001")
    assert case.destination_country.code == "CN"
    assert case.victim.permanent_unit.name == "Xã Hà Bắc"
    assert case.victim.permanent_unit.parent == ha_trung
