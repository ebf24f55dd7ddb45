"""Display filters shared by every app: money in VND, Vietnamese style in every language."""

from django import template

register = template.Library()


def format_vnd(amount) -> str:
    """1234567 -> "1.234.567 ₫": an integer number of đồng, grouped with dots."""
    if amount is None or amount == "":
        return ""
    return f"{int(amount):,}".replace(",", ".") + " ₫"


@register.filter
def vnd(amount) -> str:
    return format_vnd(amount)


@register.filter
def number(value) -> str:
    """10000 -> "10.000": counts grouped the Vietnamese way, in every language; a suppressed
    count ("<5") is shown as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and not value.lstrip("-").isdigit():
        return value
    return f"{int(value):,}".replace(",", ".")
