"""A refused verification result in the browser keeps what was typed, with the reason next to
the reply date; the officer fixes the date and the step succeeds (issue 16 item 1)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_dossier_journey import log_in
from tests.verification.conftest import add_certifying_document
from verification import services
from verification.models import DossierStatus, VerificationDossier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_refused_result_keeps_its_values_and_succeeds_once_the_date_is_fixed(
    live_server, browser, officer_a, provincial_staff, units, make_case
):
    case = make_case(officer_a, units.district_a, received=datetime.date(2025, 8, 14))
    dossier = services.dossier_submit(
        actor=officer_a, dossier=services.dossier_create(actor=officer_a, case=case)
    )
    dossier = services.dossier_send(
        actor=provincial_staff,
        dossier=dossier,
        agency="Công an tỉnh Thanh Hóa",
        letter_number="125/SYT-BTXH",
        letter_date=datetime.date(2025, 8, 20),
    )
    add_certifying_document(dossier)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    staff = browser.new_context().new_page()
    log_in(staff, live_server.url, provincial_staff)
    staff.goto(f"{live_server.url}/victims/cases/{case.pk}/?tab=dossier")
    staff.click("text=Ghi nhận kết quả xác minh")
    record = staff.locator("form:has([data-testid=action-record])")
    record.locator("select[name$='-result']").select_option("identified")
    record.locator("input[name$='-reply_number']").fill("77/CAT-PC02")
    record.locator("input[name$='-reply_date']").fill(tomorrow)
    record.locator("textarea[name$='-note']").fill("Công an tỉnh trả lời bằng văn bản")
    staff.click("[data-testid=action-record]")

    form = staff.locator("[data-testid=dossier-action-form]")
    reply_date = form.locator("input[name$='-reply_date']")
    expect(reply_date).to_have_class("dateinput form-control is-invalid")
    expect(form.locator(".invalid-feedback")).to_contain_text(
        "Ngày văn bản trả lời không được sau ngày hôm nay."
    )
    expect(form.locator("select[name$='-result']")).to_have_value("identified")
    expect(form.locator("input[name$='-reply_number']")).to_have_value("77/CAT-PC02")
    expect(reply_date).to_have_value(tomorrow)
    expect(form.locator("textarea[name$='-note']")).to_have_value(
        "Công an tỉnh trả lời bằng văn bản"
    )
    assert VerificationDossier.objects.get(pk=dossier.pk).status == DossierStatus.SENT

    reply_date.fill("02/09/2025")
    form.locator("button[type=submit]").click()

    expect(staff.locator("[data-testid=status]")).to_have_text("Đã xác định là nạn nhân")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IDENTIFIED
    assert (dossier.reply_number, dossier.reply_date) == ("77/CAT-PC02", datetime.date(2025, 9, 2))
