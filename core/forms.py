"""Form plumbing shared by every app's screens, with no domain rule: the dd/mm/yyyy date input,
the check of an uploaded evidence file, the Bootstrap classes of a filter form, the save of
a new row added to a record, and the renderer that makes long selects searchable."""

import collections

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A select with more options than this becomes searchable (static/js/searchable_select.js).
SEARCHABLE_SELECT_MIN_OPTIONS = 15


class SearchableSelectBoundField(BoundField):
    """Every select of every form carries `data-searchable` (the number of options from which
    it is made searchable, and the texts the script shows, translated here); the script
    turns a long one into a Tom Select box, type to search without diacritics ("ha trung"
    finds "Hà Trung"). Without JavaScript it stays the plain select. A select that has a
    picker of its own (`data-scope-picker`) or says `data-searchable="off"` is left alone."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        marked = {**widget.attrs, **attrs}
        if isinstance(widget, forms.Select) and not (
            "data-scope-picker" in marked or "data-searchable" in marked
        ):
            attrs["data-searchable"] = str(SEARCHABLE_SELECT_MIN_OPTIONS)
            attrs["data-searchable-empty"] = _("Không tìm thấy mục nào khớp.")
        return attrs


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# Autoescaping, localisation and time zones as in a template (render_value_in_context).
_TEMPLATE_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """`{{ value }}` of a template (a plain string, the usual case, is only escaped)."""
    if type(value) is str:
        return escape(value)
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` of a template."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str:
    """What Django's select.html and select_option.html render for this widget context,
    character for character, built in Python: a select of the 250 countries or the units of a
    province costs a template include per option (three quarters of a registry page's time,
    issue 17). core.tests compare both renderings."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        parts.extend(
            f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_shown(option['label'])}</option>\n"  # the template file's last line end
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def _plain_select(template_name: str, context: dict) -> bool:
    """A select of Django's own templates (a widget may name templates of its own)."""
    widget = context.get("widget")
    return (
        template_name == SELECT_TEMPLATE
        and isinstance(widget, dict)
        and all(
            option.get("template_name") == OPTION_TEMPLATE
            for _group, options, _index in widget.get("optgroups", ())
            for option in options
        )
    )


class StaticChoicesSelect(forms.Select):
    """A select of a list that does not change while the process runs (`choices_key` names it:
    the countries, …): its HTML is kept per list, language, name, value and attributes, so a
    list page does not build 250 options on every request. Only for lists read from code,
    never from the database."""

    KEPT = 512  # renderings kept per process, the oldest dropped first

    _kept: "collections.OrderedDict[tuple, str]" = collections.OrderedDict()

    def __init__(self, *args, choices_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices_key = choices_key

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            self.choices_key,
            get_language(),
            name,
            repr(self.format_value(value)),
            repr(sorted(self.build_attrs(self.attrs, attrs).items())),
        )
        html = self._kept.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            self._kept[key] = html
            while len(self._kept) > self.KEPT:
                self._kept.popitem(last=False)
        return html


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): Django's, with the bound field
    above, so that each form, new ones included, gets searchable long selects; the selects of
    Django's own templates are rendered in Python (`render_select`)."""

    bound_field_class = SearchableSelectBoundField

    def render(self, template_name, context, request=None):
        if _plain_select(template_name, context):
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)


class DateInput(forms.DateInput):
    """dd/mm/yyyy as typed in Viet Nam, whatever the browser's language."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


# The first bytes of each file type an upload may be (settings.UPLOAD_FILE_TYPES picks them).
FILE_SIGNATURES = {
    "pdf": (b"%PDF",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def check_evidence_file(upload):
    """An attachment of an allowed type judged by its content, not its name, within the size
    limit (UPLOAD_FILE_TYPES, UPLOAD_MAX_MB)."""
    if upload is None:
        return upload
    if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
        raise forms.ValidationError(
            _("Tệp quá lớn: tối đa %(size)s MB.") % {"size": settings.UPLOAD_MAX_MB}
        )
    head = upload.read(16)
    upload.seek(0)
    allowed = [FILE_SIGNATURES[kind] for kind in settings.UPLOAD_FILE_TYPES]
    if not any(head.startswith(magic) for signatures in allowed for magic in signatures):
        raise forms.ValidationError(
            _("Chỉ nhận tệp %(types)s.")
            % {"types": ", ".join(kind.upper() for kind in settings.UPLOAD_FILE_TYPES)}
        )
    return upload


def filter_form_classes(form: forms.Form) -> None:
    """Bootstrap's classes on the fields of a django-filter form (a list page's filters)."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


def reason_field(label, required_message, *, rows: int = 2, max_length: int = 1000):
    """A required free-text reason (reopening, cancelling...): a short text area whose blank
    value is refused with the step's own Vietnamese message."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        error_messages={"required": required_message},
    )


def save_with(form: forms.ModelForm, **fields):
    """Save the new row of a valid ModelForm with `fields` set first — the record it is added
    to and who added it (an attachment, a consent) — in one INSERT; returns the row."""
    row = form.save(commit=False)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    form.save_m2m()
    return row
