"""One matcher for every list value typed in an imported file (issue 16 item 8).

A cell is normalised (`list_key`: lower case, no diacritics with "đ" as "d", punctuation and
repeated spaces read as one space) and looked for, in this order, among the list's
  1. labels (a list may have several: a country's Vietnamese and English names),
  2. codes,
  3. synonyms (victims/data/import_synonyms.toml, and the ethnic groups' own aliases),
  4. containment either way, on whole words: the cell inside a label or synonym ("lao động" in
     "Cưỡng bức lao động"), or a label or synonym inside the cell ("dân tộc Thái"); of the
     names inside the cell only the longest count ("Cơ Tu", not "Co", in "dân tộc Cơ Tu").
The first step that finds anything decides: one value is the match, several are reported as
ambiguous with their labels — never guessed. Nothing found: unknown, with the closest labels as
a "did you mean" (difflib on the normalised strings). A value withdrawn from use (a reference
row whose `is_active` is false) is refused by name.
"""

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from locations.text import search_key

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "import_synonyms.toml"
# The shortest cell looked for inside longer names; shorter cells must match exactly.
MIN_CONTAINED = 3
# The shortest name looked for inside a longer cell ("Co", "Mạ" and "Hoa" count; "f" does not).
MIN_CONTAINING = 2
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6


def list_key(text) -> str:
    """The normalised form cells and names are compared in: "Cam-pu-chia" = "cam pu chia"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", search_key(text)).split())


@cache
def synonyms(list_name: str) -> dict[str, list[str]]:
    """The synonyms of one list of the data file: {value's code: [forms]}."""
    with SYNONYMS_FILE.open("rb") as handle:
        return tomllib.load(handle).get(list_name, {})


@dataclass
class Entry:
    """One value of a list: what is stored, its label (shown), and how it may be written."""

    value: object
    label: str
    names: list[str] = field(default_factory=list)  # labels, in every language offered
    codes: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    active: bool = True
    file_key: str = ""  # its key in the synonyms file, when not str(value)


@dataclass(frozen=True)
class Match:
    value: object = None
    candidates: list[str] = field(default_factory=list)  # labels, when ambiguous
    suggestions: list[str] = field(default_factory=list)  # labels, when unknown
    inactive: str = ""  # the label of a value withdrawn from use

    @property
    def found(self) -> bool:
        return self.value is not None


class ListMatcher:
    """The values of one list, with their keys, built once per import."""

    def __init__(self, entries: list[Entry], *, list_name: str = ""):
        extra = synonyms(list_name) if list_name else {}
        self.entries = entries
        self.by_step = ({}, {}, {})  # key -> {entry index}: names, codes, synonyms
        for index, entry in enumerate(entries):
            forms = (
                entry.names or [entry.label],
                entry.codes,
                [*entry.synonyms, *extra.get(entry.file_key or str(entry.value), [])],
            )
            for step, texts in zip(self.by_step, forms, strict=True):
                for text in texts:
                    if key := list_key(text):
                        step.setdefault(key, set()).add(index)
        # Names and synonyms, looked for by containment and for suggestions.
        self.names = {}
        for step in (self.by_step[0], self.by_step[2]):
            for key, indexes in step.items():
                self.names[key] = self.names.get(key, set()) | indexes
        self._matched = {}

    def match(self, text: str) -> Match:
        """The value `text` names, or why none. Remembered per text: a list repeats the same
        few values on every row, each normalised and looked for once."""
        if text not in self._matched:
            self._matched[text] = self._match(text)
        return self._matched[text]

    def _match(self, text: str) -> Match:
        key = list_key(text)
        if not key:
            return Match()
        # A code counts only as written, in plain letters and digits: "my" may be Malaysia's
        # code, "Mỹ" is the United States.
        steps = self.by_step if text.strip().isascii() else self.by_step[::2]
        for step in steps:
            if key in step:
                return self._decide(step[key])
        found = self._contained(key)
        if found:
            return self._decide(found)
        return Match(suggestions=self._suggestions(key))

    def code(self, text: str):
        """The value whose code `text` is, or None."""
        indexes = self.by_step[1].get(list_key(text), set())
        return self.entries[next(iter(indexes))].value if len(indexes) == 1 else None

    def _contained(self, key: str) -> set[int]:
        padded = f" {key} "
        found = set()
        if len(key) >= MIN_CONTAINED:
            for name, indexes in self.names.items():
                if padded in f" {name} ":
                    found |= indexes
        if found:
            return found
        inside = [
            name
            for name in self.names
            if len(name) >= MIN_CONTAINING and f" {name} " in padded and name != key
        ]
        # Only the longest names inside the cell count: "co tu" hides "co".
        longest = [
            name for name in inside if not any(name != other and name in other for other in inside)
        ]
        for name in longest:
            found |= self.names[name]
        return found

    def _decide(self, indexes: set[int]) -> Match:
        entries = [self.entries[i] for i in sorted(indexes)]
        values = list(dict.fromkeys(entry.value for entry in entries))
        if len(values) > 1:
            return Match(candidates=list(dict.fromkeys(entry.label for entry in entries)))
        entry = entries[0]
        if not entry.active:
            return Match(inactive=entry.label)
        return Match(value=entry.value)

    def _suggestions(self, key: str) -> list[str]:
        close = difflib.get_close_matches(key, list(self.names), n=10, cutoff=SUGGESTION_CUTOFF)
        labels = []
        for name in close:
            for index in sorted(self.names[name]):
                entry = self.entries[index]
                if entry.active and entry.label not in labels:
                    labels.append(entry.label)
        return labels[:SUGGESTIONS]


def refusal(kind: str, text: str, match: Match) -> str:
    """The error of a cell the list does not take, in Vietnamese, with what might have been
    meant."""
    values = {"kind": kind, "name": text}
    if match.inactive:
        values["label"] = match.inactive
        return _("%(kind)s “%(label)s” đã ngừng sử dụng, không nhập được.") % values
    if match.candidates:
        values["names"] = "; ".join(match.candidates)
        return _("Không rõ %(kind)s “%(name)s”, có thể là: %(names)s.") % values
    message = _("Không tìm thấy %(kind)s “%(name)s”.") % values
    if match.suggestions:
        message += " " + did_you_mean(match.suggestions)
    return message


def did_you_mean(labels: list[str]) -> str:
    return _("Có phải bạn muốn nói: %(names)s?") % {"names": "; ".join(labels)}
