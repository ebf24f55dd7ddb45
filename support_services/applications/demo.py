"""Demo applications for re-integration supports, in every state under both regimes, some
overdue (for seed_demo, after victims.demo and verification.demo). Idempotent: an application
already there for a case and support is left alone."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import decider_for
from accounts.models import User
from accounts.policy import can
from support_services.applications import services
from support_services.models import SupportApplication, SupportType
from victims.demo import case_officer
from victims.models import Case

D = datetime.timedelta
# (case code, support code, days after reception the application came, states after "received")
# Case codes come from victims.demo: the 2024 cases are legacy, the others current.
LEGACY_PLAN = [
    ("TH-2024-0002", "vocational", 40, ["forwarded", "appraised", "approved"]),
    # (every 2024 victim already had the one-off initial-hardship allowance: support demo)
    ("TH-2024-0006", "vocational", 35, ["rejected"]),
    ("TH-2024-0009", "education", 30, ["forwarded"]),  # long overdue at the district
    ("TH-2024-0015", "vocational", 25, ["forwarded", "appraised"]),  # awaiting the decision
    ("TH-2024-0002", "education", 60, []),  # never forwarded by the commune: overdue
]
CURRENT_PLAN = [
    ("TH-2025-0004", "vocational", 20, ["approved"]),
    ("TH-2026-0002", "initial_hardship", 15, ["rejected"]),
    ("TH-2026-0003", "education", 5, []),  # received in September: overdue
    ("TH-2025-0004", "education", None, []),  # received two days ago: open, not yet due
]


def seed() -> int:
    staff = User.objects.filter(username="canbo.tinh").first()
    if staff is None:
        return 0
    created = 0
    with transaction.atomic():
        for code, support_code, after, states in LEGACY_PLAN + CURRENT_PLAN:
            case = (
                Case.objects.filter(code=code)
                .select_related("reception", "victim__permanent_unit", "created_by")
                .first()
            )
            if case is None or getattr(case, "reception", None) is None:
                continue
            regime = services.support_services.case_facts(case).regime
            support_type = SupportType.objects.filter(regime=regime, code=support_code).first()
            if support_type is None:
                continue
            if SupportApplication.objects.filter(case=case, support_type=support_type).exists():
                continue
            _walk(case, support_type, after, states, staff)
            created += 1
    return created


def _walk(case, support_type, after, states, staff):
    today = timezone.localdate()
    officer = case_officer(case, staff)
    if not can(officer, "application.record"):
        officer = staff
    received = case.reception.received_on + D(days=after) if after else today - D(days=2)
    certifying = case.victim.permanent_unit
    application = services.application_record(
        actor=officer,
        case=case,
        support_type=support_type,
        received_on=received,
        certified_on=received,
        certifying_unit=certifying,
        certification_number=f"{case.pk}/XN-UBND",
    )
    for state in states:
        if state == "forwarded":
            application = services.application_forward(
                actor=officer, application=application, forwarded_on=received + D(days=2)
            )
        elif state == "appraised":
            application = services.application_appraise(
                actor=officer,
                application=application,
                appraised_on=received + D(days=6),
                note="Đủ điều kiện hỗ trợ.",
            )
        elif state == "approved":
            application = services.application_approve(
                actor=decider_for(officer, staff),
                application=application,
                decision_number=f"{case.pk}/QĐ-UBND"
                if support_type.regime == "legacy"
                else f"{case.pk}/QĐ-SYT",
                decision_date=received + D(days=8),
                authority=services.default_authority(application),
            )
        elif state == "rejected":
            application = services.application_reject(
                actor=staff,
                application=application,
                reason="Đã được trợ cấp theo chương trình khác của địa phương."
                if support_type.regime == "legacy"
                else "Hồ sơ không đủ giấy tờ chứng minh; đã hướng dẫn bổ sung.",
            )
