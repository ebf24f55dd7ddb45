"""The Word report's text for fixed indicator data: every paragraph and every table cell, in
order, is compared with an expected file in tests/reports/word_report/. The data are the demo's
annual reports of 2024 (legacy department, increases) and 2025 (current department, decreases),
the 2025 district copy with small counts hidden as a viewer gets it, and two edge cases (equal
figures, no directive, no department profile; hostile text in labels and directives).

The expected files were written by the python-docx renderer this template replaced, so they pin
the report's wording. After a deliberate change of the wording, rewrite them with
WORD_REPORT_REWRITE_EXPECTED=1 (the run then fails, to be run again) and review the diff."""

import copy
import datetime
import io
import json
import os
from pathlib import Path

import pytest
import time_machine
from django.utils import translation
from docx import Document

from accounts.services import department_profiles_ensure
from reports import word
from reports.indicators import suppressed_copy
from reports.models import ReportRun
from reports.periods import period_for

pytestmark = pytest.mark.django_db
HERE = Path(__file__).resolve().parent / "word_report"
TODAY = datetime.datetime(2026, 1, 5, 9, 0)  # the date the heading block writes
HOSTILE = '<script>alert("x")</script> & <w:p>'


def report_blocks(content: bytes) -> list:
    """The body in order: a paragraph as its text, a table as rows of cells of paragraph texts."""
    blocks = []
    for block in Document(io.BytesIO(content)).iter_inner_content():
        if hasattr(block, "rows"):
            rows = [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in block.rows]
            blocks.append(rows)
        else:
            blocks.append(block.text)
    return blocks


def demo_data(year: int) -> dict:
    return json.loads((HERE / f"demo_annual_{year}_indicators.json").read_text())


def with_equal_figures_and_no_directive(data: dict) -> dict:
    data = copy.deepcopy(data)
    for key in ("received_total", "supports_provided_people"):
        data["indicators"][key]["previous"] = data["indicators"][key]["value"]
    data["directives"] = []
    return data


def with_hostile_text(data: dict) -> dict:
    data = copy.deepcopy(data)
    data["tables"]["received_by_exploitation"]["rows"][0]["label"] = HOSTILE
    data["directives"][0].update(number=HOSTILE, title=f"{HOSTILE} {{{{ 7*7 }}}} {{% if %}}")
    return data


# name: (year of the period, unit, with department profiles, the data)
CASES = {
    "demo-annual-2024": (2024, "province", True, lambda: demo_data(2024)),
    "demo-annual-2025": (2025, "province", True, lambda: demo_data(2025)),
    "demo-annual-2025-district-suppressed": (
        2025,
        "district_a",
        True,
        lambda: suppressed_copy(demo_data(2025), 5),
    ),
    "equal-no-directive-no-department": (
        2025,
        "province",
        False,
        lambda: with_equal_figures_and_no_directive(demo_data(2025)),
    ),
    "hostile-text": (2024, "province", True, lambda: with_hostile_text(demo_data(2024))),
}


def render(units, name: str) -> bytes:
    year, unit, with_profiles, data = CASES[name]
    if with_profiles:
        department_profiles_ensure(province=units.province)
    period = period_for("annual", year)
    run = ReportRun(kind="annual", start=period.start, end=period.end, unit=getattr(units, unit))
    with time_machine.travel(TODAY, tick=False), translation.override("vi"):
        return word.document_bytes(run, data())


@pytest.mark.parametrize("name", CASES)
def test_the_report_text_is_the_expected_text(units, name):
    blocks = report_blocks(render(units, name))

    expected = HERE / f"expected_{name}.json"
    if os.environ.get("WORD_REPORT_REWRITE_EXPECTED") == "1":
        expected.write_text(json.dumps(blocks, ensure_ascii=False, indent=1) + "\n")
        pytest.fail(f"{expected.name} rewritten: review the diff and run again without the flag")
    assert blocks == json.loads(expected.read_text())


def test_hostile_text_is_written_as_text_not_markup(units):
    blocks = report_blocks(render(units, "hostile-text"))

    paragraphs = [block for block in blocks if isinstance(block, str)]
    cells = [
        text
        for block in blocks
        if isinstance(block, list)
        for row in block
        for cell in row
        for text in cell
    ]
    assert f"{HOSTILE} ngày 21/02/2024: {HOSTILE} {{{{ 7*7 }}}} {{% if %}}" in paragraphs
    assert HOSTILE in cells


def test_the_report_keeps_its_layout(units):
    document = Document(io.BytesIO(render(units, "demo-annual-2025")))

    page = document.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(page.left_margin.cm, 1), round(page.right_margin.cm, 1)) == (3.0, 2.0)
    assert document.styles["Normal"].font.name == "Times New Roman"
    title = document.paragraphs[0]
    assert title.text == "BÁO CÁO" and all(run.bold for run in title.runs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ TIẾP NHẬN, XÁC MINH, BẢO VỆ VÀ HỖ TRỢ NẠN NHÂN",
        "1. Tiếp nhận",
    ]
    heading_block, *tables = document.tables
    assert heading_block.style.name != "Table Grid"  # no borders around the heading
    assert len(tables) == 11 and {table.style.name for table in tables} == {"Table Grid"}
    for table in tables:  # as many grid columns as cells, so that Word draws every column
        assert len(table.columns) == len(table.rows[0].cells) == len(table.rows[-1].cells)
