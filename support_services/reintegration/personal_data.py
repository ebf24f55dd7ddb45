"""What anonymisation (victims.anonymise) does to a person's follow-ups and closures, registered
in SupportServicesConfig.ready() (victims.registry). Decisions, field by field:

- FollowUp: the six domain notes, next_steps, note REDACT. Kept: months, dates, status, officer,
  method, ratings, risk. FollowUpEvent: note REDACT.
- CaseClosure: note, handover_number, handed_over, reopen_reason, rejection_reason REDACT.
  Kept: dates, reason, status, previous status, receiving province and agency, who proposed
  and decided. ClosureEvent: note REDACT.
"""

from support_services.models import CaseClosure, ClosureEvent, FollowUp, FollowUpEvent
from victims.registry import register_personal_fields


def register() -> None:
    register_personal_fields(
        FollowUp,
        order=230,
        redact=(
            "safety_note",
            "health_note",
            "housing_note",
            "income_note",
            "schooling_note",
            "family_note",
            "next_steps",
            "note",
        ),
        kept=(
            "status",
            "method",
            "safety_rating",
            "health_rating",
            "housing_rating",
            "income_rating",
            "schooling_rating",
            "family_rating",
            "risk",
        ),
        events=FollowUpEvent,
    )
    register_personal_fields(
        CaseClosure,
        order=232,
        redact=("note", "handover_number", "handed_over", "reopen_reason", "rejection_reason"),
        kept=(
            "reason",
            "receiving_province_name",
            "receiving_agency",
            "previous_status",
            "status",
        ),
        events=ClosureEvent,
    )
