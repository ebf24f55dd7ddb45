"""The one Excel writer of every export (core.spreadsheets): sheets of a header row and rows,
each cell through the formula guard, dates as dd/mm/yyyy, the printed table of the report, and
the download with its content type and file name."""

import datetime
import io

from openpyxl import load_workbook

from core.spreadsheets import (
    PRINTED_TABLE,
    XLSX,
    Row,
    Sheet,
    workbook_bytes,
    workbook_response,
)

D = datetime.date


def read(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_each_sheet_has_its_name_its_header_row_and_its_rows_in_order():
    workbook = read(
        workbook_bytes(
            [
                Sheet("Vụ việc", ["Mã", "Số tiền (đồng)"], [["TH-2024-0001", 1_500_000]]),
                Sheet("Theo năm", ["Năm"], iter([[2024], [2025]])),
            ]
        )
    )

    assert workbook.sheetnames == ["Vụ việc", "Theo năm"]
    assert list(workbook["Vụ việc"].iter_rows(values_only=True)) == [
        ("Mã", "Số tiền (đồng)"),
        ("TH-2024-0001", 1_500_000),
    ]
    assert list(workbook["Theo năm"].iter_rows(values_only=True)) == [("Năm",), (2024,), (2025,)]


def test_a_list_has_bold_headers_dates_as_day_month_year_and_numbers_left_to_excel():
    sheet = read(workbook_bytes([Sheet("Danh sách", ["Ngày", "Số"], [[D(2024, 3, 15), 40]])]))[
        "Danh sách"
    ]

    assert sheet["A1"].font.b and sheet["B1"].font.b
    assert sheet["A2"].value == datetime.datetime(2024, 3, 15)
    assert sheet["A2"].number_format == "DD/MM/YYYY"
    assert sheet["B2"].number_format == "General" and not sheet["A2"].font.b
    assert sheet.freeze_panes is None and sheet.column_dimensions["A"].width != 30


def test_every_header_heading_and_value_goes_through_the_formula_guard():
    content = workbook_bytes(
        [
            Sheet(
                "=Trang",
                ["=Tiêu đề", "@cột"],
                [["+1", "Nguyễn\x07 Thị Hoa", -2]],
                heading=['=HYPERLINK("x")'],
            )
        ]
    )
    sheet = read(content).worksheets[0]

    assert sheet["A1"].value == '\'=HYPERLINK("x")'
    assert [cell.value for cell in sheet[3]] == ["'=Tiêu đề", "'@cột", None]
    assert [cell.value for cell in sheet[4]] == ["'+1", "Nguyễn Thị Hoa", -2]
    assert sheet["C4"].data_type == "n"


def test_a_printed_table_has_its_heading_widths_boxed_cells_grouped_integers_and_print_setup():
    sheet = Sheet(
        "Tổng hợp",
        ["STT", "Chỉ tiêu", "Kỳ này"],
        [Row(["I", "TIẾP NHẬN", None], bold=True), [None, "Số người", 12_345]],
        style=PRINTED_TABLE,
        heading=["TỔNG HỢP", "Kỳ báo cáo: năm 2024", "Phạm vi: Thanh Hóa"],
        widths=[6, 60, 16],
        print_ready=True,
    )
    written = read(workbook_bytes([sheet]))["Tổng hợp"]

    assert sheet.header_row == 5
    assert [written.cell(row=n, column=1).value for n in (1, 2, 3, 4)] == [
        "TỔNG HỢP",
        "Kỳ báo cáo: năm 2024",
        "Phạm vi: Thanh Hóa",
        None,
    ]
    assert written["A1"].font.b and written["A1"].font.sz == 14 and not written["A2"].font.b
    header = written["B5"]
    assert header.font.b and header.fill.fgColor.rgb == "00DDEBF7"
    assert (header.alignment.horizontal, header.alignment.wrap_text) == ("center", True)
    assert written["B6"].font.b and written["C6"].border.left.style == "thin"
    assert not written["B7"].font.b and written["A7"].border.left.style == "thin"
    assert written["C7"].value == 12_345 and written["C7"].number_format == "#,##0"
    assert [written.column_dimensions[c].width for c in "ABC"] == [6, 60, 16]
    assert written.page_setup.orientation == "landscape"
    assert written.page_setup.paperSize == 9  # A4
    assert (written.page_setup.fitToWidth, written.page_setup.fitToHeight) == (1, 0)
    assert written.sheet_properties.pageSetUpPr.fitToPage
    assert written.print_title_rows == "$5:$5"


def test_a_frozen_header_stays_in_view_below_the_heading():
    plain = read(workbook_bytes([Sheet("A", ["Cột"], [], freeze_header=True)]))["A"]
    headed = read(
        workbook_bytes([Sheet("B", ["Cột"], [], heading=["Tiêu đề"], freeze_header=True)])
    )["B"]

    assert plain.freeze_panes == "A2"
    assert headed.freeze_panes == "A4"


def test_a_sheet_name_is_cut_to_the_31_characters_excel_accepts():
    title = "Chuyển gửi theo chương trình và kết quả"

    assert read(workbook_bytes([Sheet(title, ["Cột"], [])])).sheetnames == [title[:31]]


def test_the_download_is_an_xlsx_attachment_with_its_name_and_kept_by_no_cache():
    response = workbook_response(
        "danh-sach-vu-viec-20240315-0930.xlsx", [Sheet("Vụ việc", ["Mã"], [["TH-2024-0001"]])]
    )

    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-vu-viec-20240315-0930.xlsx"'
    )
    assert response["Cache-Control"] == "no-store"
    assert list(read(response.content)["Vụ việc"].iter_rows(values_only=True)) == [
        ("Mã",),
        ("TH-2024-0001",),
    ]


def test_a_file_name_with_diacritics_is_sent_encoded_as_browsers_read_it():
    response = workbook_response("báo-cáo.xlsx", [Sheet("A", ["Cột"], [])])

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''b%C3%A1o-c%C3%A1o.xlsx"
    )
