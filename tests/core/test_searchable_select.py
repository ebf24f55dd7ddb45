"""Every select of every form is marked for the searchable-select script (core.forms
FormRenderer): the script turns the long ones into a search box; without it the select works."""

import re

from django import forms
from django.urls import reverse

from core.forms import SEARCHABLE_SELECT_MIN_OPTIONS


class AnyForm(forms.Form):
    """A form of no app: what a new form gets by default."""

    colour = forms.ChoiceField(choices=[(str(n), f"Màu {n}") for n in range(30)])
    note = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    own = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"data-searchable": "off"})
    )


def test_a_new_forms_select_is_marked_searchable_and_nothing_else_is():
    html = str(AnyForm())
    select = re.search(r'<select name="colour"[^>]*>', html).group(0)
    assert f'data-searchable="{SEARCHABLE_SELECT_MIN_OPTIONS}"' in select
    assert "data-searchable-empty=" in select
    assert "data-searchable" not in re.search(r'<input type="text" name="note"[^>]*>', html).group(
        0
    )
    assert 'data-searchable="off"' in re.search(r'<select name="own"[^>]*>', html).group(0)
    assert html.count("data-searchable=") == 2  # no radio button is marked


def test_the_returnee_form_sends_plain_selects_marked_for_the_script(
    client_a, units, thanh_hoa_served
):
    page = client_a.get("/victims/new/").content.decode()

    country = re.search(r'<select name="case-destination_country"[^>]*>', page).group(0)
    assert 'data-searchable="15"' in country
    assert '<option value="CN">Trung Quốc</option>' in page  # the select works without script
    assert "/static/js/searchable_select." in page
    assert "/static/vendor/tom-select/tom-select.complete.min." in page


def test_the_reports_scope_picker_keeps_its_own_tree(provincial_client, units):
    page = provincial_client.get(reverse("reports:index")).content.decode()

    picker = re.search(r"<select[^>]*data-scope-picker[^>]*>", page).group(0)
    assert "data-searchable" not in picker
