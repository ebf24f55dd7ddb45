"""Builds the Word template of the provincial report (reports/docx_templates/report.docx), the
annual, six-month and calendar-year report that reports/word.py fills in.

Run it after changing the report's structure here:
    .venv/bin/python scripts/make_report_docx_template.py
and check the text with tests/reports/test_word_report.py.

How a province edits the wording
--------------------------------
Open reports/docx_templates/report.docx in Word (or LibreOffice), change the words, fonts and
layout, and save it as .docx in the same place. The words between the tags are free text; keep
the tags themselves, each typed in one go (Word must not autocorrect their quotes or braces):

- ``{{ name }}`` writes a value: the heading (``governing_body``, ``department_name``,
  ``department_abbreviation``, ``signing_place``, ``day``, ``month``, ``year``), the period
  (``start``, ``end``, ``unit_name``), ``figures.<indicator>`` — every indicator of
  reports/indicators.py, already formatted ("1.234", amounts "1.234.000 ₫", hidden small counts
  "<5") — and ``directive_count``.
- ``{{ change(changes.<indicator>) }}`` writes the comparison with the previous period. The
  words of that phrase are in the ``{%- macro change(c) %}`` paragraph under the title:
  ``c.up``/``c.down`` with the difference ``c.n``, ``c.hidden`` when a small count is hidden,
  otherwise equal. That paragraph disappears from the report; keep it before any use.
- A paragraph holding only ``{%p if … %}``, ``{%p else %}``, ``{%p endif %}``, ``{%p for … %}``,
  ``{%p endfor %}`` or ``{%p set … %}`` disappears too; what lies between is kept, left out or
  repeated (the directives, the "no data" line, the list of tables of section II.1).
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

# The comparison with the previous period, worded once and used as {{ change(...) }}.
CHANGE_MACRO = (
    "{%- macro change(c) %}"
    "{% if c.hidden %}không so sánh được do số nhỏ được ẩn"
    "{% elif c.up %}tăng {{ c.n }} so với kỳ trước"
    "{% elif c.down %}giảm {{ c.n }} so với kỳ trước"
    "{% else %}bằng kỳ trước{% endif %}"
    "{% endmacro %}"
)
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
    document.add_paragraph(CHANGE_MACRO)  # merged into the line above when rendered


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
    """The table `table` of the context, or a line saying there is no data: STT, the row's
    label, then this period and the previous one for each column (a bordered grid)."""
    tag(document, "if table.rows")
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
    tag(document, "else")
    document.add_paragraph("(Không có số liệu trong kỳ.)")
    tag(document, "endif")


def labelled_tables(document, keys):
    """Each table of `keys` under its name in italics."""
    tables = ", ".join(f"tables.{key}" for key in keys)
    tag(document, f"for table in [{tables}]")
    document.add_paragraph().add_run("{{ table.label }}").italic = True
    data_table(document)
    tag(document, "endfor")


def one_table(document, key):
    tag(document, f"set table = tables.{key}")
    data_table(document)


def situation(document):
    document.add_heading("I. TÌNH HÌNH CHUNG", level=2)
    document.add_paragraph(
        "Trong kỳ báo cáo, trên địa bàn đã tiếp nhận {{ figures.received_total }} người trở về "
        "({{ change(changes.received_total) }}), trong đó {{ figures.received_female }} nữ, "
        "{{ figures.received_male }} nam; {{ figures.received_under_16 }} trẻ em dưới 16 tuổi "
        "và {{ figures.received_under_18 }} người dưới 18 tuổi; "
        "{{ figures.received_in_province }} người thường trú trong tỉnh và "
        "{{ figures.received_other_province }} người thường trú ngoại tỉnh; "
        "{{ figures.received_abroad }} người bị mua bán ra nước ngoài."
    )


def results(document):
    document.add_heading("II. KẾT QUẢ TIẾP NHẬN, XÁC MINH, BẢO VỆ VÀ HỖ TRỢ NẠN NHÂN", level=2)
    document.add_heading("1. Tiếp nhận", level=3)
    document.add_paragraph(
        "Tiếp nhận, xác minh qua các vụ án: {{ figures.received_through_criminal_cases }} "
        "người, trong đó {{ figures.received_other_province }} người thường trú ngoại tỉnh và "
        "{{ figures.received_in_province }} người thường trú trong tỉnh."
    )
    labelled_tables(document, RECEPTION_TABLES)
    document.add_heading("2. Xác minh, xác định nạn nhân", level=3)
    document.add_paragraph(
        "Đã xác định là nạn nhân: {{ figures.identified_total }} người; không phải nạn nhân: "
        "{{ figures.not_victim_total }} người; đang xác minh: {{ figures.pending_total }} "
        "người. Hồ sơ xác minh quá hạn: {{ figures.dossiers_overdue }}."
    )
    document.add_heading("3. Hỗ trợ nạn nhân", level=3)
    document.add_paragraph(
        "Đã thực hiện {{ figures.supports_provided_count }} lượt hỗ trợ cho "
        "{{ figures.supports_provided_people }} người, tổng kinh phí "
        "{{ figures.supports_provided_amount_vnd }} "
        "({{ change(changes.supports_provided_amount_vnd) }}); "
        "{{ figures.supports_proposed }} lượt được đề xuất, {{ figures.supports_approved }} "
        "lượt được quyết định trong kỳ."
    )
    one_table(document, "supports_by_type")
    document.add_heading("4. Chuyển gửi, kết nối dịch vụ", level=3)
    document.add_paragraph(
        "Đã chuyển gửi {{ figures.referrals_sent }} lượt cho {{ figures.referrals_people }} "
        "người đến các cơ sở cung cấp dịch vụ và chương trình (giảm nghèo, giáo dục nghề "
        "nghiệp - việc làm, trợ giúp xã hội, bảo hiểm y tế, bảo vệ trẻ em...); "
        "{{ figures.referrals_completed }} lượt đã hoàn thành; {{ figures.referrals_overdue }} "
        "lượt quá hạn trả lời."
    )
    one_table(document, "referrals_by_programme")
    document.add_heading("5. Theo dõi, hỗ trợ tái hòa nhập", level=3)
    document.add_paragraph(
        "Đã thực hiện {{ figures.followups_done }} lượt thăm, theo dõi; "
        "{{ figures.followups_lost_contact }} lượt mất liên lạc; {{ figures.followups_overdue }} "
        "lượt thăm quá hạn; {{ figures.followups_high_risk }} người được đánh giá có nguy cơ bị "
        "mua bán lại cao. Đã đóng {{ figures.cases_closed }} hồ sơ."
    )
    one_table(document, "closures_by_reason")


def prevention(document):
    document.add_heading("III. CÔNG TÁC PHÒNG NGỪA, THÔNG TIN, TRUYỀN THÔNG", level=2)
    tag(document, "if directives")
    document.add_paragraph("Ban hành {{ directive_count }} văn bản chỉ đạo, kế hoạch:")
    tag(document, "else")
    document.add_paragraph("Trong kỳ không ban hành văn bản chỉ đạo, kế hoạch mới.")
    tag(document, "endif")
    tag(document, "for directive in directives")
    document.add_paragraph(
        "{{ directive.number }} ngày {{ directive.issued_on }}: {{ directive.title }}",
        style="List Bullet",
    )
    tag(document, "endfor")
    document.add_paragraph(
        "Tổ chức {{ figures.training_classes }} lớp tập huấn, bồi dưỡng cho "
        "{{ figures.training_participants }} lượt người; {{ figures.communication_events }} "
        "hoạt động truyền thông, trong đó {{ figures.national_day_events }} hoạt động hưởng ứng "
        "Ngày toàn quốc phòng, chống mua bán người 30/7; {{ figures.media_items }} tin, bài; in, "
        "phát hành {{ figures.items_distributed }} tờ rơi, áp phích, ấn phẩm; tư vấn di cư an "
        "toàn, phòng tránh lừa đảo việc làm cho {{ figures.counselled_people }} lượt người; "
        "{{ figures.inspections }} cuộc kiểm tra dịch vụ đưa người lao động đi làm việc ở nước "
        "ngoài, phát hiện {{ figures.violations_found }} vi phạm."
    )
    labelled_tables(document, PREVENTION_TABLES)


def assessment_and_tasks(document):
    document.add_heading("IV. ĐÁNH GIÁ CHUNG", level=2)
    document.add_paragraph(
        "So với kỳ trước, số người được tiếp nhận {{ change(changes.received_total) }}; số người "
        "được hỗ trợ {{ change(changes.supports_provided_people) }}. Số liệu được tổng hợp từ hệ "
        "thống quản lý hồ sơ nạn nhân theo chế độ pháp lý áp dụng tại ngày tiếp nhận của từng "
        "trường hợp."
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
