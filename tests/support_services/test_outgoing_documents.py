"""Documents ready to sign (issue 16 item 3): every letter, notice and decision has its own number
in its issuing body's register for the year (Nghị định 30/2020/NĐ-CP: "Số: 05/TB-SYT"), kept
when printed again; the issuer is named with its unit by regime; decisions state the amount
and the rate with its legal basis and cite each basis once; no doubled words."""

import datetime
import io
import itertools
import re
import threading

import pytest
import time_machine
from django.db import close_old_connections, connection

from accounts.services import department_profiles_ensure
from support_services.applications import documents as application_documents
from support_services.applications import services
from support_services.models import SupportRate, SupportType
from tests.support_services.applications_fixtures import *  # noqa: F403 (the fixtures)
from tests.support_services.applications_fixtures import D, identify
from tests.verification.conftest import add_certifying_document
from verification import documents as dossier_documents
from verification import services as verification_services
from victims.models import DocumentType, OutgoingDocument, OutgoingDocumentCounter
from victims.outgoing import Issuer, document_symbol, outgoing_document_issue

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*cells, *(paragraph.text for paragraph in document.paragraphs)])


def doubled_words(text: str) -> list[str]:
    """Words or two-word phrases written twice in a row, case and punctuation aside ("Hỗ trợ
    Hỗ trợ học nghề", "hỗ trợ: Hỗ trợ"); numbers are not words ("01/01/2024")."""
    words = re.findall(r"\w+", text.casefold())  # numbers stay, to separate the words
    found = [a for a, b in itertools.pairwise(words) if a == b and a.isalpha() and len(a) > 1]
    found += [
        " ".join(words[i : i + 2])
        for i in range(len(words) - 3)
        if words[i : i + 2] == words[i + 2 : i + 4] and "".join(words[i : i + 2]).isalpha()
    ]
    return found


def test_a_symbol_follows_decree_30_2020():
    assert document_symbol(5, DocumentType.NOTICE, "SYT") == "05/TB-SYT"
    assert document_symbol(12, DocumentType.DECISION, "UBND") == "12/QĐ-UBND"
    assert document_symbol(7, DocumentType.OFFICIAL_LETTER, "LĐTBXH") == "07/LĐTBXH"


def test_the_doubled_word_check_finds_what_it_looks_for():
    assert doubled_words("Điều 1. Hỗ trợ Hỗ trợ học nghề") == ["hỗ trợ"]
    assert doubled_words("ngày 01/01/2024, Xã Thạch Lâm") == []


@pytest.fixture
def sent_without_number(officer_a, provincial_staff, units, make_case):
    """A 2024 case of district A, sent for verification on 20/05/2024 with no number typed."""
    department_profiles_ensure(province=units.province)
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    with time_machine.travel(datetime.datetime(2024, 5, 20, 9, 0), tick=False):
        dossier = verification_services.dossier_create(actor=officer_a, case=case)
        dossier = verification_services.dossier_submit(actor=officer_a, dossier=dossier)
        dossier = verification_services.dossier_send(
            actor=provincial_staff,
            dossier=dossier,
            agency="Công an huyện Thạch Thành",
            letter_number="",
            letter_date=D(2024, 5, 20),
        )
    return dossier


def test_a_letter_sent_without_a_number_takes_the_next_of_the_district_division_register(
    sent_without_number, units
):
    letter = OutgoingDocument.objects.get(purpose="request-letter")

    assert sent_without_number.letter_number == "01/LĐTBXH" == letter.symbol
    assert (letter.issuer_unit, letter.year, letter.number) == (units.district_a, 2024, 1)
    assert letter.issuer_name == "Phòng Lao động - Thương binh và Xã hội huyện Thạch Thành"


def test_the_result_notice_has_its_own_number_kept_when_printed_again(
    sent_without_number, provincial_staff, provincial_client
):
    add_certifying_document(sent_without_number)
    with time_machine.travel(datetime.datetime(2024, 6, 3, 9, 0), tick=False):
        verification_services.dossier_record_result(
            actor=provincial_staff,
            dossier=sent_without_number,
            result="identified",
            reply_number="45/CAH",
            reply_date=D(2024, 6, 1),
        )
    url = f"/verification/dossiers/{sent_without_number.pk}/documents/result-notice/"

    first = docx_text(provincial_client.get(url).content)
    second = docx_text(provincial_client.get(url).content)

    notice = OutgoingDocument.objects.get(purpose="result-notice")
    assert notice.symbol == "02/TB-LĐTBXH"  # the same register as the letter, the next number
    assert "Số: 02/TB-LĐTBXH" in first
    assert "Số: 01/LĐTBXH" not in first  # never the request letter's number
    assert first == second
    assert OutgoingDocument.objects.count() == 2
    assert OutgoingDocumentCounter.objects.get().last_number == 2
    page = provincial_client.get(
        f"/victims/cases/{sent_without_number.case_id}/sections/dossier/"
    ).content.decode()
    assert "02/TB-LĐTBXH" in page and "01/LĐTBXH" in page


