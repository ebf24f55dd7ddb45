"""Spreadsheet (formula) injection: hostile text typed into the system comes out of every Excel
export that carries free text as plain text — never a formula — and without control
characters, while real numbers (negative ones too) stay numbers. Each file is read back with
openpyxl. All writers go through one helper, core.spreadsheets.safe_cell_value."""

import datetime
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.spreadsheets import safe_cell_value
from prevention import services as prevention_services
from prevention.models import Directive, PreventionActivity, TargetGroup
from reports import generation, tasks
from reports import services as report_services
from reports.periods import period_for
from support_services.models import SupportType
from support_services.supports import services as support_services
from tests.conftest import stored_content
from tests.victims.conftest import import_checked, import_saved
from tests.victims.test_import import row, workbook
from victims.models import ExploitationForm

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
D = datetime.date

# What an attacker types, and what the export must show instead.
HOSTILE = {
    '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")',
    "@SUM(A1)": "'@SUM(A1)",
    "+1": "'+1",
    "-2+3": "'-2+3",
    "\t=1+1": "'\t=1+1",
    "\r=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    "  =1+2": "'  =1+2",
    "\uff1d1+1": "'\uff1d1+1",
    "Nguyễn\x07 Thị\x1b Hoa\x7f": "Nguyễn Thị Hoa",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def make_activity():
    """make_activity(actor, unit, groups=[(code, count, female)], **fields) via the service."""

    def build(actor, unit, *, groups=(), **fields):
        values = {
            "activity_type": "training",
            "title": "Lớp tập huấn phòng, chống mua bán người",
            "start_date": D(2024, 4, 9),
            "sessions": 1,
            "participants": 60,
            **fields,
        }
        return prevention_services.activity_save(
            actor=actor,
            activity=PreventionActivity(unit=unit, **values),
            participations=[
                (TargetGroup.objects.get(code=code), count, female)
                for code, count, female in groups
            ],
            places=(),
            partner_units=(),
        )

    return build


def cells(content: bytes) -> list:
    """Every cell of every sheet of the workbook, read back as Excel would store it."""
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_and_no_control_character(content: bytes) -> list:
    found = cells(content)
    formulas = [cell.coordinate for cell in found if cell.data_type == "f"]
    assert formulas == []
    texts = [cell.value for cell in found if isinstance(cell.value, str)]
    dangerous = [text for text in texts if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)]
    assert dangerous == []
    for text in texts:
        assert not text.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\uff1d")), text
    return texts


def download(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- The helper ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "written"), HOSTILE.items())
def test_the_helper_neutralises_formula_starts_and_drops_control_characters(typed, written):
    assert safe_cell_value(typed) == written


@pytest.mark.parametrize("value", [-5, -2.5, 0, 1_000_000, D(2024, 5, 10), True, None])
def test_the_helper_leaves_numbers_dates_and_empty_cells_alone(value):
    assert safe_cell_value(value) is value


def test_ordinary_vietnamese_text_is_unchanged():
    for text in ["Lò Thị Mai", "Xã Thạch Lâm (cũ)", "50/KH-SLĐTBXH", "Dòng 1\nDòng 2"]:
        assert safe_cell_value(text) == text


def test_every_spreadsheet_writer_of_ours_uses_the_helper():
    """A module that builds a workbook (or writes CSV) must call safe_cell_value / safe_row or
    go through core.spreadsheets, which does."""
    writers = []
    for path in ROOT.glob("*/**/*.py"):
        # bench/ writes synthetic workbooks to import, never data out of the database.
        if {".venv", "tests", "migrations", "bench"} & set(path.parts):
            continue
        if path.relative_to(ROOT) in NOT_EXPORTS:
            continue
        source = path.read_text(encoding="utf-8")
        if "Workbook(" in source or "csv.writer" in source or "csv.DictWriter" in source:
            writers.append(path.relative_to(ROOT))
            assert "core.spreadsheets" in source, path
    # The one writer of every export, and the import's template and error workbooks.
    assert {Path("core/spreadsheets.py"), Path("victims/importing/workbooks.py")} <= set(writers), (
        writers
    )


def test_every_export_writes_its_file_with_the_one_writer():
    exports = [
        "victims/exports.py",
        "prevention/exports.py",
        "support_services/supports/views.py",
        "reports/excel.py",
        "reports/partner_export.py",
    ]
    for name in exports:
        source = (ROOT / name).read_text(encoding="utf-8")
        assert "from core.spreadsheets import" in source, name
        assert "openpyxl" not in source, name


# Files that are not exports to users: a data file of the package's units for our own loader.
NOT_EXPORTS = {Path("locations/management/commands/extract_legacy_units.py")}


# --- Every export with free text ---------------------------------------------------------------


