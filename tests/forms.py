"""What a page's form shows back: the shared check that a refused step redisplays everything
typed, with its message next to the field it names (issue 16 item 1)."""

import lxml.html

# Fields a browser sends that are not typed by the user, or cannot be shown again (a file).
NOT_TYPED = {"csrfmiddlewaretoken"}


def shown_values(response) -> dict[str, list[str]]:
    """The value each field of the page's forms shows, by name: an input's value, a text
    area's text, a select's chosen options, a checked box's value."""
    page = lxml.html.fromstring(response.content.decode())
    shown: dict[str, list[str]] = {}
    for element in page.iter("input", "textarea", "select"):
        name = element.get("name")
        if not name:
            continue
        values = shown.setdefault(name, [])
        if element.tag == "textarea":
            values.append(element.text_content().strip("\r\n"))
        elif element.tag == "select":
            values += [
                option.get("value", option.text_content())
                for option in element.iter("option")
                if option.get("selected") is not None
            ]
        elif element.get("type") in ("checkbox", "radio"):
            if element.get("checked") is not None:
                values.append(element.get("value", "on"))
        elif element.get("type") != "file":
            values.append(element.get("value", ""))
    return shown


def error_beside(response, name: str) -> str:
    """The error shown next to the field `name` (crispy's `is-invalid` widget and its
    feedback), or "" when the field shows none."""
    page = lxml.html.fromstring(response.content.decode())
    for element in page.xpath(f"//*[@name='{name}']"):
        if "is-invalid" not in (element.get("class") or ""):
            continue
        block = element.getparent()
        while block is not None and not block.xpath(".//*[contains(@class, 'invalid-feedback')]"):
            block = block.getparent()
        if block is not None:
            return " ".join(
                feedback.text_content().strip()
                for feedback in block.xpath(".//*[contains(@class, 'invalid-feedback')]")
            )
    return ""


def assert_typed_values_kept(response, posted: dict, *, refused_field: str | None = None):
    """Every value posted (but the CSRF token and files) is shown again in the response's
    form fields; with `refused_field`, that field shows its error next to it."""
    shown = shown_values(response)
    for name, value in posted.items():
        if name in NOT_TYPED or hasattr(value, "read"):
            continue
        for one in value if isinstance(value, list | tuple) else [value]:
            assert str(one) in shown.get(name, []), (
                f"{name}: typed {one!r}, shown {shown.get(name)!r}"
            )
    if refused_field is not None:
        assert error_beside(response, refused_field), f"no error next to {refused_field}"
