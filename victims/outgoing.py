"""The register of outgoing documents (sổ đăng ký văn bản đi): each letter, notice and decision
the system issues about a case gets its own number in its issuing body's register for the year.

The number and symbol follow Nghị định 30/2020/NĐ-CP on administrative documents (công tác
văn thư): the number is the document's order among those the body issues in a year, from 01 on
1 January to 31 December, in Arabic digits with a leading 0 below 10 (Điều 15 khoản 1; Phụ lục I
mục II.3); the symbol is "<number>/<kind>-<body>" — "12/TB-SYT", "05/QĐ-UBND" — with the kind's
abbreviation from Phụ lục III; a công văn has no kind: "12/SYT" (the decree adds the drafting
unit after a hyphen, "12/SYT-NVY"; the system does not know the drafting unit and leaves it out).

A number is taken once per document (`outgoing_document_issue`): the counter row of the body and
year is locked (`select_for_update`), so concurrent documents never share a number, and the
database holds one number per body, year and number, and one per record and document.
"""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from locations.models import DIVISION_WORDS, AdministrativeUnit, UnitSuccession
from victims.models import DocumentType, OutgoingDocument, OutgoingDocumentCounter

# Words not abbreviated in a body's abbreviation ("Sở Lao động - Thương binh và Xã hội" →
# "SLĐTBXH", as in the plans the department issues: "32/KH-SLĐTBXH", DOMAIN.md).
_NOT_ABBREVIATED = {"và", "-", "–"}


@dataclasses.dataclass(frozen=True)
class Issuer:
    """The body that issues a document, as its header names it (Nghị định 30/2020/NĐ-CP Phụ lục
    I: the governing body above, the issuing body below) and as its register knows it (`unit`
    with `abbreviation`)."""

    unit: object  # locations.AdministrativeUnit whose body issues (commune, district, province)
    name: str  # "Ủy ban nhân dân xã Thạch Lâm", "Sở Y tế"
    abbreviation: str  # "UBND", "SYT"
    governing_body: str = ""  # "Ủy ban nhân dân tỉnh Thanh Hóa"; "" for a People's Committee
    signatory_title: str = ""
    signing_place: str = ""


def abbreviation_of(name: str) -> str:
    """The initials of a body's name, as documents abbreviate it: "Sở Y tế" → "SYT"."""
    words = [word for word in name.split() if word.lower() not in _NOT_ABBREVIATED]
    return "".join(word[0].upper() for word in words if word[0].isalpha())


def short_place_name(unit) -> str:
    """The place name a document is dated at (Nghị định 30/2020/NĐ-CP Phụ lục I: the name of
    the unit where the body sits, without its division word): "Thạch Thành", "Thạch Lâm"."""
    for word in DIVISION_WORDS:
        if unit.name.startswith(f"{word} "):
            return unit.name[len(word) + 1 :]
    return unit.name


def main_successor_of(unit) -> AdministrativeUnit | None:
    """The current commune a legacy unit mainly became on 1 July 2025 (locations.UnitSuccession)."""
    succession = (
        UnitSuccession.objects.filter(predecessor=unit)
        .order_by("-is_main", "successor__path")
        .select_related("successor")
        .first()
    )
    return succession.successor if succession else None


def _district_above(unit) -> AdministrativeUnit | None:
    if unit is None:
        return None
    if unit.level == AdministrativeUnit.Level.DISTRICT:
        return unit
    parent = unit.parent
    if parent is not None and parent.level == AdministrativeUnit.Level.DISTRICT:
        return parent
    return None


def legacy_district_of(case) -> AdministrativeUnit | None:
    """The legacy district whose bodies acted for `case` before 1 July 2025: the managing unit's
    district; for a case a current commune took over, the district of the legacy communes it
    succeeds (the one the person lives in when they were several). None for a case the province
    manages: its province department acts."""
    managing = case.managing_unit
    district = _district_above(managing)
    if district is not None or managing.level != AdministrativeUnit.Level.COMMUNE:
        return district
    rows = UnitSuccession.objects.filter(successor=managing).select_related("predecessor__parent")
    districts = {_district_above(row.predecessor) for row in rows} - {None}
    if len(districts) == 1:
        return districts.pop()
    victim = case.victim
    for unit in (victim.permanent_unit, victim.current_unit):
        lived = _district_above(unit)
        if lived is not None and lived in districts:
            return lived
    return None


def document_symbol(number: int, document_type: str, abbreviation: str) -> str:
    """ "12/TB-SYT", "05/QĐ-UBND", "07/LĐTBXH" (a công văn: no kind)."""
    if document_type == DocumentType.OFFICIAL_LETTER:
        return f"{number:02d}/{abbreviation}"
    return f"{number:02d}/{document_type}-{abbreviation}"


def outgoing_document_of(record, purpose: str) -> OutgoingDocument | None:
    """The numbered document `purpose` of `record`, or None when it has no number yet."""
    if record is None or record.pk is None:
        return None
    return OutgoingDocument.objects.filter(
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        purpose=purpose,
    ).first()


def outgoing_documents_of(record) -> dict[str, OutgoingDocument]:
    """Every numbered document of `record`, by purpose."""
    rows = OutgoingDocument.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    )
    return {row.purpose: row for row in rows}


def _next_number(issuer: Issuer, year: int) -> int:
    """The next number of the body's register for `year`: the counter row is created when
    missing (INSERT … ON CONFLICT DO NOTHING, so two first documents do not collide), then
    locked until the transaction ends."""
    OutgoingDocumentCounter.objects.bulk_create(
        [
            OutgoingDocumentCounter(
                issuer_unit=issuer.unit, issuer_abbreviation=issuer.abbreviation, year=year
            )
        ],
        ignore_conflicts=True,
    )
    counter = OutgoingDocumentCounter.objects.select_for_update().get(
        issuer_unit=issuer.unit, issuer_abbreviation=issuer.abbreviation, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def outgoing_document_issue(
    *,
    actor,
    case,
    record,
    purpose: str,
    document_type: str,
    issuer: Issuer,
    issued_on: datetime.date,
) -> OutgoingDocument:
    """The number of the document `purpose` of `record`: the one it has, or the next of the
    issuer's register for the year of `issued_on`. The record's row is locked first, so two
    requests for the same document give it one number."""
    type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
    existing = outgoing_document_of(record, purpose)
    if existing is not None:
        return existing
    year = issued_on.year
    number = _next_number(issuer, year)
    return OutgoingDocument.objects.create(
        case=case,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        purpose=purpose,
        document_type=document_type,
        issuer_unit=issuer.unit,
        issuer_abbreviation=issuer.abbreviation,
        issuer_name=issuer.name,
        year=year,
        number=number,
        symbol=document_symbol(number, document_type, issuer.abbreviation),
        issued_on=issued_on,
        issued_by=actor,
    )
