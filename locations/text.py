"""Diacritics-free keys for matching Vietnamese names.

Stripping combining marks after NFD leaves "Đ/đ" untouched, so the letters are transliterated with
unidecode, which maps "Đ" to "D" ("Đặng Thị Đào" -> "dang thi dao").
"""

import re
from functools import lru_cache

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def search_key(text: str | None) -> str:
    """Lower-case, diacritics-free, single-spaced form of `text` for search and duplicate checks."""
    if not text:
        return ""
    return _key_of(str(text))


# Remembered: an import asks for the key of each row's name, unit and list cells several times
# (its checks, the name check, the fingerprint, the saved person's search name).
@lru_cache(maxsize=8192)
def _key_of(text: str) -> str:
    return _SPACES.sub(" ", unidecode(text)).strip().lower()