def test_the_summary_has_no_number_of_its_own(sent_without_number, provincial_client):
    text = docx_text(
        provincial_client.get(
            f"/verification/dossiers/{sent_without_number.pk}/documents/summary/"
        ).content
    )

    assert "Số:" not in text


def test_a_legacy_case_of_the_province_is_issued_by_the_provinces_labour_department(
    officer_a, provincial_staff, units, make_case
):
    department_profiles_ensure(province=units.province)
    case = make_case(provincial_staff, units.province, received=D(2024, 5, 10))
    dossier = verification_services.dossier_create(actor=provincial_staff, case=case)

    issuer = dossier_documents.issuer_of(dossier, D(2024, 5, 20))

    assert issuer.name == "Sở Lao động - Thương binh và Xã hội"
    assert issuer.unit == units.province
    assert issuer.abbreviation == "SLĐTBXH"


def test_from_1_july_2025_the_health_department_issues_the_dossiers_letters(
    provincial_staff, units, make_case
):
    department_profiles_ensure(province=units.province)
    case = make_case(provincial_staff, units.current_commune, received=D(2025, 8, 4))
    dossier = verification_services.dossier_create(actor=provincial_staff, case=case)

    issuer = dossier_documents.issuer_of(dossier, D(2025, 8, 20))

    assert (issuer.name, issuer.abbreviation, issuer.unit) == ("Sở Y tế", "SYT", units.province)


def test_a_legacy_decision_is_numbered_by_the_named_district_committee(
    appraised_application, provincial_staff, client_a
):
    approved = services.application_approve(
        actor=provincial_staff,
        application=appraised_application,
        decision_number="",
        decision_date=D(2024, 6, 18),
        authority="",
    )

    decision = OutgoingDocument.objects.get(purpose="decision")
    assert approved.decision_number == decision.symbol == "01/QĐ-UBND"
    assert approved.support_record.decision_number == "01/QĐ-UBND"
    assert decision.issuer_name == "Ủy ban nhân dân huyện Thạch Thành"
    text = docx_text(
        client_a.get(f"/support/applications/{approved.pk}/documents/decision/").content
    )
    assert "ỦY BAN NHÂN DÂN HUYỆN THẠCH THÀNH" in text
    assert "Số: 01/QĐ-UBND" in text
    assert "cấp huyện" not in text


def test_a_legacy_decision_of_a_case_the_province_manages_never_names_a_district_without_a_name(
    officer_a, provincial_staff, provincial_colleague, units, make_case
):
    from victims.choices import Poverty

    case = make_case(
        provincial_staff, units.province, received=D(2024, 5, 10), residence=units.commune_a1
    )
    case.victim.poverty_status = Poverty.POOR
    case.victim.save()
    # One submits the dossier, a colleague records the result (separation of duties).
    case = identify(case, officer=provincial_staff, staff=provincial_colleague, on=D(2024, 6, 3))
    department_profiles_ensure(province=units.province)
    application = services.application_record(
        actor=provincial_staff,
        case=case,
        support_type=SupportType.objects.get(regime="legacy", code="vocational"),
        received_on=D(2024, 6, 7),
        certified_on=D(2024, 6, 7),
        certifying_unit=units.commune_a1,
        certification_number="15/XN-UBND",
    )

    issuer = services.decision_issuer(application, D(2024, 6, 18))
    authority = services.default_authority(application, D(2024, 6, 18))

    assert issuer.name == "Sở Lao động - Thương binh và Xã hội"
    assert "cấp huyện" not in authority and authority


def test_a_current_decision_is_numbered_by_the_health_department_and_states_amount_and_rate(
    current_application, provincial_staff, provincial_client, units
):
    department_profiles_ensure(province=units.province)
    SupportRate.objects.create(
        support_type=current_application.support_type,
        amount=1_500_000,
        unit="person",
        valid_from=D(2025, 7, 1),
        legal_basis="Nghị quyết 12/2025/NQ-HĐND",
    )
    approved = services.application_approve(
        actor=provincial_staff,
        application=current_application,
        decision_number="",
        decision_date=D(2025, 9, 5),
        authority="",
    )

    text = docx_text(
        provincial_client.get(f"/support/applications/{approved.pk}/documents/decision/").content
    )

    assert approved.decision_number == "01/QĐ-SYT"
    assert "Số: 01/QĐ-SYT" in text and "SỞ Y TẾ" in text
    assert "Số tiền hỗ trợ: 1.500.000 đồng." in text
    assert (
        "Mức áp dụng: 1.500.000 đồng/người, áp dụng từ ngày 01/07/2025 "
        "(Nghị quyết 12/2025/NQ-HĐND)." in text
    )
    assert "Căn cứ Nghị quyết 12/2025/NQ-HĐND;" in text


