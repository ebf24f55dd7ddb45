"""`{% load form_grid %}`: fields of a form laid out on the Bootstrap grid, each with crispy's
field template. A layout names the fields with their column classes, in order:
"activity_type:col-md-6 title:col-12".

- `{% form_row form layout %}`: a row of those fields (`row_class` to change "row g-2");
- `{% form_fieldset form legend layout %}`: the same row in a card with its legend.
"""

from django import template

register = template.Library()


def _cells(form, layout: str) -> list:
    cells = []
    for item in layout.split():
        name, _colon, column = item.partition(":")
        cells.append((form[name], column))
    return cells


@register.inclusion_tag("_form_row.html")
def form_row(form, layout: str, row_class: str = "row g-2"):
    return {"cells": _cells(form, layout), "row_class": row_class}


@register.inclusion_tag("_form_fieldset.html")
def form_fieldset(form, legend: str, layout: str):
    return {"cells": _cells(form, layout), "row_class": "row g-2", "legend": legend}
