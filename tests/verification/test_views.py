"""The dossier on the case page, its documents, and the worklist, over HTTP."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.verification.conftest import add_certifying_document
from verification.models import DossierStatus, EvidenceDocument, VerificationDossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def test_an_officer_opens_and_submits_a_dossier_from_the_case_page(client_a, case_a):
    client_a.post(f"/verification/cases/{case_a.pk}/dossier/")
    dossier = VerificationDossier.objects.get(case=case_a)

    page = client_a.get(f"/victims/cases/{case_a.pk}/?tab=dossier").content.decode()
    assert 'data-testid="action-submit"' in page
    client_a.post(
        f"/verification/dossiers/{dossier.pk}/submit/",
        {
            f"submit-{dossier.pk}-notified_on": "13/05/2024",
            f"submit-{dossier.pk}-version": dossier.version,
        },
    )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    page = client_a.get(f"/victims/cases/{case_a.pk}/?tab=dossier").content.decode()
    assert 'data-testid="action-send"' not in page  # only the province sends


def test_provincial_staff_send_with_the_letter_and_record_the_result(provincial_client, submitted):
    pk = submitted.pk
    provincial_client.post(
        f"/verification/dossiers/{pk}/send/",
        {
            f"send-{pk}-agency": "Công an huyện Thạch Thành",
            f"send-{pk}-letter_number": "125/SYT",
            f"send-{pk}-letter_date": "20/05/2024",
        },
    )
    add_certifying_document(submitted)
    response = provincial_client.post(
        f"/verification/dossiers/{pk}/record/",
        {
            f"record-{pk}-result": "identified",
            f"record-{pk}-reply_number": "77/CAT-PC02",
            f"record-{pk}-reply_date": "03/06/2024",
        },
        follow=True,
    )

    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.IDENTIFIED
    assert submitted.letter_number == "125/SYT"
    assert "Xác định là nạn nhân" in response.content.decode()


def test_a_refused_transition_is_shown_in_vietnamese_and_changes_nothing(client_a, submitted):
    response = client_a.post(f"/verification/dossiers/{submitted.pk}/close/", follow=True)

    assert "không được đóng hồ sơ" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.SUBMITTED


def test_a_refused_result_comes_back_on_its_form_with_what_was_typed(provincial_client, sent):
    pk = sent.pk
    response = provincial_client.post(
        f"/verification/dossiers/{pk}/record/",
        {
            f"record-{pk}-result": "identified",
            f"record-{pk}-reply_number": "77/CAT-PC02",
            f"record-{pk}-reply_date": "03/06/2024",
            f"record-{pk}-version": sent.version,
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa có tài liệu xác nhận là nạn nhân" in page
    assert 'value="77/CAT-PC02"' in page
    sent.refresh_from_db()
    assert sent.status == DossierStatus.SENT and sent.reply_number == ""


def test_a_renamed_executable_is_refused_as_evidence(client_a, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("giay-xac-nhan.pdf", EXE, content_type="application/pdf")

    response = client_a.post(
        f"/verification/dossiers/{draft.pk}/evidence/",
        {"ground": "procedural_body", "kind": "police_certificate", "file": fake},
        follow=True,
    )

    assert "Chỉ nhận tệp PDF, JPEG, PNG." in response.content.decode()
    assert EvidenceDocument.objects.count() == 0


def test_evidence_is_downloaded_only_inside_the_area(client_a, client_b, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("xn.pdf", PDF, content_type="application/pdf")
    client_a.post(
        f"/verification/dossiers/{draft.pk}/evidence/",
        {
            "ground": "procedural_body",
            "kind": "police_certificate",
            "number": "45/XN",
            "file": upload,
        },
    )
    document = EvidenceDocument.objects.get()

    assert (
        b"".join(client_a.get(f"/verification/documents/{document.pk}/").streaming_content) == PDF
    )
    assert client_b.get(f"/verification/documents/{document.pk}/").status_code == 404


@pytest.mark.parametrize("action", ["submit", "send", "record", "close", "reopen", "evidence"])
def test_an_officer_of_another_district_gets_404_on_every_dossier_url(client_b, draft, action):
    response = client_b.post(f"/verification/dossiers/{draft.pk}/{action}/")

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT


def test_another_district_sees_no_dossier_section_data_and_no_worklist_row(client_b, submitted):
    assert submitted.case.code not in client_b.get("/verification/?view=all").content.decode()
    assert client_b.get(f"/victims/cases/{submitted.case_id}/").status_code == 404


def test_the_worklist_views_narrow_the_list(
    provincial_client, client_a, submitted, sent, make_case, officer_a, units
):
    other = make_case(officer_a, units.district_a, full_name="Lò Văn Nam")
    from verification import services

    draft_other = services.dossier_create(actor=officer_a, case=other)

    awaiting = provincial_client.get("/verification/?view=awaiting").content.decode()
    assert submitted.case.code in awaiting  # sent: the province records the result
    assert draft_other.case.code not in awaiting  # a draft waits for the officer
    assert draft_other.case.code in client_a.get("/verification/?view=awaiting").content.decode()
    overdue_day = sent.due_date + datetime.timedelta(days=1)
    import time_machine

    with time_machine.travel(datetime.datetime.combine(overdue_day, datetime.time(9))):
        overdue = provincial_client.get("/verification/?view=overdue").content.decode()
    assert submitted.case.code in overdue


def test_the_worklist_keeps_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_case, django_assert_max_num_queries
):
    from verification import services

    def add(count):
        for index in range(count):
            case = make_case(officer_a, units.district_a, full_name=f"Người {index}")
            services.dossier_submit(
                actor=officer_a, dossier=services.dossier_create(actor=officer_a, case=case)
            )

    add(2)
    with django_assert_max_num_queries(30) as few:
        provincial_client.get("/verification/?view=all")
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        provincial_client.get("/verification/?view=all")


def test_the_dashboard_counts_overdue_dossiers_per_unit_of_the_area(
    client, provincial_staff, officer_b, submitted
):
    import time_machine

    late = datetime.datetime.combine(
        submitted.due_date + datetime.timedelta(days=2), datetime.time(9)
    )
    with time_machine.travel(late):
        client.force_login(provincial_staff)
        province = client.get("/")
        client.force_login(officer_b)
        other = client.get("/")

    overdue = province.context["dashboard"]["charts"]["overdue_by_unit"]
    assert [row["value"] for row in overdue] == [1]
    assert other.context["dashboard"]["charts"]["overdue_by_unit"] == []


def docx_text(content: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*cells, *(paragraph.text for paragraph in document.paragraphs)])


def test_the_request_letter_names_the_district_division_of_a_legacy_case_and_escapes_names(
    provincial_client, provincial_staff, officer_a, units, make_case
):
    from accounts.services import department_profiles_ensure
    from verification import services

    department_profiles_ensure(province=units.province)
    case = make_case(officer_a, units.district_a, full_name="Lò <Thị> & Mai")
    dossier = services.dossier_submit(
        actor=officer_a, dossier=services.dossier_create(actor=officer_a, case=case)
    )
    services.dossier_send(
        actor=provincial_staff,
        dossier=dossier,
        agency="Công an huyện Thạch Thành",
        letter_number="125/SLĐTBXH",
        letter_date=datetime.date(2024, 5, 20),
    )

    response = provincial_client.get(
        f"/verification/dossiers/{dossier.pk}/documents/request-letter/"
    )

    text = docx_text(response.content)
    assert "Lò <Thị> & Mai" in text
    # Received and sent in 2024, managed by a district: the district's labour division, named.
    assert "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI HUYỆN THẠCH THÀNH" in text
    assert "ỦY BAN NHÂN DÂN HUYỆN THẠCH THÀNH" in text
    assert "Kính gửi: Công an huyện Thạch Thành" in text
    assert "125/SLĐTBXH" in text


def test_the_summary_lists_the_evidence_and_another_district_gets_404(client_a, client_b, draft):
    add_certifying_document(draft)

    response = client_a.get(f"/verification/dossiers/{draft.pk}/documents/summary/")

    assert "45/XN-CAT" in docx_text(response.content)
    assert client_b.get(f"/verification/dossiers/{draft.pk}/documents/summary/").status_code == 404


def test_allowed_types_and_size_come_from_the_settings(client_a, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_FILE_TYPES = ["png"]
    settings.UPLOAD_MAX_MB = 1
    pdf = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    big_png = SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1))
    data = {"ground": "procedural_body", "kind": "police_certificate"}

    refused_type = client_a.post(
        f"/verification/dossiers/{draft.pk}/evidence/", {**data, "file": pdf}, follow=True
    )
    refused_size = client_a.post(
        f"/verification/dossiers/{draft.pk}/evidence/", {**data, "file": big_png}, follow=True
    )

    assert "Chỉ nhận tệp PNG." in refused_type.content.decode()
    assert "Tệp quá lớn: tối đa 1 MB." in refused_size.content.decode()
    assert EvidenceDocument.objects.count() == 0


def test_a_user_reads_their_notifications_and_the_counter_clears(client_a, officer_a, officer_b):
    from accounts.services import notify

    notify(users=[officer_a], message="Hồ sơ xác minh TH-2024-0001: Đã gửi lên Sở.", url="/")
    notify(users=[officer_b], message="Tin của người khác", url="/")

    assert client_a.get("/").context["unread_notifications"] == 1
    page = client_a.get("/accounts/notifications/").content.decode()
    assert "TH-2024-0001" in page and "Tin của người khác" not in page
    assert client_a.get("/").context["unread_notifications"] == 0


def test_notifications_are_emailed_when_email_is_on(officer_a, settings, mailoutbox):
    from accounts.services import notify

    settings.EMAIL_NOTIFICATIONS = True
    officer_a.email = "canbo.a@example.invalid"
    officer_a.save()

    notify(users=[officer_a], message="Hồ sơ xác minh TH-2024-0001 đã quá hạn.", url="/x/")

    assert [mail.to for mail in mailoutbox] == [["canbo.a@example.invalid"]]
    assert "/x/" in mailoutbox[0].body
