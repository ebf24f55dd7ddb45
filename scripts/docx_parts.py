"""Pieces shared by the scripts that build the Word templates (make_*docx_templates.py): the
page style, the two-column header or signature table, centred and right-aligned lines, and
writing the files."""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
PLACE_AND_DATE = "{{ signing_place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}"


def base():
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    return document


def two_columns(document, left_text, right_text):
    """A borderless row of two centred cells: the issuer and the nation's motto of an official
    letter's header, or the certification and the signature at the foot of a form."""
    table = document.add_table(rows=1, cols=2)
    left, right_cell = table.rows[0].cells
    left.text = left_text
    right_cell.text = right_text
    for cell in (left, right_cell):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def centered(document, text, bold=False):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold
    return paragraph


def right(document, text, bold=False):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(text).bold = bold
    return paragraph


def save_all(out: Path, builders) -> None:
    """Build each (name, function) and write it as `<out>/<name>.docx`."""
    out.mkdir(parents=True, exist_ok=True)
    for name, build in builders:
        build().save(out / f"{name}.docx")
        print(out / f"{name}.docx")
