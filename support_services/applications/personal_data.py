"""What anonymisation (victims.anonymise) does to a person's applications, registered in
SupportServicesConfig.ready() (victims.registry). Decisions, field by field:

- SupportApplication: applicant_name, certification_number, appraisal_note, rejection_reason
  REDACT. Kept: type, status, relation of the applicant, dates, certifying unit, decision.
- ApplicationEvent: note REDACT.
"""

from support_services.models import ApplicationEvent, SupportApplication
from victims.registry import register_personal_fields


def register() -> None:
    register_personal_fields(
        SupportApplication,
        order=210,
        redact=("applicant_name", "certification_number", "appraisal_note", "rejection_reason"),
        kept=("status", "applicant_relation", "decision_number", "deciding_authority"),
        events=ApplicationEvent,
    )
