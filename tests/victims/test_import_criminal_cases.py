"""The import's "Số vụ án" links the criminal case the registry already has (issue 16 item 8):
matched by its number written loosely and, when the row names one, by the investigating agency;
two cases of one number told apart only by their agencies are reported, never guessed."""

import io

import pytest

from tests.victims.test_import import check, reasons, row, workbook
from victims import importing
from victims.models import Case, CriminalCase

pytestmark = pytest.mark.django_db
POLICE = "Cơ quan CSĐT Công an tỉnh Thanh Hóa"


def test_a_number_the_registry_has_with_an_agency_links_that_case_and_creates_none(
    officer_a, units, thanh_hoa_served
):
    existing = CriminalCase.objects.create(number="12/VA-2024", investigating_agency=POLICE)

    results = check(officer_a, row(criminal_case="12/VA-2024"))
    importing.save_rows(results, user=officer_a)

    assert CriminalCase.objects.count() == 1
    assert Case.objects.get().criminal_case == existing


def test_the_number_is_matched_whatever_its_case_and_spacing(officer_a, units, thanh_hoa_served):
    existing = CriminalCase.objects.create(number="12/VA-2024", investigating_agency=POLICE)

    results = check(officer_a, row(criminal_case=" 12 / va-2024 "))
    importing.save_rows(results, user=officer_a)

    assert CriminalCase.objects.count() == 1
    assert Case.objects.get().criminal_case == existing


def test_a_row_naming_the_agency_picks_that_agencys_case(officer_a, units, thanh_hoa_served):
    CriminalCase.objects.create(number="12/VA-2024", investigating_agency=POLICE)
    other = CriminalCase.objects.create(
        number="12/VA-2024", investigating_agency="Cơ quan ANĐT Bộ Công an"
    )

    results = check(
        officer_a,
        row(criminal_case="12/VA-2024", investigating_agency="co quan anđt bo cong an"),
    )
    importing.save_rows(results, user=officer_a)

    assert CriminalCase.objects.count() == 2
    assert Case.objects.get().criminal_case == other


def test_one_number_of_two_agencies_without_an_agency_in_the_row_is_reported(
    officer_a, units, thanh_hoa_served
):
    CriminalCase.objects.create(number="12/VA-2024", investigating_agency=POLICE)
    CriminalCase.objects.create(number="12/VA-2024", investigating_agency="Cơ quan ANĐT Bộ Công an")

    results = check(officer_a, row(criminal_case="12/VA-2024"))

    assert results[0].status == "error"
    assert "Cơ quan điều tra" in reasons(results) and POLICE in reasons(results)


def test_a_new_number_with_its_agency_is_created_once_for_two_rows(
    officer_a, units, thanh_hoa_served
):
    results = check(
        officer_a,
        row(criminal_case="7/VA-2025", investigating_agency=POLICE),
        row(full_name="Vi Thị Hà", criminal_case="7/va-2025", investigating_agency=POLICE),
    )
    importing.save_rows(results, user=officer_a)

    criminal_case = CriminalCase.objects.get()
    assert (criminal_case.number, criminal_case.investigating_agency) == ("7/VA-2025", POLICE)
    assert Case.objects.filter(criminal_case=criminal_case).count() == 2


def test_a_file_without_the_agency_column_is_still_read(officer_a, units, thanh_hoa_served):
    existing = CriminalCase.objects.create(number="12/VA-2024", investigating_agency=POLICE)
    old_headers = importing.HEADERS[: importing.REQUIRED_COLUMNS]

    cells = row(criminal_case="12/VA-2024")[: importing.REQUIRED_COLUMNS]

    rows = importing.read_rows(io.BytesIO(workbook(cells, headers=old_headers)))
    results = importing.check_rows(rows, user=officer_a)
    importing.save_rows(results, user=officer_a)

    assert Case.objects.get().criminal_case == existing
