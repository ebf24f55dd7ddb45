"""What anonymisation (victims.anonymise) does to a person's supports, registered in
SupportServicesConfig.ready() (victims.registry). Decisions, field by field:

- SupportRecord: amount_override_reason, rejection_reason REDACT. Kept: type, status, dates,
  quantity, amount, decision number/date/authority, provider (the financial audit needs them).
- SupportEvent: note REDACT. SupportDocument: file FILE; number REDACT. Kept: kind, date.
- SupportExtension: reason REDACT (free text about the person). Kept: type, days, decision
  number/date/authority (the limit of the case and the financial audit need them).
"""

from support_services.models import (
    SupportDocument,
    SupportEvent,
    SupportExtension,
    SupportRecord,
)
from victims.registry import register_personal_fields


def register() -> None:
    register_personal_fields(
        SupportRecord,
        order=200,
        redact=("amount_override_reason", "rejection_reason"),
        kept=("status", "decision_number", "deciding_authority", "provider"),
        events=SupportEvent,
    )
    register_personal_fields(
        SupportDocument,
        to_victim="record__case__victim",
        order=202,
        redact=("number",),
        files=("file",),
        kept=("kind",),
    )
    register_personal_fields(
        SupportExtension,
        order=203,
        redact=("reason",),
        kept=("decision_number", "deciding_authority"),
    )
