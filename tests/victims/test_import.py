"""Excel import of returnee lists: template, row checks, saving, re-import, screens, command."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from tests.factories import CommuneFactory, ProvinceFactory
from tests.victims.conftest import cccd_for
from victims import importing
from victims.models import Case, CriminalCase, Victim

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row(**values):
    base = {
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
    base.update(values)
    return [base[key] for key in importing.KEYS]


def workbook(*rows, headers=importing.HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(user, *rows):
    return importing.check_rows(importing.read_rows(io.BytesIO(workbook(*rows))), user=user)


def reasons(results):
    return " ".join(" ".join(result.reasons) for result in results)


def test_good_rows_are_saved_with_person_case_reception_and_criminal_case(
    officer_a, units, thanh_hoa_served
):
    results = check(
        officer_a,
        row(criminal_case="12/VA-2024", forms="Bóc lột tình dục; cưỡng bức lao động"),
        row(full_name="Vi Văn Nam", sex="Nam", birth="1995", commune="Hạc Thành", district=""),
    )

    assert [r.status for r in results] == ["ok", "ok"]
    assert importing.save_rows(results, user=officer_a) == 2
    mai = Case.objects.get(victim__full_name="Lò Thị Mai")
    assert mai.managing_unit == units.district_a
    assert mai.victim.permanent_unit == units.commune_a1
    assert mai.victim.ethnic_group.name == "Thái"
    assert mai.reception.received_on == datetime.date(2024, 3, 15)
    assert mai.reception.channel == "handed_over"
    assert mai.reception.agency_type == "border_guard"
    assert sorted(mai.exploitation_forms.values_list("code", flat=True)) == [
        "forced_labour",
        "sexual",
    ]
    assert mai.criminal_case == CriminalCase.objects.get(number="12/VA-2024")
    nam = Victim.objects.get(full_name="Vi Văn Nam")
    assert nam.permanent_unit == units.current_commune
    assert (nam.date_of_birth, nam.birth_year) == (None, 1995)


def test_an_id_number_typed_as_a_number_gets_its_leading_zero_back(
    officer_a, units, thanh_hoa_served
):
    number = cccd_for(sex="female", birth_year=2001)

    results = check(officer_a, row(id_number=int(number), received_on="2024-03-15"))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["id_number"] == number
    assert results[0].data["received_on"] == datetime.date(2024, 3, 15)


def test_usual_abbreviations_agency_names_and_bare_date_numbers_are_understood(
    officer_a, units, thanh_hoa_served
):
    results = check(
        officer_a,
        row(
            district="H. Thạch Thành",
            commune="X. Thạch Lâm",
            province="Tỉnh Thanh Hóa",
            sex="NỮ",
            agency="Đồn Biên phòng cửa khẩu Na Mèo",
            received_on=45366,  # an Excel day number: 15/03/2024
        ),
    )

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["permanent_unit"] == units.commune_a1
    assert results[0].data["received_on"] == datetime.date(2024, 3, 15)
    assert results[0].data["agency_type"] == "border_guard"
    assert results[0].data["agency_name"] == "Đồn Biên phòng cửa khẩu Na Mèo"


def test_names_without_diacritics_and_real_excel_dates_match(officer_a, units, thanh_hoa_served):
    results = check(
        officer_a,
        row(
            full_name="Dang Thi Dao",
            commune="thach lam",
            district="huyen thach thanh",
            province="thanh hoa",
            country="trung quoc",
            birth=datetime.datetime(2002, 7, 9),
            received_on=datetime.datetime(2024, 4, 1),
            channel="tu tro ve",
        ),
    )

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["date_of_birth"] == datetime.date(2002, 7, 9)
    assert results[0].data["channel"] == "self_returned"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"full_name": ""}, "Thiếu họ và tên."),
        ({"received_on": "31/02/2024"}, "không tồn tại"),
        ({"received_on": "2024-03-15x"}, "không đúng dạng dd/mm/yyyy"),
        ({"received_on": "01/01/2099"}, "không được sau ngày hôm nay"),
        ({"birth": "2010", "received_on": "01/01/2009"}, "phải sau ngày sinh"),
        ({"id_number": "12345"}, "12 chữ số"),
        ({"id_number": "cccd-male"}, "khác với giới tính"),
        ({"commune": "Không Có Xã Này"}, "Không tìm thấy xã/phường"),
        ({"commune": "Tân Phong", "district": ""}, "không rõ ràng"),
        ({"country": "Atlantis"}, "Không tìm thấy quốc gia"),
        ({"forms": "Bóc lột tình dục; bay lượn"}, "Không tìm thấy hình thức bóc lột “bay lượn”"),
        ({"sex": "X"}, "Giới tính phải là Nam hoặc Nữ."),
        ({"channel": "bay về"}, "Không rõ hình thức trở về"),
    ],
)
def test_a_bad_row_is_reported_with_its_reason_and_nothing_of_it_is_saved(
    officer_a, units, thanh_hoa_served, values, reason
):
    CommuneFactory(name="Xã Tân Phong", parent=units.province)
    CommuneFactory(name="Phường Tân Phong", parent=units.province)
    if values.get("id_number") == "cccd-male":
        values["id_number"] = cccd_for(sex="male", birth_year=2001)

    results = check(officer_a, row(**values))

    assert results[0].status == "error"
    assert reason in reasons(results)
    assert importing.save_rows(results, user=officer_a) == 0
    assert Victim.objects.count() == Case.objects.count() == 0


def test_a_name_that_begins_like_a_division_word_is_not_cut(officer_a, units, thanh_hoa_served):
    from tests.factories import DistrictFactory, LegacyCommuneFactory

    quang_xuong = DistrictFactory(code="405", name="Huyện Quảng Xương", parent=units.province)
    LegacyCommuneFactory(code="16000", name="Thị trấn Tân Phong", parent=quang_xuong)

    results = check(officer_a, row(district="Quảng Xương", commune="TT. Tân Phong"))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["permanent_unit"].parent == quang_xuong


def test_an_ambiguous_commune_lists_its_candidates_and_is_never_guessed(
    officer_a, units, thanh_hoa_served
):
    other = ProvinceFactory(code="40", name="Nghệ An")
    CommuneFactory(name="Xã Thạch Lâm", parent=other)

    results = check(officer_a, row(district="", province=""))

    assert results[0].status == "error"
    assert "Nghệ An" in reasons(results) and "Thạch Thành" in reasons(results)


def test_a_mixed_file_saves_the_good_rows_and_returns_the_bad_ones_with_a_reason(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(), row(full_name="", note="+cmd|' /C calc'!A0"))

    assert importing.save_rows(results, user=officer_a) == 1
    sheet = load_workbook(io.BytesIO(importing.error_workbook(results))).active
    header, bad = list(sheet.iter_rows(values_only=True))
    assert header[-1] == "Lý do"
    assert bad[-1] == "Thiếu họ và tên."
    assert bad[importing.KEYS.index("note")] == "'+cmd|' /C calc'!A0"


def test_importing_the_same_file_twice_creates_nothing_the_second_time(
    officer_a, units, thanh_hoa_served
):
    content = workbook(row(), row(full_name="Vi Văn Nam", sex="Nam", birth="1995"))
    first = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer_a)
    importing.save_rows(first, user=officer_a)

    second = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=officer_a)

    assert [r.status for r in second] == ["already", "already"]
    assert importing.save_rows(second, user=officer_a) == 0
    assert Case.objects.count() == 2


def test_the_same_row_twice_in_one_file_is_refused_the_second_time(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(), row())

    assert [r.status for r in results] == ["ok", "error"]
    assert "Trùng với dòng 2" in reasons(results)


def test_a_known_id_number_in_the_area_adds_a_case_to_that_person(officer_a, units, make_case):
    number = cccd_for(sex="female", birth_year=2001)
    person = make_case(officer_a, units.district_a, id_number=number, birth_year=2001).victim

    results = check(officer_a, row(id_number=number, received_on="02/02/2025"))

    assert results[0].status == "warning"
    importing.save_rows(results, user=officer_a)
    assert person.cases.count() == 2
    assert Victim.objects.count() == 1


def test_a_known_id_number_of_another_area_is_refused_without_revealing_the_person(
    officer_a, officer_b, units, make_case
):
    number = cccd_for(sex="female", birth_year=2001)
    make_case(officer_a, units.district_a, id_number=number, full_name="Hà Thị Nga")

    results = check(officer_b, row(id_number=number, district="Đông Sơn", commune="Đông Hòa"))

    assert results[0].status == "error"
    assert "liên hệ Sở" in reasons(results)
    assert "Hà Thị Nga" not in reasons(results)


def test_a_possible_duplicate_person_is_a_warning(officer_a, units, make_case):
    make_case(
        officer_a,
        units.district_a,
        full_name="Lò Thị Mai",
        birth_year=2000,
        residence=units.commune_a1,
        id_number="",
    )

    results = check(officer_a, row())

    assert results[0].status == "warning"
    assert "Có thể trùng" in reasons(results)


def test_a_file_with_a_wrong_header_names_the_column():
    headers = list(importing.HEADERS)
    headers[5] = "CCCD"

    with pytest.raises(importing.ImportFileError, match="Số định danh cá nhân"):
        importing.read_rows(io.BytesIO(workbook(headers=headers)))


# --- Over HTTP ---------------------------------------------------------------------------------


def test_the_template_has_exactly_the_headers_in_order(client_a):
    response = client_a.get("/victims/import/template/")

    book = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == importing.HEADERS
    assert book.sheetnames == ["Danh sách", "Hướng dẫn"]


def test_upload_preview_confirm_and_download_the_errors(
    client_a, officer_a, units, thanh_hoa_served, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ds.xlsx", workbook(row(), row(full_name="")), content_type=XLSX)

    preview = client_a.post("/victims/import/", {"file": upload})

    assert 'data-testid="import-preview"' in preview.content.decode()
    assert "Thiếu họ và tên." in preview.content.decode()
    assert Case.objects.count() == 0
    result = client_a.post("/victims/import/confirm/")
    assert "Đã lưu 1 vụ việc." in result.content.decode()
    assert Case.objects.count() == 1
    errors = client_a.get("/victims/import/errors/")
    rows = list(load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active.values)
    assert rows[1][-1] == "Thiếu họ và tên."


def test_a_file_that_is_not_excel_is_refused_in_vietnamese(client_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ds.xlsx", b"Ho va ten,Gioi tinh\n", content_type=XLSX)

    response = client_a.post("/victims/import/", {"file": upload})

    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_viewer_may_not_import(client_colleague_a):
    assert client_colleague_a.get("/victims/import/").status_code == 403
    assert client_colleague_a.post("/victims/import/confirm/").status_code == 403


def test_confirming_without_a_checked_file_finds_nothing(client_a):
    assert client_a.post("/victims/import/confirm/").status_code == 404


# --- The command -------------------------------------------------------------------------------


def test_the_command_dry_run_saves_nothing_and_the_real_run_saves(
    officer_a, units, thanh_hoa_served, tmp_path
):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook(row(), row(full_name="")))
    out = io.StringIO()

    call_command("import_returnees", str(path), "--as", officer_a.username, "--dry-run", stdout=out)

    assert "Thiếu họ và tên." in out.getvalue()
    assert "(dry run)" in out.getvalue()
    assert Case.objects.count() == 0
    call_command("import_returnees", str(path), "--as", officer_a.username, stdout=io.StringIO())
    assert Case.objects.count() == 1
