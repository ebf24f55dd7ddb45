"""The Word report's sentences say what the figures say, on data built from records (an empty
period, an empty previous period, both periods full, a legacy district before 1 July 2025, every
kind of period) and on generated indicator data (hypothesis): every number stated is the figure
of the table or indicator it names, a sub-figure is stated only with its total, the previous
period is compared only where the system holds data of it (and its absence is said once), and a
section without data says so once, with no table."""

import copy
import datetime
import io
import re

import pytest
import time_machine
from django.utils import translation
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevention.models import Directive, PreventionActivity
from reports import word
from reports.indicators import INDICATORS, SECTIONS, TABLES, Scope, compare, suppressed_copy
from reports.models import ReportRun
from reports.periods import Period, period_for
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import CriminalCase

pytestmark = pytest.mark.django_db
D = datetime.date
NO_PREVIOUS = "Hệ thống không có số liệu của kỳ trước"
NO_DATA = "Trong kỳ báo cáo, hệ thống không có số liệu về {}."
COMPARED = re.compile(r"\((tăng|giảm) ([\d.]+)[^)]* so với kỳ trước\)|bằng kỳ trước")
# A phrase of the narrative and the indicator whose figure it states.
STATED = {
    r"tiếp nhận ([\d.<]+) người trở về": "received_total",
    r"Trong số ([\d.<]+) người được tiếp nhận": "received_total",
    r"([\d.<]+) nữ\b": "received_female",
    r"([\d.<]+) nam\b": "received_male",
    r"([\d.<]+) người dưới 18 tuổi": "received_under_18",
    r"([\d.<]+) trẻ em dưới 16 tuổi": "received_under_16",
    r"([\d.<]+) người thường trú trong tỉnh": "received_in_province",
    r"([\d.<]+) người thường trú ngoại tỉnh": "received_other_province",
    r"([\d.<]+) người bị mua bán ra nước ngoài": "received_abroad",
    r"xác định ([\d.<]+) người là nạn nhân": "identified_total",
    r"([\d.<]+) người đã được xác định là nạn nhân": "identified_total",
    r"([\d.<]+) người được xác định không phải": "not_victim_total",
    r"([\d.<]+) người đang được xác minh": "pending_total",
    r"([\d.<]+) hồ sơ xác minh quá hạn": "dossiers_overdue",
    r"([\d.<]+) lượt hỗ trợ cho": "supports_provided_count",
    r"lượt hỗ trợ cho ([\d.<]+) người": "supports_provided_people",
    r"([\d.<]+) lượt hỗ trợ được đề xuất": "supports_proposed",
    r"([\d.<]+) lượt được quyết định": "supports_approved",
    r"chuyển gửi ([\d.<]+) lượt": "referrals_sent",
    r"([\d.<]+) lượt thăm, theo dõi": "followups_done",
    r"([\d.<]+) lượt thăm ghi nhận mất liên lạc": "followups_lost_contact",
    r"([\d.<]+) lớp tập huấn": "training_classes",
    r"bồi dưỡng cho ([\d.<]+) lượt người": "training_participants",
    r"([\d.<]+) hoạt động truyền thông": "communication_events",
    r"phát hành ([\d.<]+) tờ rơi": "items_distributed",
    r"Đã đóng ([\d.<]+) hồ sơ": "cases_closed",
}


def _number(text: str):
    return text if text.startswith("<") else int(text.replace(".", ""))


def _section_subject(section: str) -> str:
    with translation.override("vi"):
        return str(word.SECTION_SUBJECTS[section])


