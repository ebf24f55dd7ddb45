"""The project's form renderer builds the HTML of a select in Python (core.forms.render_select,
issue 17: a template include per option was most of a registry page's time). It must be
what Django's own templates render, character for character, for every kind of select."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core.forms import SELECT_TEMPLATE, FormRenderer, StaticChoicesSelect, _plain_select
from locations.models import AdministrativeUnit
from tests.factories import DistrictFactory, ProvinceFactory

TRICKY = [
    ("", "---------"),
    ("a&b", 'Tên có "ngoặc kép" & <thẻ>'),
    (7, 2024),
    ("lazy", gettext_lazy("Tình trạng")),
    ("safe", mark_safe("<b>đậm</b>")),
    ("day", datetime.date(2025, 7, 1)),
    ("quote'", "Nháy 'đơn'"),
]
GROUPED = [
    ("", "Chọn"),
    ("Miền Bắc", [("38", "Thanh Hóa"), ("40", "Nghệ An")]),
    ("Miền Nam", [("79", "Hồ Chí Minh")]),
    ("x", "Không nhóm"),
]


def _both(widget, name, value, attrs=None):
    context = widget.get_context(name, value, attrs)
    return (
        DjangoTemplates().render(widget.template_name, context),
        FormRenderer().render(widget.template_name, context),
        context,
    )


CASES = {
    "plain": (forms.Select(choices=TRICKY), "a&b", {"id": "id_x", "required": True}),
    "nothing chosen": (forms.Select(choices=TRICKY), None, {}),
    "int value chosen": (forms.Select(choices=TRICKY), 7, {"disabled": False}),
    "grouped": (forms.Select(choices=GROUPED), "40", {"data-searchable": "15"}),
    "multiple": (forms.SelectMultiple(choices=GROUPED), ["38", "79"], {"class": "form-select"}),
    "null boolean": (forms.NullBooleanSelect(), True, {}),
    "empty": (forms.Select(choices=[]), "", {"aria-describedby": 'a"b'}),
    "lazy attribute": (forms.Select(choices=TRICKY), "", {"title": gettext_lazy("Sắp xếp")}),
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_select_is_rendered_as_djangos_templates_render_it(case, language):
    widget, value, attrs = CASES[case]
    with override(language):
        expected, rendered, context = _both(widget, "field", value, attrs)
    assert _plain_select(SELECT_TEMPLATE, context)
    assert rendered == expected
    assert "<option" in rendered or case == "empty"


def test_a_select_with_an_option_template_of_its_own_is_left_to_the_templates():
    class OwnOptions(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = OwnOptions(choices=[("a", "A")])
    expected, rendered, context = _both(widget, "own", "a")
    assert not _plain_select(SELECT_TEMPLATE, context)
    assert rendered == expected
    assert 'type="' in rendered  # the widget's own option template was used


@pytest.mark.django_db
def test_a_model_choice_select_is_rendered_as_djangos_templates_render_it():
    province = ProvinceFactory(code="38", name="Thanh Hóa")
    DistrictFactory(code="389", name='Huyện "Hà" Trung', parent=province)
    field = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.order_by("code"))
    expected, rendered, _context = _both(field.widget, "unit", province.pk)
    assert rendered == expected
    assert f'<option value="{province.pk}" selected>' in rendered


def test_the_registry_filters_render_the_same_through_either_renderer(client_a, units):
    """The registry's filter form, every select of it, as the page's renderer renders it and
    as Django's templates would."""
    response = client_a.get(reverse("victims:case-list"))
    selects = [
        field
        for field in response.context["filter"].form
        if isinstance(field.field.widget, forms.Select)
    ]
    assert len(selects) >= 5
    for field in selects:
        attrs = field.build_widget_attrs({"id": field.auto_id})
        context = field.field.widget.get_context(field.html_name, field.value(), attrs)
        assert FormRenderer().render(SELECT_TEMPLATE, context) == DjangoTemplates().render(
            SELECT_TEMPLATE, context
        )
        assert field.as_widget() in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_static_choices_select_kept_renders_what_a_select_renders(language):
    """The countries' select is kept per list, language, name, value and attributes
    (core.forms.StaticChoicesSelect): each value and each language gets its own rendering."""
    from locations.collation import VietnameseCountries

    with override(language):
        choices = [("", "---------"), *VietnameseCountries()]
        for value in ("", "CN", "LA", "CN"):
            kept = StaticChoicesSelect(choices=choices, choices_key="test-countries")
            plain = forms.Select(choices=choices)
            attrs = {"class": "form-select", "id": "id_destination"}
            rendered = kept.render("destination", value, attrs, FormRenderer())
            assert rendered == plain.render("destination", value, attrs, FormRenderer())
            chosen = f'value="{value}" selected' if value else 'value="" selected'
            assert chosen in rendered
    # The same list, value and attributes in the other language: its own rendering.
    other = "en" if language == "vi" else "vi"
    with override(other):
        choices = [("", "---------"), *VietnameseCountries()]
        again = StaticChoicesSelect(choices=choices, choices_key="test-countries")
        rendered = again.render("destination", "CN", attrs, FormRenderer())
    china = {"en": ">China<", "vi": ">Trung Quốc<"}
    assert china[other] in rendered and china[language] not in rendered
