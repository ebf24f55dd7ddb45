"""Display filters shared by every app: money in VND, Vietnamese style in every language."""

from django import template

register = template.Library()


def format_vnd(amount) -> str:
    """1234567 -> "1.234.567 ₫": an integer number of đồng, grouped with dots."""
    if amount is None or amount == "":
        return ""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".") + " ₫"


@register.filter
def vnd(amount) -> str:
    return format_vnd(amount)
