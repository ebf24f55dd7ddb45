"""The report workbook reads well: one sheet per table named by its whole Vietnamese name (at most
31 characters, never cut inside a word, unique), both periods' columns and the total, and a
"Định nghĩa" sheet defining every indicator and table, whether it adds up over units and the
legal regime it counts under."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from reports import excel, services
from reports.indicators import INDICATORS, TABLES, Scope, compare, suppressed_copy
from reports.periods import period_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _words_of(title: str, names) -> bool:
    """Whether `title` (without a "(n)" suffix) is a whole-word beginning of one of `names`."""
    words = title.split(" (")[0].split()
    return any(name.split()[: len(words)] == words for name in names)


def test_a_title_that_fits_is_kept_whole():
    assert excel.sheet_titles([("Hồ sơ đã đóng theo lý do", "Đóng")]) == [
        "Hồ sơ đã đóng theo lý do"
    ]


def test_a_long_title_gives_way_to_the_shorter_given_one():
    titles = excel.sheet_titles(
        [("Người được tiếp nhận theo quốc gia bị đưa đến", "Tiếp nhận theo nước bị đưa đến")]
    )

    assert titles == ["Tiếp nhận theo nước bị đưa đến"]


def test_a_title_too_long_with_no_shorter_one_is_cut_between_words():
    (title,) = excel.sheet_titles([("Chuyển gửi theo chương trình và kết quả thực hiện",)])

    assert title == "Chuyển gửi theo chương trình và"
    assert len(title) <= 31


def test_titles_stay_unique_without_case_and_drop_what_excel_forbids():
    titles = excel.sheet_titles(
        [
            ("Hỗ trợ: y tế [2024]/tâm lý?",),
            ("HỖ TRỢ Y TẾ 2024 TÂM LÝ",),
            ("Tổng hợp",),
        ],
        taken=("Tổng hợp",),
    )

    assert titles[0] == "Hỗ trợ y tế 2024 tâm lý"
    assert titles[1] == "HỖ TRỢ Y TẾ 2024 TÂM LÝ (2)"
    assert titles[2] == "Tổng hợp (2)"
    assert not any(set(title) & set("[]:*?/\\") for title in titles)


def test_every_table_has_a_whole_name_that_fits():
    names = excel.sheet_titles(
        [(table.title, table.sheet_title, table.label) for table in TABLES],
        taken=("Tổng hợp", "Định nghĩa"),
    )

    assert len(set(names)) == len(TABLES)
    for table, name in zip(TABLES, names, strict=True):
        assert len(name) <= 31
        assert _words_of(name, [str(table.title), str(table.sheet_title)]), name
        assert "(" not in name  # no table needed a number to be told apart


@pytest.fixture
def workbook(provincial_staff, units, make_case):
    make_case(provincial_staff, units.district_a, received=D(2024, 3, 1), destination="CN")
    make_case(provincial_staff, units.district_a, received=D(2023, 5, 1), destination="MY")
    make_case(provincial_staff, units.current_commune, received=D(2025, 8, 1), destination="LA")

    def build(period):
        run = services.report_request(actor=provincial_staff, period=period, unit=units.province)
        data = compare(Scope(units.province, period))
        return load_workbook(io.BytesIO(excel.workbook_bytes(run, data))), data

    return build


def test_the_workbook_has_a_sheet_per_table_with_both_periods_and_the_total(workbook):
    book, data = workbook(period_for("annual", 2024))

    assert book.sheetnames[0] == "Tổng hợp" and book.sheetnames[-1] == "Định nghĩa"
    assert len(book.sheetnames) == len(TABLES) + 4
    assert book.sheetnames[-3:-1] == ["Văn bản chỉ đạo, kế hoạch", "Hoạt động phòng ngừa trong kỳ"]
    sheet = book["Tiếp nhận theo nước bị đưa đến"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "NGƯỜI ĐƯỢC TIẾP NHẬN THEO QUỐC GIA BỊ ĐƯA ĐẾN"
    assert rows[4] == (
        "STT",
        "Theo quốc gia bị đưa đến",
        "Số người — kỳ này",
        "Số người — kỳ trước",
    )
    body = {row[1]: row[2:] for row in rows[5:]}
    # Malaysia only in the previous period: still shown, with both figures.
    assert body == {"Trung Quốc": (1, 0), "Malaysia": (0, 1), "Tổng cộng": (1, 1)}
    assert data["indicators"]["received_total"]["previous"] == 1


def test_the_definitions_sheet_defines_every_indicator_with_additivity_and_regime(workbook):
    book, _data = workbook(period_for("annual", 2024))

    rows = {row[1]: row for row in book["Định nghĩa"].iter_rows(values_only=True) if row[1]}
    assert {indicator.key for indicator in INDICATORS} <= rows.keys()
    assert {table.key for table in TABLES} <= rows.keys()
    received = rows["received_total"]
    assert received[3] == "Người có ngày tiếp nhận trong kỳ, mỗi người tính một lần."
    assert received[4].startswith("Không")
    assert rows["supports_provided_amount_vnd"][4].startswith("Có")
    assert rows["supports_by_type"][4] == (
        "Cộng được: Số lượt, Số tiền (đồng); không cộng được (số người khác nhau): Số người"
    )
    assert "Nghị định 09/2013/NĐ-CP" in received[5] and "53/2024/QH15" not in received[5]
    assert "theo ngày tiếp nhận của vụ việc" in received[5]
    assert "theo ngày bắt đầu hoạt động" in rows["training_classes"][5]
    assert "theo ngày ban hành văn bản" in rows["directives_issued"][5]


def test_a_period_spanning_1_july_2025_names_both_regimes(workbook):
    book, _data = workbook(period_for("calendar", 2025))

    rows = {row[1]: row for row in book["Định nghĩa"].iter_rows(values_only=True) if row[1]}
    regime = rows["received_total"][5]
    assert regime.startswith("Trước 01/07/2025: Luật Phòng, chống mua bán người 2011")
    assert "từ 01/07/2025: Luật Phòng, chống mua bán người 2024 (53/2024/QH15)" in regime


def test_the_suppressed_copy_hides_small_totals_too(workbook):
    _book, data = workbook(period_for("annual", 2024))

    hidden = suppressed_copy(data, 5)

    total = hidden["tables"]["received_by_destination"]["total"]
    assert total == {"values": {"value": "<5"}, "previous": {"value": "<5"}}
