"""A refused dossier step keeps what was typed, with the reason next to its field; each step asks
for what it needs; the result notice never cites a reply with empty parts (issue 16 item 1)."""

import datetime

import pytest
from django.utils import timezone

from tests.forms import assert_typed_values_kept, error_beside
from tests.verification.conftest import add_certifying_document
from tests.verification.test_views import docx_text
from verification import services
from verification.documents import reply_basis
from verification.models import DossierEvent, DossierStatus

pytestmark = pytest.mark.django_db


def record_post(dossier, **values):
    prefix = f"record-{dossier.pk}-"
    return {prefix + name: value for name, value in {"version": dossier.version, **values}.items()}


def test_a_result_with_a_reply_dated_in_the_future_keeps_everything_typed(provincial_client, sent):
    add_certifying_document(sent)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    events = DossierEvent.objects.filter(dossier=sent).count()
    posted = record_post(
        sent,
        result="identified",
        reply_number="77/CAT-PC02",
        reply_date=tomorrow.strftime("%d/%m/%Y"),
        note="Công an tỉnh trả lời bằng văn bản",
    )

    response = provincial_client.post(f"/verification/dossiers/{sent.pk}/record/", posted)

    assert response.status_code == 200
    assert_typed_values_kept(response, posted, refused_field=f"record-{sent.pk}-reply_date")
    assert "không được sau ngày hôm nay" in error_beside(response, f"record-{sent.pk}-reply_date")
    sent.refresh_from_db()
    assert sent.status == DossierStatus.SENT
    assert (sent.reply_number, sent.reply_date) == ("", None)
    assert DossierEvent.objects.filter(dossier=sent).count() == events


def test_identified_needs_the_replys_number_and_date_next_to_each_field(provincial_client, sent):
    add_certifying_document(sent)
    posted = record_post(sent, result="identified", note="Đã có giấy xác nhận")

    response = provincial_client.post(f"/verification/dossiers/{sent.pk}/record/", posted)

    assert "Cần ghi số văn bản trả lời" in error_beside(response, f"record-{sent.pk}-reply_number")
    assert "Cần ghi ngày văn bản trả lời" in error_beside(response, f"record-{sent.pk}-reply_date")
    assert_typed_values_kept(response, posted)
    sent.refresh_from_db()
    assert sent.status == DossierStatus.SENT


def test_more_information_needed_may_come_without_a_reply(provincial_client, sent):
    provincial_client.post(
        f"/verification/dossiers/{sent.pk}/record/", record_post(sent, result="submitted")
    )

    sent.refresh_from_db()
    assert sent.status == DossierStatus.SUBMITTED


def test_a_reply_dated_before_the_request_is_refused_next_to_its_date(provincial_client, sent):
    add_certifying_document(sent)
    posted = record_post(sent, result="identified", reply_number="77/CAT", reply_date="19/05/2024")

    response = provincial_client.post(f"/verification/dossiers/{sent.pk}/record/", posted)

    assert "không được trước ngày công văn đề nghị (20/05/2024)" in error_beside(
        response, f"record-{sent.pk}-reply_date"
    )
    sent.refresh_from_db()
    assert sent.status == DossierStatus.SENT


def test_the_service_names_the_reply_date_it_refuses(provincial_staff, sent):
    with pytest.raises(services.TransitionError) as refusal:
        services.dossier_record_result(
            actor=provincial_staff,
            dossier=sent,
            result=DossierStatus.NOT_VICTIM,
            reply_date=timezone.localdate() + datetime.timedelta(days=3),
        )

    assert refusal.value.field == "reply_date"


def test_a_request_letter_dated_in_the_future_is_refused_next_to_its_date(
    provincial_client, submitted
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    prefix = f"send-{submitted.pk}-"
    posted = {
        prefix + "agency": "Công an huyện Thạch Thành",
        prefix + "letter_number": "125/SYT",
        prefix + "letter_date": tomorrow.strftime("%d/%m/%Y"),
        prefix + "note": "Gửi kèm tóm tắt",
        prefix + "version": submitted.version,
    }

    response = provincial_client.post(f"/verification/dossiers/{submitted.pk}/send/", posted)

    assert "Ngày công văn không được sau ngày hôm nay." in error_beside(
        response, prefix + "letter_date"
    )
    assert_typed_values_kept(response, posted)
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.SUBMITTED and submitted.letter_number == ""


def test_a_reopening_without_a_reason_is_refused_next_to_the_reason(
    provincial_client, provincial_staff, sent
):
    dossier = services.dossier_record_result(
        actor=provincial_staff, dossier=sent, result=DossierStatus.NOT_VICTIM
    )

    response = provincial_client.post(
        f"/verification/dossiers/{dossier.pk}/reopen/", {"note": "  ", "version": dossier.version}
    )

    assert "Cần ghi lý do mở lại hồ sơ." in error_beside(response, "note")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.NOT_VICTIM


@pytest.mark.parametrize(
    ("number", "day", "agency", "expected"),
    [
        (
            "77/CAT-PC02",
            datetime.date(2024, 6, 3),
            "Công an tỉnh",
            "Căn cứ văn bản số 77/CAT-PC02 ngày 03/06/2024 của Công an tỉnh, ",
        ),
        ("77/CAT-PC02", None, "Công an tỉnh", "Căn cứ văn bản số 77/CAT-PC02 của Công an tỉnh, "),
        (
            "",
            datetime.date(2024, 6, 3),
            "Công an tỉnh",
            "Căn cứ văn bản ngày 03/06/2024 của Công an tỉnh, ",
        ),
        (
            "77/CAT-PC02",
            datetime.date(2024, 6, 3),
            "",
            "Căn cứ văn bản số 77/CAT-PC02 ngày 03/06/2024, ",
        ),
        ("", None, "Công an tỉnh", ""),
    ],
)
def test_the_notices_basis_names_only_the_parts_of_the_reply_it_has(number, day, agency, expected):
    from verification.models import VerificationDossier

    dossier = VerificationDossier(reply_number=number, reply_date=day, verifying_agency=agency)

    assert reply_basis(dossier) == expected


def test_a_result_notice_without_a_reply_prints_no_empty_citation(
    provincial_client, provincial_staff, sent
):
    services.dossier_record_result(
        actor=provincial_staff, dossier=sent, result=DossierStatus.NOT_VICTIM
    )

    response = provincial_client.get(f"/verification/dossiers/{sent.pk}/documents/result-notice/")

    text = docx_text(response.content)
    assert "Căn cứ" not in text
    assert " số  " not in text and "ngày  " not in text
    assert "thông báo:" in text and sent.case.code in text


def test_a_result_notice_with_the_reply_cites_its_number_and_date(
    provincial_client, provincial_staff, sent
):
    add_certifying_document(sent)
    services.dossier_record_result(
        actor=provincial_staff,
        dossier=sent,
        result=DossierStatus.IDENTIFIED,
        reply_number="77/CAT-PC02",
        reply_date=datetime.date(2024, 6, 3),
    )

    response = provincial_client.get(f"/verification/dossiers/{sent.pk}/documents/result-notice/")

    assert (
        "Căn cứ văn bản số 77/CAT-PC02 ngày 03/06/2024 của Công an huyện Thạch Thành, "
        in docx_text(response.content)
    )
