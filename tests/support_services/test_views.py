"""Support screens: propose, decide, give (with evidence) or refuse from the case page; the
worklist and the yearly totals with their Excel export — all within the user's area."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.services import department_profiles_ensure
from support_services.models import SupportDocument, SupportRate, SupportRecord, SupportType
from support_services.supports import services
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4 receipt"


@pytest.fixture
def case_a(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Lò Thị Mai")
    case.victim.poverty_status = "poor"
    case.victim.save()
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


def support(code, regime="legacy"):
    return SupportType.objects.get(regime=regime, code=code)


@pytest.fixture
def travel_rate():
    return SupportRate.objects.create(
        support_type=support("travel"),
        amount=200_000,
        unit="trip",
        valid_from=D(2020, 1, 1),
        legal_basis="Nghị quyết HĐND tỉnh (minh họa)",
        is_demo=True,
    )


PROPOSED_ON, DECIDED_ON = D(2024, 5, 12), D(2024, 5, 15)


def propose(actor, case, code="travel", quantity=1, on=PROPOSED_ON):
    return services.support_propose(
        actor=actor, case=case, support_type=support(code), quantity=quantity, on_date=on
    )


def approve(actor, record, on=DECIDED_ON):
    return services.support_approve(
        actor=actor,
        record=record,
        decision_number="15/QĐ-SLĐTBXH",
        decision_date=on,
        authority="Sở",
    )


def test_an_officer_proposes_a_support_from_the_case_page(client_a, case_a):
    response = client_a.post(
        reverse("support_services:support-propose", args=[case_a.pk]),
        {"support_type": support("travel").pk, "proposed_on": "12/05/2024", "quantity": "1"},
    )

    assert response.status_code == 302
    record = case_a.supports.get()
    assert (record.support_type.code, record.proposed_on) == ("travel", D(2024, 5, 12))
    page = client_a.get(
        reverse("victims:case-detail", args=[case_a.pk]) + "?tab=supports"
    ).content.decode()
    assert "Hỗ trợ chi phí đi lại" in page or record.support_type.name in page
    assert 'data-testid="support-summary"' in page


def test_an_ineligible_proposal_is_refused_next_to_the_field_and_nothing_is_saved(
    client_a, officer_a, case_a
):
    propose(officer_a, case_a, code="initial_hardship")  # a one-off allowance, already proposed

    response = client_a.post(
        reverse("support_services:support-propose", args=[case_a.pk]),
        {
            "support_type": support("initial_hardship").pk,
            "proposed_on": "20/05/2024",
            "quantity": "1",
            "note": "lần hai",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "một lần" in " ".join(form.errors["support_type"])
    assert "09/2013/NĐ-CP" in " ".join(form.errors["support_type"])
    page = response.content.decode()
    assert 'value="20/05/2024"' in page and "lần hai" in page
    assert case_a.supports.count() == 1


def test_the_proposal_page_offers_only_the_supports_of_the_cases_regime(client_a, case_a):
    response = client_a.get(reverse("support_services:support-propose", args=[case_a.pk]))

    regimes = {item.regime for item in response.context["form"].fields["support_type"].queryset}
    assert regimes == {"legacy"}


def test_provincial_staff_decide_then_the_support_is_given_with_a_receipt(
    provincial_client, provincial_staff, officer_a, units, case_a, travel_rate
):
    department_profiles_ensure(province=units.province)
    record = propose(officer_a, case_a, quantity=2)

    response = provincial_client.get(
        reverse("support_services:support-step", args=[record.pk, "approve"])
    )
    authority = response.context["form"].initial["authority"]
    assert (
        authority.startswith("Sở Lao động - Thương binh và Xã hội tỉnh")
        and "Thanh Hóa" in authority
    )
    response = provincial_client.post(
        reverse("support_services:support-step", args=[record.pk, "approve"]),
        {"decision_number": "15/QĐ", "decision_date": "15/05/2024", "authority": "Sở LĐTBXH"},
    )
    assert response.status_code == 302

    response = provincial_client.post(
        reverse("support_services:support-step", args=[record.pk, "provide"]),
        {
            "provided_on": "20/05/2024",
            "quantity": "2",
            "amount": "",
            "provider": "Trung tâm CTXH",
            "document_kind": "receipt",
            "document_number": "PC-01",
            "document_file": SimpleUploadedFile("receipt.pdf", PDF, "application/pdf"),
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.amount) == ("provided", 400_000)
    document = record.documents.get()
    assert document.number == "PC-01"
    page = provincial_client.get(
        reverse("victims:case-detail", args=[case_a.pk]) + "?tab=supports"
    ).content.decode()
    assert "400.000 ₫" in page
    assert reverse("support_services:support-document-download", args=[document.pk]) in page


def test_a_decision_dated_before_the_proposal_is_refused_and_nothing_changes(
    provincial_client, officer_a, case_a
):
    record = propose(officer_a, case_a)

    response = provincial_client.post(
        reverse("support_services:support-step", args=[record.pk, "approve"]),
        {"decision_number": "15/QĐ", "decision_date": "01/05/2024", "authority": "Sở LĐTBXH"},
    )

    assert response.status_code == 200
    assert "trước ngày đề xuất" in " ".join(response.context["form"].errors["decision_date"])
    assert 'value="15/QĐ"' in response.content.decode()
    record.refresh_from_db()
    assert record.status == "proposed" and record.decision_number == ""


def test_another_amount_without_a_reason_is_refused_and_the_file_is_not_kept(
    provincial_client, provincial_staff, officer_a, case_a, travel_rate
):
    record = approve(provincial_staff, propose(officer_a, case_a))

    response = provincial_client.post(
        reverse("support_services:support-step", args=[record.pk, "provide"]),
        {
            "provided_on": "20/05/2024",
            "quantity": "1",
            "amount": "900000",
            "document_kind": "receipt",
            "document_file": SimpleUploadedFile("receipt.pdf", PDF, "application/pdf"),
        },
    )

    assert response.status_code == 200
    assert "lý do" in " ".join(response.context["form"].errors["override_reason"])
    record.refresh_from_db()
    assert record.status == "approved"
    assert not SupportDocument.objects.exists()


def test_a_district_officer_may_not_decide(client_a, officer_a, case_a):
    record = propose(officer_a, case_a)

    response = client_a.get(reverse("support_services:support-step", args=[record.pk, "approve"]))

    assert response.status_code == 403


def test_a_viewer_sees_supports_but_cannot_propose(client_colleague_a, officer_a, case_a):
    propose(officer_a, case_a)

    page = client_colleague_a.get(
        reverse("victims:case-detail", args=[case_a.pk]) + "?tab=supports"
    )
    propose_page = client_colleague_a.get(
        reverse("support_services:support-propose", args=[case_a.pk])
    )

    assert 'data-testid="support-record"' in page.content.decode()
    assert reverse("support_services:support-propose", args=[case_a.pk]) not in (
        page.content.decode()
    )
    assert propose_page.status_code == 403


def test_another_districts_officer_reaches_none_of_it(
    client_b, officer_a, provincial_staff, case_a, travel_rate
):
    record = approve(provincial_staff, propose(officer_a, case_a))
    document = services.support_document_add(
        actor=provincial_staff,
        record=record,
        kind="decision",
        file=SimpleUploadedFile("decision.pdf", PDF, "application/pdf"),
        number="QĐ-LO-THI-MAI",
    )
    urls = [
        reverse("support_services:support-propose", args=[case_a.pk]),
        reverse("support_services:support-step", args=[record.pk, "provide"]),
        reverse("support_services:support-document-add", args=[record.pk]),
        reverse("support_services:support-document-download", args=[document.pk]),
    ]
    for url in urls:
        assert client_b.get(url).status_code == 404, url
        assert client_b.post(url, {}).status_code == 404, url

    for url in [
        reverse("support_services:support-list") + "?view=all",
        reverse("support_services:support-totals") + "?year=2024",
    ]:
        body = client_b.get(url).content.decode()
        assert "Lò Thị Mai" not in body and case_a.code not in body
        assert "Huyện Thạch Thành" not in body, url
    workbook = load_workbook(
        io.BytesIO(
            client_b.get(reverse("support_services:support-totals-export") + "?year=2024").content
        )
    )
    cells = [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Huyện Thạch Thành" not in cells


def test_the_evidence_download_is_the_file_for_those_who_may_see_the_case(
    client_a, provincial_staff, officer_a, case_a
):
    record = approve(provincial_staff, propose(officer_a, case_a))
    document = services.support_document_add(
        actor=provincial_staff,
        record=record,
        kind="decision",
        file=SimpleUploadedFile("decision.pdf", PDF, "application/pdf"),
    )

    response = client_a.get(
        reverse("support_services:support-document-download", args=[document.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_support_events_are_on_the_case_timeline(client_a, officer_a, provincial_staff, case_a):
    record = propose(officer_a, case_a)
    services.support_reject(
        actor=provincial_staff, record=record, reason="Đã được tỉnh khác hỗ trợ"
    )

    response = client_a.get(reverse("victims:case-detail", args=[case_a.pk]), {"tab": "timeline"})

    titles = [event.title for event in response.context["events"]]
    name = support("travel").name
    assert f"{name}: Đề xuất" in titles and f"{name}: Không hỗ trợ" in titles
    assert "Đã được tỉnh khác hỗ trợ" in response.content.decode()


def test_yearly_totals_per_unit_and_type_and_their_export(
    provincial_client, officer_a, officer_b, provincial_staff, units, make_case, case_a, travel_rate
):
    given = approve(provincial_staff, propose(officer_a, case_a, quantity=2))
    services.support_provide(actor=provincial_staff, record=given, provided_on=D(2024, 5, 20))
    propose(officer_a, case_a, code="essential_needs", quantity=10)
    case_b = make_case(officer_b, units.district_b, received=D(2024, 6, 1), full_name="Hà Văn Nam")
    other = propose(officer_b, case_b, code="essential_needs", quantity=5, on=D(2024, 6, 2))
    services.support_reject(actor=provincial_staff, record=other, reason="Không đủ điều kiện")
    next_year = propose(officer_a, case_a, code="medical", on=D(2024, 12, 30))
    approve(provincial_staff, next_year, on=D(2025, 1, 3))  # counted in 2025, its latest step

    response = provincial_client.get(reverse("support_services:support-totals") + "?year=2024")

    by_unit = {row["case__managing_unit__name"]: row for row in response.context["by_unit"]}
    thach_thanh = by_unit["Huyện Thạch Thành"]
    assert (thach_thanh["proposed"], thach_thanh["approved"], thach_thanh["provided"]) == (2, 1, 1)
    assert (thach_thanh["people"], thach_thanh["amount"]) == (1, 400_000)
    assert by_unit[units.district_b.name]["rejected"] == 1
    assert response.context["overall"] == {
        "proposed": 3,
        "approved": 1,
        "provided": 1,
        "rejected": 1,
        "people": 1,
        "amount": 400_000,
    }

    export = provincial_client.get(reverse("support_services:support-totals-export") + "?year=2024")
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["Theo năm", "Theo đơn vị", "Theo chế độ"]
    years = list(workbook["Theo năm"].iter_rows(values_only=True))
    assert (2024, 3, 1, 1, 1, 1, 400_000) in years
    assert (2025, 1, 1, 0, 0, 0, 0) in years
    rows = list(workbook["Theo đơn vị"].iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị quản lý"
    assert ("Huyện Thạch Thành", 2, 1, 1, 0, 1, 400_000) in rows
    empty_year = provincial_client.get(reverse("support_services:support-totals") + "?year=2023")
    assert empty_year.context["overall"] == dict.fromkeys(
        ["proposed", "approved", "provided", "rejected", "people", "amount"], 0
    )
    assert 'data-testid="totals-overall"' not in empty_year.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_lists_and_the_case_section_use_a_constant_number_of_queries(
    provincial_client, officer_a, provincial_staff, units, make_case, case_a, travel_rate
):
    def add_cases(count, start):
        for index in range(count):
            case = make_case(
                officer_a,
                units.district_a,
                received=D(2024, 5, 10),
                full_name=f"Người số {start + index}",
                birth_year=1990 + start + index,
            )
            record = approve(provincial_staff, propose(officer_a, case))
            services.support_document_add(
                actor=provincial_staff,
                record=record,
                kind="decision",
                file=SimpleUploadedFile("d.pdf", PDF, "application/pdf"),
            )

    urls = [
        reverse("support_services:support-list") + "?view=all",
        reverse("support_services:support-totals") + "?year=2024",
        reverse("victims:case-detail", args=[case_a.pk]) + "?tab=supports",
    ]
    add_cases(2, 0)
    for code in ("travel", "essential_needs"):
        propose(officer_a, case_a, code=code)
    before = [_queries(provincial_client, url) for url in urls]
    add_cases(4, 10)
    for code in ("medical", "legal_aid", "psychological"):
        propose(officer_a, case_a, code=code)
    after = [_queries(provincial_client, url) for url in urls]

    assert before == after
    assert SupportRecord.objects.count() == 11


def test_a_proposal_tells_the_deciding_staff_and_a_decision_tells_the_proposer(
    officer_a, officer_b, provincial_staff, case_a, django_capture_on_commit_callbacks
):
    from support_services.supports.notifications import notify_event

    with django_capture_on_commit_callbacks() as callbacks:
        record = propose(officer_a, case_a)
    assert len(callbacks) == 1
    notify_event(record.events.get().pk)
    message = provincial_staff.notifications.get().message
    assert case_a.code in message and "Lò Thị Mai" not in message
    assert officer_a.notifications.count() == 0

    record = approve(provincial_staff, record)
    notify_event(record.events.order_by("pk").last().pk)

    assert "Đã quyết định hỗ trợ" in officer_a.notifications.get().message
    assert officer_b.notifications.count() == 0
    assert provincial_staff.notifications.count() == 1


def test_the_admin_shows_supports_of_the_supervisors_area_only(
    client, supervisor_client, units, officer_a, case_a
):
    from accounts.models import Role
    from tests.factories import UserFactory

    record = propose(officer_a, case_a)
    url = f"/admin/support_services/supportrecord/{record.pk}/change/"
    assert case_a.code in supervisor_client.get(url).content.decode()

    client.force_login(UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b))
    assert client.get(url).status_code in (302, 404)
    assert case_a.code not in client.get("/admin/support_services/supportrecord/").content.decode()


def test_support_pages_speak_vietnamese_and_english_when_chosen(
    client_a, provincial_client, officer_a, case_a
):
    from tests.test_vietnamese_ui import english_words_in

    record = propose(officer_a, case_a)
    pages = [
        reverse("support_services:overview"),
        reverse("support_services:support-list"),
        reverse("support_services:support-totals"),
        reverse("support_services:support-propose", args=[case_a.pk]),
        reverse("victims:case-detail", args=[case_a.pk]),
    ]
    found = {}
    for url in pages:
        response = client_a.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        if words := english_words_in(response.content.decode()):
            found[url] = sorted(words)
    assert found == {}

    provincial_client.cookies["django_language"] = "en"
    page = provincial_client.get(
        reverse("support_services:support-step", args=[record.pk, "approve"])
    )
    assert "Decision number" in page.content.decode()


def test_the_totals_page_title_is_text_only(provincial_client):
    page = provincial_client.get(reverse("support_services:support-totals")).content.decode()

    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Tổng hợp hỗ trợ" in title
    assert page.count('data-testid="totals-by-year"') == 1
