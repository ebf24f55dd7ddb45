"""Deadlines and public holidays every database starts with (supervisors edit them later).

Deadlines: DOMAIN.md "Two legal regimes". The police reply deadline is an open question in
both regimes: the province sets it, and the screens say so.
Holidays: the days off of 2024–2026 as announced each year (Tết moves every year); recalled,
not read in the decisions — supervisors check them and add the next year's.
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


def _span(start, end, name):
    day = start
    while day <= end:
        yield day, name
        day += datetime.timedelta(days=1)


D = datetime.date
HOLIDAYS = [
    (D(2024, 1, 1), "Tết Dương lịch"),
    *_span(D(2024, 2, 8), D(2024, 2, 14), "Tết Nguyên đán 2024"),
    (D(2024, 4, 18), "Giỗ Tổ Hùng Vương"),
    (D(2024, 4, 29), "Nghỉ bù 30/4"),
    (D(2024, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2024, 5, 1), "Quốc tế Lao động"),
    (D(2024, 9, 2), "Quốc khánh"),
    (D(2024, 9, 3), "Quốc khánh"),
    (D(2025, 1, 1), "Tết Dương lịch"),
    *_span(D(2025, 1, 25), D(2025, 2, 2), "Tết Nguyên đán 2025"),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
    (D(2025, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2025, 5, 1), "Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ bù"),
    (D(2025, 9, 1), "Quốc khánh"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    *_span(D(2026, 2, 14), D(2026, 2, 22), "Tết Nguyên đán 2026"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
    (D(2026, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2026, 5, 1), "Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh"),
    (D(2026, 9, 2), "Quốc khánh"),
]


def ensure_reference_data(deadline_model, holiday_model) -> None:
    ensure_rows(deadline_model, as_rows(DEADLINE_COLUMNS, DEADLINES), key=("regime", "step"))
    ensure_rows(holiday_model, as_rows(("date", "name"), HOLIDAYS), key=("date",))
