"""Hostile workbooks through the import screens (issue 8, item 9): formulas, huge cells,
control characters, odd Unicode, HTML, wrong dates, too many rows, a file that is not a zip,
a zip bomb. Each gives a clear Vietnamese error or a report of the rejected rows — never a
server error, never a script on the page, never a half import."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.security import hostile
from victims import importing
from victims.importing import jobs
from victims.models import Case, ImportJob, Reception

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Lò Thị Mai",
    "other_names": "",
    "sex": "Nữ",
    "birth": "2001",
    "ethnic_group": "Thái",
    "id_number": "",
    "commune": "Thạch Lâm",
    "district": "Thạch Thành",
    "province": "Thanh Hóa",
    "country": "Trung Quốc",
    "forms": "Bóc lột tình dục",
    "received_on": "15/03/2024",
    "channel": "Nước ngoài trao trả qua cửa khẩu",
    "agency": "Bộ đội Biên phòng",
    "criminal_case": "",
    "note": "",
}
BAD_CELL_DATES = [
    datetime.datetime(1, 1, 1),
    datetime.datetime(9999, 12, 31),
    datetime.date(2023, 2, 28) + datetime.timedelta(days=365 * 200),  # in the future
    2958466,  # one past Excel's last day, as a number
    -1,
    0,
    1e300,
    "31/02/2024",
    "00/00/0000",
    "03/15/2024",
    "15/03/24",
]


def _workbook(rows, headers=importing.HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(key) for key in importing.KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """openpyxl refuses control characters in a cell; a hostile file carries them escaped in
    its XML instead (see test_control_characters_in_the_sheet_xml_are_a_clear_error)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("?", value).replace("\uffff", "?")
        return value.replace("\ufffe", "?")[:32767]
    return value


def _upload(client, content: bytes, name="danh-sach.xlsx"):
    return client.post("/victims/import/", {"file": SimpleUploadedFile(name, content)})


def _page_errors(response) -> list[str]:
    form = response.context["form"]
    return [str(message) for messages in form.errors.values() for message in messages]


def _assert_clear_refusal(response):
    assert response.status_code == 200
    errors = _page_errors(response)
    assert errors, "a refused file must say why"
    assert all(hostile.is_vietnamese(message) for message in errors), errors
    assert not ImportJob.objects.exists()


def _import(client, content: bytes):
    """Upload, check (the job's task, run here), then confirm and save; asserts what holds for
    any file and returns the preview counts (None when the file was refused) and the number of
    cases saved."""
    before = hostile.row_counts()
    uploaded = _upload(client, content)
    if uploaded.status_code == 200:  # refused next to the file field
        assert all(hostile.is_vietnamese(m) for m in _page_errors(uploaded))
        assert hostile.changed(before, hostile.row_counts()) == {}
        return None, 0
    assert uploaded.status_code == 302
    job = ImportJob.objects.order_by("pk").last()
    jobs.import_job_check(job_id=job.pk)
    preview = client.get(f"/victims/import/{job.pk}/")
    assert preview.status_code == 200
    assert hostile.dangerous_fragments(preview.content.decode()) == []
    assert set(hostile.changed(before, hostile.row_counts())) == {"victims.ImportJob"}, (
        "a preview saves nothing but its job"
    )
    job.refresh_from_db()
    if job.status == ImportJob.Status.FAILED:
        assert hostile.is_vietnamese(job.error)
        return None, 0
    counts = preview.context["counts"]
    assert counts["ok"] + counts["warning"] == job.rows_valid
    if not job.rows_valid:
        return counts, 0
    cases_before = Case.objects.count()
    receptions_before = Reception.objects.count()
    assert client.post(f"/victims/import/{job.pk}/confirm/").status_code == 302
    jobs.import_job_save(job_id=job.pk)
    result = client.get(f"/victims/import/{job.pk}/")
    assert hostile.dangerous_fragments(result.content.decode()) == []
    job.refresh_from_db()
    saved = Case.objects.count() - cases_before
    # Never half a row: each saved case has its reception; a row refused on saving is reported.
    assert Reception.objects.count() - receptions_before == saved
    assert saved == job.rows_saved == job.rows_valid
    listing = client.get("/victims/")
    assert hostile.dangerous_fragments(listing.content.decode()) == []
    return counts, saved


column_values = st.one_of(
    hostile.text_strategy.map(_cell),
    st.sampled_from(BAD_CELL_DATES),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
hostile_row = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(importing.KEYS, column_values),
).map(lambda changes: {**GOOD, **changes})


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(hostile_row, min_size=1, max_size=4))
def test_hostile_rows_are_reported_row_by_row_and_never_half_imported(
    rows, officer_a, thanh_hoa_served
):
    # The fixtures are the same for every example; each example runs in its own savepoint.
    client = Client()
    client.force_login(officer_a)
    with transaction.atomic():
        _import(client, _workbook(rows))
        transaction.set_rollback(True)


