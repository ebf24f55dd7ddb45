"""Separation of duties in the browser (issue 16 item 2): officer A proposes a support, sees
the decision button disabled with the reason, and officer B decides it."""

import datetime

import pytest
from playwright.sync_api import expect

from support_services.models import SupportType
from tests.e2e.test_dossier_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_a_proposes_and_officer_b_approves(
    live_server, browser, officer_a, provincial_staff, provincial_colleague, units, make_case
):
    case = make_case(officer_a, units.district_a, received=datetime.date(2025, 8, 14))
    travel = SupportType.objects.get(regime="current", code="travel")
    case_url = f"{live_server.url}/victims/cases/{case.pk}/"

    a = browser.new_context().new_page()
    log_in(a, live_server.url, provincial_staff)
    a.goto(case_url)
    a.click("[data-testid=tab-supports]")
    a.click("[data-testid=support-propose]")
    a.select_option("#id_support_type", label=travel.name)
    a.fill("#id_proposed_on", "16/08/2025")
    a.fill("#id_quantity", "1")
    a.click("[data-testid=step-save]")
    expect(a.locator("[data-testid=support-status]")).to_have_text("Đề xuất")
    expect(a.locator("[data-testid=support-approve]")).to_be_disabled()
    expect(a.locator("[data-testid=step-refused-reason]")).to_have_text(
        "Bạn đã đề xuất hỗ trợ này; người khác phải phê duyệt."
    )

    b = browser.new_context().new_page()
    log_in(b, live_server.url, provincial_colleague)
    b.goto(case_url)
    b.click("[data-testid=tab-supports]")
    expect(b.locator("[data-testid=step-refused]")).to_have_count(0)
    b.click("[data-testid=support-approve]")
    b.fill("#id_decision_number", "89/QĐ-SYT")
    b.fill("#id_decision_date", "18/08/2025")
    b.fill("#id_authority", "Sở Y tế tỉnh Thanh Hóa")
    b.click("[data-testid=step-save]")
    expect(b.locator("[data-testid=support-status]")).to_have_text("Đã quyết định hỗ trợ")

    b.click("[data-testid=tab-timeline]")
    timeline = b.locator("[data-testid=timeline]")
    expect(timeline).to_contain_text("Nguyễn Thị Lan")  # A proposed
    expect(timeline).to_contain_text("Vũ Đức Minh")  # B decided


def test_officer_a_proposes_a_closure_and_officer_b_approves_it(
    live_server, browser, officer_a, provincial_staff, provincial_colleague, units, make_case
):
    case = make_case(officer_a, units.district_a, received=datetime.date(2025, 1, 31))
    case_url = f"{live_server.url}/victims/cases/{case.pk}/?tab=followups"

    a = browser.new_context().new_page()
    log_in(a, live_server.url, provincial_staff)
    a.goto(case_url)
    a.click("summary:has-text('Đề nghị đóng hồ sơ')")
    a.fill("#id_close-closed_on", "02/06/2025")
    a.select_option("#id_close-reason", "reintegrated")
    a.fill("#id_close-note", "Đã ổn định cuộc sống")
    a.click("[data-testid=case-close]")
    expect(a.locator("[data-testid=closure-pending]")).to_contain_text("Đã ổn định cuộc sống")
    expect(a.locator("[data-testid=closure-approve]")).to_have_count(0)
    expect(a.locator("[data-testid=closure-refusal]")).to_contain_text(
        "Người đề nghị không được tự phê duyệt"
    )

    b = browser.new_context().new_page()
    log_in(b, live_server.url, provincial_colleague)
    b.goto(case_url)
    b.click("summary:has-text('Phê duyệt đóng hồ sơ')")
    b.click("[data-testid=closure-approve]")
    expect(b.locator("[data-testid=closure]")).to_contain_text("Vũ Đức Minh")  # B approved
    expect(b.locator("[data-testid=closure]")).to_contain_text("Nguyễn Thị Lan")  # A proposed
    case.refresh_from_db()
    assert case.status == "closed"
