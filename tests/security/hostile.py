"""Hostile values and the plumbing to push them through the application's forms.

Used by test_hostile_input.py (every form, found from the URL configuration and the pages of
the demo) and test_hostile_import.py (the workbook import). Strategies are hypothesis
strategies; everything else is plain code over the Django test client and lxml.
"""

import unicodedata
from dataclasses import dataclass, field

import lxml.html
from django.apps import apps
from django.db import connection
from django.forms import BaseForm
from hypothesis import strategies as st

# --- values -------------------------------------------------------------------------------

XSS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
    "</title><script>alert(3)</script>",
    '<a href="javascript:alert(4)">x</a>',
    "{{ 7|add:7 }}{% debug %}",
    "<!--",
    "]]><![CDATA[<script>alert(5)</script>",
]
# Raw fragments that must never reach a page from stored input (escaped, they cannot appear).
DANGEROUS_IN_HTML = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg onload",
    'onfocus="alert(1)',
    '<a href="javascript:',
    'href="javascript:',
    'src="javascript:',
    "]]><![CDATA[<script>",
]
FORMULAS = ["=cmd|' /C calc'!A0", "=1+1", "+84912345678", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("x")']
SQLISH = [
    "' OR '1'='1",
    "1; DROP TABLE victims_victim; --",
    "\\'; SELECT pg_sleep(0); --",
    "%' OR 1=1 --",
    "_%",
]
CONTROL = ["\x00", "a\x00b", "\x01\x02\x1b[31m", "\r\n\r\n", "\t", "\x7f", "\u0085", "\x0b\x0c"]
UNICODE = [
    unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"),
    unicodedata.normalize("NFC", "Đặng Thị Hường"),
    "Nguye\u0302\u0303n",  # combining marks stacked by hand
    "a" + "\u0301" * 60,  # a tower of combining accents
    "\u202egnp.exe",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "👩\u200d👧 🇻🇳 💥",
    "𝕿𝖍𝖆𝖓𝖍 𝕳𝖔́𝖆",
    "ﾃｽﾄ",
    "Ǆ\ufb03ß",
    "\ufffd\uffff",
    "١٢٣ ²³",
]
OTHER = ["", " ", "null", "None", "undefined", "NaN", "../../etc/passwd", "%00", "%s%n%x", "0" * 30]
TEXT_PAYLOADS = XSS + FORMULAS + SQLISH + CONTROL + UNICODE + OTHER

BAD_DATES = [
    "31/02/2024",
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "13/25/2024",
    "12/31/2024",
    "2024-02-30",
    "29/02/2023",
    "32/01/2024",
    "01/13/2024",
    "1/1/1",
    "99/99/99999999",
    "01/01/1899",
    "01/01/2999",
    "-1/-1/-2024",
    "٠١/٠١/٢٠٢٤",
    "01/01/20\x0024",
]
BAD_NUMBERS = [
    "-1",
    "-999999999999",
    "0",
    "2147483648",
    "9223372036854775808",
    "1" + "0" * 40,
    "1e309",
    "-0",
    "NaN",
    "inf",
    "1.5",
    "1.000.000",
    "1,000,000",
    "１２３",
    "²",
    "0x10",
    " 7 ",
]
PDF = b"%PDF-1.4\n%hostile\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _long(n: int) -> str:
    return ("Nguyễn Thị Hường <b> " * (n // 10 + 1))[:n]


text_strategy = st.one_of(
    st.sampled_from(TEXT_PAYLOADS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from([61, 101, 201, 256, 1001, 10_000, 100_000]).map(_long),
    st.tuples(st.sampled_from(XSS), st.sampled_from(CONTROL + UNICODE)).map("".join),
)
date_strategy = st.one_of(
    st.sampled_from(BAD_DATES),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.strftime("%m/%d/%Y")),
    text_strategy,
)
number_strategy = st.one_of(
    st.sampled_from(BAD_NUMBERS),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    text_strategy,
)


def choice_strategy(options: list[str]) -> st.SearchStrategy:
    """Another option, or something that is no option at all."""
    others = [option for option in options if option] or ["1"]
    return st.one_of(
        st.sampled_from(others),
        st.sampled_from(["", "0", "-1", "99999999", "1" + "0" * 30, "²", "١", "abc", "1 OR 1=1"]),
        text_strategy,
    )


file_strategy = st.sampled_from(
    [
        ("empty.pdf", b""),
        ("junk.pdf", b"\x00\xff" * 50),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("fake.pdf", b"%PDF<script>alert(1)</script>"),
        ("../../../evil.pdf", PDF),
        ("a" * 300 + ".pdf", PDF),
        ("\u202efdp.exe", PDF),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("ok.pdf", PDF),
    ]
)


def is_vietnamese(message: str) -> bool:
    """A sentence written in Vietnamese carries diacritics (or đ); English ones do not."""
    decomposed = unicodedata.normalize("NFD", str(message))
    return any(unicodedata.combining(c) for c in decomposed) or "đ" in message.lower()


# --- the world's rows ---------------------------------------------------------------------


def _counted(model) -> bool:
    """Sessions, login attempts and access logs are written on any request: not form data."""
    label = model._meta.label_lower
    return not (
        model._meta.app_label in ("sessions", "axes", "admin", "contenttypes", "auth")
        or "accesslog" in label
        or "access_log" in label
        or label.endswith("accessentry")
    )


def row_counts() -> dict[str, int]:
    """The number of rows of every model of the project (one query)."""
    models = [m for m in apps.get_models() if _counted(m) and not m._meta.proxy and m._meta.managed]
    # Table names come from the model registry, quoted; the labels are parameters.
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT %s, COUNT(*) FROM {quote(m._meta.db_table)}"  # noqa: S608
        for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [m._meta.label for m in models])
        return dict(cursor.fetchall())


def changed(before: dict, after: dict) -> dict:
    return {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}


# --- pages and forms ----------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, date, number, select, multiple, checkbox, radio, hidden, file
    value: str | list[str] | None
    options: list[str] = field(default_factory=list)
    maxlength: int | None = None
    required: bool = False


@dataclass
class PostForm:
    page: str  # the page the form is on
    action: str  # where it posts
    url_name: str  # the URL name it posts to (with its slug arguments, e.g. ":approve")
    user: str  # username ("" for anonymous)
    fields: dict[str, Field]
    multipart: bool


def parse_post_forms(html: str, page_url: str) -> list[tuple[str, dict[str, Field], bool]]:
    """The POST forms of a page as a browser sees them: action, fields with their defaults."""
    doc = lxml.html.fromstring(html)
    found = []
    for form in doc.forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        fields: dict[str, Field] = {}
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            tag = element.tag
            required = element.get("required") is not None
            maxlength = element.get("maxlength")
            maxlength = int(maxlength) if maxlength and maxlength.isdigit() else None
            if tag == "select":
                options = [o.get("value", o.text_content()) for o in element.iter("option")]
                if element.multiple:
                    fields[name] = Field(name, "multiple", list(element.value), options)
                else:
                    selected = element.value
                    if not selected:
                        selected = next((o for o in options if o), "")
                    fields[name] = Field(name, "select", selected, options, required=required)
            elif tag == "textarea":
                fields[name] = Field(name, "textarea", element.value or "", [], maxlength, required)
            else:
                kind = (element.get("type") or "text").lower()
                value = element.get("value")
                if kind in ("submit", "button", "reset", "image"):
                    continue
                if kind in ("checkbox", "radio"):
                    existing = fields.get(name) or Field(
                        name, kind, [] if kind == "checkbox" else None
                    )
                    existing.options.append(value or "on")
                    if element.checked:
                        if kind == "checkbox":
                            existing.value.append(value or "on")
                        else:
                            existing.value = value
                    existing.required = existing.required or required
                    fields[name] = existing
                    continue
                if kind == "text" and element.get("placeholder") == "dd/mm/yyyy":
                    kind = "date"
                if kind not in ("hidden", "file", "number", "date"):
                    kind = "text"
                fields[name] = Field(name, kind, value or "", [], maxlength, required)
        for f in fields.values():
            if f.kind == "radio" and f.value is None and f.options:
                f.value = f.options[0]
            if f.kind == "checkbox" and f.required and not f.value:
                f.value = [f.options[0]]
        multipart = (form.get("enctype") or "").lower() == "multipart/form-data"
        found.append((action, fields, multipart))
    return found


def plausible(f: Field) -> str:
    """A value a careful officer would type in an empty field."""
    name = f.name.lower()
    if f.kind == "date":
        return "15/03/2025"
    if f.kind == "number":
        return "1"
    if "phone" in name:
        return "0912345678"
    if "email" in name:
        return "canbo@example.vn"
    if "year" in name:
        return "2025"
    if name.endswith("number") or "number" in name:
        return "12/QĐ-UBND"
    if "id_number" in name:
        return ""
    return "Nội dung thử"[: f.maxlength or None]


def baseline(fields: dict[str, Field], overrides: dict | None = None) -> dict:
    """The submission of the form as shown, with empty text fields filled plausibly."""
    data: dict = {}
    for f in fields.values():
        if f.kind == "file":
            continue
        if f.kind in ("checkbox", "multiple"):
            data[f.name] = list(f.value or [])
        elif f.kind in ("text", "textarea", "date", "number") and not f.value and f.required:
            data[f.name] = plausible(f)
        else:
            data[f.name] = f.value if f.value is not None else ""
    for key, value in (overrides or {}).items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def strategy_for(f: Field) -> st.SearchStrategy:
    if f.kind in ("text", "textarea"):
        return text_strategy
    if f.kind == "date":
        return date_strategy
    if f.kind == "number":
        return number_strategy
    if f.kind in ("select", "radio"):
        return choice_strategy(f.options)
    if f.kind in ("checkbox", "multiple"):
        return st.lists(choice_strategy(f.options), max_size=3)
    if f.kind == "hidden":
        return st.one_of(st.sampled_from(["", "-1", "abc", "1" + "0" * 30]), text_strategy)
    return text_strategy


def forms_in(response) -> list[BaseForm]:
    found = []
    for context in response.context or []:
        for values in getattr(context, "dicts", []):
            for value in values.values():
                if isinstance(value, BaseForm) and value not in found:
                    found.append(value)
    return found


def dangerous_fragments(html: str) -> list[str]:
    return [fragment for fragment in DANGEROUS_IN_HTML if fragment in html]
