"""The case page reads at a glance (issue 16 item 6) and numbers are need-to-know (item 5):
the summary is on top, a tab's panel loads when it is opened — by mouse, by keyboard or by a
deep link — and an officer reveals a masked ID number, which the access log records."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import AccessAction, AccessLog
from support_services.models import SupportType
from support_services.supports import services as support_services
from tests.e2e.test_dossier_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ID_NUMBER = "038190001245"


@pytest.fixture
def case(officer_a, units, make_case):
    case = make_case(
        officer_a,
        units.district_a,
        received=datetime.date(2025, 8, 14),
        id_number=ID_NUMBER,
        birth_year=1990,
    )
    support_services.support_propose(
        actor=officer_a,
        case=case,
        support_type=SupportType.objects.get(regime="current", code="medical"),
        quantity=1,
        on_date=datetime.date(2025, 8, 16),
    )
    return case


def test_the_summary_is_on_top_and_tabs_load_when_opened_by_keyboard(
    live_server, page, officer_a, case
):
    case_url = f"{live_server.url}/victims/cases/{case.pk}/"
    log_in(page, live_server.url, officer_a)
    page.goto(case_url)

    summary = page.locator("[data-testid=case-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Có dấu hiệu bị mua bán")
    expect(summary).to_contain_text("Luật PCMBN 2024 (từ 01/07/2025)")
    expect(summary.locator("[data-testid=summary-open]")).to_contain_text("(Đề xuất)")
    expect(page.locator("[data-testid=overview]")).to_be_visible()
    # The dossier's panel is not built with the page.
    expect(page.locator("[data-testid=dossier-create]")).to_have_count(0)

    # By keyboard: focus the first tab, the arrow key moves to the dossier, which loads.
    page.focus("[data-testid=tab-overview]")
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-testid=tab-dossier]")).to_be_focused()
    expect(page.locator("[data-testid=tab-dossier]")).to_have_attribute("aria-selected", "true")
    expect(page.locator("[data-testid=dossier-create]")).to_be_visible()
    expect(page.locator("[data-testid=overview]")).to_be_hidden()
    assert "tab=dossier" in page.url  # the address follows the open tab

    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-testid=panel-supports]")).to_contain_text("Đề xuất")
    # Enter on a focused tab opens it too.
    page.focus("[data-testid=tab-followups]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=followups]")).to_be_visible()

    # A deep link opens its tab.
    page.goto(f"{case_url}#timeline")
    expect(page.locator("[data-testid=timeline]")).to_be_visible()
    page.goto(f"{case_url}?tab=referrals")
    expect(page.locator("[data-testid=referrals]")).to_be_visible()


def test_an_officer_reveals_a_masked_id_number_and_the_access_log_has_the_row(
    live_server, page, officer_a, case
):
    log_in(page, live_server.url, officer_a)
    page.goto(f"{live_server.url}/victims/people/{case.victim_id}/")

    expect(page.locator("[data-testid=masked-id_number]")).to_have_text("038*******45")
    expect(page.locator("body")).not_to_contain_text(ID_NUMBER)

    page.click("[data-testid=reveal-id_number]")

    expect(page.locator("[data-testid=revealed-id_number]")).to_have_text(ID_NUMBER)
    assert page.url.endswith(f"/victims/people/{case.victim_id}/")  # never in the address
    row = AccessLog.objects.get(action=AccessAction.REVEAL)
    assert (row.user_id, row.person_id, row.details) == (
        officer_a.pk,
        case.victim_id,
        {"field": "id_number"},
    )
