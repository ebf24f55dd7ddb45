"""What anonymisation (victims.anonymise) does to a person's referrals, registered in
SupportServicesConfig.ready() (victims.registry). Decisions, field by field:

- Referral: need, decline_reason, outcome, cancel_reason, override_reason REDACT. Kept: provider
  or programme, service, status, dates, consent link.
- ReferralEvent: note REDACT.
"""

from support_services.models import Referral, ReferralEvent
from victims.registry import register_personal_fields


def register() -> None:
    register_personal_fields(
        Referral,
        order=220,
        redact=("need", "decline_reason", "outcome", "cancel_reason", "override_reason"),
        kept=("programme", "service", "status"),
        events=ReferralEvent,
    )