def check_sentences(texts: dict, data: dict) -> None:
    """The narrative `texts` (word.Narrative.texts()) against the figures of `data`."""
    values = {key: item["value"] for key, item in data["indicators"].items()}
    previous = {key: item["previous"] for key, item in data["indicators"].items()}
    everything = " ".join(texts.values())

    assert "(Không có số liệu trong kỳ.)" not in everything
    # No zero part: "0 người", "trong đó 0 …".
    assert not re.search(r"(?<![\d.])0 (người|lượt|lớp|hoạt động|hồ sơ|nữ|nam|tin)", everything)
    for pattern, key in STATED.items():
        for found in re.findall(pattern, everything):
            assert _number(found) == values[key], (pattern, found, values[key])

    # The previous period: compared only where it has data; its absence said once.
    before = {section: word.has_data(data, section, "previous") for section in SECTIONS}
    if not any(before.values()):
        assert not COMPARED.search(everything)
        assert everything.count(NO_PREVIOUS) == 1
    else:
        assert NO_PREVIOUS + " (" not in everything
    received = re.search(r"người trở về \((tăng|giảm) ([\d.]+) người", texts["situation"])
    if received:
        assert before["reception"]
        difference = values["received_total"] - previous["received_total"]
        assert (received[1] == "tăng") == (difference > 0)
        assert int(received[2].replace(".", "")) == abs(difference)

    # A section without data says so once; one with data never.
    for section in SECTIONS:
        line = NO_DATA.format(_section_subject(section))
        if word.has_data(data, section):
            assert line not in everything, section
        else:
            assert everything.count(line) == 1, section

    # The residence split stated with the criminal cases only when they are all the people.
    criminal = texts["criminal_cases"]
    if "qua các vụ án:" in criminal and "trong đó" in criminal:
        assert values["received_through_criminal_cases"] == values["received_total"]
    through = re.search(r"qua các vụ án: ([\d.<]+) người", criminal)
    if through:
        assert _number(through[1]) == values["received_through_criminal_cases"]


def report_blocks(content: bytes) -> list:
    blocks = []
    for block in Document(io.BytesIO(content)).iter_inner_content():
        if hasattr(block, "rows"):
            blocks.append([[cell.text for cell in row.cells] for row in block.rows])
        else:
            blocks.append(block.text)
    return blocks


def check_document(content: bytes, data: dict) -> None:
    """The tables of the document are the tables of `data` with rows, cell for cell; no stray
    line."""
    blocks = report_blocks(content)
    paragraphs = [block for block in blocks if isinstance(block, str)]
    assert "(Không có số liệu trong kỳ.)" not in paragraphs
    grids = [block for block in blocks if isinstance(block, list)][1:]  # after the heading
    expected = []
    for table in TABLES:
        content_of = data["tables"][table.key]
        if not content_of["rows"] or not word.has_data(data, table.section):
            continue
        keys = [key for key, _label in content_of["columns"]]
        rows = [
            [str(index), row["label"]]
            + [
                text
                for key in keys
                for text in (
                    word.number(row["values"][key]),
                    word.number(row["previous"][key]),
                )
            ]
            for index, row in enumerate(content_of["rows"], start=1)
        ]
        expected.append((table.key, rows))
    assert sorted(rows for _key, rows in expected) == sorted(grid[1:] for grid in grids)


def render(units, unit, period: Period, data: dict) -> bytes:
    run = ReportRun(kind=period.kind, start=period.start, end=period.end, unit=unit)
    today = datetime.datetime(2026, 1, 5, 9)
    with time_machine.travel(today, tick=False), translation.override("vi"):
        return word.document_bytes(run, data)


def narrative(period: Period, data: dict) -> dict:
    with translation.override("vi"):
        return word.Narrative(data, period.previous()).texts()


# --- data built from records -----------------------------------------------------------------


def _cases(staff, unit, make_case, received_dates, *, criminal=False, prefix="N"):
    criminal_case = (
        CriminalCase.objects.create(number=f"{prefix}/VA", investigating_agency="CSĐT")
        if criminal
        else None
    )
    for index, day in enumerate(received_dates):
        case = make_case(
            staff,
            unit,
            full_name=f"{prefix} {index}",
            birth_year=2000 + index,
            received=day,
            sex="male" if index % 3 == 0 else "female",
        )
        if criminal_case and index % 2 == 0:
            case.criminal_case = criminal_case
            case.save()
        if index % 2:
            victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


def _training(staff, unit, day, participants=30):
    PreventionActivity.objects.create(
        activity_type="training",
        title=f"Tập huấn {day:%d/%m/%Y}",
        start_date=day,
        end_date=day,
        unit=unit,
        sessions=1,
        participants=participants,
        created_by=staff,
    )


def _directive(unit, day):
    Directive.objects.create(
        number=f"{day:%d%m}/KH-UBND",
        directive_type="KH",
        issued_on=day,
        issuing_body="UBND",
        issuing_unit=unit,
        title="Kế hoạch",
        year=day.year,
    )


def empty_period(units, staff, make_case):
    return units.province, period_for("annual", 2025)


