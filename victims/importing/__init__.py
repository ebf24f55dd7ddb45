"""Excel import of returnee lists (issue 3, item 5): no HTTP here, the screens and the
`import_returnees` command both call these.

    template_workbook()                   the template with its "Hướng dẫn" sheet
    read_rows(file)                       the data rows, after the header row is checked
    check_rows(rows, user=...)            every row OK / warning / error / already, with reasons
    save_rows(results, user=...)          the OK and warning rows, in batches (a refused row
                                          is marked an error with its reason)
    error_workbook(results)               the rows in error with a "Lý do" column

Modules: workbooks (file format), matching (names to units, countries and list values),
checks (row rules), saving, history (the history rows of a bulk-saved batch), results (a row's
outcome).
"""

from victims.importing.checks import check_rows, parse_date
from victims.importing.results import (
    ALREADY,
    ERROR,
    OK,
    STATUS_LABELS,
    WARNING,
    RowResult,
    summary,
)
from victims.importing.saving import import_allowed, save_rows
from victims.importing.workbooks import (
    HEADERS,
    KEYS,
    MAX_ROWS,
    REASON_HEADER,
    REQUIRED_COLUMNS,
    ImportFileError,
    error_workbook,
    read_rows,
    template_workbook,
)

__all__ = [
    "ALREADY",
    "ERROR",
    "HEADERS",
    "KEYS",
    "MAX_ROWS",
    "OK",
    "REASON_HEADER",
    "REQUIRED_COLUMNS",
    "STATUS_LABELS",
    "WARNING",
    "ImportFileError",
    "RowResult",
    "check_rows",
    "error_workbook",
    "import_allowed",
    "parse_date",
    "read_rows",
    "save_rows",
    "summary",
    "template_workbook",
]
