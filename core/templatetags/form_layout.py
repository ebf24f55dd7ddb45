"""Form layout shared by every screen: the fields of a form in Bootstrap grid columns.

`{% load form_layout %}`, then inside a `<div class="row g-2">`:

    {% field_columns form "full_name:6 other_names:6" %}

renders each named field the crispy way (label, widget, help text, the Vietnamese errors next to
the field, the required marker) in a column of that width out of twelve: `col-md-N` from the
middle breakpoint up, `col-12` for a full-width field. One call per visual row keeps the layout
readable in the template; a cell that needs more than a field (a note, a test id) is written by
hand beside the calls.

`{% form_row form layout [row_class] %}` is the same row wrapped in its `<div class="row g-2">`,
`{% form_fieldset form legend layout %}` that row in a card with its legend.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.utils.html import format_html_join

register = template.Library()

GRID_COLUMNS = 12


def column_class(width: str) -> str:
    """ "6" -> "col-md-6"; "12" -> "col-12" (full width at every breakpoint)."""
    if not width.isdigit() or not 1 <= int(width) <= GRID_COLUMNS:
        raise template.TemplateSyntaxError(
            f"field_columns: a width from 1 to {GRID_COLUMNS} is needed, not {width!r}"
        )
    return "col-12" if int(width) == GRID_COLUMNS else f"col-md-{width}"


@register.simple_tag
def field_columns(form, layout: str):
    """The fields of `form` named in `layout` ("name:width name:width ..."), each in its column."""
    cells = []
    for item in layout.split():
        name, _, width = item.partition(":")
        cells.append((column_class(width), as_crispy_field(form[name])))
    return format_html_join("\n", '<div class="{}">{}</div>', cells)


@register.inclusion_tag("_form_row.html")
def form_row(form, layout: str, row_class: str = "row g-2"):
    return {"columns": field_columns(form, layout), "row_class": row_class}


@register.inclusion_tag("_form_fieldset.html")
def form_fieldset(form, legend: str, layout: str):
    return {"columns": field_columns(form, layout), "row_class": "row g-2", "legend": legend}
