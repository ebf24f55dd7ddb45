"""Counted phrases — "1 day", "3 days" — for messages that hold more than one count (issue 16
item 7). Vietnamese has one form, English two: a message with one count calls `ngettext` (or
`{% blocktranslate count %}`) itself; a message with several puts these phrases in its
placeholders, so that each count agrees with its own noun. tests/test_plurals.py checks that no
message of the English catalogue carries a bare count."""

from django.utils.translation import ngettext


def days(count: int) -> str:
    return ngettext("%(count)s ngày", "%(count)s ngày", count) % {"count": count}


def minutes(count: int) -> str:
    return ngettext("%(count)s phút", "%(count)s phút", count) % {"count": count}
