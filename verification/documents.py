"""Printable Word documents of a dossier (docxtpl), in Vietnamese, with the department named as
the organisation settings name it under the case's regime. Values are escaped, so a name with
"<" or "&" still gives a valid document."""

import io
from pathlib import Path

from django.utils import timezone, translation
from docxtpl import DocxTemplate

from accounts.services import department_for

TEMPLATES = Path(__file__).resolve().parent / "docx_templates"
DOCUMENTS = {
    "request-letter": ("request_letter.docx", "de-nghi-xac-minh"),
    "summary": ("dossier_summary.docx", "tom-tat-ho-so"),
    "result-notice": ("result_notice.docx", "thong-bao-ket-qua"),
}


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


def document_context(dossier) -> dict:
    case = dossier.case
    victim = case.victim
    reception = getattr(case, "reception", None)
    province = case.managing_unit.province()
    profile = department_for(province, reception.received_on if reception else None)
    today = timezone.localdate()
    return {
        "governing_body": profile.governing_body if profile else "",
        "department_name": profile.department_name if profile else "",
        "signatory_title": profile.signatory_title if profile else "",
        "signing_place": profile.signing_place if profile else province.short_name,
        "legal_basis": profile.legal_basis if profile else "",
        "number": dossier.letter_number or "……",
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
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


def render_document(dossier, kind: str) -> tuple[bytes, str]:
    """(content, file name) of one of DOCUMENTS, always in Vietnamese."""
    template_name, file_stem = DOCUMENTS[kind]
    template = DocxTemplate(TEMPLATES / template_name)
    with translation.override("vi"):
        template.render(document_context(dossier), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue(), f"{file_stem}-{dossier.case.code}.docx"
