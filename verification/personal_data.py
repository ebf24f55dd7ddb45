"""What anonymisation (victims.anonymise) does to the rows of a person's dossier, registered in
VerificationConfig.ready() (victims.registry). Decisions, field by field:

- VerificationDossier: kept (agency asked, the department's letter and reply numbers and dates,
  due date, status). DossierEvent: note REDACT.
- EvidenceDocument: file FILE; number REDACT. Kept: ground, kind, issuing body, date.
"""

from verification.models import DossierEvent, EvidenceDocument, VerificationDossier
from victims.registry import register_personal_fields


def register() -> None:
    register_personal_fields(
        VerificationDossier,
        order=100,
        kept=("status", "verifying_agency", "letter_number", "reply_number"),
        events=DossierEvent,
    )
    register_personal_fields(
        EvidenceDocument,
        to_victim="dossier__case__victim",
        order=120,
        redact=("number",),
        files=("file",),
        kept=("ground", "kind", "issuing_body"),
    )