@pytest.fixture
def client_with_area(officer_a, thanh_hoa_served):
    client = Client()
    client.force_login(officer_a)
    return client


def test_a_good_row_among_hostile_ones_is_saved_and_every_script_shows_escaped(client_with_area):
    rows = [
        GOOD,
        {**GOOD, "full_name": hostile.XSS[0], "note": hostile.XSS[1]},
        {**GOOD, "full_name": "=cmd|' /C calc'!A0", "received_on": "31/02/2024"},
        {**GOOD, "full_name": "Đinh Thị Lan " + hostile.XSS[1], "country": hostile.XSS[0]},
    ]
    counts, saved = _import(client_with_area, _workbook(rows))
    assert counts["error"] >= 2
    assert saved >= 1
    # What was stored comes back escaped on the person's page.
    for case in Case.objects.order_by("-pk")[:saved]:
        page = client_with_area.get(f"/victims/cases/{case.pk}/")
        assert page.status_code == 200
        assert hostile.dangerous_fragments(page.content.decode()) == []


def test_a_huge_cell_is_an_error_of_its_row_not_a_server_error(client_with_area):
    rows = [{**GOOD, key: "Nguyễn " * 5000} for key in ("full_name", "note", "other_names")]
    rows.append({**GOOD, "criminal_case": "1" * 5000, "id_number": "9" * 5000})
    rows.append({**GOOD, "agency": "Đồn " * 5000})
    counts, saved = _import(client_with_area, _workbook(rows))
    # Each too-long cell is reported on its row in the preview; the note has no limit.
    assert counts == {"ok": 1, "warning": 0, "error": 4, "already": 0}
    assert saved == 1


@pytest.mark.parametrize("value", BAD_CELL_DATES)
def test_a_wrong_date_is_an_error_of_its_row(client_with_area, value):
    counts, saved = _import(client_with_area, _workbook([{**GOOD, "received_on": value}]))
    assert counts is not None
    assert counts["error"] == 1 and saved == 0


def test_too_many_rows_are_refused_with_the_limit_in_vietnamese(client_with_area):
    rows = [{**GOOD, "full_name": f"Người Thứ {i}"} for i in range(jobs.MAX_JOB_ROWS + 1)]
    _assert_clear_refusal(_upload(client_with_area, _workbook(rows)))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"PK",
        b"PK\x03\x04" + b"\x00" * 200,
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.4",
        "Họ và tên,Giới tính\n".encode(),
    ],
    ids=["empty", "pk-only", "broken-zip", "html", "pdf", "csv"],
)
def test_a_file_that_is_not_a_workbook_is_a_clear_error(client_with_area, content):
    _assert_clear_refusal(_upload(client_with_area, content))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _entries(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_zip_that_is_not_a_workbook_is_a_clear_error(client_with_area):
    _assert_clear_refusal(_upload(client_with_area, _zip({"hello.txt": b"xin chao"})))


def test_a_zip_bomb_is_refused_quickly(client_with_area):
    """A sheet that inflates to some 100 MB from well under the 5 MB upload limit."""
    entries = _entries(_workbook([GOOD]))
    sheet = "xl/worksheets/sheet1.xml"
    padding = b"<!--" + b" " * (100 * 1024 * 1024) + b"-->"
    entries[sheet] = entries[sheet].replace(b"<sheetData>", padding + b"<sheetData>", 1)
    bomb = _zip(entries)
    assert len(bomb) < 5 * 1024 * 1024
    started = datetime.datetime.now()
    response = _upload(client_with_area, bomb)
    _assert_clear_refusal(response)
    assert (datetime.datetime.now() - started).total_seconds() < 20


def test_control_characters_in_the_sheet_xml_are_a_clear_error_or_a_row_error(client_with_area):
    entries = _entries(_workbook([{**GOOD, "full_name": "MARKER", "note": "NOTE"}]))
    for name, data in list(entries.items()):
        if name.endswith(".xml"):
            data = data.replace(b"MARKER", b"Mai\x00\x01\x1b<script>")
            entries[name] = re.sub(rb"NOTE", "\u202e\u200b&#1;".encode(), data)
    counts, saved = _import(client_with_area, _zip(entries))
    assert counts is None or counts["ok"] + counts["warning"] == saved


def test_formulas_are_read_as_text_not_run(client_with_area):
    rows = [{**GOOD, "full_name": "=1+1", "note": "@SUM(A1:A2)", "other_names": "+84 912"}]
    book = Workbook()
    book.active.append(importing.HEADERS)
    book.active.append([_cell(rows[0].get(key)) for key in importing.KEYS])
    book.active["A2"] = '=HYPERLINK("http://example.com","Bấm")'
    buffer = io.BytesIO()
    book.save(buffer)
    counts, saved = _import(client_with_area, buffer.getvalue())
    # The name cell holds a formula and no value: the row is in error, nothing is computed.
    assert counts is not None and counts["error"] == 1 and saved == 0
