"""What anonymisation (victims.anonymise) does to the rows of this app, registered in
VictimsConfig.ready() (victims.registry). Decisions, field by field:

- Victim: full_name → "Đã ẩn danh #<id>" (search_name follows); other_names, id_number, phone,
  permanent_address, current_address, occupation (free text), guardian_name, guardian_relation,
  guardian_phone ERASE; disability_note REDACT; date_of_birth → empty (birth_year stays);
  permanent_unit and current_unit → their province; the "not a duplicate of" links are removed.
  Kept: sex, birth_year, ethnic_group, nationality, id_type (the kind of paper, not its number),
  education, marital_status, has_disability, poverty_status, receives_social_allowance,
  created_by.
- Consent: evidence FILE; withdrawal_note REDACT. Kept: who consented, dates, purposes.
- Case: recruitment_place, destination_place (free-text places) and note REDACT. Kept: everything
  else (code, unit, status, category, the case a child accompanies, recruited_on, means,
  channel, relation, country, forms, months, criminal case link — the criminal case itself is
  shared with other victims and kept).
- Reception: place, record_number, officer REDACT (a record number finds the paper record with
  the name). Kept: dates, channel, agency type and name, documents received (kinds).
- ImportedRow: deleted (its fingerprint is a hash of the name, birth date and ID number). The
  same Excel row imported again would create a new person: accepted, the old data is gone.
- OutgoingDocument: kept whole — a number in an issuing body's register (symbol, body, kind,
  date) names no one, and the register must stay without gaps.
"""

from victims.models import Case, Consent, ImportedRow, OutgoingDocument, Reception, Victim
from victims.registry import register_personal_fields


def register() -> None:
    register_personal_fields(
        Victim,
        to_victim="id",
        order=10,
        erase=(
            "other_names",
            "id_number",
            "phone",
            "permanent_address",
            "current_address",
            "occupation",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
        ),
        redact=("disability_note",),
        # Replaced by the placeholder "Đã ẩn danh #<id>" (search_name follows full_name); the
        # keyed hash of the ID number follows the erased number on save (it becomes "", not in
        # the history table).
        replaced=("full_name", "search_name", "id_number_hash"),
        kept=(
            "sex",
            "id_type",
            "education",
            "marital_status",
            "poverty_status",
            "nationality",
            "anonymisation_reason",
            "search_name",
            "full_name",
        ),
    )
    register_personal_fields(
        Consent,
        to_victim="victim",
        order=20,
        redact=("withdrawal_note",),
        files=("evidence",),
        kept=("given_by", "purposes"),
    )
    register_personal_fields(
        Case,
        to_victim="victim",
        order=30,
        redact=("recruitment_place", "destination_place", "note"),
        kept=(
            "code",
            "status",
            "person_category",
            "recruitment_means",
            "recruitment_channel",
            "trafficker_relation",
            "destination_country",
        ),
    )
    register_personal_fields(
        Reception,
        order=40,
        redact=("place", "record_number", "officer"),
        kept=("channel", "agency_type", "agency_name", "documents"),
    )
    register_personal_fields(
        ImportedRow,
        order=50,
        delete=True,
        kept=("fingerprint",),
    )
    register_personal_fields(
        OutgoingDocument,
        order=60,
        kept=("purpose", "document_type", "issuer_abbreviation", "issuer_name", "symbol"),
    )
