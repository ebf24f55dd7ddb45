"""The support types of both regimes with the people they serve (DOMAIN.md "Support types").

Current regime: Law 53/2024/QH15 Art 37 — the table of DOMAIN.md, read in the law; essential
needs in a facility up to 120 days, extendable (Decree 162/2025/NĐ-CP Art 17).
Legacy regime: Law 66/2011/QH12 Art 32–33 and Decree 09/2013/NĐ-CP, each type citing its own
article: Art 19 essential needs and travel (victims, people awaiting verification, children
accompanying a victim), Art 20 medical, Art 21 psychological, Art 22 legal aid, Art 23 education,
vocational training and the initial-hardship allowance; loans under Law 66/2011 Art 32(6).
Children accompanying a victim receive essential needs, travel, medical and psychological support
(Law 66/2011 Art 32(3); Decree 09/2013 Art 19) [read]. Which supports a person still being
identified received is recalled, not read — supervisors can edit it.

Means tests: education and the initial-hardship allowance are for poor households (Decree
09/2013 Art 23). Legal aid under the legacy regime needed "financial difficulty" — a poor or
near-poor household, or a monthly social allowance (Legal Aid Law 2017 Art 7; Decree 144/2017
Art 3) — until 30 June 2025; from 1 July 2025 victims receive legal aid with no means test (Law
53/2024), so the test stops on that date whatever the regime of the case.

One-off supports across regimes (issue 15 item 10) — the default and its reasoning: a one-off
support is counted once per person across all their cases (the rule the system already applies
within one regime), and a receipt under the other regime counts too (`one_off_across_regimes`).
Neither law says whether "một lần" restarts when the law changes; counting across regimes keeps
the answer independent of the date the person happened to return (two returns in 2024 and two
returns in 2024 and 2026 get the same answer). Supervisors can switch it off per type; the
proposal page shows the earlier receipt in both cases.
"""

import datetime

VICTIM = "victim"
CHILD = "accompanying_child"
ABROAD = "presumed_abroad"
DOMESTIC = "presumed_domestic"
EVERYONE = (VICTIM, CHILD, ABROAD, DOMESTIC)

CURRENT_BASIS = "Điều 37 Luật Phòng, chống mua bán người số 53/2024/QH15"
CURRENT_ESSENTIAL_BASIS = f"{CURRENT_BASIS}; Điều 17 Nghị định 162/2025/NĐ-CP"
LAW_2011 = "Luật Phòng, chống mua bán người số 66/2011/QH12"
DECREE_09 = "Nghị định 09/2013/NĐ-CP"
LEGACY_BASIS = {
    "essential_needs": f"Điều 32 {LAW_2011}; Điều 19 {DECREE_09}",
    "travel": f"Điều 32 {LAW_2011}; Điều 19 {DECREE_09}",
    "medical": f"Điều 32 {LAW_2011}; Điều 20 {DECREE_09}",
    "psychological": f"Điều 32 {LAW_2011}; Điều 21 {DECREE_09}",
    "legal_aid": (
        f"Điều 32 {LAW_2011}; Điều 22 {DECREE_09}; Điều 7 Luật Trợ giúp pháp lý 2017; "
        "Điều 3 Nghị định 144/2017/NĐ-CP"
    ),
    "education": f"Điều 32 {LAW_2011}; Điều 23 {DECREE_09}",
    "vocational": f"Điều 32 {LAW_2011}; Điều 23 {DECREE_09}",
    "initial_hardship": f"Điều 32 {LAW_2011}; Điều 23 {DECREE_09}",
    "loan": f"Khoản 6 Điều 32 {LAW_2011}",
}
# The day the legacy legal-aid means test stops (the day before Law 53/2024 took effect).
LEGAL_AID_MEANS_TEST_UNTIL = datetime.date(2025, 6, 30)

