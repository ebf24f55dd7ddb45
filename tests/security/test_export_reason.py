"""Exports of personal data (issue 8, item 4): a stated reason first, kept on the access log
row; an optional password that encrypts the workbook; never another area's rows.

Which exports are which: the case list (victims:case-export) carries names, birth dates and
residences — a reason is required. Support totals (support_services:support-totals-export),
prevention activities and totals (prevention:activity-export, prevention:totals-export) and
report files (reports:download) hold counts only — no reason, logged as export or download."""

import io
import zipfile

import msoffcrypto
import pytest
from openpyxl import load_workbook

from accounts.models import AccessAction, AccessLog

pytestmark = pytest.mark.django_db
REASON = "Gửi danh sách cho Công an tỉnh theo Công văn số 123/CV-PC02"
EXPORT = "/victims/export/"


@pytest.fixture
def cases(officer_a, officer_b, units, make_case):
    return {
        "a": make_case(officer_a, units.commune_a1, full_name="Nguyễn Thị Đào"),
        "b": make_case(officer_b, units.commune_b1, full_name="Lò Thị Mai"),
    }


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_export_link_leads_to_a_form_asking_for_a_reason_and_sends_no_file(client_a, cases):
    response = client_a.get(EXPORT, {"sex": "female"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Lý do xuất dữ liệu" in page
    assert "Mật khẩu bảo vệ tệp" in page
    assert 'action="/victims/export/?sex=female"' in page  # the filters travel with the form
    assert "Nguyễn Thị Đào" not in page
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Vui lòng nêu lý do xuất dữ liệu."),
        ("   cần    ", "Lý do quá ngắn: vui lòng nêu rõ lý do (ít nhất 10 ký tự)."),
    ],
)
def test_without_a_real_reason_nothing_is_exported_and_the_form_says_why(
    client_a, cases, reason, message
):
    response = client_a.post(
        EXPORT, {"reason": reason, "password": "mat-khau-dai", "password_confirm": "mat-khau-dai"}
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert message in page
    assert 'value="mat-khau-dai"' in page  # everything typed is kept
    assert "Nguyễn Thị Đào" not in page
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_passwords_that_differ_or_are_too_short_are_refused_next_to_the_field(client_a, cases):
    differ = client_a.post(
        EXPORT, {"reason": REASON, "password": "mat-khau-dai", "password_confirm": "mat-khau-khac"}
    )
    short = client_a.post(
        EXPORT, {"reason": REASON, "password": "ngan", "password_confirm": "ngan"}
    )

    assert differ.status_code == short.status_code == 400
    assert "Hai lần nhập mật khẩu không khớp." in differ.content.decode()
    assert REASON in differ.content.decode()  # the reason typed is kept
    assert "Mật khẩu cần ít nhất 8 ký tự." in short.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_with_a_reason_the_file_is_sent_and_the_reason_is_on_the_access_log_row(
    client_a, officer_a, units, cases
):
    response = client_a.post(f"{EXPORT}?sex=female&q=dao", {"reason": REASON})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _rows(response.content)
    assert [row[0] for row in rows[1:]] == [cases["a"].code]
    entry = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert entry.user == officer_a
    assert entry.unit_code == units.district_a.code
    assert entry.object_type == "victims.case"
    assert entry.path == EXPORT
    assert entry.details["reason"] == REASON
    assert entry.details["rows"] == 1
    assert entry.details["encrypted"] is False
    assert entry.details["filters"] == {"sex": "female"}
    assert "dao" not in str(entry.details).lower()  # the text searched is not kept


def test_with_a_password_the_workbook_is_encrypted_and_opens_with_that_password_only(
    client_a, cases
):
    response = client_a.post(
        EXPORT,
        {"reason": REASON, "password": "Bảo-mật-2026", "password_confirm": "Bảo-mật-2026"},
    )

    assert response.status_code == 200
    encrypted = response.content
    assert not zipfile.is_zipfile(io.BytesIO(encrypted))
    with pytest.raises(Exception):  # noqa: B017 — openpyxl sees no workbook, only a container
        load_workbook(io.BytesIO(encrypted))
    office_file = msoffcrypto.OfficeFile(io.BytesIO(encrypted))
    assert office_file.is_encrypted()
    office_file.load_key(password="Bảo-mật-2026")
    decrypted = io.BytesIO()
    office_file.decrypt(decrypted)
    rows = _rows(decrypted.getvalue())
    assert rows[0][:2] == ("Mã vụ việc", "Họ và tên")
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Đào"]
    wrong = msoffcrypto.OfficeFile(io.BytesIO(encrypted))
    wrong.load_key(password="sai-mat-khau")
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        wrong.decrypt(io.BytesIO())
    assert AccessLog.objects.get(action=AccessAction.EXPORT).details["encrypted"] is True


def test_another_areas_rows_are_never_exported_whatever_the_filters(client_b, cases):
    response = client_b.post(
        f"{EXPORT}?unit={cases['a'].managing_unit_id}&q=dao", {"reason": REASON}
    )

    assert response.status_code == 200
    codes = [row[0] for row in _rows(response.content)[1:]]
    assert cases["a"].code not in codes
    assert "Nguyễn Thị Đào" not in str(_rows(response.content))


def test_an_export_of_counts_only_needs_no_reason_and_is_logged(provincial_client, cases):
    response = provincial_client.get("/support/supports/totals/export/", {"year": 2024})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    entry = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert entry.details["aggregate"] is True
    assert "reason" not in entry.details
