"""Builds the Word templates of verification documents (verification/docx_templates/).

Run it after changing a template's text: .venv/bin/python scripts/make_docx_templates.py
The templates hold docxtpl (Jinja) tags; values are escaped when documents are rendered.
"""

from pathlib import Path

from docx_parts import NATION, PLACE_AND_DATE, base, centered, right, save_all, two_columns

OUT = Path(__file__).resolve().parent.parent / "verification" / "docx_templates"


def new_document():
    document = base()
    two_columns(
        document,
        "{{ governing_body|upper }}\n{{ department_name|upper }}\nSố: {{ number }}",
        f"{NATION}\n{PLACE_AND_DATE}",
    )
    return document


def heading(document, text):
    centered(document, text, bold=True)


def signature(document):
    right(document, "{{ signatory_title|upper }}", bold=True)


def request_letter():
    document = new_document()
    heading(document, "V/v đề nghị xác minh nạn nhân bị mua bán")
    document.add_paragraph("Kính gửi: {{ agency }}")
    document.add_paragraph(
        "Căn cứ {{ legal_basis }}, {{ department_name }} đề nghị {{ agency }} xác minh "
        "trường hợp sau đây có phải là nạn nhân bị mua bán hay không:"
    )
    document.add_paragraph(
        "- Họ và tên: {{ victim_name }}; giới tính: {{ sex }}; sinh: {{ birth }}."
    )
    document.add_paragraph("- Nơi thường trú: {{ residence }}.")
    document.add_paragraph("- Trở về ngày {{ received_on }}, hình thức: {{ channel }}.")
    document.add_paragraph("- Mã vụ việc: {{ case_code }}.")
    document.add_paragraph(
        "Đề nghị Quý cơ quan trả lời kết quả xác minh bằng văn bản. Trân trọng./."
    )
    signature(document)
    return document


def dossier_summary():
    document = new_document()
    heading(document, "TÓM TẮT HỒ SƠ ĐỀ NGHỊ XÁC MINH")
    document.add_paragraph(
        "Mã vụ việc: {{ case_code }} — {{ victim_name }} ({{ sex }}, sinh {{ birth }})."
    )
    document.add_paragraph("Nơi thường trú: {{ residence }}. Trạng thái hồ sơ: {{ status }}.")
    document.add_paragraph("Danh mục tài liệu căn cứ:")
    document.add_paragraph("{%p for item in documents %}")
    document.add_paragraph(
        "{{ loop.index }}. {{ item.ground }}: {{ item.kind }} {{ item.number }} "
        "{{ item.issuing_body }} {{ item.issued_on }}"
    )
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("Diễn biến hồ sơ:")
    document.add_paragraph("{%p for event in events %}")
    document.add_paragraph(
        "- {{ event.at }}: {{ event.status }} {{ event.actor }} {{ event.note }}"
    )
    document.add_paragraph("{%p endfor %}")
    signature(document)
    return document


def result_notice():
    document = new_document()
    heading(document, "THÔNG BÁO KẾT QUẢ XÁC MINH")
    document.add_paragraph(
        "Căn cứ văn bản số {{ reply_number }} ngày {{ reply_date }} của {{ agency }}, "
        "{{ department_name }} thông báo: {{ victim_name }} "
        "(mã vụ việc {{ case_code }}) — {{ status }}."
    )
    signature(document)
    return document


if __name__ == "__main__":
    save_all(
        OUT,
        [
            ("request_letter", request_letter),
            ("dossier_summary", dossier_summary),
            ("result_notice", result_notice),
        ],
    )
