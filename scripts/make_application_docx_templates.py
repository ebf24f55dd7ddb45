"""Builds the Word templates of support applications
(support_services/applications/docx_templates/).

Run it after changing a template's text:
    .venv/bin/python scripts/make_application_docx_templates.py
The templates hold docxtpl (Jinja) tags; values are escaped when documents are rendered.
The exact fields of Mẫu số 07 of Decree 162/2025/NĐ-CP are an open question (DOMAIN.md): the
current form holds the fields such an application needs, to be checked against the decree.
"""

from pathlib import Path

from docx_parts import NATION, PLACE_AND_DATE, base, centered, right, save_all, two_columns

OUT = (
    Path(__file__).resolve().parent.parent / "support_services" / "applications" / "docx_templates"
)


def application_form(regime: str):
    document = base()
    if regime == "current":
        right(document, "Mẫu số 07")
        right(document, "(Kèm theo Nghị định số 162/2025/NĐ-CP)")
    centered(document, NATION, bold=True)
    # "ĐƠN ĐỀ NGHỊ" then the support's name, which already says "Hỗ trợ …" or "Trợ cấp …".
    centered(document, "ĐƠN ĐỀ NGHỊ", bold=True)
    centered(document, "{{ support_name|upper }}", bold=True)
    document.add_paragraph("Kính gửi: {{ addressee }}")
    document.add_paragraph("Họ và tên người được hỗ trợ: {{ victim_name }}")
    document.add_paragraph("Giới tính: {{ sex }}; ngày, tháng, năm sinh: {{ birth }}")
    document.add_paragraph("Số định danh cá nhân/CCCD: {{ id_number }}")
    document.add_paragraph("Nơi thường trú: {{ residence }}")
    document.add_paragraph("Nơi ở hiện tại: {{ current_residence }}")
    document.add_paragraph("Số điện thoại: {{ phone }}")
    document.add_paragraph(
        "Người làm đơn thay (nếu có): {{ applicant_name }}; quan hệ với người được hỗ trợ: "
        "{{ applicant_relation }}"
    )
    document.add_paragraph(
        "Tôi là nạn nhân bị mua bán trở về ngày {{ returned_on }} (mã vụ việc {{ case_code }}), "
        "{{ identification }}."
    )
    document.add_paragraph("Căn cứ {{ support_basis }}, tôi đề nghị được {{ subject }}.")
    document.add_paragraph(
        "Tôi xin cam đoan những thông tin trên là đúng sự thật, nếu sai tôi xin chịu trách "
        "nhiệm trước pháp luật."
    )
    document.add_paragraph("Ngày nhận đơn: {{ received_on }}.")
    two_columns(
        document,
        "XÁC NHẬN CỦA {{ certifying_authority|upper }}\n"
        "Xác nhận ông/bà {{ victim_name }} cư trú tại địa phương.\n"
        "Số: {{ certification_number }}, ngày {{ certified_on }}\n(Ký tên, đóng dấu)",
        f"{PLACE_AND_DATE}\nNGƯỜI LÀM ĐƠN\n(Ký, ghi rõ họ tên)\n\n{{{{ signer }}}}",
    )
    return document


def decision():
    document = base()
    two_columns(
        document,
        "{{ header_top|upper }}\n{{ issuer|upper }}\nSố: {{ decision_number }}",
        f"{NATION}\n{PLACE_AND_DATE}",
    )
    centered(document, "QUYẾT ĐỊNH", bold=True)
    centered(document, "Về việc {{ subject }} cho nạn nhân bị mua bán", bold=True)
    centered(document, "{{ authority|upper }}", bold=True)
    # Each legal basis once (documents.legal_bases): the support's, the procedure's, the rate's.
    document.add_paragraph("{%p for basis in bases %}")
    document.add_paragraph("Căn cứ {{ basis }};")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph(
        "Xét đơn đề nghị hỗ trợ nhận ngày {{ received_on }} của {{ applicant }}, có xác nhận của "
        "{{ certifying_authority }} ngày {{ certified_on }};"
    )
    document.add_paragraph("{%p if appraised_on %}")
    document.add_paragraph(
        "Xét kết quả thẩm định ngày {{ appraised_on }} của {{ appraising_body }};"
    )
    document.add_paragraph("{%p endif %}")
    centered(document, "QUYẾT ĐỊNH:", bold=True)
    document.add_paragraph(
        # The support's name already says "Hỗ trợ …" or "Trợ cấp …": never "Hỗ trợ Hỗ trợ".
        "Điều 1. {{ support_name }} cho: {{ victim_name }}; giới tính: {{ sex }}; "
        "sinh: {{ birth }}; số định danh cá nhân/CCCD: {{ id_number }}; nơi thường trú: "
        "{{ residence }}."
    )
    document.add_paragraph("Số tiền hỗ trợ: {{ amount_text }}.")
    document.add_paragraph("{%p if rate_text %}")
    document.add_paragraph("Mức áp dụng: {{ rate_text }}.")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    document.add_paragraph(
        "Điều 3. Các cơ quan, đơn vị có liên quan và {{ victim_name }} chịu trách nhiệm thi hành "
        "Quyết định này./."
    )
    right(document, "{{ signatory_title|upper }}", bold=True)
    return document


if __name__ == "__main__":
    save_all(
        OUT,
        [
            ("application_form_current", lambda: application_form("current")),
            ("application_form_legacy", lambda: application_form("legacy")),
            ("support_decision", decision),
        ],
    )
