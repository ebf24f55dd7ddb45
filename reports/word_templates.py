"""The Word report's template as a province keeps it: uploaded versions (`ReportTemplate`), checked
on upload against what reports/word.py provides, one active per province, the built-in template
as the fallback.

The check: the file is a Word document docxtpl reads; its tags are valid Jinja; every variable
it uses is one the generator provides (`CONTEXT_KEYS`), and every `figures.x`, `tables.x`,
`text.x`… names an existing indicator, table, sentence…; and it renders, in the sandbox, with
undefined values refused, on a report full of figures and on an empty one. A refusal is a list of
Vietnamese messages; nothing is saved.
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes

from reports import word
from reports.indicators import INDICATORS, SECTIONS, TABLES
from reports.models import ReportTemplate
from reports.periods import period_for

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

# The variables a template may use, and the keys of those that are dictionaries.
_INDICATOR_KEYS = frozenset(indicator.key for indicator in INDICATORS)
KNOWN_KEYS = {
    "figures": _INDICATOR_KEYS,
    "previous_figures": _INDICATOR_KEYS,
    "changes": _INDICATOR_KEYS,
    "tables": frozenset(table.key for table in TABLES),
    "sections": frozenset(SECTIONS),
    "text": frozenset(word.TEXT_KEYS),
}
CONTEXT_KEYS = frozenset(
    {
        *word.HEADING_KEYS,
        *KNOWN_KEYS,
        "start",
        "end",
        "unit_name",
        "period_note",
        "previous_start",
        "previous_end",
        "has_previous",
        "directives",
        "directive_count",
    }
)


def _sample_data(filled: bool) -> dict:
    """indicators.json with every indicator and table, all figures 3 (or 0), for a trial render."""
    figure = 3 if filled else 0
    return {
        "period": {"kind": "annual", "start": "2023-12-15", "end": "2024-12-14", "note": "x"},
        "unit": {"code": "00", "name": "x"},
        "indicators": {
            indicator.key: {"label": str(indicator.label), "value": figure, "previous": figure}
            for indicator in INDICATORS
        },
        "tables": {
            table.key: {
                "label": str(table.label),
                "columns": [[key, str(label)] for key, label in table.columns],
                "rows": [
                    {
                        "key": "x",
                        "label": "x",
                        "values": dict.fromkeys((key for key, _label in table.columns), figure),
                        "previous": dict.fromkeys((key for key, _label in table.columns), figure),
                    }
                ]
                if filled
                else [],
            }
            for table in TABLES
        },
        "directives": [{"number": "1/KH", "issued_on": "01/01/2024", "title": "x"}]
        if filled
        else [],
    }


def sample_context(filled: bool = True) -> dict:
    """What the generator gives a template, for made-up figures (no database)."""
    period = period_for("annual", 2024)
    with translation.override("vi"):
        return {
            **dict.fromkeys(word.HEADING_KEYS, "x"),
            **word.body_context(
                start=period.start,
                end=period.end,
                unit_name="x",
                previous_period=period.previous(),
                data=_sample_data(filled),
            ),
        }


def _sources(template: DocxTemplate) -> str:
    """The Jinja source docxtpl renders: the body, the headers and the footers."""
    xml = template.patch_xml(template.get_xml())
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            xml += template.patch_xml(template.get_part_xml(part))
    return xml


def _unknown_keys(tree) -> list[str]:
    """`figures.nope`, `tables["nope"]`: keys of the known dictionaries that do not exist."""
    unknown = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not isinstance(node.node, nodes.Name) or node.node.name not in KNOWN_KEYS:
            continue
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            key = node.arg.value
        else:
            continue
        if key not in KNOWN_KEYS[node.node.name]:
            unknown.append(f"{node.node.name}.{key}")
    return sorted(set(unknown))


def template_problems(content: bytes) -> list[str]:
    """Why `content` cannot be the report's template (Vietnamese messages), or [] if it can."""
    if not content:
        return [_("Tệp trống.")]
    if len(content) > MAX_TEMPLATE_BYTES:
        return [_("Tệp quá lớn (tối đa 5 MB).")]
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()
        source = _sources(template)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        return [_("Tệp không phải là văn bản Word (.docx) đọc được.")]
    environment = word.jinja_environment(undefined=StrictUndefined)
    try:
        tree = environment.parse(source)
        declared = meta.find_undeclared_variables(tree)  # compiles: unknown filters, tests
    except TemplateSyntaxError as error:
        return [_("Thẻ mẫu không hợp lệ: %(error)s.") % {"error": error.message}]
    problems = []
    # Names the template assigns itself ({% set %}, {% for %}) are its own, wherever they are.
    assigned = {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
    undeclared = sorted(declared - CONTEXT_KEYS - assigned)
    if undeclared:
        problems.append(
            _("Mẫu dùng biến không có trong dữ liệu báo cáo: %(names)s.")
            % {"names": ", ".join(undeclared)}
        )
    unknown = _unknown_keys(tree)
    if unknown:
        problems.append(
            _("Mẫu dùng mục không có trong dữ liệu báo cáo: %(names)s.")
            % {"names": ", ".join(unknown)}
        )
    if problems:
        return problems
    for filled in (True, False):
        try:
            word.render(io.BytesIO(content), sample_context(filled), undefined=StrictUndefined)
        except TemplateError as error:
            return [_("Không tạo được báo cáo từ mẫu: %(error)s.") % {"error": error.message}]
        except Exception as error:  # a broken document docxtpl cannot rebuild
            return [_("Không tạo được báo cáo từ mẫu: %(error)s.") % {"error": error}]
    return []


def active_template(province):
    return ReportTemplate.objects.filter(province=province, is_active=True).first()


def template_source_for(unit):
    """What a report of `unit` is rendered from: the active version of its province, else the
    built-in template."""
    active = active_template(unit.province())
    return io.BytesIO(bytes(active.content)) if active else word.TEMPLATE


def builtin_template_bytes() -> bytes:
    return word.TEMPLATE.read_bytes()


def current_template_bytes(province) -> bytes:
    """The template the province's reports use now (what a supervisor downloads to edit)."""
    active = active_template(province)
    return bytes(active.content) if active else builtin_template_bytes()


def _save(template: ReportTemplate, actor) -> None:
    template._history_user = actor  # simple-history: who, also outside a request
    template.save()


@transaction.atomic
def report_template_upload(
    *, actor, province, content: bytes, filename: str, note: str, activate: bool = True
) -> ReportTemplate:
    """A new version of the province's template, checked first (ValidationError with the
    Vietnamese reasons: nothing saved); with `activate`, the one its reports use from now on."""
    problems = template_problems(content)
    if problems:
        raise ValidationError(problems)
    # Serialise uploads of one province: version numbers and the one active version.
    list(ReportTemplate.objects.select_for_update().filter(province=province))
    last = ReportTemplate.objects.filter(province=province).order_by("-version").first()
    if activate:
        for active in ReportTemplate.objects.filter(province=province, is_active=True):
            active.is_active = False
            _save(active, actor)
    template = ReportTemplate(
        province=province,
        version=(last.version + 1) if last else 1,
        content=content,
        filename=filename[:200],
        note=note,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        is_active=activate,
    )
    _save(template, actor)
    return template


@transaction.atomic
def report_template_activate(*, actor, template: ReportTemplate) -> ReportTemplate:
    """`template` becomes the version its province's reports use (checked again, in case the
    indicators changed since it was uploaded)."""
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    problems = template_problems(bytes(template.content))
    if problems:
        raise ValidationError(problems)
    for active in ReportTemplate.objects.select_for_update().filter(
        province=template.province_id, is_active=True
    ):
        active.is_active = False
        _save(active, actor)
    template.is_active = True
    _save(template, actor)
    return template


@transaction.atomic
def report_template_use_builtin(*, actor, province) -> None:
    """The province's reports go back to the built-in template; its versions stay."""
    for active in ReportTemplate.objects.select_for_update().filter(
        province=province, is_active=True
    ):
        active.is_active = False
        _save(active, actor)
