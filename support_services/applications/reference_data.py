"""The stages of the application procedure for re-integration supports, keyed by the day a step
runs (issue 15 item 4; DOMAIN.md "Re-integration supports"); rows every database starts with,
edited later by supervisors.

`regime` is the procedure of the case's regime (the reception date: it also decides the support
types, amounts and limits); `valid_from`/`valid_to` bound the days on which a step runs under
the row; `body` (with `{unit}` for the commune, district or department) takes it.

- Legacy procedure, steps before 1 July 2025 (Decree 09/2013/NĐ-CP, Circular 35/2013/TT-BLĐTBXH):
  the commune certifies and forwards in 3 working days, the district labour division appraises
  in 5 [read]; the district chair decides [recalled] within a limit not found in the texts read
  (an open question the province sets).
- Current procedure (Decree 162/2025/NĐ-CP, from 1 July 2025): application form Mẫu số 07,
  decided by the provincial health department (Sở Y tế) within 9 working days [read].
- Legacy procedure, steps from 1 July 2025 — districts no longer exist (Decision 19/2025/QĐ-TTg)
  and the transitional provisions read so far do not say who finishes an application received
  before [open]. Two readings, chosen by the organisation setting
  (accounts.Organisation.transitional_procedure):
  * `step_date` (default): the bodies that exist on the step's day and hold the competence
    under Decree 162/2025 — the commune, then the provincial health department — take the
    remaining steps; the substance stays that of the reception date (no retroactive law).
  * `successors`: the legacy steps continue, taken by the commune bodies that inherited the
    district's tasks (the commune's culture-and-society division appraises, the commune chair
    decides) — a reading some provinces used; the names are the province's to correct.
  The day counts of the old steps are kept (3, 5, 3 working days) and marked as set by the
  province.
"""

import datetime

from core.reference_rows import as_rows, ensure_rows

LEGACY_PROCEDURE = "Nghị định 09/2013/NĐ-CP; Thông tư 35/2013/TT-BLĐTBXH"
CURRENT_PROCEDURE = "Nghị định 162/2025/NĐ-CP"
TRANSITION = (
    "Từ 01/07/2025 không còn cấp huyện (Quyết định 19/2025/QĐ-TTg); quy định chuyển tiếp chưa "
    "rõ, tỉnh chọn cách áp dụng"
)
SWITCH = datetime.date(2025, 7, 1)
LAST_LEGACY_DAY = datetime.date(2025, 6, 30)

COLUMNS = (
    "regime",
    "step",
    "order",
    "variant",
    "valid_from",
    "valid_to",
    "body_level",
    "body",
    "days",
    "working_days",
    "legal_basis",
    "is_open_question",
)
DEADLINES = [
    (
        "legacy",
        "commune_forward",
        1,
        "",
        None,
        LAST_LEGACY_DAY,
        "commune",
        "Ủy ban nhân dân {unit}",
        3,
        True,
        f"{LEGACY_PROCEDURE}: UBND cấp xã xác nhận, chuyển hồ sơ trong 03 ngày làm việc",
        False,
    ),
    (
        "legacy",
        "district_appraisal",
        2,
        "",
        None,
        LAST_LEGACY_DAY,
        "district",
        "Phòng Lao động - Thương binh và Xã hội {unit}",
        5,
        True,
        f"{LEGACY_PROCEDURE}: Phòng LĐTBXH cấp huyện thẩm định trong 05 ngày làm việc",
        False,
    ),
    (
        "legacy",
        "decision",
        3,
        "",
        None,
        LAST_LEGACY_DAY,
        "district",
        "Chủ tịch Ủy ban nhân dân {unit}",
        3,
        True,
        f"{LEGACY_PROCEDURE}: Chủ tịch UBND cấp huyện quyết định; "
        "chưa đối chiếu được thời hạn, tỉnh tự đặt",
        True,
    ),
    # Legacy applications, steps from 1 July 2025: the commune is still there under both
    # readings.
    (
        "legacy",
        "commune_forward",
        1,
        "",
        SWITCH,
        None,
        "commune",
        "Ủy ban nhân dân {unit}",
        3,
        True,
        f"{TRANSITION}: UBND cấp xã vẫn xác nhận, chuyển hồ sơ; giữ 03 ngày làm việc",
        True,
    ),
    (
        "legacy",
        "district_appraisal",
        2,
        "step_date",
        SWITCH,
        None,
        "department",
        "{unit}",
        5,
        True,
        f"{TRANSITION}: {CURRENT_PROCEDURE} giao Sở Y tế; giữ 05 ngày làm việc",
        True,
    ),
    (
        "legacy",
        "decision",
        3,
        "step_date",
        SWITCH,
        None,
        "department",
        "{unit}",
        3,
        True,
        f"{TRANSITION}: {CURRENT_PROCEDURE} giao Sở Y tế quyết định; giữ 03 ngày làm việc",
        True,
    ),
    (
        "legacy",
        "district_appraisal",
        2,
        "successors",
        SWITCH,
        None,
        "commune",
        "Phòng Văn hóa - Xã hội, Ủy ban nhân dân {unit}",
        5,
        True,
        f"{TRANSITION}: cơ quan cấp xã kế thừa nhiệm vụ của Phòng LĐTBXH cấp huyện",
        True,
    ),
    (
        "legacy",
        "decision",
        3,
        "successors",
        SWITCH,
        None,
        "commune",
        "Chủ tịch Ủy ban nhân dân {unit}",
        3,
        True,
        f"{TRANSITION}: Chủ tịch UBND cấp xã kế thừa nhiệm vụ của Chủ tịch UBND cấp huyện",
        True,
    ),
    (
        "current",
        "decision",
        1,
        "",
        SWITCH,
        None,
        "department",
        "{unit}",
        9,
        True,
        f"{CURRENT_PROCEDURE}: đơn theo Mẫu số 07, quyết định trong 09 ngày làm việc",
        False,
    ),
]
KEY = ("regime", "step", "variant", "valid_from")


def _first_stages() -> list[dict]:
    """The stages that existed before steps were keyed by date: the legacy steps up to
    30/06/2025 and the current decision."""
    return [
        row
        for row in as_rows(COLUMNS, DEADLINES)
        if not row["variant"] and not (row["regime"] == "legacy" and row["valid_from"])
    ]


def ensure_application_deadlines(deadline_model) -> None:
    """Create the stages that are missing; rows supervisors edited stay as they are. Migration
    0009's model had one row per regime and step, without dates or body."""
    if "valid_from" not in {field.name for field in deadline_model._meta.fields}:
        old = ("regime", "step", "order", "days", "working_days", "legal_basis", "is_open_question")
        rows = [{name: row[name] for name in old} for row in _first_stages()]
        ensure_rows(deadline_model, rows, key=("regime", "step"))
        return
    ensure_rows(deadline_model, as_rows(COLUMNS, DEADLINES), key=KEY)


def application_stages_dated(deadline_model) -> None:
    """Migration 0010: the rows written before (one per regime and step) get the dates and body
    of their stage, keeping the days a supervisor may have set; then the new stages are added."""
    for row in _first_stages():
        deadline_model.objects.filter(
            regime=row["regime"], step=row["step"], valid_from=None, body=""
        ).update(
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            body_level=row["body_level"],
            body=row["body"],
        )
    ensure_application_deadlines(deadline_model)
