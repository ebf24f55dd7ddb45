"""Excel import of returnee lists: template, row checks, saving, re-import, screens, command."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.factories import CommuneFactory, ProvinceFactory
from tests.victims.conftest import cccd_for, import_checked, import_saved
from victims import importing
from victims.importing import jobs
from victims.models import Case, CriminalCase, ImportJob, Victim

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
        "investigating_agency": "",
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
    assert mai.received_on == datetime.date(2024, 3, 15)  # the registry's copy
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
        ({"id_number": "cccd-1999"}, "khác với năm sinh 2001"),
        ({"birth": "01/01/2099"}, "Ngày sinh không được sau ngày hôm nay."),
        ({"birth": "30/02/2001"}, "Ngày “30/02/2001” không tồn tại."),
        ({"commune": "Không Có Xã Này"}, "Không tìm thấy xã/phường"),
        ({"commune": "Tân Phong", "district": ""}, "không rõ ràng"),
        ({"country": "Atlantis"}, "Không tìm thấy quốc gia"),
        ({"forms": "Bóc lột tình dục; bay lượn"}, "Không tìm thấy hình thức bóc lột “bay lượn”"),
        ({"sex": "X"}, "Giới tính phải là Nam hoặc Nữ."),
        ({"channel": "bay về"}, "Không tìm thấy hình thức trở về “bay về”."),
        ({"forms": "tình dục"}, "Không rõ hình thức bóc lột “tình dục”, có thể là:"),
        ({"ethnic_group": "Kinh Thái"}, "Không rõ dân tộc “Kinh Thái”, có thể là: Kinh; Thái."),
        ({"country": ""}, "Thiếu quốc gia bị đưa đến"),
        ({"received_on": ""}, "Thiếu ngày trở về."),
    ],
)
def test_a_bad_row_is_reported_with_its_reason_and_nothing_of_it_is_saved(
    officer_a, units, thanh_hoa_served, values, reason
):
    CommuneFactory(name="Xã Tân Phong", parent=units.province)
    CommuneFactory(name="Phường Tân Phong", parent=units.province)
    if values.get("id_number") == "cccd-male":
        values["id_number"] = cccd_for(sex="male", birth_year=2001)
    if values.get("id_number") == "cccd-1999":
        values["id_number"] = cccd_for(sex="female", birth_year=1999)

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


def test_row_numbers_are_those_of_the_sheet_even_after_blank_rows(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(), [None] * 16, ["   "] * 16, row(full_name=""))

    assert [(r.number, r.status) for r in results] == [(2, "ok"), (5, "error")]


def test_a_unique_legacy_commune_is_found_without_its_district(officer_a, units, thanh_hoa_served):
    results = check(officer_a, row(commune="xa thach quang", district=""))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["permanent_unit"] == units.commune_a2


def test_a_division_word_settles_a_name_shared_by_a_ward_and_a_commune(
    officer_a, units, thanh_hoa_served
):
    ward = CommuneFactory(name="Phường Tân Phong", parent=units.province)
    CommuneFactory(name="Xã Tân Phong", parent=units.province)

    results = check(officer_a, row(commune="P. Tân Phong", district=""))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["permanent_unit"] == ward


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Mỹ", "US"),
        ("CHN", "CN"),
        ("kh", "KH"),
        ("Cam-pu-chia", "KH"),
        ("Nga", "RU"),
        ("Japan", "JP"),
    ],
)
def test_countries_match_vietnamese_and_english_names_and_iso_codes(
    officer_a, units, thanh_hoa_served, typed, code
):
    results = check(officer_a, row(country=typed))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["country"] == code


def test_a_capitalised_word_that_is_a_code_and_a_name_is_ambiguous(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(country="NGA"))

    assert results[0].status == "error"
    assert "không rõ ràng" in reasons(results) and "(RU)" in reasons(results)


@pytest.mark.parametrize("typed", ["H Mông", "HMông", "hmong", "Mèo"])
def test_ethnic_groups_match_their_name_and_aliases(officer_a, units, thanh_hoa_served, typed):
    results = check(officer_a, row(ethnic_group=typed))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["ethnic_group"].code_2008 == "08"


def test_an_agency_that_is_not_a_list_value_is_kept_as_a_name_of_type_other(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(agency="Hội Liên hiệp Phụ nữ huyện Thạch Thành"))

    assert results[0].status == "ok", results[0].reasons
    assert results[0].data["agency_type"] == "other"
    assert results[0].data["agency_name"] == "Hội Liên hiệp Phụ nữ huyện Thạch Thành"


def test_one_id_number_on_two_rows_is_one_person_with_two_cases(officer_a, units, thanh_hoa_served):
    number = cccd_for(sex="female", birth_year=2001)

    results = check(
        officer_a,
        row(id_number=number, received_on="15/03/2024"),
        row(id_number=number, received_on="01/02/2025", country="Lào"),
    )

    assert [r.status for r in results] == ["ok", "warning"]
    assert "Cùng số định danh với dòng 2" in reasons(results)
    assert importing.save_rows(results, user=officer_a) == 2
    assert Victim.objects.get().cases.count() == 2


def test_one_id_number_on_two_rows_with_the_same_return_date_is_refused(
    officer_a, units, thanh_hoa_served
):
    number = cccd_for(sex="female", birth_year=2001)

    results = check(officer_a, row(id_number=number), row(id_number=number, country="Lào"))

    assert [r.status for r in results] == ["ok", "error"]
    assert "Trùng số định danh và ngày trở về với dòng 2" in reasons(results)


def test_a_known_person_with_a_case_on_the_same_day_is_already_in_the_registry(
    officer_a, units, make_case
):
    number = cccd_for(sex="female", birth_year=2001)
    make_case(officer_a, units.district_a, id_number=number, birth_year=2001)

    results = check(officer_a, row(id_number=number, received_on="10/05/2024"))

    assert results[0].status == "error"
    assert "đã có trong hệ thống" in reasons(results)
    assert importing.save_rows(results, user=officer_a) == 0
    assert Case.objects.count() == 1


def test_the_same_person_twice_in_a_file_without_id_number_is_a_warning(
    officer_a, units, thanh_hoa_served
):
    results = check(officer_a, row(), row(received_on="01/02/2025"))

    assert [r.status for r in results] == ["ok", "warning"]
    assert "Có thể là cùng người với dòng 2" in reasons(results)


def test_when_the_registry_changes_before_saving_the_refused_row_is_reported_and_the_others_saved(
    officer_a, officer_b, units, make_case
):
    number = cccd_for(sex="female", birth_year=2001)
    results = check(officer_a, row(full_name="Vi Thị Hà"), row(id_number=number))
    make_case(officer_b, units.district_b, id_number=number, birth_year=2001)

    assert importing.save_rows(results, user=officer_a) == 1

    assert Victim.objects.filter(full_name="Vi Thị Hà").exists()
    assert results[1].status == "error"
    assert "Không lưu được dòng này" in reasons(results)


def test_the_error_workbook_gives_dates_back_as_typed_text(officer_a, units, thanh_hoa_served):
    results = check(officer_a, row(full_name="", received_on=datetime.datetime(2024, 3, 15)))

    sheet = load_workbook(io.BytesIO(importing.error_workbook(results))).active
    bad = list(sheet.iter_rows(values_only=True))[1]
    assert bad[importing.KEYS.index("received_on")] == "15/03/2024"


def test_a_file_without_data_rows_is_refused():
    with pytest.raises(importing.ImportFileError, match="không có dòng dữ liệu"):
        importing.read_rows(io.BytesIO(workbook()))


def test_a_file_with_a_missing_column_names_it():
    with pytest.raises(importing.ImportFileError, match="Thiếu cột “Ghi chú” \\(cột P\\)"):
        importing.read_rows(io.BytesIO(workbook(row(), headers=importing.HEADERS[:15])))


# --- Over HTTP ---------------------------------------------------------------------------------


def test_the_template_has_exactly_the_headers_in_order(client_a):
    response = client_a.get("/victims/import/template/")

    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == importing.HEADERS
    assert book.sheetnames == ["Danh sách", "Hướng dẫn", "Danh mục"]


def test_the_guide_sheet_lists_the_accepted_values(client_a):
    response = client_a.get("/victims/import/template/")

    guide = dict(load_workbook(io.BytesIO(response.content))["Hướng dẫn"].values)
    assert "Nữ" in guide["Giới tính"] and "Nam" in guide["Giới tính"]
    assert "H'Mông" in guide["Dân tộc"]
    assert "Cưỡng bức lao động" in guide["Hình thức bóc lột"]
    assert "Tự trở về" in guide["Hình thức trở về"]
    assert "Bộ đội Biên phòng" in guide["Cơ quan tiếp nhận"]
    assert "dd/mm/yyyy" in guide["Ngày trở về"] and "năm sinh" in guide["Ngày sinh"]


def test_upload_preview_confirm_and_download_the_errors(
    client_a, officer_a, units, thanh_hoa_served, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    job, preview = import_checked(client_a, workbook(row(), row(full_name="")))

    assert 'data-testid="import-preview"' in preview.content.decode()
    assert "Thiếu họ và tên." in preview.content.decode()
    assert Case.objects.count() == 0
    result = import_saved(client_a, job)
    assert "Đã lưu 1 vụ việc." in result.content.decode()
    assert Case.objects.count() == 1
    errors = client_a.get(f"/victims/import/{job.pk}/errors/")
    rows = list(load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active.values)
    assert rows[1][-1] == "Thiếu họ và tên."


def test_a_file_that_is_not_excel_is_refused_in_vietnamese(client_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ds.xlsx", b"Ho va ten,Gioi tinh\n", content_type=XLSX)

    response = client_a.post("/victims/import/", {"file": upload})

    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()
    assert Case.objects.count() == ImportJob.objects.count() == 0


def test_a_file_with_a_wrong_header_is_refused_in_vietnamese_naming_the_header(
    client_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    headers = [*importing.HEADERS]
    headers[6] = "Xã"

    job, response = import_checked(client_a, workbook(row(), headers=headers))

    assert job is None
    assert "Cột G phải có tiêu đề “Xã/Phường thường trú”" in response.content.decode()
    assert Case.objects.count() == ImportJob.objects.count() == 0


def test_a_file_over_five_megabytes_is_refused(client_a):
    upload = SimpleUploadedFile("ds.xlsx", b"PK" + b"0" * (5 * 1024 * 1024), content_type=XLSX)

    response = client_a.post("/victims/import/", {"file": upload})

    assert "Tệp quá lớn: tối đa 5 MB." in response.content.decode()


def test_a_list_longer_than_a_job_takes_is_refused_with_the_limit(
    client_a, units, thanh_hoa_served, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(jobs, "MAX_JOB_ROWS", 1)

    job, response = import_checked(client_a, workbook(row(), row()))

    assert job is None
    assert "Mỗi lần chỉ nhập tối đa 1 dòng." in response.content.decode()


def test_a_viewer_may_not_import(client_colleague_a):
    assert client_colleague_a.get("/victims/import/").status_code == 403
    assert client_colleague_a.get("/victims/import/template/").status_code == 403
    assert client_colleague_a.post("/victims/import/1/confirm/").status_code == 403
    assert client_colleague_a.get("/victims/import/1/errors/").status_code == 403


def test_the_error_workbook_belongs_to_the_user_who_imported(
    client_a, client_b, officer_a, units, thanh_hoa_served, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job, _page = import_checked(client_a, workbook(row(full_name="")))
    other_session = Client()
    other_session.force_login(officer_a)

    assert client_a.get(f"/victims/import/{job.pk}/errors/").status_code == 200
    assert other_session.get(f"/victims/import/{job.pk}/errors/").status_code == 200
    assert client_b.get(f"/victims/import/{job.pk}/errors/").status_code == 404


def test_the_case_list_offers_the_import_to_officers_only(client_a, client_colleague_a):
    assert "/victims/import/" in client_a.get("/victims/").content.decode()
    assert "/victims/import/" not in client_colleague_a.get("/victims/").content.decode()


def test_confirming_a_job_that_is_not_there_finds_nothing(client_a):
    assert client_a.post("/victims/import/999999/confirm/").status_code == 404


# --- The command -------------------------------------------------------------------------------


def test_the_command_dry_run_saves_nothing_and_the_real_run_saves(
    officer_a, units, thanh_hoa_served, tmp_path
):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook(row(), row(full_name="")))
    out = io.StringIO()

    call_command("import_returnees", str(path), "--as", officer_a.username, "--dry-run", stdout=out)

    assert "Thiếu họ và tên." in out.getvalue()
    assert "    3  Lỗi        Thiếu họ và tên." in out.getvalue()
    assert "Chạy thử: không lưu gì." in out.getvalue()
    assert Case.objects.count() == 0
    call_command("import_returnees", str(path), "--as", officer_a.username, stdout=io.StringIO())
    assert Case.objects.count() == 1
