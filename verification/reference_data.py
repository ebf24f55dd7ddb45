"""Deadlines and public holidays every database starts with (supervisors edit them later).

Deadlines: DOMAIN.md "Two legal regimes". The police reply deadline is an open question in
both regimes: the province sets it, and the screens say so.
Calendar: the days off and make-up working days of 2024–2026 as announced each year (Tết moves
every year), each with its source; supervisors check them and add the next year's (a beat task
reminds them in November).
"""

import datetime

from core.reference_rows import as_rows, ensure_rows

DEADLINE_COLUMNS = ("regime", "step", "days", "working_days", "legal_basis", "is_open_question")
DEADLINES = [
    (
        "legacy",
        "department_action",
        3,
        False,
        "Luật PCMBN số 66/2011/QH12; Nghị định 62/2012/NĐ-CP: "
        "phòng LĐTBXH cấp huyện xử lý trong 03 ngày",
        False,
    ),
    (
        "current",
        "department_action",
        3,
        False,
        "Luật PCMBN số 53/2024/QH15; Nghị định 162/2025/NĐ-CP: Sở Y tế chủ trì xác minh ban đầu "
        "với Công an tỉnh trong 03 ngày",
        False,
    ),
    ("legacy", "police_reply", 15, True, "Chưa có quy định về thời hạn trả lời; tỉnh tự đặt", True),
    (
        "current",
        "police_reply",
        15,
        True,
        "Chưa có quy định về thời hạn trả lời; tỉnh tự đặt",
        True,
    ),
]


def _span(start, end, name, source, note=""):
    day = start
    while day <= end:
        yield day, "day_off", name, source, note
        day += datetime.timedelta(days=1)


# The working calendar: (date, kind, name, source, note). Days off on a weekend are listed when
# the notice names them as part of the break (they change nothing in the arithmetic). Sources:
# Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14) Art 112(1) for the holidays themselves and
# Art 111(3) for a compensatory day when a holiday falls on the weekly rest day; the Government's
# and the Ministry's yearly notices for Tết, the swaps and the make-up Saturdays. A notice read
# only through press reports says so in its note.
D = datetime.date
LABOUR_CODE_112 = "Bộ luật Lao động 2019, Điều 112 khoản 1"
LABOUR_CODE_111 = (
    "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
)
TB_2024 = (
    "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ LĐTBXH "
    "(theo Công văn 8662/VPCP-KGVX ngày 03/11/2023)"
)
VPCP_2024_30_4 = "Công văn 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ"
VPCP_2025 = "Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ"
VPCP_2026_1_1 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
TB_2026 = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
PRESS = "Đối chiếu qua tin báo chí đưa lại văn bản, chưa đọc nguyên văn."