def test_a_decision_cites_each_legal_basis_once(appraised_application, provincial_staff, client_a):
    approved = services.application_approve(
        actor=provincial_staff,
        application=appraised_application,
        decision_number="",
        decision_date=D(2024, 6, 18),
        authority="",
    )

    text = docx_text(
        client_a.get(f"/support/applications/{approved.pk}/documents/decision/").content
    )

    bases = [line for line in text.splitlines() if line.startswith("Căn cứ")]
    assert len(bases) == len(set(bases)) >= 2
    assert sum("09/2013/NĐ-CP" in line for line in bases) == 1
    assert application_documents.legal_bases(
        "Điều 23 Nghị định 09/2013/NĐ-CP", "Nghị định 09/2013/NĐ-CP; Thông tư 35/2013/TT-BLĐTBXH"
    ) == ["Điều 23 Nghị định 09/2013/NĐ-CP", "Thông tư 35/2013/TT-BLĐTBXH"]


def test_no_generated_document_or_label_doubles_a_word(
    appraised_application, current_application, provincial_staff, provincial_client, units
):
    department_profiles_ensure(province=units.province)
    approved = [
        services.application_approve(
            actor=provincial_staff,
            application=application,
            decision_number="",
            decision_date=day,
            authority="",
        )
        for application, day in (
            (appraised_application, D(2024, 6, 18)),
            (current_application, D(2025, 9, 5)),
        )
    ]
    texts, printed_docs = [], []
    for application in approved:
        for kind in application_documents.DOCUMENTS:
            url = f"/support/applications/{application.pk}/documents/{kind}/"
            texts.append(docx_text(provincial_client.get(url).content))
            printed_docs.append(texts[-1])
        dossier = application.case.dossier
        for kind in dossier_documents.DOCUMENTS:
            url = f"/verification/dossiers/{dossier.pk}/documents/{kind}/"
            texts.append(docx_text(provincial_client.get(url).content))
            printed_docs.append(texts[-1])
        for tab in ("supports", "applications", "dossier", "timeline"):
            fragment = provincial_client.get(
                f"/victims/cases/{application.case_id}/sections/{tab}/", HTTP_HX_REQUEST="true"
            )
            assert fragment.status_code == 200
            # Each element's text on its own: a heading followed by a column header is no
            # doubled word.
            texts += re.split(r"<[^>]+>", fragment.content.decode())
    printed = printed_docs
    texts += [str(support_type.name) for support_type in SupportType.objects.all()]

    assert len(texts) > 10
    texts = [text for text in texts if text.strip()]
    for text in texts:
        assert doubled_words(text) == [], text[:300]
    for text in printed:  # the documents name every body with its unit
        assert not re.search(r"cấp (huyện|xã)", text), text[:300]


def test_an_officer_of_another_district_sees_no_number_of_the_register(
    sent_without_number, client_b, supervisor_client
):
    page = client_b.get(f"/victims/cases/{sent_without_number.case_id}/sections/dossier/")
    document = client_b.get(
        f"/verification/dossiers/{sent_without_number.pk}/documents/request-letter/"
    )

    assert page.status_code == 404
    assert document.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_documents_of_one_body_get_sequential_numbers(
    officer_a, units, make_case, django_db_blocker
):
    """Two threads, each in its own transaction on PostgreSQL, number documents of the same
    body and year at once: each gets its own number, 1 to N without a gap."""
    issuer = Issuer(unit=units.province, name="Sở Y tế", abbreviation="SYT")
    cases = [
        make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name=f"Người {i}")
        for i in range(6)
    ]
    dossiers = [verification_services.dossier_create(actor=officer_a, case=c) for c in cases]
    barrier = threading.Barrier(2)
    errors = []

    def issue(batch):
        try:
            barrier.wait(timeout=10)
            for dossier in batch:
                outgoing_document_issue(
                    actor=None,
                    case=dossier.case,
                    record=dossier,
                    purpose="result-notice",
                    document_type=DocumentType.NOTICE,
                    issuer=issuer,
                    issued_on=D(2026, 3, 2),
                )
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(dossiers[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert errors == []
    numbers = sorted(OutgoingDocument.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    counter = OutgoingDocumentCounter.objects.get(issuer_abbreviation="SYT", year=2026)
    assert counter.last_number == 6
