"""Printable Word documents of an application (docxtpl, as verification/documents.py): the
application form pre-filled from the case, and the support decision. Always in Vietnamese;
values are escaped, so a name with "<" or "&" still gives a valid document.

Need-to-know (issue 16 item 5): the application form carries the person's ID and phone numbers,
as the official form asks. They are written whole only for a user whose role may reveal them
(`person.reveal_identifiers`); anyone else who may see the case gets a reading copy with the
numbers masked as on screen (victims.rules.mask_identifier), not a letter to send."""

import io
from pathlib import Path

from django.utils import timezone, translation
from docxtpl import DocxTemplate

from accounts.services import department_for
from support_services.applications import services
from support_services.models import ApplicantRelation, SupportRate
from victims.outgoing import outgoing_document_of
from victims.rules import mask_identifier

TEMPLATES = Path(__file__).resolve().parent / "docx_templates"
DOCUMENTS = {
    "application-form": ("application_form_{regime}.docx", "don-de-nghi-ho-tro"),
    "decision": ("support_decision.docx", "quyet-dinh-ho-tro"),
}


def _address(street: str, unit) -> str:
    """A street line and the unit's full name, whichever are known."""
    return ", ".join(part for part in (street, unit.full_name() if unit else "") if part)


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _rate_of(application, day):
    return SupportRate.in_force(application.support_type, day)


def _rate_text(rate) -> str:
    """ "2.000.000 đồng/người, áp dụng từ ngày 01/01/2024 (Nghị quyết …)" — the rate row a
    decision applies, with its legal basis."""
    per = f"{_vnd(rate.amount)} đồng/{rate.get_unit_display()}"
    text = f"{per}, áp dụng từ ngày {_date(rate.valid_from)}"
    if rate.valid_to:
        text += f" đến ngày {_date(rate.valid_to)}"
    return f"{text} ({rate.legal_basis})" if rate.legal_basis else text


def _amount_text(application, rate) -> str:
    """The amount the decision grants in đồng: the support's amount when one was recorded,
    otherwise the rate in force on the decision day × the quantity."""
    record = application.support_record
    quantity = record.quantity if record is not None and record.quantity else 1
    if record is not None and record.amount is not None:
        return f"{_vnd(record.amount)} đồng"
    if rate is None:
        return "theo mức do tỉnh quy định (chưa có mức áp dụng vào ngày quyết định)"
    if quantity == 1:
        return f"{_vnd(rate.amount)} đồng"
    unit = rate.get_unit_display()
    total = _vnd(rate.amount * quantity)
    return f"{total} đồng ({_vnd(rate.amount)} đồng/{unit} × {quantity} {unit})"


def legal_bases(*texts: str) -> list[str]:
    """The documents a decision rests on, each cited once: the texts are split at ";" and a
    basis already cited — or contained in one cited, as "Nghị định 09/2013/NĐ-CP" is in
    "Điều 23 Nghị định 09/2013/NĐ-CP" — is left out (a more precise one replaces it)."""
    bases: list[str] = []
    for text in texts:
        for part in (text or "").split(";"):
            basis = " ".join(part.split()).rstrip(".")
            if not basis:
                continue
            key = _basis_key(basis)
            if any(key in _basis_key(cited) for cited in bases):
                continue
            bases = [cited for cited in bases if _basis_key(cited) not in key] + [basis]
    return bases


def _basis_key(basis: str) -> str:
    """A basis compared without case and the word "số" ("Nghị định số 09/2013/NĐ-CP" is
    "Nghị định 09/2013/NĐ-CP")."""
    return " ".join(word for word in basis.casefold().split() if word != "số")


def _department_name(profile) -> str:
    return profile.department_name if profile else ""


def _subject(name: str) -> str:
    """ "Hỗ trợ giáo dục phổ thông" → "hỗ trợ giáo dục phổ thông"; "Trợ cấp …" → "trợ cấp …",
    as the title of a decision reads ("Về việc …")."""
    return name[:1].lower() + name[1:]


