"""A dossier goes from draft to "identified" with two users: a district officer submits it,
provincial staff send it for verification, add the police certificate and record the result."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.two_factor import current_code
from tests.conftest import needs_two_factor, two_factor_device
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, user):
    device = two_factor_device(user) if needs_two_factor(user) else None
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("form:has(#id_username) button[type=submit]")
    if device is not None:
        # Supervisors and provincial staff enter the code of their authenticator app.
        expect(page.locator("h1")).to_have_text("Xác thực hai bước")
        page.fill("#id_token", current_code(device))
        page.click("[data-testid=verify]")
    expect(page.locator("h1")).to_have_text("Tổng quan")


def test_a_dossier_from_draft_to_identified_with_two_users(
    live_server, browser, officer_a, provincial_staff, units, make_case, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(officer_a, units.district_a, received=datetime.date(2025, 8, 14))
    case_url = f"{live_server.url}/victims/cases/{case.pk}/"

    officer = browser.new_context().new_page()
    log_in(officer, live_server.url, officer_a)
    officer.goto(case_url)
    officer.click("[data-testid=tab-dossier]")  # the case page's tab, loaded when opened
    officer.click("[data-testid=dossier-create]")
    officer.click("text=Gửi hồ sơ lên Sở")
    officer.locator("input[name$='-notified_on']").fill("15/08/2025")
    officer.click("[data-testid=action-submit]")
    expect(officer.locator("[data-testid=dossier-status]")).to_have_text("Đã gửi lên Sở")

    staff = browser.new_context().new_page()
    log_in(staff, live_server.url, provincial_staff)
    staff.goto(case_url)
    staff.click("[data-testid=tab-dossier]")
    staff.click("text=Gửi đề nghị xác minh")
    send = staff.locator("form:has([data-testid=action-send])")
    send.locator("input[name$='-agency']").fill("Công an tỉnh Thanh Hóa")
    send.locator("input[name$='-letter_number']").fill("125/SYT-BTXH")
    send.locator("input[name$='-letter_date']").fill("20/08/2025")
    staff.click("[data-testid=action-send]")
    expect(staff.locator("[data-testid=dossier-status]")).to_have_text("Đã đề nghị xác minh")

    certificate = tmp_path / "giay-xac-nhan.pdf"
    certificate.write_bytes(b"%PDF-1.4\n%%EOF\n")
    staff.click("text=Thêm tài liệu căn cứ")
    staff.select_option("#id_ground", "procedural_body")
    staff.select_option("#id_kind", "police_certificate")
    staff.fill("#id_number", "45/XN-CAT")
    staff.set_input_files("#id_file", str(certificate))
    staff.click("[data-testid=evidence-save]")
    expect(staff.locator("[data-testid=checklist]")).to_contain_text("45/XN-CAT")

    staff.click("text=Ghi nhận kết quả xác minh")
    record = staff.locator("form:has([data-testid=action-record])")
    record.locator("select[name$='-result']").select_option("identified")
    record.locator("input[name$='-reply_number']").fill("88/CAT-PC02")
    record.locator("input[name$='-reply_date']").fill("02/09/2025")
    staff.click("[data-testid=action-record]")

    expect(staff.locator("[data-testid=dossier-status]")).to_have_text("Xác định là nạn nhân")
    expect(staff.locator("[data-testid=status]")).to_have_text("Đã xác định là nạn nhân")
