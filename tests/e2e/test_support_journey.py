"""A support from proposal to payment: a district officer proposes the travel support, provincial
staff decide it and record it as given with the receipt, and the case's summary shows it."""

import datetime

import pytest
from playwright.sync_api import expect

from support_services.models import SupportRate, SupportType
from tests.e2e.test_dossier_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_propose_decide_and_record_a_support(
    live_server, browser, officer_a, provincial_staff, units, make_case, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(officer_a, units.district_a, received=datetime.date(2025, 8, 14))
    travel = SupportType.objects.get(regime="current", code="travel")
    SupportRate.objects.create(
        support_type=travel,
        amount=350_000,
        unit="trip",
        valid_from=datetime.date(2025, 7, 1),
        legal_basis="Mức minh họa (demo)",
        is_demo=True,
    )
    case_url = f"{live_server.url}/victims/cases/{case.pk}/"

    officer = browser.new_context().new_page()
    log_in(officer, live_server.url, officer_a)
    officer.goto(case_url)
    officer.click("[data-testid=tab-supports]")  # the case page's tab, loaded when opened
    officer.click("[data-testid=support-propose]")
    officer.select_option("#id_support_type", label=travel.name)
    officer.fill("#id_proposed_on", "16/08/2025")
    officer.fill("#id_quantity", "2")
    officer.click("[data-testid=step-save]")
    expect(officer.locator("[data-testid=support-status]")).to_have_text("Đề xuất")

    staff = browser.new_context().new_page()
    log_in(staff, live_server.url, provincial_staff)
    staff.goto(case_url)
    staff.click("[data-testid=tab-supports]")
    staff.click("[data-testid=support-approve]")
    staff.fill("#id_decision_number", "88/QĐ-SYT")
    staff.fill("#id_decision_date", "10/08/2025")  # before the proposal: refused
    staff.fill("#id_authority", "Sở Y tế tỉnh Thanh Hóa")
    staff.click("[data-testid=step-save]")
    expect(staff.locator("#id_decision_date").locator("xpath=..")).to_contain_text(
        "không được trước ngày đề xuất"
    )
    expect(staff.locator("#id_decision_number")).to_have_value("88/QĐ-SYT")
    staff.fill("#id_decision_date", "18/08/2025")
    staff.click("[data-testid=step-save]")
    expect(staff.locator("[data-testid=support-status]")).to_have_text("Đã quyết định hỗ trợ")

    receipt = tmp_path / "phieu-chi.pdf"
    receipt.write_bytes(b"%PDF-1.4\n%%EOF\n")
    staff.click("[data-testid=support-provide]")
    expect(staff.locator("[data-testid=default-amount]")).to_have_text("700.000 ₫")
    staff.fill("#id_provided_on", "20/08/2025")
    staff.select_option("#id_document_kind", "receipt")
    staff.fill("#id_document_number", "PC-125")
    staff.set_input_files("#id_document_file", str(receipt))
    staff.click("[data-testid=step-save]")

    expect(staff.locator("[data-testid=support-status]")).to_have_text("Đã hỗ trợ")
    summary = staff.locator("[data-testid=support-summary]")
    expect(summary).to_contain_text(travel.name)
    expect(summary).to_contain_text("700.000 ₫")
    expect(staff.locator("[data-testid=support-records]")).to_contain_text(
        "Phiếu chi, biên nhận PC-125"
    )
    expect(staff.locator("[data-testid=case-summary]")).not_to_contain_text(travel.name)  # given
    staff.click("[data-testid=tab-timeline]")
    expect(staff.locator("[data-testid=timeline]")).to_contain_text(f"{travel.name}: Đã hỗ trợ")
