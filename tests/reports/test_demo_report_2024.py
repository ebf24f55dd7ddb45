"""The seed's own report, reproduced: the demo's 2024 annual report for Thanh Hóa shows what the
province reported (DOMAIN.md, "Indicators that national figures use") — in indicators.json, in the
workbook and in the Word file. Built on the seeded demo, not on records made by the test."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from accounts.models import User
from locations.models import AdministrativeUnit
from reports import generation, services, tasks
from reports.periods import period_for
from tests.conftest import stored_content

SUPPORTS = (
    "Trợ cấp khó khăn ban đầu (một lần)",
    "Hỗ trợ tâm lý",
    "Trợ giúp pháp lý",
    "Hỗ trợ y tế",
)


@pytest.fixture
def run(seeded_demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    province = AdministrativeUnit.objects.get(code="38")
    staff = User.objects.get(username="canbo.tinh")
    run = services.report_request(actor=staff, period=period_for("annual", 2024), unit=province)
    return generation.build(tasks._claim(run.pk, "test"))


def test_the_json_shows_what_the_province_reported(run):
    data = json.loads(stored_content(run.indicators_file))

    values = {key: figure["value"] for key, figure in data["indicators"].items()}
    assert values["received_total"] == 19
    assert values["received_through_criminal_cases"] == 19
    assert values["identified_total"] == 19
    assert (values["received_other_province"], values["received_in_province"]) == (17, 2)
    supports = {
        row["label"]: row["values"]["people"] for row in data["tables"]["supports_by_type"]["rows"]
    }
    assert all(supports[label] == 19 for label in SUPPORTS)
    assert values["supports_provided_people"] == 19
    assert [(item["number"], item["issued_on"]) for item in data["directives"]] == [
        ("32/KH-SLĐTBXH", "21/02/2024"),
        ("50/KH-SLĐTBXH", "15/03/2024"),
    ]
    by_type = {row["key"]: row["values"] for row in data["tables"]["activities_by_type"]["rows"]}
    assert (by_type["training"]["sessions"], by_type["training"]["participants"]) == (4, 240)
    assert (
        by_type["capacity_training"]["sessions"],
        by_type["capacity_training"]["participants"],
    ) == (3, 180)
    trainings = [item for item in data["activities"] if item["type"] == "training"]
    assert len(trainings) == 4
    assert all(item["partners"] == ["Huyện Thạch Thành"] for item in trainings)
    assert sum(item["participants"] for item in trainings) == 240
    assert values["items_distributed"] == 10_000
    assert values["national_day_events"] == 1
    assert any(
        item["type"] == "national_day" and "30/7" in item["title"] for item in data["activities"]
    )


def test_the_workbook_shows_what_the_province_reported(run):
    book = load_workbook(io.BytesIO(stored_content(run.excel_file)))

    summary = {row[1]: row[2] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Số người được tiếp nhận"] == 19
    assert summary["— tiếp nhận, xác minh qua các vụ án"] == 19
    assert summary["— thường trú ngoại tỉnh"] == 17
    assert summary["— thường trú trong tỉnh"] == 2
    assert summary["Tờ rơi, áp phích, ấn phẩm đã phát hành"] == 10_000
    assert summary["Hoạt động hưởng ứng Ngày 30/7"] == 1
    supports = {
        row[1]: row[2]
        for row in book["Hỗ trợ đã thực hiện theo chế độ"].iter_rows(values_only=True)
    }
    assert all(supports[label] == 19 for label in SUPPORTS)
    activities = {
        row[1]: row[2:]
        for row in book["Hoạt động phòng ngừa theo loại"].iter_rows(values_only=True)
    }
    # (activities, sessions, participants) this period, previous period beside each.
    assert activities["Tập huấn, bồi dưỡng kiến thức"][:6] == (4, 0, 4, 0, 240, 0)
    assert activities["Tập huấn nâng cao năng lực"][:6] == (3, 0, 3, 0, 180, 0)
    plans = {
        row[1]: row[2] for row in book["Văn bản chỉ đạo, kế hoạch"].iter_rows(values_only=True)
    }
    assert (plans["32/KH-SLĐTBXH"], plans["50/KH-SLĐTBXH"]) == ("21/02/2024", "15/03/2024")
    listed = list(book["Hoạt động phòng ngừa trong kỳ"].iter_rows(values_only=True))
    trainings = [row for row in listed if row[2] == "Tập huấn, bồi dưỡng kiến thức"]
    assert [(row[5], row[6], row[7]) for row in trainings] == [("Huyện Thạch Thành", 1, 60)] * 4
    assert any(row[2].startswith("Hưởng ứng Ngày toàn quốc") for row in listed if row[2])


def test_the_word_report_shows_what_the_province_reported(run):
    document = Document(io.BytesIO(stored_content(run.word_file)))

    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "19 người" in text
    assert "17 người thường trú ngoại tỉnh" in text and "2 người thường trú trong tỉnh" in text
    assert "32/KH-SLĐTBXH ngày 21/02/2024" in text and "50/KH-SLĐTBXH ngày 15/03/2024" in text
    assert "Tổ chức 7 lớp tập huấn, bồi dưỡng cho 420 lượt người" in text
    assert "10.000 tờ rơi" in text
    assert (
        "Phối hợp với Huyện Thạch Thành: 4 hoạt động tập huấn, bồi dưỡng kiến thức cho 240 lượt "
        "người." in text
    )
    assert "30/7" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    rows = {row[1]: row[2:] for row in cells if len(row) > 2}
    assert rows["Tập huấn, bồi dưỡng kiến thức"][:6] == ["4", "0", "4", "0", "240", "0"]
    assert rows["Tập huấn nâng cao năng lực"][:6] == ["3", "0", "3", "0", "180", "0"]
    for label in SUPPORTS:
        assert rows[label][0] == "19", label