def document_context(application, *, identifiers_shown: bool = True) -> dict:
    case = application.case
    victim = case.victim
    reception = getattr(case, "reception", None)
    regime = application.support_type.regime
    province = case.managing_unit.province()
    # The form is addressed as the procedure of the day it was received; the decision is
    # issued by the body of the decision stage on its day (issue 15 item 4): a legacy
    # application decided after 1 July 2025 is issued by the department of that day.
    profile = department_for(province, application.received_on)
    certifying = application.certifying_unit
    certifying_authority = f"Ủy ban nhân dân {certifying.name_in_text}" if certifying else ""
    decided_on = application.decision_date or timezone.localdate()
    authority = application.deciding_authority or services.default_authority(
        application, decided_on
    )
    addressee = certifying_authority if regime == "legacy" else _department_name(profile)
    # The decision is issued by the body of the decision stage on its day, named with its
    # unit (services.decision_issuer): a People's Committee has no governing body above it.
    issuer = services.decision_issuer(application, decided_on)
    rate = _rate_of(application, decided_on)
    procedure_basis = services.legal_basis_of_decision(application, decided_on)
    issued = outgoing_document_of(application, services.DECISION_DOCUMENT)
    appraising = services.appraisal_body(application)
    dated = application.decision_date or application.received_on
    self_applied = application.applicant_relation == ApplicantRelation.SELF
    identified_on = services.support_services.case_facts(case).identified_on
    return {
        "addressee": addressee,
        "header_top": issuer.governing_body,
        "issuer": issuer.name,
        "authority": authority,
        "signatory_title": issuer.signatory_title,
        "signing_place": issuer.signing_place or province.short_name,
        "day": f"{dated.day:02d}",
        "month": f"{dated.month:02d}",
        "year": dated.year,
        "support_name": application.support_type.name,
        "subject": _subject(application.support_type.name),
        "support_basis": application.support_type.legal_basis,
        "procedure_basis": procedure_basis,
        "bases": legal_bases(
            application.support_type.legal_basis,
            procedure_basis,
            rate.legal_basis if rate is not None else "",
        ),
        "appraising_body": appraising,
        "victim_name": victim.full_name,
        "sex": victim.get_sex_display(),
        "birth": victim.birth_display,
        "id_number": victim.id_number if identifiers_shown else mask_identifier(victim.id_number),
        "residence": _address(victim.permanent_address, victim.permanent_unit),
        "current_residence": _address(victim.current_address, victim.current_unit),
        "phone": victim.phone if identifiers_shown else mask_identifier(victim.phone),
        "applicant_name": "" if self_applied else application.applicant_name,
        "applicant_relation": "" if self_applied else application.get_applicant_relation_display(),
        "applicant": victim.full_name if self_applied else application.applicant_display,
        "signer": victim.full_name if self_applied else application.applicant_name,
        "returned_on": _date(reception.received_on) if reception else "",
        "case_code": case.code,
        "identification": (
            f"đã được xác định là nạn nhân ngày {_date(identified_on)}"
            if identified_on
            else "đã được xác định là nạn nhân"
        ),
        "received_on": _date(application.received_on),
        "certifying_authority": certifying_authority,
        "certification_number": application.certification_number or "……",
        "certified_on": _date(application.certified_on),
        "appraised_on": _date(application.appraised_on),
        "decision_number": (issued.symbol if issued else application.decision_number) or "……",
        "decision_date": _date(application.decision_date),
        "amount_text": _amount_text(application, rate),
        "rate_text": _rate_text(rate) if rate is not None else "",
    }


def render_document(application, kind: str, *, identifiers_shown: bool = True) -> tuple[bytes, str]:
    """(content, file name) of one of DOCUMENTS, always in Vietnamese."""
    template_name, file_stem = DOCUMENTS[kind]
    template = DocxTemplate(
        TEMPLATES / template_name.format(regime=application.support_type.regime)
    )
    with translation.override("vi"):
        context = document_context(application, identifiers_shown=identifiers_shown)
        template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue(), f"{file_stem}-{application.case.code}-{application.pk}.docx"