def test_the_case_list_export_neutralises_hostile_names(client_a, officer_a, units, make_case):
    for typed in HOSTILE:
        make_case(officer_a, units.district_a, full_name=typed)
    ExploitationForm.objects.filter(code="sexual").update(name="@SUM(A1)")

    texts = assert_no_formula_and_no_control_character(
        download(
            client_a.post(
                "/victims/export/", {"reason": "Kiểm tra định dạng tệp xuất theo yêu cầu"}
            )
        )
    )

    for written in HOSTILE.values():
        assert written in texts
    assert "'@SUM(A1)" in texts


def test_the_prevention_activity_export_neutralises_every_free_text_field(
    client_a, officer_a, units, make_activity
):
    hostile = list(HOSTILE)
    make_activity(
        officer_a,
        units.district_a,
        activity_type="inspection",
        title=hostile[0],
        venue=hostile[1],
        partner_organisations=hostile[2],
        funding_source=hostile[3],
        establishments_inspected=2,
        findings=hostile[4],
        notes=hostile[5],
        groups=[("village_heads", 5, 1)],
    )
    make_activity(officer_a, units.district_a, title=hostile[8])
    TargetGroup.objects.filter(code="village_heads").update(name=hostile[6])

    texts = assert_no_formula_and_no_control_character(
        download(client_a.get("/prevention/export/"))
    )

    for typed in [*hostile[:7], hostile[8]]:
        assert any(HOSTILE[typed] in text for text in texts), typed


def test_the_prevention_totals_export_neutralises_directive_titles_and_group_names(
    provincial_client, provincial_staff, units, make_activity
):
    prevention_services.directive_save(
        actor=provincial_staff,
        directive=Directive(
            number="50/KH-SLĐTBXH",
            directive_type="plan",
            issued_on=D(2024, 3, 15),
            issuing_body="Sở",
            title='=HYPERLINK("http://x","y")',
        ),
    )
    make_activity(provincial_staff, units.province, groups=[("village_heads", 40, 10)])
    TargetGroup.objects.filter(code="village_heads").update(name="-2+3")

    content = download(provincial_client.get("/prevention/totals/export/?year=2024"))

    texts = assert_no_formula_and_no_control_character(content)
    assert '\'=HYPERLINK("http://x","y")' in texts
    assert "'-2+3" in texts


def test_the_support_totals_export_neutralises_type_and_unit_names(
    provincial_client, provincial_staff, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    support_type = SupportType.objects.filter(regime="legacy", code="medical").get()
    support_services.support_propose(
        actor=officer_a, case=case, support_type=support_type, quantity=1, on_date=D(2024, 5, 12)
    )
    SupportType.objects.filter(pk=support_type.pk).update(name="+1")
    units.district_a.name = "@SUM(A1)"
    units.district_a.save()

    content = download(provincial_client.get("/support/supports/totals/export/?year=2024"))

    texts = assert_no_formula_and_no_control_character(content)
    assert "'+1" in texts and "'@SUM(A1)" in texts


def test_the_report_workbook_neutralises_labels_and_keeps_negative_differences_as_numbers(
    provincial_staff, officer_a, units, make_case
):
    ExploitationForm.objects.filter(code="sexual").update(name='=HYPERLINK("http://x","y")')
    make_case(officer_a, units.district_a, received=D(2024, 3, 1), full_name="Người A")
    for index in range(3):  # the period before had more: the difference is negative
        make_case(officer_a, units.district_a, received=D(2023, 3, 1), full_name=f"Người {index}")
    run = report_services.report_request(
        actor=provincial_staff, period=period_for("annual", 2024), unit=units.province
    )
    run = generation.build(tasks._claim(run.pk, "test"))

    content = stored_content(run.excel_file)

    texts = assert_no_formula_and_no_control_character(content)
    assert '\'=HYPERLINK("http://x","y")' in texts
    summary = load_workbook(io.BytesIO(content))["Tổng hợp"]
    received = next(row for row in summary.iter_rows() if row[1].value == "Số người được tiếp nhận")
    assert [cell.value for cell in received[2:]] == [1, 3, -2]
    assert received[4].data_type == "n"


def test_the_import_error_workbook_gives_back_hostile_cells_as_text(client_a, thanh_hoa_served):
    hostile = list(HOSTILE)
    in_error = row(  # hostile values in a row that lacks a sex: sent back in the error file
        full_name=hostile[2],
        other_names=hostile[1],
        sex="",
        criminal_case=hostile[3],
        note=hostile[6],  # (openpyxl cannot even write a control character into the upload)
    )
    job, preview = import_checked(client_a, workbook(row(), in_error))
    assert preview.status_code == 200
    import_saved(client_a, job)
    content = download(client_a.get(f"/victims/import/{job.pk}/errors/"))

    texts = assert_no_formula_and_no_control_character(content)
    for typed in (hostile[1], hostile[2], hostile[3], hostile[6]):
        assert HOSTILE[typed] in texts, typed
