"""Provincial staff run the annual report from the Reports page: the request returns at once, the
progress bar fills as a real Celery worker builds the report, and both files download."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.test_dossier_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_run_the_annual_report_and_download_both_files(
    live_server,
    browser,
    celery_worker,
    officer_a,
    provincial_staff,
    units,
    make_case,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path
    make_case(officer_a, units.district_a, received=datetime.date(2024, 5, 10))
    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, live_server.url, provincial_staff)

    page.goto(f"{live_server.url}/reports/")
    page.select_option("#id_kind", "annual")
    page.fill("#id_year", "2024")
    # The scope picker: a searchable tree, the province first and chosen by default.
    tree = page.locator("[data-testid=scope-tree]")
    expect(tree.locator("[role=treeitem]").first).to_contain_text("Tỉnh Thanh Hóa")
    expect(tree.locator("[aria-selected=true]")).to_contain_text("Tỉnh Thanh Hóa")
    assert page.locator("#id_unit").input_value() == str(units.province.pk)
    page.click("[data-testid=report-request]")

    row = page.locator("[data-testid=report-run]").first
    expect(row.locator("[data-testid=report-status]")).to_have_text("Đã xong", timeout=60_000)
    for kind, suffix in (("docx", ".docx"), ("xlsx", ".xlsx")):
        with page.expect_download() as download_info:
            row.locator(f"[data-testid=download-{kind}]").click()
        download = download_info.value
        assert download.suggested_filename.endswith(suffix)
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        assert path.read_bytes()[:2] == b"PK"


def test_the_scope_picker_finds_a_legacy_commune_with_the_keyboard(
    live_server, browser, provincial_staff, units
):
    page = browser.new_page()
    log_in(page, live_server.url, provincial_staff)
    page.goto(f"{live_server.url}/reports/")
    tree = page.locator("[data-testid=scope-tree]")
    # Legacy districts are closed: their communes are hidden until opened or searched.
    expect(tree.get_by_text("Xã Thạch Lâm", exact=False)).to_be_hidden()

    search = page.locator("[data-testid=scope-search]")
    search.fill("thach lam")  # without diacritics
    expect(tree.locator("[role=treeitem]:visible")).to_have_count(3)  # province, district, commune
    search.press("ArrowDown")  # into the tree: the province
    page.keyboard.press("ArrowDown")  # the district
    page.keyboard.press("ArrowDown")  # the commune
    page.keyboard.press("Enter")

    assert page.locator("#id_unit").input_value() == str(units.commune_a1.pk)
    expect(tree.locator("[aria-selected=true]")).to_contain_text("Xã Thạch Lâm (xã cũ")
    search.fill("")
    search.press("Escape")
    expect(tree.locator("[role=treeitem]").first).to_contain_text("Tỉnh Thanh Hóa")
    page.fill("#id_year", "2024")
    page.click("[data-testid=report-request]")
    expect(page.locator("[data-testid=report-run]").first).to_contain_text("Xã Thạch Lâm")


def test_the_scope_select_works_without_the_script(live_server, browser, officer_a, units):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, officer_a)
    page.goto(f"{live_server.url}/reports/")

    options = page.locator("#id_unit option").all_text_contents()
    assert options[0].startswith("Huyện Thạch Thành (huyện cũ, đến 30/06/2025)")
    page.select_option("#id_unit", str(units.commune_a2.pk))
    page.fill("#id_year", "2024")
    page.click("[data-testid=report-request]")
    expect(page.locator("[data-testid=report-run]").first).to_contain_text("Xã Thạch Quảng")
