"""Both GSO code sets of the ethnic groups (issue 15 item 9) and the source of each row (item 13).

Expected codes are written out from the two lists as the statistics office published them, not
read from victims.reference_data: Decision 1019/QĐ-TCTK of 12/11/2008 (01 Kinh, 02 Tày, 03 Thái,
04 Mường, 05 Khơ me, 06 Hoa, 07 Nùng, 08 H'Mông, 09 Dao, 10 Gia Rai, 11 Ê Đê, 12 Ba Na, 13 Sán
Chay, … 43 Ngái, … 52 Rơ Măm, 53 Brâu, 54 Ơ Đu) and Decision 121-TCTK/PPCĐ of 02/03/1979 (01 Kinh,
02 Tày, 03 Thái, 04 Hoa, 05 Khơ-me, 06 Mường, 07 Nùng, 08 HMông, 09 Dao, 10 Gia-rai, 11 Ngái, 12
Ê-đê, … 52 Brâu, 53 Ơ Đu, 54 Rơ-măm)."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Organisation
from reports.partner_export import KEYS
from victims.models import EthnicGroup

pytestmark = pytest.mark.django_db
REASON = "Gửi danh sách cho Công an tỉnh theo công văn"

# name: (code 2008, code 1979)
EXPECTED = {
    "Kinh": ("01", "01"),
    "Tày": ("02", "02"),
    "Thái": ("03", "03"),
    "Mường": ("04", "06"),
    "Khơ me": ("05", "05"),
    "Hoa": ("06", "04"),
    "Nùng": ("07", "07"),
    "H'Mông": ("08", "08"),
    "Dao": ("09", "09"),
    "Gia Rai": ("10", "10"),
    "Ê Đê": ("11", "12"),
    "Ba Na": ("12", "13"),
    "Sán Chay": ("13", "15"),
    "Ngái": ("43", "11"),
    "Chứt": ("44", "44"),
    "Mảng": ("46", "45"),
    "Cơ Lao": ("47", "47"),
    "Si La": ("50", "50"),
    "Pu Péo": ("51", "51"),
    "Rơ Măm": ("52", "54"),
    "Brâu": ("53", "52"),
    "Ơ Đu": ("54", "53"),
}


@pytest.mark.parametrize(("name", "codes"), EXPECTED.items())
def test_each_group_has_its_code_in_both_lists(name, codes):
    group = EthnicGroup.objects.get(name=name)

    assert (group.code_2008, group.code_1979) == codes
    assert (group.code_in("2008"), group.code_in("1979")) == codes


def test_both_lists_number_the_54_groups_from_01_to_54():
    groups = EthnicGroup.objects.exclude(name="Người nước ngoài")

    expected = {f"{n:02d}" for n in range(1, 55)}
    assert set(groups.values_list("code_2008", flat=True)) == expected
    assert set(groups.values_list("code_1979", flat=True)) == expected


def test_every_row_names_its_source_and_the_list_is_ordered_by_the_2008_codes():
    muong = EthnicGroup.objects.get(name="Mường")
    foreigners = EthnicGroup.objects.get(name="Người nước ngoài")

    assert "1019/QĐ-TCTK" in muong.source and "121-TCTK/PPCĐ" in muong.source
    assert "không có trong hai danh mục" in foreigners.source
    assert not EthnicGroup.objects.filter(source="").exists()
    assert [g.name for g in EthnicGroup.objects.all()[:6]] == [
        "Kinh",
        "Tày",
        "Thái",
        "Mường",
        "Khơ me",
        "Hoa",
    ]


def _set_code_set(code_set):
    organisation = Organisation.current()
    organisation.ethnic_code_set = code_set
    organisation.save()


@pytest.fixture
def muong_case(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, full_name="Bùi Thị Mường")
    case.victim.ethnic_group = EthnicGroup.objects.get(name="Mường")
    case.victim.save()
    return case


@pytest.mark.parametrize(
    ("code_set", "code", "decision"),
    [("2008", "04", "1019/QĐ-TCTK"), ("1979", "06", "121-TCTK/PPCĐ")],
)
def test_the_registry_export_writes_the_code_of_the_chosen_set_and_names_the_set(
    client_a, muong_case, code_set, code, decision
):
    _set_code_set(code_set)

    response = client_a.post("/victims/export/", {"reason": REASON})

    header, row = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    column = next(i for i, text in enumerate(header) if text.startswith("Mã dân tộc"))
    assert decision in header[column]
    assert row[column] == code
    assert row[column - 1] == "Mường"


def test_the_partner_export_carries_the_code_and_says_which_set(
    provincial_client, muong_case, officer_a, units, make_case, settings
):
    # Two people alike in every quasi-identifier, so that k = 2 releases both exactly.
    settings.PARTNER_EXPORT_K = 2
    twin = make_case(officer_a, units.district_a, full_name="Bùi Thị Mường Hai")
    twin.victim.ethnic_group = muong_case.victim.ethnic_group
    twin.victim.save()
    _set_code_set("1979")

    response = provincial_client.get("/reports/partner-export/")

    data, documentation = load_workbook(io.BytesIO(response.content)).worksheets
    rows = list(data.iter_rows(values_only=True))
    assert list(rows[0]) == KEYS
    assert rows[1][KEYS.index("ethnicity_code")] == "06"
    notes = {row[0]: row for row in documentation.iter_rows(values_only=True)}
    assert "121-TCTK/PPCĐ" in notes["Bộ mã dân tộc"][2]


def test_the_import_template_names_the_code_set_of_the_codes_it_lists(client_a, thanh_hoa_served):
    response = client_a.get("/victims/import/template/")

    guide = load_workbook(io.BytesIO(response.content))["Hướng dẫn"]
    accepted = {row[0]: row[1] for row in guide.iter_rows(values_only=True)}
    assert "1019/QĐ-TCTK" in accepted["Dân tộc"]
    assert "04 Mường" in accepted["Dân tộc"] and "06 Hoa" in accepted["Dân tộc"]


@pytest.mark.parametrize(("code_set", "name"), [("2008", "Mường"), ("1979", "Hoa")])
def test_an_imported_code_is_read_in_the_chosen_set(code_set, name):
    from victims.importing.matching import Matcher

    _set_code_set(code_set)

    matcher = Matcher()
    assert matcher.ethnic_group("04").name == name
    assert matcher.ethnic_group("4").name == name
    assert matcher.ethnic_group("Khơ-me").name == "Khơ me"


def test_the_person_page_shows_the_code_its_set_and_source(client_a, muong_case):
    body = client_a.get(f"/victims/people/{muong_case.victim.pk}/").content.decode()

    assert "Mường (mã 04)" in body
    assert "Quyết định 1019/QĐ-TCTK ngày 12/11/2008" in body
    assert "Quyết định số 121-TCTK/PPCĐ ngày 02/03/1979" in body


def test_the_person_page_names_the_province_of_birth_registration_and_its_source(
    client_a, muong_case
):
    body = client_a.get(f"/victims/people/{muong_case.victim.pk}/").content.decode()

    # tests/victims/conftest.py: cccd_for gives a Thanh Hóa (038) number by default.
    assert "038 — Thanh Hóa" in body
    assert "Thông tư số 07/2016/TT-BCA ngày 01/02/2016" in body


def test_an_officer_of_another_district_does_not_see_the_person_or_their_code(client_b, muong_case):
    response = client_b.get(f"/victims/people/{muong_case.victim.pk}/")

    assert response.status_code == 404
    assert "Bùi Thị Mường" not in response.content.decode()


def test_the_case_page_names_the_source_of_the_destination_country(client_a, muong_case):
    body = client_a.get(f"/victims/cases/{muong_case.pk}/").content.decode()

    # tests/victims/conftest.py: make_case sends the person to China by default.
    assert 'title="Nguồn: mã và tên nước theo ISO 3166-1 (CN)"' in body
