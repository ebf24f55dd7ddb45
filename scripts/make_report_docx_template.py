"""Builds the Word template of the provincial report (reports/docx_templates/report.docx), the
annual, six-month and calendar-year report that reports/word.py fills in.

Run it after changing the report's structure here:
    .venv/bin/python scripts/make_report_docx_template.py
and check the text with tests/reports/test_word_report.py.

How a province edits the template
---------------------------------
A supervisor downloads the template in use from the admin ("Mẫu báo cáo Word"), opens it in
Word (or LibreOffice), changes the words, fonts and layout, saves it as .docx and uploads it
there with a note: the upload is checked (every tag must be valid and name only values listed
below) and kept as a new version, which the province's reports then use; earlier versions stay
and can be made active again, and without an active version the built-in template is used.
The words outside the tags are free text; keep the tags themselves, each typed in one go (Word
must not autocorrect their quotes or braces):

- ``{{ name }}`` writes a value: the heading (``governing_body``, ``department_name``,
  ``department_abbreviation``, ``signing_place``, ``day``, ``month``, ``year``), the period
  (``start``, ``end``, ``unit_name``, ``period_note`` when the period is clipped, the compared
  period ``previous_start``, ``previous_end``), ``figures.<indicator>`` and
  ``previous_figures.<indicator>`` — every indicator of reports/indicators.py, already formatted
  ("1.234", amounts "1.234.000 ₫", hidden small counts "<5") — and ``directive_count``.
- ``{{ text.<part> }}`` writes the report's sentences, computed from the same figures as the
  tables (reports/word.py): ``situation``, ``reception``, ``criminal_cases``, ``verification``,
  ``support``, ``referral``, ``reintegration``, ``directives``, ``prevention``, ``assessment``.
  They leave out zero parts, compare with the previous period only where the system holds data
  of it, and say once when a section has no data. To word a sentence differently, write it
  with ``figures`` and ``changes`` instead.
- ``{{ changes.<indicator>.text }}`` is the comparison with the previous period ("tăng 3 người
  so với kỳ trước", "" when it is not compared); its parts are ``comparable``, ``hidden``,
  ``up``, ``down`` and ``n`` (the difference with its unit). ``has_previous`` and
  ``sections.<section>.has_data`` / ``.has_previous`` say where there are figures (sections:
  reception, verification, support, referral, reintegration, prevention).
- A paragraph holding only ``{%p if … %}``, ``{%p else %}``, ``{%p endif %}``, ``{%p for … %}``,
  ``{%p endfor %}`` or ``{%p set … %}`` disappears; what lies between is kept, left out or
  repeated (the directives, the tables of a section that has data).
- In a table, a row holding ``{%tr for row in table.rows %}`` … ``{%tr endfor %}`` repeats the row
  between them once per row of data (``{{ loop.index }}`` numbers them, ``{{ row.label }}``), and
  cells holding ``{%tc for … %}`` … ``{%tc endfor %}`` repeat the two cells between them once per
  column of the table (this period, previous period).

Values are escaped when the report is rendered (docxtpl, autoescape), so a label or a title with
"<", "&" or tags is written as text. The tests compare every paragraph and cell of the rendered
report with expected files; after a deliberate change of wording, rewrite them as their module
says and review the diff.
"""

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "reports" / "docx_templates" / "report.docx"

RECEPTION_TABLES = (
    "received_by_unit",
    "received_by_destination",
    "received_by_exploitation",
    "received_by_channel",
    "received_by_agency",
    "received_by_ethnicity",
)
PREVENTION_TABLES = ("activities_by_type", "training_participants_by_group")


def new_document():
    """A4, Times New Roman 13, margins of an administrative document (left 3 cm, right 2 cm)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    return document


def centered(document, text, *, bold=False):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    return paragraph


def heading_block(document):
    """The department (left) and the national motto with place and date (right), no borders."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("{{ governing_body|upper }}")
    left.add_paragraph().add_run("{{ department_name|upper }}").bold = True
    left.add_paragraph("Số:        /BC-{{ department_abbreviation }}")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    right.add_paragraph().add_run(
        "{{ signing_place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}"
    ).italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def title(document):
    centered(document, "BÁO CÁO", bold=True)
    centered(
        document,
        "Kết quả công tác tiếp nhận, xác minh, bảo vệ, hỗ trợ nạn nhân bị mua bán và phòng "
        "ngừa mua bán người",
        bold=True,
    )
    centered(document, "(Kỳ báo cáo từ {{ start }} đến {{ end }} — {{ unit_name }})")
    tag(document, "if period_note")
    centered(document, "{{ period_note }}").runs[0].italic = True
    tag(document, "endif")


def tag(document, text):
    """A paragraph holding only a {%p … %} tag: it disappears from the report."""
    document.add_paragraph(f"{{%p {text} %}}")


def _fill_width(grid):
    """100 % of the text width, columns sized by Word: their number depends on the data."""
    properties = grid._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    for cell_width in grid._tbl.iter(qn("w:tcW")):
        cell_width.getparent().remove(cell_width)


