"""The one guard every spreadsheet writer (Excel or CSV) puts each cell through.

Text typed by a user — or by a victim's trafficker, through a form, an import or a name — must
never run as a formula when a colleague opens an export ("CSV/formula injection"): a text that a
spreadsheet could read as a formula (starting with = + - @, their full-width forms, a tab or a
carriage return, even after spaces) gets a leading apostrophe, so it shows as the text it was.
Control characters, which Excel refuses and which can hide content, are dropped (tab and line
feed stay). Numbers, dates and booleans pass unchanged: a real negative amount stays a number.
"""

import re

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# C0 controls except tab and line feed, DEL, C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_cell_value(value):
    """`value` as a spreadsheet cell may hold it without running it."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell_value(value) for value in values]
