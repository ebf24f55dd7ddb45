"""The report workbook: a summary sheet of the indicators by section, then one sheet per table
(named by the table's whole Vietnamese name, this period's and the previous period's columns
side by side, the total), the plans issued and the activities of the period, then a "Định
nghĩa" sheet defining every indicator and table, whether it adds up over units and the legal
regime(s) it counts under. Vietnamese headers, print-ready (landscape, one page wide, header
rows repeated). Written by core.spreadsheets (write-only, so memory stays flat whatever the
tables hold)."""

import re
import unicodedata

from django.utils.translation import gettext as _

from core.spreadsheets import MAX_SHEET_TITLE, PRINTED_TABLE, Row, Sheet
from core.spreadsheets import workbook_bytes as spreadsheet_bytes
from reports.indicators import INDICATORS, SECTIONS, TABLES, legal_basis

# Characters Excel refuses in a sheet's name.
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
# Names Excel keeps for itself (compared without case).
RESERVED_TITLES = {"history"}


def _sheet(run, name: str, title: str, headers: list, widths: list[int], rows) -> Sheet:
    """A printed table under the report's title, period and area."""
    return Sheet(
        name,
        headers,
        rows,
        style=PRINTED_TABLE,
        heading=(
            title,
            _("Kỳ báo cáo: %(period)s") % {"period": run.period.label()},
            _("Phạm vi: %(unit)s") % {"unit": run.unit.name},
        ),
        widths=widths,
        print_ready=True,
    )


# --- Sheet names ------------------------------------------------------------------------------


def _clean_title(text: str) -> str:
    """`text` as Excel takes a sheet's name: composed characters (a Vietnamese letter counts
    once), no forbidden character, single spaces, no apostrophe at either end."""
    text = unicodedata.normalize("NFC", str(text))
    text = FORBIDDEN_IN_TITLE.sub(" ", text)
    return " ".join(text.split()).strip("'").strip()