def previous_period_empty(units, staff, make_case):
    _cases(staff, units.current_commune, make_case, [D(2025, 8, 1), D(2025, 9, 1)], criminal=True)
    _training(staff, units.province, D(2025, 9, 10))
    return units.province, period_for("annual", 2025)


def both_periods_full(units, staff, make_case):
    _cases(staff, units.district_a, make_case, [D(2024, 3, 1)] * 3, prefix="A")
    _cases(staff, units.current_commune, make_case, [D(2025, 8, 1)], criminal=True, prefix="B")
    _training(staff, units.province, D(2024, 4, 1), 60)
    _training(staff, units.province, D(2025, 4, 1), 20)
    _directive(units.province, D(2025, 2, 1))
    return units.province, period_for("annual", 2025)


def legacy_district_only(units, staff, make_case):
    """A legacy district before 1 July 2025: records in its communes in 2024 and 2023."""
    _cases(staff, units.commune_a1, make_case, [D(2024, 2, 1), D(2024, 5, 1)], criminal=True)
    _cases(staff, units.commune_a2, make_case, [D(2023, 3, 1)], prefix="P")
    _cases(staff, units.commune_b1, make_case, [D(2024, 3, 1)], prefix="X")  # another district
    return units.district_a, period_for("annual", 2024)


def six_month_and_calendar(units, staff, make_case):
    _cases(staff, units.district_a, make_case, [D(2024, 2, 1)], prefix="S")
    _cases(staff, units.district_a, make_case, [D(2023, 2, 1), D(2023, 3, 1)], prefix="T")
    return units.province, period_for("six_month", 2024)


