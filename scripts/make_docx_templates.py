"""Builds the Word templates of verification documents (verification/docx_templates/).

Run it after changing a template's text: .venv/bin/python scripts/make_docx_templates.py
The templates hold docxtpl (Jinja) tags; values are escaped when documents are rendered.
"""

from pathlib import Path

from docx_parts import NATION, PLACE_AND_DATE, base, centered, right, save_all, two_columns

OUT = Path(__file__).resolve().parent.parent / "verification" / "docx_templates"


def letter(title: str, paragraphs: list[str]):
    """An official letter of the department: its header, a centred bold title, the
    paragraphs, and the signatory's title at the foot."""
    document = base()
    two_columns(
        document,
        # The summary accompanies the request letter: no number of its own.
        "{{ governing_body|upper }}\n{{ department_name|upper }}\n"
        "{{ 'Số: ' ~ number if number else '' }}",
        f"{NATION}\n{PLACE_AND_DATE}",
    )
    centered(document, title, bold=True)
    for text in paragraphs:
        document.add_paragraph(text)
    right(document, "{{ signatory_title|upper }}", bold=True)
    return document


def request_letter():
    return letter(
        "V/v đề nghị xác minh nạn nhân bị mua bán",
        [
            "Kính gửi: {{ agency }}",
            "Căn cứ {{ legal_basis }}, {{ department_name }} đề nghị {{ agency }} xác minh "
            "trường hợp sau đây có phải là nạn nhân bị mua bán hay không:",
            "- Họ và tên: {{ victim_name }}; giới tính: {{ sex }}; sinh: {{ birth }}.",
            "- Nơi thường trú: {{ residence }}.",
            "- Trở về ngày {{ received_on }}, hình thức: {{ channel }}.",
            "- Mã vụ việc: {{ case_code }}.",
            "Đề nghị Quý cơ quan trả lời kết quả xác minh bằng văn bản. Trân trọng./.",
        ],
    )


def dossier_summary():
    return letter(
        "TÓM TẮT HỒ SƠ ĐỀ NGHỊ XÁC MINH",
        [
            "Mã vụ việc: {{ case_code }} — {{ victim_name }} ({{ sex }}, sinh {{ birth }}).",
            "Nơi thường trú: {{ residence }}. Trạng thái hồ sơ: {{ status }}.",
            "Danh mục tài liệu căn cứ:",
            "{%p for item in documents %}",
            "{{ loop.index }}. {{ item.ground }}: {{ item.kind }} {{ item.number }} "
            "{{ item.issuing_body }} {{ item.issued_on }}",
            "{%p endfor %}",
            "Diễn biến hồ sơ:",
            "{%p for event in events %}",
            "- {{ event.at }}: {{ event.status }} {{ event.actor }} {{ event.note }}",
            "{%p endfor %}",
        ],
    )


def result_notice():
    return letter(
        "THÔNG BÁO KẾT QUẢ XÁC MINH",
        [
            "{{ reply_basis }}{{ department_name }} thông báo: {{ victim_name }} "
            "(mã vụ việc {{ case_code }}) — {{ status }}."
        ],
    )


if __name__ == "__main__":
    save_all(
        OUT,
        [
            ("request_letter", request_letter),
            ("dossier_summary", dossier_summary),
            ("result_notice", result_notice),
        ],
    )
