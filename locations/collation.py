"""Vietnamese alphabetical order for every list of names users read.

PostgreSQL's default collation (C, or an English locale) puts "Hoằng Hóa" before "Hà Trung" and
mixes "Đ" with "D"; Vietnamese order has its own letters (a ă â b c d đ e ê … o ô ơ … u ư …)
and compares tone marks only after the letters (none, huyền, hỏi, ngã, sắc, nặng).

`vi_order("name")` is the one way to order by a name: `COLLATE "vi_icu"`, an ICU collation
(locale vi-VN) created on PostgreSQL by the migration `locations.0003_vi_collation`; on SQLite
(the demo) the same name is a Python collation registered on each new connection
(`register_sqlite_collation`, from `LocationsConfig.ready`) comparing `vietnamese_key`, which
also sorts lists made in Python (countries). It lives here, at the bottom of the app graph,
beside `text.search_key`, so that locations and accounts can use it too.
"""

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate
from django_countries import Countries

COLLATION = "vi_icu"

# The Vietnamese alphabet (with f, j, w, z of foreign names in their Latin places).
_ALPHABET = unicodedata.normalize("NFC", "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# A base letter and the mark that makes it another letter of the alphabet.
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tone marks in the order Vietnamese dictionaries (and ICU's vi tailoring) give them.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Classes of characters in ICU's root order: spaces, punctuation and symbols, digits, letters.
_SPACE, _PUNCTUATION, _DIGIT, _LETTER = range(4)


def _letters(text: str):
    """(base letter or character, its other marks) for each character of `text`."""
    current = None
    marks: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and current is not None:
            marks.append(char)
            continue
        if current is not None:
            yield current, marks
        current, marks = char, []
    if current is not None:
        yield current, marks


@lru_cache(maxsize=20000)
def vietnamese_key(text: str | None) -> tuple:
    """A sort key in Vietnamese alphabetical order: letters first ("Đ" after every "D", "Ă"
    after every "A"), then tone marks (none < huyền < hỏi < ngã < sắc < nặng), then case
    (lower before upper) — as ICU's vi-VN collation compares them."""
    primary, secondary, tertiary = [], [], []
    for char, marks in _letters(text or ""):
        lower = char.lower()
        tone = 0
        for mark in marks:
            if (lower, mark) in _MODIFIED:
                lower = _MODIFIED[(lower, mark)]
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        if lower in _LETTER_RANK:
            primary.append((_LETTER, _LETTER_RANK[lower]))
        elif char.isspace():
            primary.append((_SPACE, 0))
        elif char.isdigit():
            primary.append((_DIGIT, ord(char)))
        elif char.isalpha():
            primary.append((_LETTER, len(_ALPHABET) + ord(lower)))
        else:
            primary.append((_PUNCTUATION, ord(char)))
        secondary.append(tone)
        tertiary.append(0 if char == lower or not char.isalpha() else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def vietnamese_sorted(items, key=str) -> list:
    """`items` sorted by `key(item)` (their text by default) in Vietnamese order."""
    return sorted(items, key=lambda item: vietnamese_key(key(item)))


def compare(left: str | None, right: str | None) -> int:
    """The SQLite collation function: negative, zero or positive as `left` sorts before, with or
    after `right`."""
    a, b = vietnamese_key(left), vietnamese_key(right)
    return (a > b) - (a < b)


def vi_order(field: str) -> Collate:
    """`field` (a name, across relations too: "victim__full_name") compared in Vietnamese
    order, for order_by() and Meta.ordering; `.desc()` for the reverse."""
    return Collate(F(field), COLLATION)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created: give each new SQLite connection the collation (PostgreSQL has it
    from the migration)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


class VietnameseCountries(Countries):
    """The country list (django-countries) in Vietnamese order of the names shown: "Đài Loan"
    after "Dominica", "Ả Rập Xê Út" first (django-countries sorts by the Unicode default,
    which mixes Đ with D). `CountryField(countries=VietnameseCountries)`."""

    def __iter__(self):
        return iter(vietnamese_sorted(super().__iter__(), key=lambda country: str(country.name)))
