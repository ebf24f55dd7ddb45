"""Diacritics-free keys for matching Vietnamese names.

Stripping combining marks after NFD leaves "Đ/đ" untouched, so the letters are transliterated with
unidecode, which maps "Đ" to "D" ("Đặng Thị Đào" -> "dang thi dao").
"""

import re

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def search_key(text: str | None) -> str:
    """Lower-case, diacritics-free, single-spaced form of `text` for search and duplicate checks."""
    if not text:
        return ""
    return _SPACES.sub(" ", unidecode(str(text))).strip().lower()
