from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from locations.forms import PICKER_LEVELS, UnitPickerForm, unit_from_choices
from locations.models import AdministrativeUnit


@login_required
def unit_picker(request):
    """The picker re-rendered for the levels chosen so far (htmx, on change of a level)."""
    name = request.GET.get("name", "unit")
    form_prefix = request.GET.get("form_prefix") or None
    key = (
        (lambda level: f"{form_prefix}-{name}_{level}")
        if form_prefix
        else (lambda level: f"{name}_{level}")
    )
    picked = {}
    for level in PICKER_LEVELS:
        value = request.GET.get(key(level), "")
        picked[level] = (
            AdministrativeUnit.objects.filter(pk=value).first() if value.isdecimal() else None
        )
    unit = unit_from_choices(picked["province"], picked["district"], picked["commune"])
    form = UnitPickerForm(prefix=form_prefix, initial={name: unit}, name=name)
    form.fields[f"{name}_province"].label = request.GET.get("label", "")[:100]
    return render(
        request,
        "locations/_unit_picker_response.html",
        {"form": form, "name": name, "label": form.fields[f"{name}_province"].label},
    )
