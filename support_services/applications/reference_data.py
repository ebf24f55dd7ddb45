"""Time limits of the application procedure for re-integration supports (DOMAIN.md
"Re-integration supports"); rows every database starts with, edited later by supervisors.

Legacy (Decree 09/2013/NĐ-CP, Circular 35/2013/TT-BLĐTBXH): the commune certifies and forwards in
3 working days, the district labour division appraises in 5 [read]; the district chair decides
[recalled] within a limit not found in the texts read — an open question the province sets.
Current (Decree 162/2025/NĐ-CP): application form Mẫu số 07, decided by the provincial health
department within 9 working days [read].
"""

from core.reference_rows import as_rows, ensure_rows

LEGACY_PROCEDURE = "Nghị định 09/2013/NĐ-CP; Thông tư 35/2013/TT-BLĐTBXH"
CURRENT_PROCEDURE = "Nghị định 162/2025/NĐ-CP"

COLUMNS = ("regime", "step", "order", "days", "working_days", "legal_basis", "is_open_question")
DEADLINES = [
    (
        "legacy",
        "commune_forward",
        1,
        3,
        True,
        f"{LEGACY_PROCEDURE}: UBND cấp xã xác nhận, chuyển hồ sơ trong 03 ngày làm việc",
        False,
    ),
    (
        "legacy",
        "district_appraisal",
        2,
        5,
        True,
        f"{LEGACY_PROCEDURE}: Phòng LĐTBXH cấp huyện thẩm định trong 05 ngày làm việc",
        False,
    ),
    (
        "legacy",
        "decision",
        3,
        3,
        True,
        f"{LEGACY_PROCEDURE}: Chủ tịch UBND cấp huyện quyết định; "
        "chưa đối chiếu được thời hạn, tỉnh tự đặt",
        True,
    ),
    (
        "current",
        "decision",
        1,
        9,
        True,
        f"{CURRENT_PROCEDURE}: đơn theo Mẫu số 07, quyết định trong 09 ngày làm việc",
        False,
    ),
]


def ensure_application_deadlines(deadline_model) -> None:
    ensure_rows(deadline_model, as_rows(COLUMNS, DEADLINES), key=("regime", "step"))
