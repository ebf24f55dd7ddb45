"""`{{ victim.id_number|mask_id }}`: an ID or phone number as every screen shows it (masked,
victims.rules.mask_identifier); the full number only through the logged reveal
(`victims:reveal-identifier`, `templates/victims/_identifier.html`)."""

from django import template

from victims.rules import mask_identifier

register = template.Library()


@register.filter
def mask_id(value) -> str:
    return mask_identifier(value)