CALENDAR_COLUMNS = ("date", "kind", "name", "source", "note")
CALENDAR = [
    # 2024
    (D(2024, 1, 1), "day_off", "Tết Dương lịch", LABOUR_CODE_112, ""),
    *_span(D(2024, 2, 8), D(2024, 2, 14), "Tết Nguyên đán 2024", TB_2024),
    (D(2024, 4, 18), "day_off", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LABOUR_CODE_112, ""),
    (
        D(2024, 4, 29),
        "day_off",
        "Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 04/5/2024)",
        VPCP_2024_30_4,
        PRESS,
    ),
    (D(2024, 4, 30), "day_off", "Ngày Giải phóng miền Nam", LABOUR_CODE_112, ""),
    (D(2024, 5, 1), "day_off", "Quốc tế Lao động", LABOUR_CODE_112, ""),
    (
        D(2024, 5, 4),
        "working_day",
        "Làm bù cho thứ Hai 29/4/2024",
        VPCP_2024_30_4,
        PRESS,
    ),
    (D(2024, 9, 2), "day_off", "Quốc khánh", TB_2024, ""),
    (D(2024, 9, 3), "day_off", "Quốc khánh (ngày liền kề)", TB_2024, ""),
    # 2025
    (D(2025, 1, 1), "day_off", "Tết Dương lịch", LABOUR_CODE_112, ""),
    *_span(D(2025, 1, 25), D(2025, 2, 2), "Tết Nguyên đán 2025", VPCP_2025, PRESS),
    (D(2025, 4, 7), "day_off", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LABOUR_CODE_112, ""),
    (
        D(2025, 4, 26),
        "working_day",
        "Làm bù cho thứ Sáu 02/5/2025",
        VPCP_2025,
        PRESS,
    ),
    (D(2025, 4, 30), "day_off", "Ngày Giải phóng miền Nam", LABOUR_CODE_112, ""),
    (D(2025, 5, 1), "day_off", "Quốc tế Lao động", LABOUR_CODE_112, ""),
    (
        D(2025, 5, 2),
        "day_off",
        "Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 26/4/2025)",
        VPCP_2025,
        PRESS,
    ),
    (D(2025, 9, 1), "day_off", "Quốc khánh (ngày liền kề)", VPCP_2025, PRESS),
    (D(2025, 9, 2), "day_off", "Quốc khánh", LABOUR_CODE_112, ""),
    # 2026
    (D(2026, 1, 1), "day_off", "Tết Dương lịch", LABOUR_CODE_112, ""),
    (
        D(2026, 1, 2),
        "day_off",
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        VPCP_2026_1_1,
        PRESS,
    ),
    (
        D(2026, 1, 10),
        "working_day",
        "Làm bù cho thứ Sáu 02/01/2026",
        VPCP_2026_1_1,
        PRESS,
    ),
    *_span(D(2026, 2, 14), D(2026, 2, 22), "Tết Nguyên đán 2026", TB_2026, PRESS),
    (
        D(2026, 4, 27),
        "day_off",
        "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/4/2026)",
        LABOUR_CODE_111,
        "",
    ),
    (D(2026, 4, 30), "day_off", "Ngày Giải phóng miền Nam", LABOUR_CODE_112, ""),
    (D(2026, 5, 1), "day_off", "Quốc tế Lao động", LABOUR_CODE_112, ""),
    (
        D(2026, 8, 31),
        "day_off",
        "Nghỉ dịp Quốc khánh",
        TB_2026,
        "Theo issue 15 và tin báo chí về Thông báo 9441/TB-BNV (nghỉ 5 ngày 29/8–02/9/2026); "
        "chưa đọc nguyên văn, chưa xác minh được ngày làm bù (nếu có) — cán bộ quản trị đối chiếu "
        "và thêm ngày làm bù.",
    ),
    (D(2026, 9, 1), "day_off", "Quốc khánh (ngày liền kề)", TB_2026, PRESS),
    (D(2026, 9, 2), "day_off", "Quốc khánh", LABOUR_CODE_112, ""),
]


def calendar_rows(model) -> list[dict]:
    """The calendar rows with the fields `model` (possibly a migration's historical model)
    has: before the calendar had kinds and sources, only its days off, by date and name."""
    fields = {field.name for field in model._meta.get_fields()}
    rows = as_rows(CALENDAR_COLUMNS, CALENDAR)
    if "kind" not in fields:
        rows = [row for row in rows if row["kind"] == "day_off"]
    return [{name: value for name, value in row.items() if name in fields} for row in rows]


def ensure_reference_data(deadline_model, calendar_model) -> None:
    ensure_rows(deadline_model, as_rows(DEADLINE_COLUMNS, DEADLINES), key=("regime", "step"))
    ensure_rows(calendar_model, calendar_rows(calendar_model), key=("date",))


def calendar_correct(calendar_model) -> None:
    """Bring an installation's calendar to the rows above, keyed by date (idempotent): a missing
    day is added; a day already there takes the kind, and — unless a supervisor already gave it
    a source — the name, source and note above. Days not listed here are left alone."""
    for row in calendar_rows(calendar_model):
        existing = calendar_model.objects.filter(date=row["date"]).first()
        if existing is None:
            calendar_model.objects.create(**row)
            continue
        existing.kind = row["kind"]
        if not existing.source:
            existing.name, existing.source, existing.note = row["name"], row["source"], row["note"]
        existing.save()
