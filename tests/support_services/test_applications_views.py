"""Applications over HTTP: the case-page section and its forms, refusals shown next to the
field with nothing saved, the worklist, the Word documents, and access by area and role."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from support_services.applications import services
from support_services.models import (
    ApplicationStatus,
    SupportApplication,
    SupportRate,
    SupportRecord,
)
from tests.support_services.applications_fixtures import *  # noqa: F403 (the fixtures)
from tests.support_services.applications_fixtures import D, identify, record, support

pytestmark = pytest.mark.django_db


def case_page(client, case, tab="applications") -> str:
    """The case page with one tab rendered (the applications' by default)."""
    response = client.get(f"/victims/cases/{case.pk}/?tab={tab}")
    assert response.status_code == 200
    return response.content.decode()


def record_post(units, **overrides) -> dict:
    data = {
        "support_type": "",
        "received_on": "07/06/2024",
        "applicant_relation": "self",
        "applicant_name": "",
        "certifying_province": units.province.pk,
        "certifying_district": units.district_a.pk,
        "certifying_commune": units.commune_a1.pk,
        "certified_on": "07/06/2024",
        "certification_number": "15/XN-UBND",
        "note": "",
    }
    data.update(overrides)
    return {f"application-{key}": value for key, value in data.items()}


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


# --- Case page and forms -------------------------------------------------------------------


def test_an_officer_records_an_application_from_the_case_page(client_a, legacy_case, units):
    assert client_a.get(f"/support/applications/cases/{legacy_case.pk}/new/").status_code == 200
    page = case_page(client_a, legacy_case)
    assert 'data-testid="applications"' in page
    assert 'data-testid="application-record"' in page
    vocational = support("legacy", "vocational")

    response = client_a.post(
        f"/support/applications/cases/{legacy_case.pk}/new/",
        record_post(units, support_type=vocational.pk),
    )

    assert response.status_code == 302
    application = SupportApplication.objects.get()
    assert application.support_type == vocational
    assert application.certifying_unit == units.commune_a1
    assert application.received_on == D(2024, 6, 7)
    page = case_page(client_a, legacy_case)
    assert "Hỗ trợ học nghề (một lần)" in page
    assert "12/06/2024" in page  # the commune's forwarding deadline
    assert 'data-testid="application-forward"' in page


def test_an_application_outside_the_12_month_window_is_refused_next_to_the_date(
    client_a, legacy_case, units
):
    response = client_a.post(
        f"/support/applications/cases/{legacy_case.pk}/new/",
        record_post(
            units,
            support_type=support("legacy", "initial_hardship").pk,
            received_on="04/06/2025",
            certified_on="04/06/2025",
            certification_number="99/XN-UBND",
        ),
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "phải nộp trong 12 tháng" in body
    assert "Nghị định 09/2013/NĐ-CP" in body
    assert 'id="error_1_id_application-received_on"' in body  # shown under the field
    assert 'value="99/XN-UBND"' in body  # what was typed is kept
    assert SupportApplication.objects.count() == 0


def test_a_form_without_a_commune_is_redisplayed_with_a_vietnamese_message(
    client_a, legacy_case, units
):
    response = client_a.post(
        f"/support/applications/cases/{legacy_case.pk}/new/",
        record_post(units, support_type=support("legacy", "education").pk, certifying_commune=""),
    )

    assert response.status_code == 400
    assert "Chọn xã/phường đã xác nhận đơn." in response.content.decode()
    assert SupportApplication.objects.count() == 0


def test_the_legacy_steps_and_the_decision_from_the_case_page(
    client_a, provincial_client, legacy_application
):
    pk = legacy_application.pk
    client_a.post(
        f"/support/applications/{pk}/forward/", {f"forward-{pk}-forwarded_on": "10/06/2024"}
    )
    client_a.post(
        f"/support/applications/{pk}/appraise/",
        {f"appraise-{pk}-appraised_on": "14/06/2024", f"appraise-{pk}-note": "Đủ điều kiện."},
    )
    page = case_page(provincial_client, legacy_application.case)
    assert "Chủ tịch Ủy ban nhân dân huyện Thạch Thành" in page  # the decider, pre-filled

    response = provincial_client.post(
        f"/support/applications/{pk}/approve/",
        {
            f"approve-{pk}-decision_number": "125/QĐ-UBND",
            f"approve-{pk}-decision_date": "18/06/2024",
            f"approve-{pk}-authority": "Chủ tịch UBND huyện Thạch Thành",
        },
        follow=True,
    )

    legacy_application.refresh_from_db()
    assert legacy_application.status == ApplicationStatus.APPROVED
    assert legacy_application.appraisal_note == "Đủ điều kiện."
    assert legacy_application.support_record.decision_number == "125/QĐ-UBND"
    assert response.status_code == 200
    body = case_page(provincial_client, legacy_application.case)  # its tab, after the redirect
    assert "Đã quyết định hỗ trợ" in body
    assert "125/QĐ-UBND" in body


def test_a_decision_dated_before_receipt_is_refused_over_http_and_nothing_is_saved(
    provincial_client, current_application
):
    pk = current_application.pk
    response = provincial_client.post(
        f"/support/applications/{pk}/approve/",
        {
            f"approve-{pk}-decision_number": "45/QĐ-SYT",
            f"approve-{pk}-decision_date": "28/08/2025",
            f"approve-{pk}-authority": "Sở Y tế tỉnh Thanh Hóa",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "không được trước ngày nhận đơn" in body
    assert "Nghị định 162/2025/NĐ-CP" in body
    assert 'value="45/QĐ-SYT"' in body
    current_application.refresh_from_db()
    assert current_application.status == ApplicationStatus.RECEIVED
    assert SupportRecord.objects.count() == 0


def test_a_district_officer_sees_no_decision_form_and_is_refused_if_posting(
    client_a, appraised_application
):
    page = case_page(client_a, appraised_application.case)
    assert 'data-testid="application-approve"' not in page

    pk = appraised_application.pk
    response = client_a.post(
        f"/support/applications/{pk}/approve/",
        {
            f"approve-{pk}-decision_number": "1/QĐ",
            f"approve-{pk}-decision_date": "18/06/2024",
            f"approve-{pk}-authority": "UBND",
        },
    )
    assert "không được quyết định hỗ trợ" in response.content.decode()
    appraised_application.refresh_from_db()
    assert appraised_application.status == ApplicationStatus.APPRAISED


def test_a_viewer_sees_the_applications_but_no_form_and_cannot_post(
    client_colleague_a, legacy_application, units
):
    page = case_page(client_colleague_a, legacy_application.case)
    assert "Hỗ trợ học nghề (một lần)" in page
    assert 'data-testid="application-record"' not in page
    assert 'data-testid="application-forward"' not in page

    pk = legacy_application.pk
    forward = client_colleague_a.post(
        f"/support/applications/{pk}/forward/", {f"forward-{pk}-forwarded_on": "10/06/2024"}
    )
    new = client_colleague_a.post(
        f"/support/applications/cases/{legacy_application.case_id}/new/",
        record_post(units, support_type=support("legacy", "education").pk),
    )
    assert forward.status_code == 403
    assert new.status_code == 403
    assert SupportApplication.objects.count() == 1


def test_the_case_timeline_shows_the_application_steps(client_a, legacy_application):
    page = case_page(client_a, legacy_application.case, tab="timeline")
    assert "Hỗ trợ học nghề (một lần): Đã nhận đơn" in page


# --- Access from another district ----------------------------------------------------------


@pytest.mark.parametrize("action", ["forward", "appraise", "approve", "reject"])
def test_an_officer_of_another_district_gets_404_on_every_step(
    client_b, legacy_application, action
):
    get = client_b.get(f"/support/applications/{legacy_application.pk}/{action}/")
    post = client_b.post(f"/support/applications/{legacy_application.pk}/{action}/", {})

    assert get.status_code == 404
    assert post.status_code == 404
    assert legacy_application.case.victim.full_name not in post.content.decode()
    legacy_application.refresh_from_db()
    assert legacy_application.status == ApplicationStatus.RECEIVED


def test_an_officer_of_another_district_cannot_record_an_application(client_b, legacy_case, units):
    get = client_b.get(f"/support/applications/cases/{legacy_case.pk}/new/")
    post = client_b.post(
        f"/support/applications/cases/{legacy_case.pk}/new/",
        record_post(units, support_type=support("legacy", "education").pk),
    )
    assert get.status_code == 404
    assert post.status_code == 404
    assert SupportApplication.objects.count() == 0


@pytest.mark.parametrize("kind", ["application-form", "decision"])
def test_an_officer_of_another_district_gets_404_on_the_documents(
    client_b, provincial_staff, current_application, kind
):
    services.application_approve(
        actor=provincial_staff,
        application=current_application,
        decision_number="45/QĐ-SYT",
        decision_date=D(2025, 9, 10),
        authority="Sở Y tế tỉnh Thanh Hóa",
    )
    response = client_b.get(f"/support/applications/{current_application.pk}/documents/{kind}/")
    assert response.status_code == 404
    assert b"PK" not in response.content[:2]


def test_the_worklist_of_another_district_lists_nothing_of_area_a(client_b, legacy_application):
    body = client_b.get("/support/applications/?view=all").content.decode()
    assert legacy_application.case.code not in body
    assert legacy_application.case.victim.full_name not in body


# --- Worklist ------------------------------------------------------------------------------


def test_the_worklist_views_narrow_the_list(
    provincial_client, provincial_staff, legacy_application, current_application
):
    services.application_reject(
        actor=provincial_staff, application=current_application, reason="Không đủ điều kiện."
    )

    open_ = provincial_client.get("/support/applications/").content.decode()
    overdue = provincial_client.get("/support/applications/?view=overdue").content.decode()
    everything = provincial_client.get("/support/applications/?view=all").content.decode()
    education = provincial_client.get(
        "/support/applications/?view=all&support=education"
    ).content.decode()

    legacy_code, current_code = legacy_application.case.code, current_application.case.code
    assert legacy_code in open_ and current_code not in open_
    assert legacy_code in overdue  # due 12/06/2024, long past
    assert "Quá hạn" in overdue
    assert legacy_code in everything and current_code in everything
    assert current_code in education and legacy_code not in education


def test_the_support_menu_links_to_the_worklist(client_a):
    body = client_a.get("/support/").content.decode()
    assert 'href="/support/applications/"' in body


def test_the_worklist_runs_the_same_number_of_queries_for_2_and_6_rows(
    client_a, officer_a, provincial_staff, units, make_case
):
    def add_applications(count):
        for index in range(count):
            case = make_case(
                officer_a,
                units.district_a,
                full_name=f"Nguyễn Thị Số {index}",
                received=D(2025, 8, 4),
                residence=units.current_commune,
            )
            identify(case, officer=officer_a, staff=provincial_staff, on=D(2025, 8, 20))
            record(
                officer_a,
                case,
                "current",
                "education",
                received_on=D(2025, 8, 29),
                certifying_unit=units.current_commune,
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client_a.get("/support/applications/?view=all")
        assert response.status_code == 200
        return len(captured)

    add_applications(2)
    with_two = queries()
    add_applications(4)
    with_six = queries()

    assert SupportApplication.objects.count() == 6
    assert with_six == with_two


# --- Documents -----------------------------------------------------------------------------


def test_the_current_application_form_is_mau_07_filled_from_the_case(client_a, current_application):
    response = client_a.get(
        f"/support/applications/{current_application.pk}/documents/application-form/"
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = docx_text(response.content)
    assert "Mẫu số 07" in text
    assert "Nghị định số 162/2025/NĐ-CP" in text
    assert "ĐƠN ĐỀ NGHỊ" in text
    assert "Lò Thị Mai" in text
    assert "HỖ TRỢ GIÁO DỤC PHỔ THÔNG" in text
    assert "Phường Hạc Thành" in text
    assert "29/08/2025" in text
    assert "đã được xác định là nạn nhân ngày 20/08/2025" in text


def test_the_legacy_application_form_is_addressed_to_the_commune(client_a, legacy_application):
    response = client_a.get(
        f"/support/applications/{legacy_application.pk}/documents/application-form/"
    )

    text = docx_text(response.content)
    assert "Mẫu số 07" not in text
    assert "Kính gửi: Ủy ban nhân dân xã Thạch Lâm" in text
    assert "HỖ TRỢ HỌC NGHỀ (MỘT LẦN)" in text
    assert "15/XN-UBND" in text


def test_the_support_decision_carries_the_decision_person_amount_and_legal_basis(
    client_colleague_a, provincial_staff, current_application
):
    SupportRate.objects.create(
        support_type=current_application.support_type,
        amount=1_500_000,
        unit="person",
        valid_from=D(2025, 7, 1),
        legal_basis="Nghị quyết 12/2025/NQ-HĐND",
    )
    services.application_approve(
        actor=provincial_staff,
        application=current_application,
        decision_number="45/QĐ-SYT",
        decision_date=D(2025, 9, 10),
        authority="Sở Y tế tỉnh Thanh Hóa",
    )

    response = client_colleague_a.get(  # a read-only colleague may print it
        f"/support/applications/{current_application.pk}/documents/decision/"
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = docx_text(response.content)
    assert "QUYẾT ĐỊNH" in text
    assert "Về việc hỗ trợ giáo dục phổ thông cho nạn nhân bị mua bán" in text
    assert "Số: 45/QĐ-SYT" in text
    assert "ngày 10 tháng 09 năm 2025" in text
    assert "SỞ Y TẾ TỈNH THANH HÓA" in text
    assert "Lò Thị Mai" in text
    assert "1.500.000 đồng" in text
    assert "Điều 37 Luật Phòng, chống mua bán người số 53/2024/QH15" in text
    assert "Nghị định 162/2025/NĐ-CP" in text


def test_there_is_no_decision_document_before_the_decision(client_a, legacy_application):
    response = client_a.get(f"/support/applications/{legacy_application.pk}/documents/decision/")
    assert response.status_code == 404


def test_a_name_with_markup_characters_still_gives_a_valid_document(client_a, current_application):
    victim = current_application.case.victim
    victim.full_name = "Lò Thị <Mai> & Co"
    victim.save()

    response = client_a.get(
        f"/support/applications/{current_application.pk}/documents/application-form/"
    )
    assert "Lò Thị <Mai> & Co" in docx_text(response.content)


def test_dates_in_the_worklist_show_as_dd_mm_yyyy(client_a, legacy_application):
    body = client_a.get("/support/applications/?view=all").content.decode()
    assert "07/06/2024" in body
    assert datetime.date(2024, 6, 7).isoformat() not in body


def test_the_form_warns_when_the_12_month_window_cannot_be_checked(
    client_a, officer_a, units, make_case
):
    from victims import services as victim_services

    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    case = victim_services.case_status_set(case=case, status="identified")  # no dossier

    assert 'data-testid="window-unchecked"' in case_page(client_a, case)


def test_the_form_does_not_warn_when_the_identification_date_is_known(client_a, legacy_case):
    assert 'data-testid="window-unchecked"' not in case_page(client_a, legacy_case)


def test_the_application_form_carries_the_whole_id_number_only_for_roles_that_may_reveal_it(
    client_a, client_colleague_a, current_application
):
    """Need-to-know (issue 16 item 5): the district officer prints the official form with the
    whole number; a viewer gets a reading copy with the number masked as on screen."""
    victim = current_application.case.victim
    victim.phone = "0912345678"
    victim.save()
    url = f"/support/applications/{current_application.pk}/documents/application-form/"
    number = victim.id_number
    masked = number[:3] + "*" * (len(number) - 5) + number[-2:]

    officer_text = docx_text(client_a.get(url).content)
    viewer_text = docx_text(client_colleague_a.get(url).content)

    assert number in officer_text and "0912345678" in officer_text
    assert number not in viewer_text and "0912345678" not in viewer_text
    assert masked in viewer_text and "091*****78" in viewer_text
