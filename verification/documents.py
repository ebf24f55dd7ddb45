"""Printable Word documents of a dossier (docxtpl), in Vietnamese. Values are escaped, so a name
with "<" or "&" still gives a valid document.

The request letter and the result notice are issued by the body that acts on the day of the
document (`issuer_of`) and carry their own numbers from its register of outgoing documents
(victims.outgoing): the letter's is taken when the request is sent without a typed number, the
notice's when the result is recorded. The summary accompanies the letter and has no number."""

import io
from pathlib import Path

from django.utils import timezone, translation
from docxtpl import DocxTemplate

from accounts.services import department_for
from locations.regimes import CURRENT_REGIME_START, LegalRegime, regime_on
from victims.models import DocumentType
from victims.outgoing import (
    Issuer,
    abbreviation_of,
    legacy_district_of,
    outgoing_document_of,
    short_place_name,
)

TEMPLATES = Path(__file__).resolve().parent / "docx_templates"
DOCUMENTS = {
    "request-letter": ("request_letter.docx", "de-nghi-xac-minh"),
    "summary": ("dossier_summary.docx", "tom-tat-ho-so"),
    "result-notice": ("result_notice.docx", "thong-bao-ket-qua"),
}
# The documents numbered in the register (victims.OutgoingDocument.purpose), with their kind.
NUMBERED = {
    "request-letter": DocumentType.OFFICIAL_LETTER,
    "result-notice": DocumentType.NOTICE,
}
DISTRICT_DIVISION = "Phòng Lao động - Thương binh và Xã hội"
DISTRICT_DIVISION_ABBREVIATION = "LĐTBXH"


def issuer_of(dossier, day) -> Issuer:
    """Who issues the dossier's letters on `day` (DOMAIN.md "Two legal regimes"): for a case
    received before 1 July 2025, while districts existed, the labour division of the case's
    district, named ("Phòng Lao động - Thương binh và Xã hội huyện Thạch Thành", under the
    district People's Committee), or the province's labour department for a case the province
    manages; from 1 July 2025 the department acting for the province that day (Sở Y tế) —
    from the organisation settings (accounts.DepartmentProfile)."""
    case = dossier.case
    received = _received_on(dossier)
    if (
        received is not None
        and regime_on(received) == LegalRegime.LEGACY
        and day < CURRENT_REGIME_START
        and (district := legacy_district_of(case)) is not None
    ):
        return Issuer(
            unit=district,
            name=f"{DISTRICT_DIVISION} {district.name_in_text}",
            abbreviation=DISTRICT_DIVISION_ABBREVIATION,
            governing_body=f"Ủy ban nhân dân {district.name_in_text}",
            signatory_title="Trưởng phòng",
            signing_place=short_place_name(district),
        )
    province = case.managing_unit.province()
    profile = department_for(province, day)
    name = profile.department_name if profile else province.formal_name
    return Issuer(
        unit=province,
        name=name,
        abbreviation=(profile.department_abbreviation if profile else "") or abbreviation_of(name),
        governing_body=profile.governing_body if profile else "",
        signatory_title=(profile.signatory_title if profile else "") or "Giám đốc",
        signing_place=(profile.signing_place if profile else "") or province.short_name,
    )


def _received_on(dossier):
    reception = getattr(dossier.case, "reception", None)
    return reception.received_on if reception else None


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def reply_basis(dossier) -> str:
    """The opening of the result notice citing the verifying agency's reply, "Căn cứ văn bản
    số … ngày … của …, ", with only the parts the dossier has: no empty number or date is
    printed, and without a number or a date of the reply the notice cites nothing."""
    if not (dossier.reply_number or dossier.reply_date):
        return ""
    basis = "Căn cứ văn bản"
    if dossier.reply_number:
        basis += f" số {dossier.reply_number}"
    if dossier.reply_date:
        basis += f" ngày {_date(dossier.reply_date)}"
    if dossier.verifying_agency:
        basis += f" của {dossier.verifying_agency}"
    return basis + ", "


def _document_day(dossier, kind: str, issued):
    """The date a document bears: its register entry's, the letter's date, or today (a draft)."""
    if issued is not None:
        return issued.issued_on
    if kind == "request-letter" and dossier.letter_date:
        return dossier.letter_date
    return timezone.localdate()


def _number(dossier, kind: str, issued) -> str:
    """The document's own number: its register entry's; the request letter's typed number
    when it was numbered outside the system; "……" while it has none. The summary has none."""
    if issued is not None:
        return issued.symbol
    if kind == "request-letter":
        return dossier.letter_number or "……"
    if kind == "summary":
        return ""
    return "……"


def document_context(dossier, kind: str = "request-letter") -> dict:
    case = dossier.case
    victim = case.victim
    reception = getattr(case, "reception", None)
    issued = outgoing_document_of(dossier, kind) if kind in NUMBERED else None
    day = _document_day(dossier, kind, issued)
    issuer = issuer_of(dossier, day)
    request = outgoing_document_of(dossier, "request-letter")
    return {
        "governing_body": issuer.governing_body,
        "department_name": issuer.name,
        "signatory_title": issuer.signatory_title,
        "signing_place": issuer.signing_place,
        "legal_basis": _legal_basis(dossier, day),
        "number": _number(dossier, kind, issued),
        "request_number": request.symbol if request else dossier.letter_number,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
        "agency": dossier.verifying_agency or "……",
        "victim_name": victim.full_name,
        "sex": victim.get_sex_display(),
        "birth": victim.birth_display,
        "residence": victim.permanent_unit.full_name() if victim.permanent_unit else "",
        "received_on": _date(reception.received_on) if reception else "",
        "channel": reception.get_channel_display() if reception else "",
        "case_code": case.code,
        "status": dossier.get_status_display(),
        "reply_number": dossier.reply_number,
        "reply_date": _date(dossier.reply_date),
        "reply_basis": reply_basis(dossier),
        "documents": [
            {
                "ground": document.get_ground_display(),
                "kind": document.get_kind_display(),
                "number": document.number,
                "issuing_body": document.issuing_body,
                "issued_on": _date(document.issued_on),
            }
            for document in dossier.documents.all()
        ],
        "events": [
            {
                "at": timezone.localtime(event.at).strftime("%d/%m/%Y"),
                "status": event.get_to_status_display(),
                "actor": event.actor.get_full_name() if event.actor else "",
                "note": event.note,
            }
            for event in dossier.events.select_related("actor")
        ],
    }


def _legal_basis(dossier, day) -> str:
    """The laws the letter cites: those of the case's regime (the department profile of its
    reception date), whoever issues it."""
    received = _received_on(dossier)
    province = dossier.case.managing_unit.province()
    profile = department_for(province, received or day)
    return profile.legal_basis if profile else ""


def render_document(dossier, kind: str) -> tuple[bytes, str]:
    """(content, file name) of one of DOCUMENTS, always in Vietnamese."""
    template_name, file_stem = DOCUMENTS[kind]
    template = DocxTemplate(TEMPLATES / template_name)
    with translation.override("vi"):
        template.render(document_context(dossier, kind), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue(), f"{file_stem}-{dossier.case.code}.docx"