def data_table(document):
    """The table `table` of the context if it has rows (else nothing: the section's sentence
    says when it has no data)."""
    tag(document, "if table.rows")
    grid_table(document)
    tag(document, "endif")


def grid_table(document):
    """The table `table`: STT, the row's label, then this period and the previous one for each
    column (a bordered grid)."""
    grid = document.add_table(rows=4, cols=6)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, open_rows, row, close_rows = (r.cells for r in grid.rows)
    for cells, texts in (
        (
            header,
            (
                "STT",
                "{{ table.label }}",
                "{%tc for column in table.columns %}",
                "{{ column }} (kỳ này)",
                "{{ column }} (kỳ trước)",
                "{%tc endfor %}",
            ),
        ),
        (open_rows, ("{%tr for row in table.rows %}",)),
        (
            row,
            (
                "{{ loop.index }}",
                "{{ row.label }}",
                "{%tc for cell in row.cells %}",
                "{{ cell.current }}",
                "{{ cell.previous }}",
                "{%tc endfor %}",
            ),
        ),
        (close_rows, ("{%tr endfor %}",)),
    ):
        for cell, text in zip(cells, texts, strict=False):
            cell.text = text
    _fill_width(grid)


def labelled_tables(document, section, keys):
    """Each table of `keys` that has rows, under its name in italics, when the section has data
    in the period."""
    tables = ", ".join(f"tables.{key}" for key in keys)
    tag(document, f"if sections.{section}.has_data")
    tag(document, f"for table in [{tables}]")
    tag(document, "if table.rows")
    document.add_paragraph().add_run("{{ table.label }}").italic = True
    tag(document, "endif")
    data_table(document)
    tag(document, "endfor")
    tag(document, "endif")


def one_table(document, section, key):
    tag(document, f"if sections.{section}.has_data")
    tag(document, f"set table = tables.{key}")
    data_table(document)
    tag(document, "endif")


def text(document, key):
    """The narrative sentences of `key` (reports/word.py), if there are any."""
    tag(document, f"if text.{key}")
    document.add_paragraph(f"{{{{ text.{key} }}}}")
    tag(document, "endif")


def situation(document):
    document.add_heading("I. TÌNH HÌNH CHUNG", level=2)
    text(document, "situation")


def results(document):
    document.add_heading("II. KẾT QUẢ TIẾP NHẬN, XÁC MINH, BẢO VỆ VÀ HỖ TRỢ NẠN NHÂN", level=2)
    document.add_heading("1. Tiếp nhận", level=3)
    text(document, "reception")
    text(document, "criminal_cases")
    labelled_tables(document, "reception", RECEPTION_TABLES)
    document.add_heading("2. Xác minh, xác định nạn nhân", level=3)
    text(document, "verification")
    document.add_heading("3. Hỗ trợ nạn nhân", level=3)
    text(document, "support")
    one_table(document, "support", "supports_by_type")
    document.add_heading("4. Chuyển gửi, kết nối dịch vụ", level=3)
    text(document, "referral")
    one_table(document, "referral", "referrals_by_programme")
    document.add_heading("5. Theo dõi, hỗ trợ tái hòa nhập", level=3)
    text(document, "reintegration")
    one_table(document, "reintegration", "closures_by_reason")


def prevention(document):
    document.add_heading("III. CÔNG TÁC PHÒNG NGỪA, THÔNG TIN, TRUYỀN THÔNG", level=2)
    text(document, "directives")
    tag(document, "for directive in directives")
    document.add_paragraph(
        "{{ directive.number }} ngày {{ directive.issued_on }}: {{ directive.title }}",
        style="List Bullet",
    )
    tag(document, "endfor")
    text(document, "prevention")
    labelled_tables(document, "prevention", PREVENTION_TABLES)


def assessment_and_tasks(document):
    document.add_heading("IV. ĐÁNH GIÁ CHUNG", level=2)
    text(document, "assessment")
    document.add_paragraph(
        "Số liệu được tổng hợp từ hệ thống quản lý hồ sơ nạn nhân theo chế độ pháp lý áp dụng "
        "tại ngày tiếp nhận của từng trường hợp."
    )
    document.add_heading("V. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", level=2)
    for task in (
        "Tiếp tục tiếp nhận, xác minh kịp thời và bảo đảm bí mật thông tin của nạn nhân.",
        "Thực hiện đầy đủ, đúng đối tượng các chế độ hỗ trợ nạn nhân theo quy định.",
        "Theo dõi, hỗ trợ tái hòa nhập cộng đồng; phòng ngừa nạn nhân bị mua bán trở lại.",
        "Đẩy mạnh thông tin, truyền thông phòng ngừa mua bán người, di cư an toàn.",
    ):
        document.add_paragraph(task, style="List Bullet")


def report():
    document = new_document()
    heading_block(document)
    title(document)
    situation(document)
    results(document)
    prevention(document)
    assessment_and_tasks(document)
    return document


def save_reproducibly(document, path: Path) -> None:
    """The same bytes on every run (python-docx stamps each zip entry with the time of saving),
    so that rebuilding an unchanged template leaves git with nothing to commit."""
    built = io.BytesIO()
    document.save(built)
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry))


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    save_reproducibly(report(), OUT)
    print(OUT)
