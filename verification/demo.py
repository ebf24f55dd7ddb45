"""Demo dossiers in every state under both regimes, some overdue (seed_demo)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import decider_for
from accounts.models import User
from verification import services
from verification.models import DocumentKind, EvidenceDocument, Ground, VerificationDossier
from victims.demo import case_officer
from victims.models import Case

# (case code, the states to walk through); codes come from victims.demo.
PLAN = [
    ("TH-2025-0001", ["submitted", "sent", "not_victim"]),
    ("TH-2025-0002", ["draft"]),
    ("TH-2025-0003", ["submitted"]),
    ("TH-2025-0005", ["submitted", "sent"]),
    ("TH-2025-0004", ["submitted", "sent", "identified"]),
    ("TH-2026-0001", ["submitted", "sent", "not_victim", "closed"]),
    ("TH-2026-0002", ["submitted"]),
    ("TH-2026-0003", ["submitted", "sent", "identified"]),
]


def seed() -> int:
    if VerificationDossier.objects.exists():
        return 0
    staff = User.objects.get(username="canbo.tinh")
    created = 0
    with transaction.atomic():
        for code, states in PLAN:
            case = Case.objects.filter(code=code).select_related("reception").first()
            if case is None:
                continue
            _walk(case, states, staff)
            created += 1
        # Overdue examples: open dossiers whose deadline has long passed.
        services.dossiers_mark_overdue()
    return created


def _walk(case, states, staff):
    officer = case_officer(case, staff)
    dossier = services.dossier_create(actor=officer, case=case)
    received = case.reception.received_on
    for state in states:
        if state == "submitted":
            # The department is notified the day after the reception; the three days count from
            # that legal event (the demo's own dates), so some deadlines are long past.
            dossier = services.dossier_submit(
                actor=officer,
                dossier=dossier,
                notified_on=min(received + datetime.timedelta(days=1), timezone.localdate()),
            )
        elif state == "sent":
            dossier = services.dossier_send(
                actor=staff,
                dossier=dossier,
                agency="Công an tỉnh Thanh Hóa",
                letter_number=f"{case.pk}/SYT-BTXH",
                letter_date=received + datetime.timedelta(days=7),
            )
        elif state in ("identified", "not_victim"):
            if state == "identified":
                # An identification rests on a certifying document.
                EvidenceDocument.objects.create(
                    dossier=dossier,
                    ground=Ground.PROCEDURAL_BODY,
                    kind=DocumentKind.POLICE_CERTIFICATE,
                    issuing_body="Công an tỉnh Thanh Hóa",
                    number=f"{case.pk}/XN-CAT",
                    issued_on=received + datetime.timedelta(days=20),
                    added_by=staff,
                )
            dossier = services.dossier_record_result(
                actor=decider_for(officer, staff),
                dossier=dossier,
                result=state,
                reply_date=received + datetime.timedelta(days=21),
            )
        elif state == "closed":
            dossier = services.dossier_close(actor=staff, dossier=dossier)