def _whole_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a space, never inside a word (a single word
    longer than the limit, which no Vietnamese word is, is the only thing ever cut)."""
    if len(text) <= limit:
        return text
    words = text.split(" ")
    while len(words) > 1 and len(" ".join(words)) > limit:
        words.pop()
    kept = " ".join(words)
    return kept if len(kept) <= limit else kept[:limit]


def sheet_titles(candidates: list, taken=()) -> list[str]:
    """One sheet name for each entry of `candidates` (the names a sheet may have, the whole name
    first, then shorter given names): the first that fits in Excel's 31 characters and is not
    already used (Excel compares names without case); when none does, the shortest given name
    cut at a word, with "(2)", "(3)"… when still used. Names in `taken` are already used."""
    used = {_clean_title(title).casefold() for title in taken} | RESERVED_TITLES
    titles = []
    for names in candidates:
        options = [name for name in (_clean_title(name) for name in names if name) if name]
        title = next(
            (
                option
                for option in options
                if len(option) <= MAX_SHEET_TITLE and option.casefold() not in used
            ),
            None,
        )
        if title is None:
            base = min(options, key=len) if options else _("Bảng")
            title, number = _whole_words(base, MAX_SHEET_TITLE), 2
            while title.casefold() in used:
                suffix = f" ({number})"
                title = _whole_words(base, MAX_SHEET_TITLE - len(suffix)) + suffix
                number += 1
        used.add(title.casefold())
        titles.append(title)
    return titles


# --- The summary ------------------------------------------------------------------------------


def _summary(run, data, name) -> Sheet:
    headers = [_("STT"), _("Chỉ tiêu"), _("Kỳ này"), _("Kỳ trước"), _("Tăng, giảm")]
    return _sheet(
        run,
        name,
        _("TỔNG HỢP CHỈ TIÊU BÁO CÁO"),
        headers,
        [6, 60, 16, 16, 14],
        _summary_rows(data["indicators"]),
    )


def _summary_rows(indicators):
    for number, (section, section_label) in enumerate(SECTIONS.items(), start=1):
        yield Row([_roman(number), str(section_label).upper(), None, None, None], bold=True)
        for indicator in [item for item in INDICATORS if item.section == section]:
            figure = indicators[indicator.key]
            value, previous = figure["value"], figure["previous"]
            yield [None, figure["label"], value, previous, _difference(value, previous)]


# --- One sheet per table ----------------------------------------------------------------------


def _table_sheet(run, table, content, name) -> Sheet:
    columns = content["columns"]
    title = content.get("title") or str(table.title or table.label)
    headers = [_("STT"), str(table.label)]
    for _key, label in columns:
        headers += [f"{label} — {_('kỳ này')}", f"{label} — {_('kỳ trước')}"]
    return _sheet(
        run,
        name,
        title.upper(),
        headers,
        [6, 44, *([16] * (2 * len(columns)))],
        _table_rows(table, content),
    )


def _table_rows(table, content):
    columns = content["columns"]
    sums = [0] * (2 * len(columns))
    for number, row in enumerate(content["rows"], start=1):
        values = []
        for key, _label in columns:
            values += [row["values"][key], row["previous"][key]]
        sums = [_plus(total, value) for total, value in zip(sums, values, strict=True)]
        yield [number, row["label"], *values]
    total = content.get("total")
    if total is None:  # indicators.json of a run made before totals were written
        if table.summable:
            yield Row([None, _("Tổng cộng"), *sums], bold=True)
        return
    values = []
    for key, _label in columns:
        values += [total["values"].get(key), total["previous"].get(key)]
    label = _("Tổng cộng") if table.summable else _("Tổng số người (mỗi người tính một lần)")
    yield Row([None, label, *values], bold=True)


# --- The lists: plans issued, activities ---------------------------------------------------


def _directives_sheet(run, data, name) -> Sheet:
    rows = (
        [number, item["number"], item["issued_on"], item["title"]]
        for number, item in enumerate(data.get("directives", []), start=1)
    )
    return _sheet(
        run,
        name,
        _("VĂN BẢN CHỈ ĐẠO, KẾ HOẠCH ĐÃ BAN HÀNH TRONG KỲ"),
        [_("STT"), _("Số, ký hiệu"), _("Ngày ban hành"), _("Trích yếu")],
        [6, 22, 16, 80],
        rows,
    )


def _activities_sheet(run, data, name) -> Sheet:
    rows = (
        [
            number,
            item["start_date"],
            item["type_label"],
            item["title"],
            item["unit"],
            ", ".join(item["partners"]),
            item["sessions"],
            item["participants"],
            item["items_distributed"],
        ]
        for number, item in enumerate(data.get("activities", []), start=1)
    )
    return _sheet(
        run,
        name,
        _("HOẠT ĐỘNG PHÒNG NGỪA TRONG KỲ"),
        [
            _("STT"),
            _("Ngày bắt đầu"),
            _("Loại hoạt động"),
            _("Tên hoạt động"),
            _("Đơn vị tổ chức"),
            _("Đơn vị phối hợp"),
            _("Số lớp, buổi"),
            _("Số người tham dự"),
            _("Ấn phẩm phát hành"),
        ],
        [6, 14, 30, 60, 24, 30, 12, 14, 14],
        rows,
    )


# --- The definitions --------------------------------------------------------------------------


def _definitions(run, name) -> Sheet:
    headers = [
        _("STT"),
        _("Mã"),
        _("Chỉ tiêu, bảng"),
        _("Định nghĩa"),
        _("Cộng được theo đơn vị"),
        _("Chế độ pháp lý áp dụng"),
    ]
    return _sheet(
        run,
        name,
        _("ĐỊNH NGHĨA CÁC CHỈ TIÊU"),
        headers,
        [6, 30, 50, 70, 40, 70],
        _definition_rows(run),
    )


def _definition_rows(run):
    period = run.period
    for number, (section, section_label) in enumerate(SECTIONS.items(), start=1):
        yield Row([_roman(number), None, str(section_label).upper(), None, None, None], bold=True)
        for indicator in [item for item in INDICATORS if item.section == section]:
            yield [
                None,
                indicator.key,
                str(indicator.label).lstrip("— "),
                str(indicator.definition),
                _additive_text(indicator.additive),
                legal_basis(indicator.key, section, period),
            ]
        for table in [item for item in TABLES if item.section == section]:
            yield [
                None,
                table.key,
                _("Bảng: %(title)s") % {"title": table.title or table.label},
                str(table.definition),
                _table_additive_text(table),
                legal_basis(table.key, section, period),
            ]


def _additive_text(additive: bool) -> str:
    if additive:
        return _("Có: số của đơn vị cấp trên bằng tổng số của các đơn vị trực thuộc")
    return _("Không: đếm số người khác nhau, một người có thể được tính ở nhiều đơn vị")


def _table_additive_text(table) -> str:
    labels = {key: str(label) for key, label in table.columns}
    if set(table.additive) == set(labels):
        return _additive_text(True)
    if not table.additive:
        return _additive_text(False)
    return _("Cộng được: %(yes)s; không cộng được (số người khác nhau): %(no)s") % {
        "yes": ", ".join(labels[key] for key in table.additive),
        "no": ", ".join(label for key, label in labels.items() if key not in table.additive),
    }


# --- Helpers ----------------------------------------------------------------------------------


def _difference(value, previous):
    return value - previous if isinstance(value, int) and isinstance(previous, int) else None


def _plus(total, value):
    """A total of counts; unknown once a count is suppressed ("<5")."""
    return total + value if isinstance(total, int) and isinstance(value, int) else None


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number - 1]


def workbook_bytes(run, data: dict) -> bytes:
    summary, definitions = _("Tổng hợp"), _("Định nghĩa")
    tables = [table for table in TABLES if table.key in data["tables"]]
    *names, directives, activities = sheet_titles(
        [
            *((table.title, table.sheet_title, table.label) for table in tables),
            (_("Văn bản chỉ đạo, kế hoạch"),),
            (_("Hoạt động phòng ngừa trong kỳ"),),
        ],
        taken=(summary, definitions),
    )
    sheets = [_summary(run, data, summary)]
    sheets += [
        _table_sheet(run, table, data["tables"][table.key], name)
        for table, name in zip(tables, names, strict=True)
    ]
    sheets += [
        _directives_sheet(run, data, directives),
        _activities_sheet(run, data, activities),
        _definitions(run, definitions),
    ]
    return spreadsheet_bytes(sheets)
