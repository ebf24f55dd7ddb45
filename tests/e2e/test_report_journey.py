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
    page.select_option("#id_unit", str(units.province.pk))
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
