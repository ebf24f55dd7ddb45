"""The Word report, in the structure of a provincial report: the heading of the department, the
situation, the results of reception, verification and support, prevention, an assessment against
the previous period, and the tasks of the next period — with the numbers and tables filled in."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from accounts.services import department_for
from core.templatetags.formatting import format_vnd
from locations.models import AdministrativeUnit
from reports.indicators import TABLES


def _n(value) -> str:
    if isinstance(value, str):  # a suppressed count, "<5"
        return value
    return f"{int(value):,}".replace(",", ".")


def _heading_block(document, run) -> None:
    province = AdministrativeUnit.objects.filter(path=run.unit.path.split("/", 1)[0] + "/").first()
    profile = department_for(province, run.end) if province else None
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run((profile.governing_body if profile else "").upper()).bold = False
    left.add_paragraph().add_run((profile.department_name if profile else "").upper()).bold = True
    left.add_paragraph(
        _("Số:        /BC-%(abbr)s") % {"abbr": profile.department_abbreviation if profile else ""}
    )
    right.paragraphs[0].add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).bold = True
    right.add_paragraph().add_run(_("Độc lập - Tự do - Hạnh phúc")).bold = True
    today = timezone.localdate()
    place = profile.signing_place if profile else (province.short_name if province else "")
    dated = right.add_paragraph(
        _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s")
        % {
            "place": place,
            "day": f"{today.day:02d}",
            "month": f"{today.month:02d}",
            "year": today.year,
        }
    )
    dated.runs[0].italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title(document, run) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("BÁO CÁO")).bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(
        _(
            "Kết quả công tác tiếp nhận, xác minh, bảo vệ, hỗ trợ nạn nhân bị mua bán và phòng "
            "ngừa mua bán người"
        )
    ).bold = True
    period = document.add_paragraph(
        _("(Kỳ báo cáo từ %(start)s đến %(end)s — %(unit)s)")
        % {"start": f"{run.start:%d/%m/%Y}", "end": f"{run.end:%d/%m/%Y}", "unit": run.unit.name}
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(document, table, content) -> None:
    rows = content["rows"]
    if not rows:
        document.add_paragraph(_("(Không có số liệu trong kỳ.)"))
        return
    columns = content["columns"]
    grid = document.add_table(rows=1, cols=2 + 2 * len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0].cells
    header[0].text, header[1].text = _("STT"), str(table.label)
    for index, (_key, label) in enumerate(columns):
        header[2 + 2 * index].text = f"{label} ({_('kỳ này')})"
        header[3 + 2 * index].text = f"{label} ({_('kỳ trước')})"
    for number, row in enumerate(rows, start=1):
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = str(number), row["label"]
        for index, (key, _label) in enumerate(columns):
            cells[2 + 2 * index].text = _n(row["values"][key])
            cells[3 + 2 * index].text = _n(row["previous"][key])


def _change(value, previous) -> str:
    if isinstance(value, str) or isinstance(previous, str):
        return _("không so sánh được do số nhỏ được ẩn")
    if value == previous:
        return _("bằng kỳ trước")
    difference = value - previous
    word = _("tăng") if difference > 0 else _("giảm")
    return _("%(word)s %(n)s so với kỳ trước") % {"word": word, "n": _n(abs(difference))}


def document_bytes(run, data: dict) -> bytes:
    figures = {key: item["value"] for key, item in data["indicators"].items()}
    before = {key: item["previous"] for key, item in data["indicators"].items()}
    tables = {table.key: table for table in TABLES}
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for section in document.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    _heading_block(document, run)
    _title(document, run)

    document.add_heading(_("I. TÌNH HÌNH CHUNG"), level=2)
    document.add_paragraph(
        _(
            "Trong kỳ báo cáo, trên địa bàn đã tiếp nhận %(total)s người trở về (%(change)s), "
            "trong đó %(female)s nữ, %(male)s nam; %(under16)s trẻ em dưới 16 tuổi và %(under18)s "
            "người dưới 18 tuổi; %(in_province)s người thường trú trong tỉnh và %(other)s người "
            "thường trú ngoại tỉnh; %(abroad)s người bị mua bán ra nước ngoài."
        )
        % {
            "total": _n(figures["received_total"]),
            "change": _change(figures["received_total"], before["received_total"]),
            "female": _n(figures["received_female"]),
            "male": _n(figures["received_male"]),
            "under16": _n(figures["received_under_16"]),
            "under18": _n(figures["received_under_18"]),
            "in_province": _n(figures["received_in_province"]),
            "other": _n(figures["received_other_province"]),
            "abroad": _n(figures["received_abroad"]),
        }
    )

    document.add_heading(_("II. KẾT QUẢ TIẾP NHẬN, XÁC MINH, BẢO VỆ VÀ HỖ TRỢ NẠN NHÂN"), level=2)
    document.add_heading(_("1. Tiếp nhận"), level=3)
    document.add_paragraph(
        _(
            "Tiếp nhận, xác minh qua các vụ án: %(criminal)s người, trong đó %(other)s người "
            "thường trú ngoại tỉnh và %(in_province)s người thường trú trong tỉnh."
        )
        % {
            "criminal": _n(figures["received_through_criminal_cases"]),
            "other": _n(figures["received_other_province"]),
            "in_province": _n(figures["received_in_province"]),
        }
    )
    for key in (
        "received_by_unit",
        "received_by_destination",
        "received_by_exploitation",
        "received_by_channel",
        "received_by_agency",
        "received_by_ethnicity",
    ):
        document.add_paragraph().add_run(str(tables[key].label)).italic = True
        _table(document, tables[key], data["tables"][key])
    document.add_heading(_("2. Xác minh, xác định nạn nhân"), level=3)
    document.add_paragraph(
        _(
            "Đã xác định là nạn nhân: %(identified)s người; không phải nạn nhân: %(not_victim)s "
            "người; đang xác minh: %(pending)s người. Hồ sơ xác minh quá hạn: %(overdue)s."
        )
        % {
            "identified": _n(figures["identified_total"]),
            "not_victim": _n(figures["not_victim_total"]),
            "pending": _n(figures["pending_total"]),
            "overdue": _n(figures["dossiers_overdue"]),
        }
    )
    document.add_heading(_("3. Hỗ trợ nạn nhân"), level=3)
    document.add_paragraph(
        _(
            "Đã thực hiện %(count)s lượt hỗ trợ cho %(people)s người, tổng kinh phí %(amount)s "
            "(%(change)s); %(proposed)s lượt được đề xuất, %(approved)s lượt được quyết định "
            "trong kỳ."
        )
        % {
            "count": _n(figures["supports_provided_count"]),
            "people": _n(figures["supports_provided_people"]),
            "amount": format_vnd(figures["supports_provided_amount_vnd"]),
            "change": _change(
                figures["supports_provided_amount_vnd"], before["supports_provided_amount_vnd"]
            ),
            "proposed": _n(figures["supports_proposed"]),
            "approved": _n(figures["supports_approved"]),
        }
    )
    _table(document, tables["supports_by_type"], data["tables"]["supports_by_type"])
    document.add_heading(_("4. Chuyển gửi, kết nối dịch vụ"), level=3)
    document.add_paragraph(
        _(
            "Đã chuyển gửi %(sent)s lượt cho %(people)s người đến các cơ sở cung cấp dịch vụ và "
            "chương trình (giảm nghèo, giáo dục nghề nghiệp - việc làm, trợ giúp xã hội, bảo hiểm "
            "y tế, bảo vệ trẻ em...); %(completed)s lượt đã hoàn thành; %(overdue)s lượt quá hạn "
            "trả lời."
        )
        % {
            "sent": _n(figures["referrals_sent"]),
            "people": _n(figures["referrals_people"]),
            "completed": _n(figures["referrals_completed"]),
            "overdue": _n(figures["referrals_overdue"]),
        }
    )
    _table(document, tables["referrals_by_programme"], data["tables"]["referrals_by_programme"])
    document.add_heading(_("5. Theo dõi, hỗ trợ tái hòa nhập"), level=3)
    document.add_paragraph(
        _(
            "Đã thực hiện %(done)s lượt thăm, theo dõi; %(lost)s lượt mất liên lạc; %(overdue)s "
            "lượt thăm quá hạn; %(risk)s người được đánh giá có nguy cơ bị mua bán lại cao. "
            "Đã đóng %(closed)s hồ sơ."
        )
        % {
            "done": _n(figures["followups_done"]),
            "lost": _n(figures["followups_lost_contact"]),
            "overdue": _n(figures["followups_overdue"]),
            "risk": _n(figures["followups_high_risk"]),
            "closed": _n(figures["cases_closed"]),
        }
    )
    _table(document, tables["closures_by_reason"], data["tables"]["closures_by_reason"])

    document.add_heading(_("III. CÔNG TÁC PHÒNG NGỪA, THÔNG TIN, TRUYỀN THÔNG"), level=2)
    directives = data.get("directives", [])
    document.add_paragraph(
        _("Ban hành %(count)s văn bản chỉ đạo, kế hoạch:") % {"count": _n(len(directives))}
        if directives
        else _("Trong kỳ không ban hành văn bản chỉ đạo, kế hoạch mới.")
    )
    for directive in directives:
        document.add_paragraph(
            _("%(number)s ngày %(date)s: %(title)s")
            % {
                "number": directive["number"],
                "date": directive["issued_on"],
                "title": directive["title"],
            },
            style="List Bullet",
        )
    document.add_paragraph(
        _(
            "Tổ chức %(classes)s lớp tập huấn, bồi dưỡng cho %(trainees)s lượt người; "
            "%(events)s hoạt động truyền thông, trong đó %(national_day)s hoạt động hưởng ứng "
            "Ngày toàn quốc phòng, chống mua bán người 30/7; %(media)s tin, bài; in, phát hành "
            "%(items)s tờ rơi, áp phích, ấn phẩm; tư vấn di cư an toàn, phòng tránh lừa đảo "
            "việc làm cho %(counselled)s lượt người; %(inspections)s cuộc kiểm tra dịch vụ đưa "
            "người lao động đi làm việc ở nước ngoài, phát hiện %(violations)s vi phạm."
        )
        % {
            "classes": _n(figures["training_classes"]),
            "trainees": _n(figures["training_participants"]),
            "events": _n(figures["communication_events"]),
            "national_day": _n(figures["national_day_events"]),
            "media": _n(figures["media_items"]),
            "items": _n(figures["items_distributed"]),
            "counselled": _n(figures["counselled_people"]),
            "inspections": _n(figures["inspections"]),
            "violations": _n(figures["violations_found"]),
        }
    )
    for key in ("activities_by_type", "training_participants_by_group"):
        document.add_paragraph().add_run(str(tables[key].label)).italic = True
        _table(document, tables[key], data["tables"][key])

    document.add_heading(_("IV. ĐÁNH GIÁ CHUNG"), level=2)
    document.add_paragraph(
        _(
            "So với kỳ trước, số người được tiếp nhận %(received)s; số người được hỗ trợ "
            "%(supported)s. Số liệu được tổng hợp từ hệ thống quản lý hồ sơ nạn nhân theo chế "
            "độ pháp lý áp dụng tại ngày tiếp nhận của từng trường hợp."
        )
        % {
            "received": _change(figures["received_total"], before["received_total"]),
            "supported": _change(
                figures["supports_provided_people"], before["supports_provided_people"]
            ),
        }
    )
    document.add_heading(_("V. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"), level=2)
    for task in (
        _("Tiếp tục tiếp nhận, xác minh kịp thời và bảo đảm bí mật thông tin của nạn nhân."),
        _("Thực hiện đầy đủ, đúng đối tượng các chế độ hỗ trợ nạn nhân theo quy định."),
        _("Theo dõi, hỗ trợ tái hòa nhập cộng đồng; phòng ngừa nạn nhân bị mua bán trở lại."),
        _("Đẩy mạnh thông tin, truyền thông phòng ngừa mua bán người, di cư an toàn."),
    ):
        document.add_paragraph(task, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