# (code, name, categories, requires identified, one-off, max days, means test, window months)
CURRENT = [
    ("essential_needs", "Hỗ trợ nhu cầu thiết yếu", EVERYONE, False, False, 120, "", None),
    ("medical", "Hỗ trợ y tế", EVERYONE, False, False, None, "", None),
    ("interpretation", "Hỗ trợ phiên dịch", EVERYONE, False, False, None, "", None),
    ("legal_counselling", "Tư vấn pháp luật", EVERYONE, False, False, None, "", None),
    ("legal_aid", "Trợ giúp pháp lý", (VICTIM, CHILD, DOMESTIC), False, False, None, "", None),
    ("travel", "Hỗ trợ chi phí đi lại", (VICTIM, CHILD, DOMESTIC), False, False, None, "", None),
    ("psychological", "Hỗ trợ tâm lý", (VICTIM, CHILD, DOMESTIC), False, False, None, "", None),
    ("education", "Hỗ trợ giáo dục phổ thông", (VICTIM, CHILD), False, False, None, "", None),
    ("vocational", "Hỗ trợ học nghề, tư vấn việc làm", (VICTIM,), True, False, None, "", None),
    (
        "initial_hardship",
        "Trợ cấp khó khăn ban đầu, vay vốn",
        (VICTIM,),
        True,
        True,
        None,
        "",
        None,
    ),
]

LEGACY = [
    (
        "essential_needs",
        "Hỗ trợ nhu cầu thiết yếu",
        (VICTIM, CHILD, DOMESTIC, ABROAD),
        False,
        False,
        60,
        "",
        None,
    ),
    ("travel", "Hỗ trợ chi phí đi lại", (VICTIM, CHILD, DOMESTIC), False, False, None, "", None),
    ("medical", "Hỗ trợ y tế", (VICTIM, CHILD, DOMESTIC, ABROAD), False, False, None, "", None),
    ("psychological", "Hỗ trợ tâm lý", (VICTIM, CHILD, DOMESTIC), False, False, None, "", None),
    (
        "legal_aid",
        "Trợ giúp pháp lý",
        (VICTIM,),
        True,
        False,
        None,
        "financial_difficulty",
        None,
    ),
    ("education", "Hỗ trợ giáo dục", (VICTIM,), True, False, None, "poor", 12),
    ("vocational", "Hỗ trợ học nghề (một lần)", (VICTIM,), True, True, None, "poor", 12),
    (
        "initial_hardship",
        "Trợ cấp khó khăn ban đầu (một lần)",
        (VICTIM,),
        True,
        True,
        None,
        "poor",
        12,
    ),
    ("loan", "Vay vốn Ngân hàng Chính sách xã hội", (VICTIM,), True, False, None, "", None),
]

# What only some rows carry: (regime, code) -> extra model fields.
EXTRAS = {
    ("current", "essential_needs"): {"extendable": True},
    ("legacy", "legal_aid"): {"means_test_until": LEGAL_AID_MEANS_TEST_UNTIL},
}


def legal_basis(regime: str, code: str) -> str:
    if regime == "current":
        return CURRENT_ESSENTIAL_BASIS if code == "essential_needs" else CURRENT_BASIS
    return LEGACY_BASIS[code]


def support_types():
    """Every type as a dict of model fields, both regimes."""
    for regime, rows in (("current", CURRENT), ("legacy", LEGACY)):
        for order, (
            code,
            name,
            categories,
            identified,
            one_off,
            max_days,
            means_test,
            window,
        ) in enumerate(rows, start=1):
            yield {
                "regime": regime,
                "code": code,
                "name": name,
                "legal_basis": legal_basis(regime, code),
                "categories": list(categories),
                "requires_identified": identified,
                "one_off": one_off,
                "max_days": max_days,
                "means_test": means_test,
                "means_test_until": None,
                "application_window_months": window,
                "one_off_across_regimes": True,
                "extendable": False,
                "max_extension_days": None,
                "order": order,
                **EXTRAS.get((regime, code), {}),
            }


# English names shown in English mode (issue 16 item 7; core.models.EnglishName), by code
# (the same name under both regimes).
SUPPORT_TYPES_EN = {
    "essential_needs": "Essential needs support",
    "medical": "Medical support",
    "psychological": "Psychological support",
    "legal_aid": "Legal aid",
    "travel": "Travel costs",
    "education": "General education support",
    "vocational": "Vocational training and employment counselling",
    "initial_hardship": "Initial hardship allowance",
    "interpretation": "Interpretation",
    "legal_counselling": "Legal counselling",
    "loan": "Loans from the Vietnam Bank for Social Policies",
}
