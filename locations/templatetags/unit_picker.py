import json

from django import template

from locations.forms import PICKER_LEVELS

register = template.Library()


@register.inclusion_tag("locations/_unit_picker.html")
def unit_picker(form, name, label=""):
    """The three levels of a unit picker of `form`, wrapped so htmx can re-render them."""
    fields = [form[f"{name}_{level}"] for level in PICKER_LEVELS]
    return {
        "fields": fields,
        "wrapper_id": f"picker-{form.prefix or 'form'}-{name}",
        "hx_vals": json.dumps(
            {"name": name, "form_prefix": form.prefix or "", "label": str(label or fields[0].label)}
        ),
    }
