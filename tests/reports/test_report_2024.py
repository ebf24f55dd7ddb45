"""The 2024 Thanh Hóa report behind this project, built from records and checked in the three
files: 19 victims received and verified through criminal cases (17 residing in other provinces,
2 in the province), supports to each, 4 training classes for 240 people with one district,
3 capacity-training classes for 180, 10,000 leaflets, and the two plans of the department."""

import datetime
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from prevention.models import ActivityParticipation, Directive, PreventionActivity, TargetGroup
from reports import generation, services, tasks
from reports.periods import period_for
from support_services.models import SupportRate, SupportType
from support_services.supports import services as support_services
from tests.conftest import stored_content
from tests.factories import CommuneFactory, ProvinceFactory
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import CriminalCase

pytestmark = pytest.mark.django_db
D = datetime.date
SUPPORTS = {
    "initial_hardship": 1_000_000,
    "psychological": 150_000,
    "legal_aid": 500_000,
    "medical": 1_000_000,
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _returnees(staff, units, make_case, decider):
    other_provinces = [
        CommuneFactory(code=f"9{index:04d}", name=f"Xã Ngoài {index}", parent=province)
        for index, province in enumerate(
            [
                ProvinceFactory(code="40", name="Nghệ An"),
                ProvinceFactory(code="08", name="Tuyên Quang"),
            ]
        )
    ]
    criminal_cases = [
        CriminalCase.objects.create(number=number, investigating_agency="Cơ quan CSĐT Công an tỉnh")
        for number in ("12/VA-2024", "27/VA-2024", "41/VA-2024")
    ]
    for type_code, amount in SUPPORTS.items():
        SupportRate.objects.create(
            support_type=SupportType.objects.get(regime="legacy", code=type_code),
            amount=amount,
            unit="person",
            valid_from=D(2020, 1, 1),
            legal_basis="Nghị quyết HĐND tỉnh (minh họa)",
        )
    for index in range(19):
        residence = other_provinces[index % 2] if index < 17 else units.commune_a1
        case = make_case(
            staff,
            units.province,
            full_name=f"Nạn nhân {index + 1}",
            birth_year=1980 + index,
            residence=residence,
            received=D(2024, 1, 5) + datetime.timedelta(days=18 * index),
        )
        case.criminal_case = criminal_cases[index % 3]
        case.save()
        case.victim.poverty_status = "poor"
        case.victim.save()
        case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
        received = case.reception.received_on
        for type_code in SUPPORTS:
            record = support_services.support_propose(
                actor=staff,
                case=case,
                support_type=SupportType.objects.get(regime="legacy", code=type_code),
                on_date=received + datetime.timedelta(days=1),
            )
            record = support_services.support_approve(
                actor=decider,  # not the proposer (separation of duties)
                record=record,
                decision_number=f"{index + 1}/QĐ-SLĐTBXH",
                decision_date=received + datetime.timedelta(days=2),
                authority="Sở Lao động - Thương binh và Xã hội",
            )
            support_services.support_provide(
                actor=staff, record=record, provided_on=received + datetime.timedelta(days=3)
            )


def _prevention(staff, units):
    plans = {
        number: Directive.objects.create(
            number=number,
            directive_type="KH",
            issued_on=issued_on,
            issuing_body="Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
            issuing_unit=units.province,
            title=title,
            year=2024,
        )
        for number, issued_on, title in [
            ("32/KH-SLĐTBXH", D(2024, 2, 21), "Kế hoạch hỗ trợ nạn nhân bị mua bán năm 2024"),
            (
                "50/KH-SLĐTBXH",
                D(2024, 3, 15),
                "Kế hoạch thực hiện các chương trình phòng, chống tệ nạn xã hội",
            ),
        ]
    }
    groups = {group.code: group for group in TargetGroup.objects.all()}

    def activity(activity_type, day, participants, split, **fields):
        made = PreventionActivity.objects.create(
            activity_type=activity_type,
            title=f"{activity_type} {day:%d/%m}",
            start_date=day,
            end_date=day,
            unit=units.province,
            sessions=1 if participants else 0,
            participants=participants,
            created_by=staff,
            **fields,
        )
        for code, count in split:
            ActivityParticipation.objects.create(
                activity=made, target_group=groups[code], count=count
            )
        return made

    for day in (D(2024, 4, 9), D(2024, 4, 11), D(2024, 4, 16), D(2024, 4, 18)):
        made = activity(
            "training",
            day,
            60,
            [("village_heads", 20), ("youth_union", 15), ("womens_union", 15), ("veterans", 10)],
            directive=plans["50/KH-SLĐTBXH"],
        )
        made.partner_units.set([units.district_a])
    for day in (D(2024, 5, 14), D(2024, 6, 11), D(2024, 8, 20)):
        activity(
            "capacity_training",
            day,
            60,
            [("reporters", 30), ("commune_officials", 30)],
            directive=plans["32/KH-SLĐTBXH"],
        )
    activity("printing", D(2024, 6, 3), 0, [], items_produced=10_000, items_distributed=10_000)


def test_the_2024_report_shows_the_figures_of_the_province(
    provincial_staff, provincial_colleague, units, make_case
):
    _returnees(provincial_staff, units, make_case, provincial_colleague)
    _prevention(provincial_staff, units)
    run = services.report_request(
        actor=provincial_staff, period=period_for("annual", 2024), unit=units.province
    )
    run = generation.build(tasks._claim(run.pk, "test"))

    data = json.loads(stored_content(run.indicators_file))
    values = {key: figure["value"] for key, figure in data["indicators"].items()}
    assert {
        key: values[key]
        for key in (
            "received_total",
            "received_in_province",
            "received_other_province",
            "received_through_criminal_cases",
            "identified_total",
            "supports_provided_people",
            "supports_provided_amount_vnd",
            "directives_issued",
            "training_classes",
            "training_participants",
            "items_distributed",
        )
    } == {
        "received_total": 19,
        "received_in_province": 2,
        "received_other_province": 17,
        "received_through_criminal_cases": 19,
        "identified_total": 19,
        "supports_provided_people": 19,
        "supports_provided_amount_vnd": 19 * sum(SUPPORTS.values()),
        "directives_issued": 2,
        "training_classes": 7,
        "training_participants": 420,
        "items_distributed": 10_000,
    }
    by_type = {row["key"]: row["values"] for row in data["tables"]["activities_by_type"]["rows"]}
    assert (by_type["training"]["sessions"], by_type["training"]["participants"]) == (4, 240)
    assert (
        by_type["capacity_training"]["sessions"],
        by_type["capacity_training"]["participants"],
    ) == (3, 180)
    supports = {
        row["label"]: row["values"]["people"] for row in data["tables"]["supports_by_type"]["rows"]
    }
    assert supports == {
        "Trợ cấp khó khăn ban đầu (một lần)": 19,
        "Hỗ trợ tâm lý": 19,
        "Trợ giúp pháp lý": 19,
        "Hỗ trợ y tế": 19,
    }

    workbook = load_workbook(io.BytesIO(stored_content(run.excel_file)))
    summary = {row[1]: row[2] for row in workbook["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Số người được tiếp nhận"] == 19
    assert summary["— thường trú ngoại tỉnh"] == 17
    assert summary["— thường trú trong tỉnh"] == 2
    assert summary["Lớp tập huấn"] == 7
    assert summary["Tờ rơi, áp phích, ấn phẩm đã phát hành"] == 10_000
    activities = {
        row[1]: row[2:]
        for row in workbook["Hoạt động phòng ngừa theo loại"].iter_rows(values_only=True)
    }
    assert activities["Tập huấn, bồi dưỡng kiến thức"][2:6] == (4, 0, 240, 0)
    assert activities["Tập huấn nâng cao năng lực"][2:6] == (3, 0, 180, 0)

    document = Document(io.BytesIO(stored_content(run.word_file)))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "đã tiếp nhận 19 người trở về" in text
    assert (
        "Tiếp nhận, xác minh qua các vụ án: 19 người, trong đó 17 người thường trú ngoại tỉnh "
        "và 2 người thường trú trong tỉnh." in text
    )
    assert "32/KH-SLĐTBXH ngày 21/02/2024" in text and "50/KH-SLĐTBXH ngày 15/03/2024" in text
    assert "Tổ chức 7 lớp tập huấn, bồi dưỡng cho 420 lượt người" in text
    assert "in, phát hành 10.000 tờ rơi" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    rows = {row[1]: row[2:] for row in cells if len(row) == 10}
    # (activities, sessions, participants, items) this period and the previous one.
    assert rows["Tập huấn, bồi dưỡng kiến thức"][:6] == ["4", "0", "4", "0", "240", "0"]
    assert rows["Tập huấn nâng cao năng lực"][:6] == ["3", "0", "3", "0", "180", "0"]