SCENARIOS = {
    "empty-period": empty_period,
    "previous-period-empty": previous_period_empty,
    "both-periods-full": both_periods_full,
    "legacy-district-only": legacy_district_only,
    "six-month": six_month_and_calendar,
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_sentences_and_tables_say_what_the_figures_say(
    units, provincial_staff, make_case, name
):
    unit, period = SCENARIOS[name](units, provincial_staff, make_case)
    with translation.override("vi"):
        data = compare(Scope(unit, period))

    check_sentences(narrative(period, data), data)
    check_document(render(units, unit, period, data), data)


def test_an_empty_period_says_once_per_section_that_it_has_no_data(units, provincial_staff):
    period = period_for("calendar", 2025)
    with translation.override("vi"):
        data = compare(Scope(units.province, period))
    paragraphs = [b for b in report_blocks(render(units, units.province, period, data)) if b]

    for section in SECTIONS:
        assert paragraphs.count(NO_DATA.format(_section_subject(section))) == 1
    assert [p for p in paragraphs if NO_PREVIOUS in p] == [
        "Hệ thống không có số liệu của kỳ trước (từ 01/01/2024 đến 31/12/2024) nên báo cáo "
        "không so sánh với kỳ trước."
    ]
    assert not any(isinstance(block, list) for block in paragraphs[1:])  # no table


def test_a_previous_period_without_data_is_not_compared(units, provincial_staff, make_case):
    unit, period = previous_period_empty(units, provincial_staff, make_case)
    with translation.override("vi"):
        data = compare(Scope(unit, period))
    texts = narrative(period, data)

    assert texts["situation"].startswith(
        "Trong kỳ báo cáo, trên địa bàn đã tiếp nhận 2 người trở về;"
    )
    assert "so với kỳ trước" not in texts["situation"] + texts["support"]
    assert texts["assessment"] == (
        "Hệ thống không có số liệu của kỳ trước (từ 15/12/2023 đến 14/12/2024) nên báo cáo "
        "không so sánh với kỳ trước."
    )


def test_a_previous_period_with_data_is_compared(units, provincial_staff, make_case):
    unit, period = both_periods_full(units, provincial_staff, make_case)
    with translation.override("vi"):
        data = compare(Scope(unit, period))
    texts = narrative(period, data)

    assert "tiếp nhận 1 người trở về (giảm 2 người so với kỳ trước)" in texts["situation"]
    assert texts["assessment"].startswith(
        "So với kỳ trước (từ 15/12/2023 đến 14/12/2024), số người được tiếp nhận giảm 2 người; "
        "số người được xác định là nạn nhân giảm 1 người;"
    )
    assert "số lượt người dự tập huấn giảm 40 lượt người" in texts["assessment"]


def test_people_through_criminal_cases_are_split_by_residence_only_when_they_are_all(
    units, provincial_staff, make_case
):
    unit, period = previous_period_empty(units, provincial_staff, make_case)  # 1 of 2 in a case
    with translation.override("vi"):
        data = compare(Scope(unit, period))

    assert narrative(period, data)["criminal_cases"] == (
        "Tiếp nhận, xác minh qua các vụ án: 1 người (trong tổng số 2 người được tiếp nhận)."
    )
    everyone = copy.deepcopy(data)
    everyone["indicators"]["received_through_criminal_cases"]["value"] = 2
    assert narrative(period, everyone)["criminal_cases"] == (
        "Tiếp nhận, xác minh qua các vụ án: 2 người, trong đó 2 người thường trú trong tỉnh."
    )
    nobody = copy.deepcopy(data)
    nobody["indicators"]["received_through_criminal_cases"]["value"] = 0
    assert narrative(period, nobody)["criminal_cases"] == (
        "Trong kỳ không có người được tiếp nhận, xác minh qua các vụ án."
    )


def test_the_note_of_a_clipped_period_is_printed_under_the_title(units, provincial_staff):
    period = period_for("annual", 2025)
    with translation.override("vi"):
        data = compare(Scope(units.district_a, period))
    data["period"]["note"] = "Huyện Thạch Thành: số liệu đến ngày 30/06/2025."
    paragraphs = [b for b in report_blocks(render(units, units.district_a, period, data)) if b]

    title = paragraphs.index("BÁO CÁO")
    assert paragraphs[title + 3] == "Huyện Thạch Thành: số liệu đến ngày 30/06/2025."


# --- generated indicator data ----------------------------------------------------------------


@st.composite
def indicator_data(draw):
    """indicators.json with figures that hold together (parts within their totals), either
    period possibly empty, tables with rows of either period."""

    def period_figures(empty: bool) -> dict:
        if empty:
            return dict.fromkeys((indicator.key for indicator in INDICATORS), 0)
        total = draw(st.integers(0, 40))
        part = st.integers(0, total)
        figures = {indicator.key: draw(st.integers(0, 30)) for indicator in INDICATORS}
        female = draw(part)
        in_province = draw(part)
        under_18 = draw(part)
        figures.update(
            received_total=total,
            received_female=female,
            received_male=draw(st.integers(0, total - female)),
            received_in_province=in_province,
            received_other_province=total - in_province,
            received_under_18=under_18,
            received_under_16=draw(st.integers(0, under_18)),
            received_abroad=draw(part),
            received_through_criminal_cases=draw(part),
            identified_total=draw(part),
            not_victim_total=0,
            pending_total=0,
            supports_provided_amount_vnd=draw(st.integers(0, 10**9)),
            prevention_cost_vnd=draw(st.integers(0, 10**9)),
        )
        # Each support or referral is someone's: people within 1 and the count.
        for people, count in (
            ("supports_provided_people", "supports_provided_count"),
            ("referrals_people", "referrals_sent"),
        ):
            figures[people] = draw(st.integers(min(1, figures[count]), figures[count]))
        figures["national_day_events"] = draw(st.integers(0, figures["communication_events"]))
        return figures

    current = period_figures(draw(st.booleans()))
    before = period_figures(draw(st.booleans()))
    tables = {}
    for table in TABLES:
        rows = []
        for index in range(draw(st.integers(0, 3))):
            values = {key: draw(st.integers(0, 9)) for key, _label in table.columns}
            previous = {key: draw(st.integers(0, 9)) for key, _label in table.columns}
            rows.append(
                {
                    "key": f"r{index}",
                    "label": f"Hàng {index}",
                    "values": values,
                    "previous": previous,
                }
            )
        tables[table.key] = {
            "label": str(table.label),
            "columns": [[key, str(label)] for key, label in table.columns],
            "rows": rows,
        }
    data = {
        "period": {"kind": "annual", "start": "2024-12-15", "end": "2025-12-14"},
        "unit": {"code": "38", "name": "Thanh Hóa"},
        "indicators": {
            indicator.key: {
                "label": str(indicator.label),
                "value": current[indicator.key],
                "previous": before[indicator.key],
            }
            for indicator in INDICATORS
        },
        "tables": tables,
        "directives": [],
    }
    return suppressed_copy(data, 5) if draw(st.booleans()) else data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=indicator_data())
def test_generated_figures_are_stated_as_they_are(data):
    check_sentences(narrative(period_for("annual", 2025), data), data)
