"""Demo rates (marked as demo) and supports of every type under both regimes, in every state
(seed_demo). The 2024 victims of the report behind the project each receive the initial-hardship
allowance and psychological, legal and health support."""

import datetime

from django.db import transaction

from accounts.demo import decider_for
from accounts.models import User
from support_services.models import SupportRate, SupportRecord, SupportType
from support_services.supports import services
from victims.demo import case_officer
from victims.models import Case
from victims.rules import age_on

DEMO_BASIS = "Mức minh họa cho bản demo — thay bằng mức của Nghị quyết HĐND tỉnh"
LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)
# (code, unit, legacy amount, current amount); a demo mid-year change on 01/07/2024 for two.
RATES = [
    ("essential_needs", "day", 40_000, 60_000),
    ("travel", "trip", 300_000, 400_000),
    ("medical", "person", 1_000_000, 1_500_000),
    ("psychological", "session", 150_000, 200_000),
    ("legal_aid", "person", 500_000, 500_000),
    ("education", "person", 1_500_000, 2_000_000),
    ("vocational", "person", 3_000_000, 4_500_000),
    ("initial_hardship", "person", 1_000_000, 2_000_000),
    ("interpretation", "session", None, 300_000),
    ("legal_counselling", "session", None, 200_000),
]
MID_YEAR_CHANGE = {"essential_needs": 50_000, "travel": 350_000}
CHANGE_DAY = datetime.date(2024, 7, 1)
D = datetime.timedelta

# Later cases (codes from victims.demo): (code, [(support code, quantity, final state)]).
LATER_PLAN = [
    ("TH-2025-0001", [("essential_needs", 10, "provided"), ("vocational", 1, "approved")]),
    ("TH-2025-0002", [("essential_needs", 5, "provided"), ("medical", 1, "proposed")]),
    ("TH-2025-0004", [("interpretation", 2, "provided"), ("legal_counselling", 1, "provided")]),
    ("TH-2025-0004", [("initial_hardship", 1, "provided"), ("education", 1, "rejected")]),
    ("TH-2025-0005", [("essential_needs", 14, "approved"), ("medical", 1, "provided")]),
    ("TH-2026-0001", [("travel", 1, "rejected"), ("medical", 1, "provided")]),
    ("TH-2025-0004", [("psychological", 3, "provided")]),
    ("TH-2026-0002", [("essential_needs", 7, "proposed"), ("legal_counselling", 1, "approved")]),
    ("TH-2026-0003", [("vocational", 1, "proposed"), ("legal_aid", 1, "provided")]),
    ("TH-2026-0003", [("education", 1, "approved"), ("travel", 1, "provided")]),
]


def seed() -> int:
    """Returns the number of supports created (none when supports already exist)."""
    if SupportRecord.objects.exists():
        return 0
    staff = User.objects.get(username="canbo.tinh")
    with transaction.atomic():
        _rates()
        created = _report_2024(staff) + _later_cases(staff)
    return created


def _rates():
    for code, unit, legacy, current in RATES:
        for regime, amount, start, end in [
            ("legacy", legacy, datetime.date(2013, 1, 11), LEGACY_END),
            ("current", current, CURRENT_START, None),
        ]:
            support_type = SupportType.objects.filter(regime=regime, code=code).first()
            if support_type is None or amount is None:
                continue
            if regime == "legacy" and code in MID_YEAR_CHANGE:
                _rate(support_type, unit, amount, start, CHANGE_DAY - D(days=1))
                amount, start = MID_YEAR_CHANGE[code], CHANGE_DAY
            _rate(support_type, unit, amount, start, end)


def _rate(support_type, unit, amount, start, end):
    SupportRate.objects.get_or_create(
        support_type=support_type,
        valid_from=start,
        defaults={
            "amount": amount,
            "unit": unit,
            "valid_to": end,
            "legal_basis": DEMO_BASIS,
            "is_demo": True,
        },
    )


def _walk(case, code, quantity, final, staff, start) -> bool:
    """Propose, then decide, give or refuse; a support the rules refuse is left out."""
    reception = case.reception
    support_type = SupportType.objects.get(regime=services.case_facts(case).regime, code=code)
    proposer = case_officer(case, staff)
    try:
        record = services.support_propose(
            actor=proposer, case=case, support_type=support_type, quantity=quantity, on_date=start
        )
    except services.SupportError:
        return False
    if final == "rejected":
        services.support_reject(
            actor=staff, record=record, reason="Đã được hỗ trợ từ nguồn khác (dữ liệu minh họa)"
        )
        return True
    if final in ("approved", "provided"):
        record = services.support_approve(
            actor=decider_for(proposer, staff),
            record=record,
            decision_number=f"{case.pk}{code[:2].upper()}/QĐ-HT",
            decision_date=start + D(days=2),
            authority=services.default_authority(case) or "Sở",
        )
    if final == "provided":
        services.support_provide(
            actor=staff,
            record=record,
            provided_on=start + D(days=5),
            provider=reception.agency_name if code == "essential_needs" else "",
        )
    return True


def _report_2024(staff) -> int:
    created = 0
    cases = Case.objects.filter(code__startswith="TH-2024-").select_related(
        "reception", "victim", "created_by"
    )
    for index, case in enumerate(cases.order_by("code")):
        start = case.reception.received_on + D(days=1)
        plan = [
            ("essential_needs", 7 + index % 5, "provided"),
            ("medical", 1, "provided"),
            ("psychological", 2, "provided"),
            ("legal_aid", 1, "provided"),
            ("initial_hardship", 1, "provided"),
        ]
        if index % 3 == 0:
            plan.append(("travel", 1, "provided"))
        victim = case.victim
        age = age_on(
            case.reception.received_on,
            date_of_birth=victim.date_of_birth,
            birth_year=victim.birth_year,
        )
        if age < 18:
            plan.append(("education", 1, "provided"))
        if index % 4 == 3:  # (the applications demo asks vocational training for others)
            plan.append(("vocational", 1, "provided"))
        if index == 5:
            plan.append(("loan", 1, "proposed"))
        created += sum(_walk(case, *step, staff, start) for step in plan)
    return created


def _later_cases(staff) -> int:
    created = 0
    for code, plan in LATER_PLAN:
        case = Case.objects.filter(code=code).select_related("reception", "victim").first()
        if case is None:
            continue
        start = case.reception.received_on + D(days=3)
        created += sum(_walk(case, *step, staff, start) for step in plan)
    return created
