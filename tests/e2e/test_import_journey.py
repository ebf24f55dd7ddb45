"""An officer imports a returnee list: the upload returns at once, the page shows the progress
as a real Celery worker checks the rows, the officer confirms and sees what was saved, and
downloads the rows in error (issue 16 item 8)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_dossier_journey import log_in
from tests.victims.test_import import row, workbook
from victims.models import Case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_see_the_progress_confirm_and_see_the_result(
    live_server, browser, celery_worker, officer_a, units, thanh_hoa_served, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [row(full_name=f"Lò Thị Mai {index}") for index in range(30)]
    rows.append(row(full_name="", note="dòng thiếu tên"))
    upload = tmp_path / "danh-sach.xlsx"
    upload.write_bytes(workbook(*rows))
    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, live_server.url, officer_a)

    page.goto(f"{live_server.url}/victims/import/")
    page.set_input_files("#id_file", str(upload))
    page.click("[data-testid=import-check]")

    expect(page).to_have_url(re.compile(r"/victims/import/\d+/$"))
    # The page reloads itself when the check is done: the preview and the confirmation.
    expect(page.locator("[data-testid=import-counts]")).to_contain_text(
        "30 dòng hợp lệ", timeout=60_000
    )
    expect(page.locator("[data-testid=import-preview]")).to_contain_text("Thiếu họ và tên.")
    page.click("[data-testid=import-confirm]")

    expect(page.locator("[data-testid=import-saved]")).to_have_text(
        "Đã lưu 30 vụ việc.", timeout=60_000
    )
    assert Case.objects.count() == 30
    with page.expect_download() as download_info:
        page.click("[data-testid=import-errors]")
    assert download_info.value.suggested_filename == "dong-loi-nhap-danh-sach.xlsx"
