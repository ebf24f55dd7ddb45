"""The support types of both regimes with the people they serve (DOMAIN.md "Support types").

Current regime: Law 53/2024/QH15 Art 37 — the table of DOMAIN.md, read in the law.
Legacy regime: Law 66/2011/QH12 Art 32–33 and Decree 09/2013/NĐ-CP Arts 19–23; which supports a
person still being identified received is recalled, not read — supervisors can edit it.
"""

VICTIM = "victim"
CHILD = "accompanying_child"
ABROAD = "presumed_abroad"
DOMESTIC = "presumed_domestic"
EVERYONE = (VICTIM, CHILD, ABROAD, DOMESTIC)

CURRENT_BASIS = "Điều 37 Luật Phòng, chống mua bán người số 53/2024/QH15"
LEGACY_BASIS = "Điều 32 Luật Phòng, chống mua bán người số 66/2011/QH12; Nghị định 09/2013/NĐ-CP"

# (code, name, categories, requires identified, one-off, max days, poor household, window months)
CURRENT = [
    ("essential_needs", "Hỗ trợ nhu cầu thiết yếu", EVERYONE, False, False, 120, False, None),
    ("medical", "Hỗ trợ y tế", EVERYONE, False, False, None, False, None),
    ("interpretation", "Hỗ trợ phiên dịch", EVERYONE, False, False, None, False, None),
    ("legal_counselling", "Tư vấn pháp luật", EVERYONE, False, False, None, False, None),
    ("legal_aid", "Trợ giúp pháp lý", (VICTIM, CHILD, DOMESTIC), False, False, None, False, None),
    ("travel", "Hỗ trợ chi phí đi lại", (VICTIM, CHILD, DOMESTIC), False, False, None, False, None),
    ("psychological", "Hỗ trợ tâm lý", (VICTIM, CHILD, DOMESTIC), False, False, None, False, None),
    ("education", "Hỗ trợ giáo dục phổ thông", (VICTIM, CHILD), False, False, None, False, None),
    ("vocational", "Hỗ trợ học nghề, tư vấn việc làm", (VICTIM,), True, False, None, False, None),
    (
        "initial_hardship",
        "Trợ cấp khó khăn ban đầu, vay vốn",
        (VICTIM,),
        True,
        True,
        None,
        False,
        None,
    ),
]

LEGACY = [
    (
        "essential_needs",
        "Hỗ trợ nhu cầu thiết yếu",
        (VICTIM, DOMESTIC, ABROAD),
        False,
        False,
        60,
        False,
        None,
    ),
    ("travel", "Hỗ trợ chi phí đi lại", (VICTIM, DOMESTIC), False, False, None, False, None),
    ("medical", "Hỗ trợ y tế", (VICTIM, DOMESTIC, ABROAD), False, False, None, False, None),
    ("psychological", "Hỗ trợ tâm lý", (VICTIM, DOMESTIC), False, False, None, False, None),
    ("legal_aid", "Trợ giúp pháp lý", (VICTIM,), True, False, None, False, None),
    ("education", "Hỗ trợ giáo dục", (VICTIM,), True, False, None, True, 12),
    ("vocational", "Hỗ trợ học nghề (một lần)", (VICTIM,), True, True, None, True, 12),
    (
        "initial_hardship",
        "Trợ cấp khó khăn ban đầu (một lần)",
        (VICTIM,),
        True,
        True,
        None,
        True,
        12,
    ),
    ("loan", "Vay vốn Ngân hàng Chính sách xã hội", (VICTIM,), True, False, None, False, None),
]


def support_types():
    """Every type as a dict of model fields, both regimes."""
    for regime, rows, basis in (
        ("current", CURRENT, CURRENT_BASIS),
        ("legacy", LEGACY, LEGACY_BASIS),
    ):
        for order, (
            code,
            name,
            categories,
            identified,
            one_off,
            max_days,
            poor,
            window,
        ) in enumerate(rows, start=1):
            yield {
                "regime": regime,
                "code": code,
                "name": name,
                "legal_basis": basis,
                "categories": list(categories),
                "requires_identified": identified,
                "one_off": one_off,
                "max_days": max_days,
                "requires_poor_household": poor,
                "application_window_months": window,
                "order": order,
            }
