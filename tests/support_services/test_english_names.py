"""Issue 16 item 7: support types read in English in English mode — the yearly totals and their
export, the case page's supports (summary, records, timeline) — with counts that agree ("1 support
provided to 1 person"); Vietnamese mode keeps the Vietnamese names."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from support_services.models import SupportRate, SupportType
from support_services.supports import services
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date
TRAVEL_VI, TRAVEL_EN = "Hỗ trợ chi phí đi lại", "Travel costs"


def english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def given_travel(officer_a, provincial_staff, units, make_case):
    """Travel costs proposed by the officer, decided and given by the province in 2024."""
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Lò Thị Mai")
    case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
    travel = SupportType.objects.get(regime="legacy", code="travel")
    SupportRate.objects.create(
        support_type=travel,
        amount=200_000,
        unit="trip",
        valid_from=D(2020, 1, 1),
        legal_basis="Nghị quyết HĐND tỉnh (minh họa)",
        is_demo=True,
    )
    record = services.support_propose(
        actor=officer_a, case=case, support_type=travel, quantity=1, on_date=D(2024, 5, 12)
    )
    record = services.support_approve(
        actor=provincial_staff,
        record=record,
        decision_number="15/QĐ-SLĐTBXH",
        decision_date=D(2024, 5, 15),
        authority="Sở",
    )
    services.support_provide(actor=provincial_staff, record=record, provided_on=D(2024, 5, 20))
    return case


def test_the_yearly_totals_name_support_types_in_english(provincial_client, given_travel):
    english(provincial_client)

    page = provincial_client.get(reverse("support_services:support-totals") + "?year=2024")

    text = page.content.decode()
    assert [row["label"] for row in page.context["by_type"]] == [TRAVEL_EN]
    assert TRAVEL_VI not in text
    assert "1 support provided to 1 person" in text


def test_the_yearly_totals_stay_vietnamese_in_vietnamese_mode(provincial_client, given_travel):
    page = provincial_client.get(reverse("support_services:support-totals") + "?year=2024")

    text = page.content.decode()
    assert TRAVEL_VI in text and TRAVEL_EN not in text
    assert "1 lượt hỗ trợ cho 1 người" in text


def test_the_totals_export_names_support_types_in_english(provincial_client, given_travel):
    english(provincial_client)

    export = provincial_client.get(reverse("support_services:support-totals-export") + "?year=2024")

    sheet = load_workbook(io.BytesIO(export.content))["By support type"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [TRAVEL_EN]


def test_the_case_page_supports_read_in_english(client_a, given_travel):
    english(client_a)
    url = reverse("victims:case-detail", args=[given_travel.pk])

    supports = client_a.get(url + "?tab=supports").content.decode()
    timeline = client_a.get(url + "?tab=timeline").content.decode()

    summary = supports.split('data-testid="support-summary"')[1].split("</table>")[0]
    assert TRAVEL_EN in summary and TRAVEL_VI not in summary
    assert TRAVEL_VI not in supports
    assert TRAVEL_EN in timeline and TRAVEL_VI not in timeline
