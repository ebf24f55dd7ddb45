"""Fields laid out on the grid (core/templatetags/form_layout.py): each field in its column, in
the order the layout names them, with crispy's label and errors."""

from django import forms
from django.template import Context, Template


class VisitForm(forms.Form):
    place = forms.CharField(label="Địa điểm")
    visitors = forms.IntegerField(label="Số người")


def render(source: str, form) -> str:
    return Template("{% load form_layout %}" + source).render(Context({"form": form}))


def test_a_row_puts_each_field_in_its_column_in_the_layouts_order():
    html = render('{% form_row form "visitors:4 place:12" "row g-2 mt-1" %}', VisitForm())

    assert html.startswith('<div class="row g-2 mt-1">')
    assert html.index('<div class="col-md-4">') < html.index('name="visitors"')
    assert html.index('name="visitors"') < html.index('<div class="col-12">')
    assert html.index('<div class="col-12">') < html.index('name="place"')


def test_a_fieldset_has_its_legend_and_shows_the_fields_errors():
    form = VisitForm(data={"place": "Nhà văn hóa", "visitors": "nhiều"})
    form.is_valid()

    html = render('{% form_fieldset form "Buổi họp dân" "place:8 visitors:4" %}', form)

    assert '<legend class="h6">Buổi họp dân</legend>' in html
    assert "is-invalid" in html
    assert 'value="Nhà văn hóa"' in html
